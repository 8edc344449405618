"""Build a running kiosk from a configuration: platform client, core service, device monitors, UI."""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass
from typing import Callable

from drivers.idcard.reader import IdCardMonitor
from drivers.status import DeviceState, DeviceStatus, StatusCode
from kiosk.cards import DeviceChanged, from_reader_event, photo_decoder_from_config
from kiosk.config import Config
from kiosk.platform_client import PlatformClient
from kiosk.service import KioskService

log = logging.getLogger("launcher")


@dataclass
class RunOptions:
    allow_skip_verification: bool = False       # the demo only
    first_frame_exit: bool = False               # bench.startup: print FIRST_FRAME and quit
    after_window: Callable[[object], None] | None = None   # hook for the demo's control panel


def run_kiosk(cfg: Config, opts: RunOptions) -> int:
    from PySide6.QtCore import QTimer

    from ui.app import KioskWindow, create_application
    from ui.bridge import DeviceBridge
    from ui.viewmodel import KioskViewModel

    app = create_application()
    client = PlatformClient(cfg.platform)
    service = KioskService(client)
    vm = KioskViewModel(service, allow_skip_verification=opts.allow_skip_verification)
    vm.set_kiosk_name(cfg.kiosk.name)
    bridge = DeviceBridge()
    bridge.event.connect(vm.onDeviceEvent)

    monitor: IdCardMonitor | None = None
    if cfg.idcard.port:
        decoder = photo_decoder_from_config(cfg.idcard.photo_decoder, cfg.idcard.photo_symbol)
        if not decoder.available:
            log.warning("no chip photo decoder configured: face checks will use the non-face path")
        monitor = IdCardMonitor(cfg.idcard.port, lambda e: bridge.post(from_reader_event(e, decoder)),
                                baud=cfg.idcard.baud, poll_interval_s=cfg.idcard.poll_interval_s)
    else:
        vm.onDeviceEvent(DeviceChanged(DeviceStatus("idcard", DeviceState.UNAVAILABLE, StatusCode.NOT_CONFIGURED)))

    window = KioskWindow(vm, fullscreen=cfg.ui.fullscreen)
    if opts.first_frame_exit:
        def first_frame() -> None:
            print(f"FIRST_FRAME {time.monotonic():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
        window.window.frameSwapped.connect(first_frame)
    if opts.after_window:
        opts.after_window(window)
    if monitor is not None:
        monitor.start()
    if client.is_enrolled():
        QTimer.singleShot(0, vm.loadCatalog)        # off the GUI thread, after the first frame
    else:
        log.error("kiosk not enrolled: no device token at %s", cfg.platform.token_file)
        vm.report("platform_not_enrolled")
    try:
        return app.exec()
    finally:
        if monitor is not None:
            monitor.stop()
        vm.tasks.wait(5000)
        client.close()


def has_display() -> bool:
    import os
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
