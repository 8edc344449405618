"""systemd's notify protocol (sd_notify), in a few lines instead of a dependency: READY=1 once the
first frame is on screen, WATCHDOG=1 from the GUI event loop, STATUS= for `systemctl status`.

The pings come from a QTimer on the GUI thread on purpose: a hung event loop stops them, and systemd
restarts the kiosk after WatchdogSec (a thread pinging on its own would hide exactly that hang).
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger("launcher.sdnotify")


def notify(state: str) -> bool:
    """Send one state message; False when not started by systemd (no NOTIFY_SOCKET) or it failed."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):                        # abstract namespace
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(state.encode())
    except OSError as exc:
        log.warning("sd_notify failed: %s", exc)
        return False
    return True


def watchdog_interval_s() -> float | None:
    """Half of systemd's WatchdogSec (the documented safe ping rate), or None when no watchdog is
    asked for this process."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0 or (pid and pid != str(os.getpid())):
        return None
    return int(usec) / 1e6 / 2


class Watchdog:
    """Pings systemd's watchdog from the Qt event loop it is created on."""

    def __init__(self, interval_s: float, parent: object = None) -> None:
        from PySide6.QtCore import QTimer
        self._timer = QTimer(parent)  # type: ignore[arg-type]
        self._timer.setInterval(max(50, int(interval_s * 1000)))
        self._timer.timeout.connect(self.ping)

    def start(self) -> None:
        self.ping()
        self._timer.start()

    def ping(self) -> None:
        notify("WATCHDOG=1")

    def stop(self) -> None:
        self._timer.stop()
