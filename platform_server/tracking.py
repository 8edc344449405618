"""The receipt's QR code, verifiable: it carries the 办件号 and a tag only the platform can make
(an HMAC of the number), so a phone that scans it lands on this page and learns that the receipt is
genuine and how far the application has got. Numbers are sequential: without the tag the page says
nothing, so nobody can walk through other people's applications. No personal data is shown."""

from __future__ import annotations

import base64
import hashlib
import hmac
from html import escape

from api_schema.models import ApplicationProgress


def tracking_tag(application_no: str, secret: bytes) -> str:
    """10 characters of an HMAC (another key use than the certificate's 验证码, which it must not reveal)."""
    digest = hmac.new(secret, b"track:" + application_no.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:10]


def tag_matches(application_no: str, tag: str, secret: bytes) -> bool:
    return hmac.compare_digest(tracking_tag(application_no, secret), tag.strip().upper())


_PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<body style="font-family:sans-serif;padding:1.5em;font-size:1.15em;line-height:1.5">{body}</body></html>"""


def tracking_page(progress: ApplicationProgress) -> str:
    stages = "".join(f"<li>{escape(s.stage)} · {s.at.astimezone().strftime('%Y-%m-%d %H:%M')}"
                     f"{' · ' + escape(s.note) if s.note else ''}</li>" for s in progress.stages)
    members = "".join(f"<li>{escape(m.item_name)} · {escape(m.application_no)} · {escape(m.status.value)}</li>"
                      for m in progress.members)
    body = (f"<h1>办件进度</h1><p>✓ 此回执由政务服务平台核验为真。<br><span lang='en'>This receipt is genuine.</span></p>"
            f"<p>办件号：<b>{escape(progress.application_no)}</b><br>事项：{escape(progress.item_name)}</p>"
            f"<ol>{stages}</ol>" + (f"<h2>一件事包含的事项</h2><ul>{members}</ul>" if members else "") +
            "<p>办结后将以短信通知申请人。</p>")
    return _PAGE.format(title="办件进度", body=body)


def unknown_page() -> str:
    return _PAGE.format(title="无法核验", body=(
        "<h1>无法核验此回执</h1><p>二维码中的办件号与核验码不匹配，或办件不存在。请核对回执，或凭办件号到窗口查询。</p>"
        "<p lang='en'>This receipt cannot be verified: the number and its check code do not match, or there is "
        "no such application. Ask at a counter.</p>"))
