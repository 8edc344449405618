"""`kiosk out-of-service`: the screen systemd starts when the kiosk gave up restarting (crash loop).

Deliberately small: no device, no catalog, no QML (ui/notice_window.py), no session — nothing of
what may be crashing. It says in large type that the kiosk is out of service and where to go instead, locked down like the
kiosk, and keeps telling the platform (heartbeat, reason `crash_loop`) so that someone comes.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from kiosk.config import Config
from kiosk.heartbeat import HeartbeatSender, KioskSnapshot
from kiosk.platform_client import PlatformClient
from kiosk.storage import StoreUnavailable, open_outbox
from ui.lockdown import Lockdown
from ui.notice_window import OUT_OF_SERVICE, NoticeWindow

from .qtloop import quit_on_signals
from .sdnotify import notify

log = logging.getLogger("launcher.out_of_service")


def run_out_of_service(cfg: Config, reason: str, exit_after_s: float = 0) -> int:
    app = QGuiApplication.instance() or QGuiApplication([])
    window = NoticeWindow(OUT_OF_SERVICE, cfg.kiosk.name)
    lockdown = Lockdown(window) if cfg.ui.fullscreen else None
    if lockdown is None:
        window.show()
    client = PlatformClient(cfg.platform)
    try:
        outbox = open_outbox(cfg)
    except StoreUnavailable as exc:          # perhaps the very reason of the crashes: beat without it
        log.error("outbox unavailable: %s", exc)
        outbox = None
    sender = HeartbeatSender(client, outbox)
    stop = threading.Event()

    def beats() -> None:                     # no event loop work: plain thread, plain interval
        while not stop.is_set():
            try:
                sender.beat(KioskSnapshot("OUT_OF_SERVICE", reason))
            except Exception:                # never let the notice die of a platform hiccup
                log.exception("heartbeat failed")
            stop.wait(cfg.kiosk.heartbeat_interval_s)
    beat_thread = threading.Thread(target=beats, name="heartbeat", daemon=True)
    beat_thread.start()
    notify(f"READY=1\nSTATUS=out of service: {reason}")
    log.warning("out-of-service screen shown: %s", reason)
    quit_on_signals(app)
    if exit_after_s:
        QTimer.singleShot(int(exit_after_s * 1000), lambda: app.exit(0))
    try:
        return app.exec()
    finally:
        stop.set()
        beat_thread.join(timeout=15)
        if lockdown is not None:
            lockdown.release()
        window.destroy()
        if outbox is not None:
            outbox.close()
        client.close()
