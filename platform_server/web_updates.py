"""The 系统更新 page: which release each kiosk runs, each rollout's stage with its kiosks counted by
outcome (pause, resume, abort for administrators), and every kiosk an update failed on, with why.
Server-rendered like the fleet page; the same data is at /v1/admin/rollouts and /v1/admin/fleet/releases."""

# No `from __future__ import annotations`: FastAPI resolves the Annotated aliases at runtime.

import datetime as dt
from collections import Counter
from html import escape
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api_schema.releases import KioskRelease, Release, RolloutProgress, RolloutState

from .api_releases import ACTIONS, ROLLOUT_ID
from .deps import Platform, client_of, require
from .operators import Operator, Role
from .pages import PAGE_HEADERS, button, page

_STATE = {RolloutState.ACTIVE: "进行中", RolloutState.PAUSED: "已暂停", RolloutState.ABORTED: "已中止"}
_OUTCOME = {"updated": "已更新", "installed": "已安装待重启", "downloaded": "已下载待安装", "downloading": "下载中",
            "waiting": "未开始", "failed": "失败"}
_CODE = {"not_proved": "新系统未能启动服务，已自动回退", "not_started": "新系统未启动，已自动回退",
         "bad_signature": "签名校验失败", "incompatible": "不适用于该型号", "downgrade": "拒绝降级",
         "disk_full": "存储空间不足", "corrupt_download": "下载文件损坏", "download_failed": "下载中断",
         "clock_off": "终端时钟有误", "install_failed": "写入失败", "aborted": "批次已中止"}
_STYLE = """
td.failed, .failed b { color: #a30000; } td.ok { color: #0a5c1f; }
.counts span { margin-right: 10px; white-space: nowrap; }
"""


def _target(p: RolloutProgress) -> str:
    r = p.rollout
    if r.kiosks:
        return f"指定终端 {len(r.kiosks)} 台"
    return f"{escape(r.hall) + ' ' if r.hall else '全部终端 '}{r.percent}%"


def render_updates(releases: list[Release], progress: list[RolloutProgress], kiosks: list[KioskRelease],
                   who: Operator, now: dt.datetime) -> str:
    versions = Counter((k.system_version or "未上报") for k in kiosks)
    version_rows = "".join(f"<tr><td>{escape(v)}</td><td class=n>{n}</td></tr>" for v, n in versions.most_common())
    notes = {r.version: r.notes for r in releases}
    rows = []
    for p in progress:
        r = p.rollout
        counts = "".join(f'<span class="{"failed" if k == "failed" else ""}">{_OUTCOME.get(k, k)} <b>{n}</b></span>'
                         for k, n in sorted(p.counts.items(), key=lambda kv: list(_OUTCOME).index(kv[0])))
        actions = ""
        if who.role >= Role.ADMINISTRATOR and who.csrf and r.state is not RolloutState.ABORTED:
            verb = ("resume", "继续") if r.state is RolloutState.PAUSED else ("pause", "暂停")
            actions = (button(f"/updates/rollouts/{r.id}/{verb[0]}", verb[1], who.csrf) + " "
                       + button(f"/updates/rollouts/{r.id}/abort", "中止", who.csrf))
        rows.append(f"<tr><td>{r.id}</td><td>{escape(r.version)}<br><small>{escape(notes.get(r.version, ''))}</small></td>"
                    f"<td>{_target(p)}{'（允许降级）' if r.allow_downgrade else ''}</td><td>{_STATE[r.state]}</td>"
                    f'<td class=n>{p.targeted}</td><td class="counts">{counts or "—"}</td>'
                    f"<td>{r.created_at.astimezone():%m-%d %H:%M} {escape(r.created_by)}</td><td>{actions}</td></tr>")
    failed = {k.device_id: k for p in progress for k in p.failed}
    failed_rows = "".join(
        f"<tr><td>{escape(k.name or '—')}<br><small>{escape(k.device_id)}</small></td><td>{escape(k.hall or '—')}</td>"
        f"<td>{escape(k.update_version)}</td><td>{escape(k.system_version)}（{escape(k.boot_slot or '—')} 槽）</td>"
        f'<td class="failed">{escape(_CODE.get(k.update_code, k.update_code))}<br><small>{escape(k.update_message)}'
        f"</small></td></tr>" for k in failed.values())
    return page("系统更新", f"""
<h1>系统更新</h1>
<p class="sum"><span>终端 {len(kiosks)} 台</span><span>更新于 {now.astimezone():%Y-%m-%d %H:%M:%S}</span></p>
<h2>版本分布</h2>
<table><thead><tr><th>系统版本</th><th>终端数</th></tr></thead><tbody>
{version_rows or '<tr><td colspan="2">尚无终端上报</td></tr>'}</tbody></table>
<h2>发布批次</h2>
<table><thead><tr><th>批次</th><th>版本</th><th>范围</th><th>状态</th><th>终端数</th><th>进度</th><th>创建</th><th>操作</th>
</tr></thead><tbody>{"".join(rows) or '<tr><td colspan="8">尚无发布</td></tr>'}</tbody></table>
<h2>更新失败</h2>
<table><thead><tr><th>终端</th><th>服务厅</th><th>目标版本</th><th>正在运行</th><th>原因</th></tr></thead><tbody>
{failed_rows or '<tr><td colspan="5">无</td></tr>'}</tbody></table>""", who, "/updates", refresh_s=60,
                extra_style=_STYLE)


def router(platform: Platform) -> APIRouter:
    web = APIRouter(include_in_schema=False)
    store, operators = platform.store, platform.operators

    @web.get("/updates")
    def updates_page(who: Annotated[Operator, Depends(require(Role.SUPERVISOR))]) -> HTMLResponse:
        kiosks = store.who_runs_what(hall=who.hall)
        progress = [store.rollout_progress(r.id, hall=who.hall) for r in store.rollouts()]
        return HTMLResponse(render_updates(store.releases(), progress, kiosks, who, dt.datetime.now(dt.timezone.utc)),
                            headers=PAGE_HEADERS)

    @web.post("/updates/rollouts/{rollout_id}/{action}")
    def change(request: Request, action: Literal["pause", "resume", "abort"],
               who: Annotated[Operator, Depends(require(Role.ADMINISTRATOR))], rollout_id: int = ROLLOUT_ID) -> Response:
        rollout = store.set_rollout_state(rollout_id, ACTIONS[action])
        operators.audit(who.username, f"rollout {rollout_id} {action}", rollout.version, source=client_of(request))
        return RedirectResponse("/updates", status_code=303)

    return web
