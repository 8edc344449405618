"""`kiosk out-of-service`: the screen systemd starts when the kiosk gave up restarting (crash loop).

Deliberately small: no device, no catalog, no QML, no session — nothing of what may be crashing. It
says in large type that the kiosk is out of service and where to go instead, locked down like the
kiosk, and keeps telling the platform (heartbeat, reason `crash_loop`) so that someone comes.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPaintEvent, QRasterWindow

from kiosk.config import Config
from kiosk.heartbeat import HeartbeatSender, KioskSnapshot
from kiosk.platform_client import PlatformClient
from kiosk.storage import StoreUnavailable, open_outbox
from ui.lockdown import Lockdown

from .sdnotify import notify

log = logging.getLogger("launcher.out_of_service")

TEXT = ("暂停服务", "本终端暂时无法办理业务，维护人员已收到通知。\n请到其他自助终端或人工窗口办理，给您带来不便，敬请谅解。",
        "Temporarily out of service. Please use another kiosk or a staffed window.")


class OutOfServiceWindow(QRasterWindow):
    def __init__(self, kiosk_name: str) -> None:
        super().__init__()
        self.kiosk_name = kiosk_name

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        w, h = self.width(), self.height()
        p = QPainter(self)
        p.fillRect(0, 0, w, h, QColor("#f3f5f8"))
        p.fillRect(0, 0, w, int(h * 0.12), QColor("#0b3d91"))
        p.setPen(QColor("#ffffff"))
        p.setFont(QFont("Noto Sans CJK SC", 26))
        p.drawText(QRectF(40, 0, w - 80, h * 0.12), Qt.AlignmentFlag.AlignVCenter, f"政务服务自助终端  {self.kiosk_name}")
        p.setPen(QColor("#a30000"))
        p.setFont(QFont("Noto Sans CJK SC", 64, QFont.Weight.Bold))
        p.drawText(QRectF(0, h * 0.22, w, h * 0.18), Qt.AlignmentFlag.AlignCenter, "⚠ " + TEXT[0])
        p.setPen(QColor("#1a1a1a"))
        p.setFont(QFont("Noto Sans CJK SC", 30))
        p.drawText(QRectF(60, h * 0.45, w - 120, h * 0.25), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                   TEXT[1])
        p.setFont(QFont("Noto Sans CJK SC", 22))
        p.setPen(QColor("#333333"))
        p.drawText(QRectF(60, h * 0.75, w - 120, h * 0.1), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                   TEXT[2])
        p.end()


def run_out_of_service(cfg: Config, reason: str, exit_after_s: float = 0) -> int:
    from .wiring import quit_on_signals

    app = QGuiApplication.instance() or QGuiApplication([])
    window = OutOfServiceWindow(cfg.kiosk.name)
    window.resize(1280, 800)
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
