"""The Qt event loop's surroundings: a display to draw on, and leaving the loop on SIGTERM/SIGINT."""

from __future__ import annotations

import os
import signal
import sys

from PySide6.QtCore import QCoreApplication, QTimer


def quit_on_signals(app: QCoreApplication) -> None:
    """SIGTERM (systemd, the tests) and SIGINT leave the event loop normally, so every device
    thread, emulator and child process is stopped by the `finally` blocks. Qt's loop runs no Python
    code by itself: a short timer lets the interpreter deliver the signal."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        # exit(), not quit(): quit() first asks the windows to close, and the locked window refuses
        signal.signal(sig, lambda *_: app.exit(0))
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(200)


def has_display() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or platform.startswith(
        ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"))


NO_DISPLAY = """没有可用的显示器 / No display found.

The kiosk needs a screen. On a machine without one, start a virtual display first:
    Xvfb :99 -screen 0 1280x800x24 -nolisten tcp &
    DISPLAY=:99 ./dev demo
and take a screenshot with:  DISPLAY=:99 import -window root shot.png
"""


def require_display() -> bool:
    if has_display():
        return True
    sys.stderr.write(NO_DISPLAY)
    return False
