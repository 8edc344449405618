"""The fleet view (运行监控): one HTML page a hall's supervisor keeps open — every kiosk, whether it
serves and why not, its devices, its queue. Server-rendered, no script, refreshed every 30 s."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable
from html import escape

from api_schema.hours import ServiceHours

from .faults import CODE_WORDS, DEVICE_WORDS
from .operators import Operator
from .pages import page
from .store import FleetEntry

SILENT_AFTER = dt.timedelta(minutes=3)       # three missed heartbeats at the default minute

_CODE = {**CODE_WORDS, "OK": "正常", "NOT_CONFIGURED": "未配置"}
_REASON = {"hardware": "设备故障", "consumables": "耗材用尽", "backend": "平台不可达", "hours": "非服务时间",
           "maintenance": "维护中", "crash_loop": "软件反复崩溃",
           "revoked": "已被平台停用", "starting": "启动中", "not_provisioned": "尚未配置", "display_failed": "显示故障"}
_PAUSED = {"offline_disk_low": "存储空间不足", "offline_queue_full": "待上传申请已满", "offline_too_long": "离线过久"}


@dataclass(frozen=True)
class Row:
    entry: FleetEntry
    status: str              # serving | active | out_of_service | silent | closed | revoked | never
    words: str


def classify(entry: FleetEntry, now: dt.datetime) -> Row:
    hb = entry.heartbeat
    if entry.revoked:
        return Row(entry, "revoked", "已注销")
    if hb is None or entry.last_seen is None:
        return Row(entry, "never", "未上线")
    # Outside the hours set for it, a kiosk closed (or switched off for the night) is no alarm
    hours = ServiceHours.parse(entry.service_hours) if entry.service_hours else None
    if hours is not None and not hours.open_at(now.astimezone()) and (
            now - entry.last_seen > SILENT_AFTER or (hb.kiosk_state == "OUT_OF_SERVICE" and hb.reason == "hours")):
        return Row(entry, "closed", f"非服务时间（每天 {hours.text()}）")
    if now - entry.last_seen > SILENT_AFTER:
        return Row(entry, "silent", f"失联（{_age(now - entry.last_seen)}）")
    paused = f"，暂停受理新申请：{_PAUSED.get(hb.submissions_paused, hb.submissions_paused)}" \
        if hb.submissions_paused else ""
    if hb.kiosk_state == "ACTIVE":
        return Row(entry, "active", "服务中（有人办理）" + paused)
    if hb.kiosk_state == "AVAILABLE":
        return Row(entry, "serving", "可服务" + paused)
    return Row(entry, "out_of_service", f"暂停服务：{_REASON.get(hb.reason, hb.reason or '未知原因')}")


def _age(delta: dt.timedelta | float | None) -> str:
    if delta is None:
        return "—"
    seconds = int(delta.total_seconds() if isinstance(delta, dt.timedelta) else delta)
    if seconds < 120:
        return f"{seconds} 秒"
    if seconds < 7200:
        return f"{seconds // 60} 分钟"
    return f"{seconds // 3600} 小时 {seconds % 3600 // 60} 分"


def _devices(row: Row) -> str:
    hb = row.entry.heartbeat
    if hb is None:
        return ""
    parts = []
    for d in hb.devices:
        bad = d.code not in ("OK",)
        mark = "✗ " if d.state == "UNAVAILABLE" else ("! " if bad else "")
        label = f"{mark}{DEVICE_WORDS.get(d.device, d.device)}：{_CODE.get(d.code, d.code)}" + ("（必需）" if d.required and bad else "")
        parts.append(f'<span class="dev {"bad" if d.state == "UNAVAILABLE" else "warn" if bad else "ok"}">{escape(label)}</span>')
    return " ".join(parts)


def render_fleet(entries: list[FleetEntry], who: Operator, now: dt.datetime | None = None,
                 actions: Callable[[FleetEntry], str] | None = None, controls: str = "") -> str:
    """`actions`: the HTML of a row's controls for the operator looking (by their role); `controls`:
    the page's own (HTML, escaped by the caller)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    # problems first: what the supervisor has to act on is at the top
    order = ("silent", "out_of_service", "never", "active", "serving", "closed", "revoked")
    rows = sorted((classify(e, now) for e in entries), key=lambda r: order.index(r.status))
    count = {s: sum(r.status == s for r in rows) for s in ("serving", "active", "out_of_service", "silent", "closed")}
    body = []
    for r in rows:
        hb, e = r.entry.heartbeat, r.entry
        queue = (f"{hb.queue_depth} 件" + (f"（最久 {_age(hb.queue_oldest_age_s)}）" if hb.queue_oldest_age_s else "")
                 + (f"，需处理 {hb.parked}" if hb.parked else "")) if hb else "—"
        body.append(
            f'<tr class="{r.status}"><td>{escape(e.name or "—")}<br><small>{escape(e.device_id)}</small></td>'
            f'<td>{escape(e.hall or "—")}</td><td class="state">{escape(r.words)}</td>'
            f'<td>{_age(now - e.last_seen) + "前" if e.last_seen else "—"}</td>'
            f"<td>{_devices(r)}</td><td>{escape(queue)}</td>"
            f'<td>{escape(hb.last_good_sync.astimezone().strftime("%m-%d %H:%M")) if hb and hb.last_good_sync else "—"}</td>'
            f'<td>{escape(hb.software_version) if hb else "—"}</td><td>{hb.audit_seq if hb else "—"}</td>'
            + (f"<td>{actions(e)}</td>" if actions else "") + "</tr>")
    return page("自助终端运行监控", f"""
<h1>自助终端运行监控</h1>
{controls}
<p class="sum"><span>终端 {len(rows)} 台</span><span>可服务 {count["serving"]}</span><span>办理中 {count["active"]}</span>
<span>暂停服务 {count["out_of_service"]}</span><span>失联 {count["silent"]}</span><span>非服务时间 {count["closed"]}</span>
<span>更新于 {now.astimezone():%Y-%m-%d %H:%M:%S}</span></p>
<table><thead><tr><th>终端</th><th>服务厅</th><th>状态</th><th>最近心跳</th><th>设备</th><th>待提交</th><th>最近同步</th><th>版本</th>
<th>审计</th>{"<th>操作</th>" if actions else ""}</tr></thead><tbody>
{"".join(body) or '<tr><td colspan="9">尚无终端注册</td></tr>'}
</tbody></table>""", who, "/fleet", refresh_s=30, extra_style=_STYLE)


_STYLE = """
tr.out_of_service td.state, tr.silent td.state { color: #a30000; font-weight: bold; }
tr.serving td.state { color: #0a5c1f; font-weight: bold; } tr.closed td.state { color: #555; }
.dev { display: inline-block; margin: 2px 6px 2px 0; padding: 1px 6px; border-radius: 4px; }
.dev.bad { background: #fde2e2; } .dev.warn { background: #fff1c9; } .dev.ok { background: #e4f4e7; }
"""
