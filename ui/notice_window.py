"""A whole-screen notice painted without QML: the start screen ("正在准备") drawn before the kiosk's modules
are even imported, and the out-of-service screen that must not depend on anything that may be crashing.
A raster window and QPainter only — no QML engine, no view model — in the kiosk's colours, so that the
start screen gives way to the home screen without a change of look."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QRasterWindow

from .application import cjk_family

PAGE, BAR, TEXT, MUTED = "#eef3f9", "#0b5cad", "#1d2733", "#465463"     # Main.qml's theme
PRIMARY, DANGER = "#0b5cad", "#b3261e"


@dataclass(frozen=True)
class Notice:
    title: str
    body: str
    english: str
    alarm: bool = False               # out of service: ⚠ above the title, in red


STARTING = Notice("正在准备，请稍候", "终端正在启动，马上就好。", "The kiosk is starting. One moment, please.")
OUT_OF_SERVICE = Notice(
    "暂停服务", "本终端暂时无法办理业务，维护人员已收到通知。\n请到其他自助终端或人工窗口办理，给您带来不便，敬请谅解。",
    "Temporarily out of service. Please use another kiosk or a staffed window.", alarm=True)


class NoticeWindow(QRasterWindow):
    def __init__(self, notice: Notice, kiosk_name: str, on_first_frame: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.notice, self.kiosk_name = notice, kiosk_name
        self._on_first_frame = on_first_frame
        self._family = cjk_family() or ""
        self.setTitle("政务服务自助终端")
        self.resize(1280, 800)

    def _font(self, pixels: float, bold: bool = False) -> QFont:
        font = QFont(self._family)
        font.setPixelSize(max(8, int(pixels)))
        font.setBold(bold)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        w, h = self.width(), self.height()
        unit = min(w / 1280, h / 800)
        p = QPainter(self)
        p.fillRect(0, 0, w, h, QColor(PAGE))
        bar = 72 * unit
        p.fillRect(QRectF(0, 0, w, bar), QColor(BAR))
        p.setPen(QColor("#ffffff"))
        p.setFont(self._font(28 * unit, bold=True))
        p.drawText(QRectF(32 * unit, 0, w - 64 * unit, bar), Qt.AlignmentFlag.AlignVCenter,
                   f"政务服务自助终端  {self.kiosk_name}".rstrip())
        p.setPen(QColor(DANGER if self.notice.alarm else PRIMARY))
        if self.notice.alarm:                    # a line of its own: beside the title it hid the words from OCR
            p.setFont(self._font(64 * unit))
            p.drawText(QRectF(0, h * 0.12, w, h * 0.12), Qt.AlignmentFlag.AlignCenter, "⚠")
        p.setFont(self._font(56 * unit, bold=True))
        p.drawText(QRectF(0, h * 0.24, w, h * 0.16), Qt.AlignmentFlag.AlignCenter, self.notice.title)
        wrap = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        p.setPen(QColor(TEXT))
        p.setFont(self._font(30 * unit))
        p.drawText(QRectF(60 * unit, h * 0.44, w - 120 * unit, h * 0.24), wrap, self.notice.body)
        p.setPen(QColor(MUTED))
        p.setFont(self._font(24 * unit))
        p.drawText(QRectF(60 * unit, h * 0.72, w - 120 * unit, h * 0.1), wrap, self.notice.english)
        p.end()
        if self._on_first_frame is not None:     # flushed to the screen once this event returns
            callback, self._on_first_frame = self._on_first_frame, None
            QTimer.singleShot(0, callback)
