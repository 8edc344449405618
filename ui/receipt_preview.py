"""What the 80 mm receipt printer put on paper, as a picture: the emulator's record (ESC/POS decoded)
drawn on a 576-dot line (80 mm at 203 dpi), font A's 12 × 24 dot grid, double size doubled, QR codes
and cuts where they were. For the demo's panel and for looking at a receipt without a printer."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from drivers.printer.escpos import Printed, Style, width
from ui.documents_pdf import CJK_FAMILY, paint_qr

DOTS = 576                     # printable width of 80 mm paper at 203 dpi
CELL_W, CELL_H, LINE_GAP = 12, 24, 6
QR_SIDE, CUT_H, MARGIN = 200, 24, 12


def _height(kind: str, style: Style) -> int:
    if kind == "qr":
        return QR_SIDE + LINE_GAP * 2
    if kind == "cut":
        return CUT_H
    return (CELL_H + LINE_GAP) * (2 if style.double else 1)


def render_preview(printed: Printed) -> QImage:
    """The printout as a white strip with black print (needs a Qt application for fonts)."""
    styles = printed.styles or tuple(Style() for _ in printed.items)
    height = MARGIN * 2 + sum(_height(k, s) for (k, _), s in zip(printed.items, styles))
    image = QImage(DOTS, max(height, 2 * MARGIN), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    y = MARGIN
    for (kind, value), style in zip(printed.items, styles):
        if kind == "qr":
            paint_qr(painter, value, (DOTS - QR_SIDE) / 2, y + LINE_GAP, QR_SIDE)
        elif kind == "cut":
            painter.setPen(QPen(QColor("gray"), 2, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(0, y + CUT_H / 2), QPointF(DOTS, y + CUT_H / 2))
        else:
            _text_line(painter, value, style, y)
        y += _height(kind, style)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_Grayscale8)      # thermal print has one colour


def _text_line(painter: QPainter, line: str, style: Style, top: int) -> None:
    scale = 2 if style.double else 1
    wide, narrow = QFont(CJK_FAMILY), QFont(CJK_FAMILY)
    for font in (wide, narrow):
        font.setPixelSize(CELL_H * scale - 2)
        font.setBold(style.bold)
    narrow.setStretch(70)                             # a half-width cell is 12 dots: Latin letters narrowed to fit
    painter.setPen(QColor("black"))
    span = width(line) * CELL_W * scale
    x = {"center": (DOTS - span) / 2, "right": DOTS - span}.get(style.align, 0)
    for ch in line:                                   # one character per grid cell, as the printer places them
        w = width(ch) * CELL_W * scale
        painter.setFont(wide if w > CELL_W * scale else narrow)
        painter.drawText(QRectF(x, top, w, CELL_H * scale),
                         int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextDontClip), ch)
        x += w
