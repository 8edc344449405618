"""The one-time checklist (一次性告知单): everything a person must bring for an item, printed from
its guide so nobody has to come twice."""

from __future__ import annotations

import datetime as dt

from api_schema.models import ServiceItem

from .model import Document, Heading, Line, Paragraph


def material_checklist(item: ServiceItem, *, kiosk_name: str, now: dt.datetime) -> Document:
    blocks: list = [Heading(item.name), Line("实施部门", item.department), Line("事项编码", item.code),
                    Heading("办理条件"), *(Paragraph(f"• {c}") for c in item.conditions),
                    Heading("申请材料")]
    for n, m in enumerate(item.materials, 1):
        text = f"{n}. {m.name}（{m.form}，{m.copies} 份）"
        if m.deferrable:
            text += f"【可容缺，{m.defer_days} 个工作日内补交】"
        if m.note:
            text += f" — {m.note}"
        blocks.append(Paragraph(text))
    promised = "即办" if item.time_limit_promised_days == 0 else f"{item.time_limit_promised_days} 个工作日"
    blocks += [Heading("办理时限"), Line("法定时限", f"{item.time_limit_legal_days} 个工作日"), Line("承诺时限", promised),
               Heading("收费标准"), Paragraph(item.fees),
               Heading("设定依据"), *(Paragraph(f"• {b}") for b in item.legal_basis),
               Paragraph("以上材料齐全即可办理，无需重复提交。如有疑问请拨打 12345 政务服务便民热线。", emphasis=True)]
    return Document(title="一次性告知单", blocks=tuple(blocks), kind="checklist",
                    footer=f"{kiosk_name} · {now.astimezone().strftime('%Y-%m-%d %H:%M')}",
                    meta={"item_code": item.code})
