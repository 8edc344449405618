"""The acceptance receipt (受理回执): what was applied for, its number and a code to track it, and an
honest status — submitted to the platform, or stored on this kiosk to be submitted when the network
is back. The applicant's name and ID number are masked, as receipts are handed around."""

from __future__ import annotations

import datetime as dt

from api_schema.models import (
    ApplicationReceipt, ApplicationStatus, EnterpriseIdentity, EnterpriseRole, Material, ServiceItem,
)
from api_schema.validators import mask_id_number
from api_schema.workdays import add_working_days

from ..messages import ENTERPRISE_ROLE, STATUS_TEXT, pick

from .model import Document, Heading, Line, PageFormat, Paragraph, QrBlock


def mask_name(name: str) -> str:
    """张三丰 → 张*丰, 李四 → 李*, the usual masking of a name on a slip of paper."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def tracking_code(application_no: str, track_base_url: str = "", tag: str = "") -> str:
    """What the receipt's QR code carries: the platform's tracking page for the number with the
    platform's check code (a phone that scans it learns the receipt is genuine and its progress), or,
    where no public address is configured, the number alone. The kiosk's QR scanner reads both."""
    return f"{track_base_url.rstrip('/')}/t/{application_no}?v={tag}" if track_base_url and tag else application_no


def deferred_deadlines(materials: list[Material], accepted_on: dt.date) -> list[tuple[Material, dt.date]]:
    """Each material accepted as missing (容缺) with the date it must be brought by: working days, with
    public holidays and 调休 (api_schema.workdays) — the same dates on the screen and on the receipt."""
    return [(m, add_working_days(accepted_on, m.defer_days)) for m in materials]


def acceptance_receipt(*, item: ServiceItem, applicant_name: str, id_number: str, kiosk_name: str,
                       now: dt.datetime, receipt: ApplicationReceipt | None = None, local_ref: str = "",
                       track_base_url: str = "", page: PageFormat = PageFormat.A4,
                       deferred: list[Material] | None = None, enterprise: EnterpriseIdentity | None = None) -> Document:
    """For a submitted application (`receipt`) or one stored offline (`local_ref`); with the materials
    accepted as missing (容缺受理, each with its deadline), a bundle's member numbers, the enterprise."""
    if receipt is None and not local_ref:
        raise ValueError("a receipt needs the platform's receipt or the local reference")
    blocks: list = [Heading(item.name)]
    if receipt is not None:
        blocks += [Line("办件号", receipt.application_no),
                   Line("状态", f"{pick(STATUS_TEXT[receipt.status.value], 'zh')}（已提交至政务服务平台）"),
                   Line("办结日期" if receipt.status is ApplicationStatus.APPROVED else "承诺办结",
                        receipt.promised_by.isoformat())]
    else:
        blocks += [Line("本机受理编号", local_ref),
                   Line("状态", "尚未提交：已加密保存在本机，网络恢复后自动提交（不会重复提交）")]
    blocks += [Line("申请人", mask_name(applicant_name)), Line("证件号码", mask_id_number(id_number)),
               Line("受理部门", item.department), Line("事项编码", item.code)]
    if enterprise is not None:
        confirmed = enterprise.role is not EnterpriseRole.UNCONFIRMED
        blocks += [Line("企业", enterprise.profile.name or "（待核验）"), Line("统一社会信用代码", enterprise.profile.uscc),
                   Line("办理身份", pick(ENTERPRISE_ROLE[enterprise.role.value], "zh") if confirmed
                        else "待平台核验：网络恢复后由平台核验您与企业的关联，结果短信告知")]
        if not confirmed and receipt is None:
            blocks.append(Paragraph("企业关联尚未核验：如核验不通过，本申请不予受理，将短信告知。", emphasis=True))
    if receipt is not None and receipt.members:
        blocks.append(Heading(f"一件事：已拆分为 {len(receipt.members)} 个事项并联办理"))
        blocks += [Line(m.item_name, f"{m.application_no}（承诺 {m.promised_by.isoformat()}）") for m in receipt.members]
    elif receipt is None and item.members:
        blocks.append(Paragraph(f"一件事：提交后将拆分为 {len(item.members)} 个事项并联办理，各自办件号以短信告知。"))
    for m, due in deferred_deadlines(deferred or [], now.date()):
        blocks.append(Line("容缺材料", f"{m.name}：请于 {due.isoformat()} 前补交（{m.defer_days} 个工作日内）"))
    if receipt is not None:
        blocks += [QrBlock(tracking_code(receipt.application_no, track_base_url, receipt.tracking_tag),
                           "扫码或在任意自助终端“办件查询”中查询办理进度"),
                   Paragraph("办结后将以短信通知您。请妥善保管本回执。")]
    else:
        blocks += [Paragraph("提交成功后，办件号将以短信发送到您的手机；如有疑问，可凭本机受理编号到窗口查询。",
                             emphasis=True)]
    return Document(title="政务服务受理回执", blocks=tuple(blocks), kind="receipt", page=page,
                    footer=f"{kiosk_name} · {now.astimezone().strftime('%Y-%m-%d %H:%M')}",
                    meta={"application_no": receipt.application_no if receipt else local_ref})
