"""The technician's test page: fonts, a QR code, the kiosk and the time — no person's data."""

from __future__ import annotations

import datetime as dt

from .model import Document, Heading, Line, Paragraph, QrBlock


def test_page(*, kiosk_name: str, now: dt.datetime) -> Document:
    return Document(title="打印测试页", kind="testpage", blocks=(
        Heading("中文字体"), Paragraph("政务服务自助终端 · 一次填报 · 容缺受理 · 好差评 · 〇一二三四五六七八九"),
        Line("终端", kiosk_name), Line("时间", now.astimezone().strftime("%Y-%m-%d %H:%M:%S")),
        QrBlock("ZW00000000000000", "二维码测试（扫描后应显示“未查询到该办件号”）")),
        footer=kiosk_name)
