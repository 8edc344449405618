"""Certificates (证明) of items approved at once (秒批), rendered as PDF by the platform.

The kiosk prints these as they are. reportlab embeds a TrueType CJK font (WenQuanYi Micro Hei's
TTC, subfont 0); it cannot embed the CFF-based Noto CJK files.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from api_schema.validators import mask_id_number

from .store import StoredApplication

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)
_FONT = "KioskCJK"


class CertificateFontMissing(RuntimeError):
    pass


def _register_font() -> None:
    if _FONT in pdfmetrics.getRegisteredFontNames():
        return
    for path in FONT_CANDIDATES:
        if path.exists():
            pdfmetrics.registerFont(TTFont(_FONT, str(path), subfontIndex=0))
            return
    raise CertificateFontMissing("no CJK TrueType font (install fonts-wqy-microhei)")


def verification_code(application_no: str, secret: bytes) -> str:
    """A short code printed on the certificate; the platform can recompute it to verify a paper copy."""
    return hashlib.sha256(secret + application_no.encode()).hexdigest()[:12].upper()


def render_certificate(app: StoredApplication, secret: bytes) -> bytes:
    _register_font()
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{app.item.name} {app.receipt.application_no}")
    width, height = A4
    pdf.setFont(_FONT, 22)
    title = app.item.name.replace("打印", "").replace("开具", "")
    pdf.drawCentredString(width / 2, height - 40 * mm, title)
    pdf.setFont(_FONT, 12)
    lines = [
        f"办件号：{app.receipt.application_no}",
        f"姓名：{app.applicant_name}",
        f"公民身份号码：{mask_id_number(app.id_number)}",
        f"事项：{app.item.name}（{app.item.code}）",
        f"出具单位：{app.item.department}",
        f"出具时间：{app.receipt.accepted_at.strftime('%Y年%m月%d日 %H:%M')}",
        "",
        "经核查，上述人员的相关记录以本部门业务系统数据为准。",
        "本证明由政务服务平台自动生成，与窗口出具的纸质证明具有同等效力。",
        "",
        f"验证码：{verification_code(app.receipt.application_no, secret)}",
        "可通过政务服务平台“证明核验”输入办件号与验证码核验真伪。",
    ]
    y = height - 60 * mm
    for line in lines:
        pdf.drawString(25 * mm, y, line)
        y -= 9 * mm
    pdf.showPage()
    pdf.save()
    return buf.getvalue()
