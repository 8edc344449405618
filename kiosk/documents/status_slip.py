"""The technician's status slip (on the receipt printer): which kiosk this is, what it runs, how it is
reached and how its devices are — printed by `kiosk-provision status-slip` or on the platform's
command. No person's data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..messages import DEVICE_NAMES
from .model import Document, Heading, Line, PageFormat, Paragraph

_STATE_WORDS = {"READY": "正常", "BUSY": "忙", "UNAVAILABLE": "不可用"}


@dataclass(frozen=True)
class SlipDevice:
    name: str                    # the kiosk's device name (idcard, a4printer, …)
    state: str                   # READY / BUSY / UNAVAILABLE
    code: str                    # OK, MEDIA_EMPTY, NOT_RESPONDING, …
    detail: str = ""


def status_slip(*, kiosk_id: str, kiosk_name: str, version: str, addresses: list[str], devices: list[SlipDevice],
                queue_depth: int, last_sync: dt.datetime | None, now: dt.datetime) -> Document:
    blocks = [Line("终端编号", kiosk_id or "未注册"), Line("终端名称", kiosk_name), Line("软件版本", version),
              Line("网络地址", ", ".join(addresses) or "无"), Heading("设备状态")]
    for d in devices:
        word = _STATE_WORDS.get(d.state, d.state)
        blocks.append(Line(DEVICE_NAMES.get(d.name, (d.name, d.name))[0], word if d.code == "OK" else f"{word} {d.code}"))
    blocks += [Heading("待提交"), Line("队列", f"{queue_depth} 件"),
               Line("最近同步", last_sync.astimezone().strftime("%Y-%m-%d %H:%M") if last_sync else "从未"),
               Paragraph("技术人员用，请勿交给办事人。")]
    return Document(title="终端状态单", kind="receipt", page=PageFormat.RECEIPT_80MM, blocks=tuple(blocks),
                    footer=f"{kiosk_name} {now.astimezone():%Y-%m-%d %H:%M:%S}")
