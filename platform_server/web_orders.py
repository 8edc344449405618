"""The work orders' pages (运维工单): the list a hall's technician works from (open and overdue first,
their hall's by default), and one order's life — opened by a fault, worse, escalated, the technician's
notes, closed when the kiosk reported the device ready."""

# No `from __future__ import annotations`: FastAPI resolves the Annotated aliases at runtime.

import datetime as dt
from html import escape
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .deps import Platform, client_of, form_of, require
from .operators import Operator, Role
from .pages import PAGE_HEADERS, page
from .store_orders import OrderEvent, WorkOrder

_EVENT = {"opened": "开单", "worse": "加重", "changed": "变化", "note": "处理记录", "escalated": "超时升级",
          "closed": "关闭"}
_BY = {"platform": "平台", "kiosk": "终端"}
_STYLE = """
tr.overdue td.due { color: #a30000; font-weight: bold; } tr.closed td { color: #555; }
ol.life { list-style: none; padding: 0; border-left: 3px solid #1f4e8c; margin-left: 8px; }
ol.life li { margin: 0 0 14px; padding-left: 16px; position: relative; }
ol.life li::before { content: ""; position: absolute; left: -8px; top: 6px; width: 12px; height: 12px;
  border-radius: 6px; background: #1f4e8c; }
ol.life li.escalated::before { background: #a30000; } ol.life li.closed::before { background: #0a5c1f; }
ol.life time { color: #555; margin-right: 12px; } textarea { width: 480px; height: 64px; }
"""


def _when(at: dt.datetime | None) -> str:
    return at.astimezone().strftime("%m-%d %H:%M") if at else "—"


def _left(order: WorkOrder, now: dt.datetime) -> str:
    """How long is left, or how far over."""
    if order.closed_at:
        took = order.closed_at - order.opened_at
        return f"用时 {_span(took)}" + ("（超时）" if order.overdue(now) else "")
    left = order.due_at - now
    return f"剩余 {_span(left)}" if left.total_seconds() >= 0 else f"超时 {_span(-left)}"


def _span(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} 小时 {minutes % 60} 分" if minutes >= 60 else f"{minutes} 分钟"


def _state(order: WorkOrder) -> str:
    if order.closed_at:
        return "已关闭（终端报告恢复）" if order.closed_by == "kiosk" else f"已关闭（{escape(order.closed_by)}）"
    return '<span class="bad">已升级</span>' if order.escalated_at else "处理中"


def render_orders(orders: list[WorkOrder], who: Operator, hall: str, show: str, halls: list[str],
                  now: dt.datetime) -> str:
    rows = []
    for o in orders:
        cls = "closed" if o.closed_at else ("overdue" if o.overdue(now) else "open")
        rows.append(f'<tr class="{cls}"><td><a href="/orders/{o.order_id}">#{o.order_id}</a></td>'
                    f"<td>{escape(o.title)}</td><td>{escape(o.device_name or o.device_id)}<br><small>"
                    f"{escape(o.device_id)}</small></td><td>{escape(o.hall or '—')}</td>"
                    f"<td>{escape(o.assignee or '中心值班')}</td><td>{_when(o.opened_at)}</td>"
                    f'<td class="due">{_when(o.due_at)}<br><small>{_left(o, now)}</small></td><td>{_state(o)}</td></tr>')
    open_n = sum(o.closed_at is None for o in orders)
    overdue = sum(o.closed_at is None and o.overdue(now) for o in orders)
    options = "".join(f'<option value="{escape(h)}"{" selected" if h == hall else ""}>{escape(h or "全部服务厅")}</option>'
                      for h in ["", *halls])
    shows = "".join(f'<option value="{v}"{" selected" if v == show else ""}>{w}</option>'
                    for v, w in (("open", "未关闭"), ("all", "近 30 天全部")))
    return page("运维工单", f"""
<h1>运维工单</h1>
<form class="filters" method="get" action="/orders"><label>服务厅<select name="hall">{options}</select></label>
<label>范围<select name="show">{shows}</select></label><button>筛选</button></form>
<p class="sum"><span>未关闭 {open_n}</span><span class="{"bad" if overdue else ""}">已超时 {overdue}</span>
<span>更新于 {now.astimezone():%Y-%m-%d %H:%M:%S}</span></p>
<table><thead><tr><th>工单</th><th>故障</th><th>终端</th><th>服务厅</th><th>处理人</th><th>开单</th><th>时限</th><th>状态</th>
</tr></thead><tbody>{"".join(rows) or '<tr><td colspan="8">没有工单</td></tr>'}</tbody></table>""",
                who, "/orders", refresh_s=60, extra_style=_STYLE)


def render_order(order: WorkOrder, events: list[OrderEvent], who: Operator, now: dt.datetime) -> str:
    life = "".join(f'<li class="{e.kind}"><time>{_when(e.at)}</time><b>{_EVENT.get(e.kind, e.kind)}</b>'
                   f' · {escape(_BY.get(e.by, e.by))}<br>{escape(e.note)}</li>' for e in events)
    note = (f'<form method="post" action="/orders/{order.order_id}/notes"><input type="hidden" name="csrf" '
            f'value="{escape(who.csrf)}"><p><label for="note">处理记录（到场、更换、待配件……）</label><br>'
            '<textarea id="note" name="note" maxlength="500" required></textarea></p>'
            '<p><button>添加记录</button> <small class="muted">工单在终端报告设备恢复正常后自动关闭</small></p></form>'
            if who.role >= Role.OPERATOR and who.csrf and order.closed_at is None else "")
    return page(f"工单 #{order.order_id}", f"""
<h1>工单 #{order.order_id}：{escape(order.title)}</h1>
<table><tbody>
<tr><th>终端</th><td>{escape(order.device_name or "—")} <small>{escape(order.device_id)}</small></td></tr>
<tr><th>服务厅</th><td>{escape(order.hall or "—")}</td></tr>
<tr><th>处理人</th><td>{escape(order.assignee or "中心值班")}</td></tr>
<tr><th>开单</th><td>{_when(order.opened_at)}</td></tr>
<tr><th>时限</th><td>{_when(order.due_at)}（{_left(order, now)}）</td></tr>
<tr><th>状态</th><td>{_state(order)}</td></tr>
</tbody></table>
<h2>处理经过</h2><ol class="life">{life}</ol>
{note}
<p><a href="/orders">返回工单列表</a></p>""", who, "/orders", extra_style=_STYLE)


def router(platform: Platform) -> APIRouter:
    web = APIRouter(include_in_schema=False)
    store, operators = platform.store, platform.operators

    @web.get("/orders")
    def orders_page(who: Annotated[Operator, Depends(require(Role.SUPERVISOR))],
                    hall: Annotated[str | None, Query(max_length=64)] = None,
                    show: Annotated[str, Query(pattern="^(open|all)$")] = "open") -> HTMLResponse:
        hall = who.hall if hall is None else hall          # a hall's people see their hall first
        now = dt.datetime.now(dt.timezone.utc)
        orders = store.work_orders(hall=hall or None, open_only=show == "open",
                                   since=now - dt.timedelta(days=30) if show == "all" else None)
        return HTMLResponse(render_orders(orders, who, hall, show, store.halls(), now), headers=PAGE_HEADERS)

    @web.get("/orders/{order_id}")
    def order_page(order_id: int, who: Annotated[Operator, Depends(require(Role.SUPERVISOR))]) -> HTMLResponse:
        order, events = store.work_order(order_id)
        return HTMLResponse(render_order(order, events, who, dt.datetime.now(dt.timezone.utc)), headers=PAGE_HEADERS)

    @web.post("/orders/{order_id}/notes")
    async def add_note(request: Request, order_id: int,
                       who: Annotated[Operator, Depends(require(Role.OPERATOR))]) -> Response:
        form = await form_of(request)
        store.add_order_note(order_id, who.username, form.get("note", ""))
        operators.audit(who.username, "work order note", str(order_id), source=client_of(request))
        return RedirectResponse(f"/orders/{order_id}", status_code=303)

    return web


