"""Documents (kiosk.documents) to PDF with Qt's QPdfWriter, which embeds the CJK font (a subset) —
reportlab cannot embed CFF CJK fonts. The font is WenQuanYi Micro Hei, not Noto Sans CJK: with Noto,
Qt's text map sends some characters to Kangxi radicals (至 → ⾄, 门 → ⻔) and loses digits that
follow Latin letters (ZW2026… → "ZW"), so the PDF's text could not be searched or read aloud. A4 pages, or an 80 mm receipt as long as its
content. Runs on any thread (no widgets, no GUI-thread objects); returns bytes, writes no file."""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

from kiosk.documents import Document, Heading, Line, PageFormat, Paragraph, QrBlock

DPI = 300
CJK_FAMILY = "WenQuanYi Micro Hei"


@dataclass(frozen=True)
class _Style:
    width_mm: float
    margin_mm: float
    title_pt: float
    heading_pt: float
    body_pt: float
    qr_mm: float


_STYLES = {PageFormat.A4: _Style(210, 20, 18, 13, 11, 32), PageFormat.RECEIPT_80MM: _Style(80, 4, 12, 10, 8.5, 30)}
_A4_HEIGHT_MM = 297


def _font(pt: float, bold: bool = False) -> QFont:
    # In device pixels at DPI: measuring (no device yet) and drawing agree exactly.
    f = QFont(CJK_FAMILY)
    f.setPixelSize(round(pt / 72 * DPI))
    f.setBold(bold)
    return f


def paint_qr(painter: QPainter, payload: str, left: float, top: float, side: float) -> None:
    """A QR code (error correction M, as the receipt printer's own) drawn as squares: sharp at any size."""
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = side / len(matrix)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                painter.drawRect(QRectF(left + c * cell, top + r * cell, cell, cell))
    painter.restore()


def _mm(mm: float) -> float:
    return mm / 25.4 * DPI


class _Layout:
    """Places blocks top to bottom; with a painter it draws them, without it only measures."""

    def __init__(self, doc: Document, style: _Style, painter: QPainter | None, page_height_px: float | None) -> None:
        self.doc, self.s, self.p = doc, style, painter
        self.x = _mm(style.margin_mm)
        self.w = _mm(style.width_mm - 2 * style.margin_mm)
        self.y = _mm(style.margin_mm)
        self.page_bottom = page_height_px - _mm(style.margin_mm) if page_height_px else None
        self.writer: QPdfWriter | None = None

    def _need(self, h: float) -> None:
        if self.page_bottom is not None and self.y + h > self.page_bottom and self.p is not None and self.writer:
            self.writer.newPage()
            self.y = _mm(self.s.margin_mm)

    def text(self, text: str, font: QFont, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
             gap_after: float = 0.35) -> None:
        fm = QFontMetricsF(font)
        flags = int(align) | int(Qt.TextFlag.TextWordWrap)
        rect = fm.boundingRect(QRectF(0, 0, self.w, 1e6), flags, text)
        self._need(rect.height())
        if self.p is not None:
            self.p.setFont(font)
            self.p.drawText(QRectF(self.x, self.y, self.w, rect.height()), flags, text)
        self.y += rect.height() + fm.height() * gap_after

    def qr(self, block: QrBlock) -> None:
        side = _mm(self.s.qr_mm)
        self._need(side + _mm(10))
        if self.p is not None:
            paint_qr(self.p, block.payload, self.x + (self.w - side) / 2, self.y, side)
        self.y += side + _mm(1.5)
        self.text(block.caption, _font(self.s.body_pt * 0.9), Qt.AlignmentFlag.AlignHCenter)

    def run(self) -> float:
        s = self.s
        self.text(self.doc.title, _font(s.title_pt, True), Qt.AlignmentFlag.AlignHCenter, gap_after=0.8)
        for b in self.doc.blocks:
            if isinstance(b, Heading):
                self.y += _mm(1.5)
                self.text(b.text, _font(s.heading_pt, True))
            elif isinstance(b, Line):
                self.text(f"{b.label}：{b.value}", _font(s.body_pt))
            elif isinstance(b, Paragraph):
                self.text(b.text, _font(s.body_pt, b.emphasis))
            elif isinstance(b, QrBlock):
                self.y += _mm(2)
                self.qr(b)
        if self.doc.footer:
            self.y += _mm(3)
            self.text(self.doc.footer, _font(s.body_pt * 0.85), Qt.AlignmentFlag.AlignHCenter)
        return self.y + _mm(s.margin_mm)


def render_pdf(doc: Document) -> bytes:
    style = _STYLES[doc.page]
    if doc.page is PageFormat.RECEIPT_80MM:
        height_mm = _Layout(doc, style, None, None).run() / DPI * 25.4 + 2
    else:
        height_mm = _A4_HEIGHT_MM
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(doc.title)
    writer.setCreator("open-gov-kiosk")
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(style.width_mm, height_mm), QPageSize.Unit.Millimeter),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    try:
        layout = _Layout(doc, style, painter, _mm(height_mm) if doc.page is PageFormat.A4 else None)
        layout.writer = writer
        layout.run()
    finally:
        painter.end()
    buffer.close()
    return bytes(data)
