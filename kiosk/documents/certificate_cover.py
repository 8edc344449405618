"""The cover sheet printed in front of a certificate (证明) the platform made: what the certificate is,
its 办件号, whose it is (masked), how many pages follow, where and when it was printed, and how to check
it is genuine. The certificate itself is printed as the platform made it, behind the cover, in the
same print job (nothing can come between them)."""

from __future__ import annotations

import datetime as dt

from api_schema.models import ApplicationReceipt, ServiceItem
from api_schema.validators import mask_id_number

from .model import Document, Heading, Line, Paragraph, QrBlock
from .receipt import mask_name, tracking_code


def certificate_cover(*, item: ServiceItem, receipt: ApplicationReceipt, applicant_name: str, id_number: str,
                      kiosk_name: str, now: dt.datetime, certificate_pages: int, track_base_url: str = "") -> Document:
    blocks = (
        Heading(item.name),
        Line("办件号", receipt.application_no),
        Line("申请人", mask_name(applicant_name)),
        Line("证件号码", mask_id_number(id_number)),
        Line("出具单位", item.department),
        Line("出具日期", receipt.accepted_at.astimezone().strftime("%Y-%m-%d")),
        Line("证明页数", f"本封面后共 {certificate_pages} 页"),
        Paragraph("证明内容以其后所附、由政务服务平台出具的证明为准。本封面不是证明的一部分。"),
        Paragraph("核验真伪：在政务服务平台“证明核验”中输入办件号与证明上的验证码，或扫描下方二维码。", emphasis=True),
        QrBlock(tracking_code(receipt.application_no, track_base_url, receipt.tracking_tag), "扫码查询此办件"),
    )
    return Document(title="证明文件封面", blocks=blocks, kind="certificate_cover",
                    footer=f"{kiosk_name} · {now.astimezone().strftime('%Y-%m-%d %H:%M')}",
                    meta={"application_no": receipt.application_no})
