"""The 效能监察 page: a hall's supervisor (their hall) or the city centre (every hall, or one) over a
span of days — the figures, four charts, the halls and the kiosks side by side, the day's ranking
(日日排名), and every bad review listed for follow-up."""

# No `from __future__ import annotations`: FastAPI resolves the Annotated aliases at runtime.

import datetime as dt
from html import escape
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from . import dashboard_charts as charts
from .dashboard import Dashboard, Figures, build
from .deps import Platform, require
from .operators import Operator, Role
from .pages import PAGE_HEADERS, page
from .store_analytics import Span

MAX_DAYS = 92
DATE = r"^\d{4}-\d{2}-\d{2}$"
_STYLE = """
.rank1 td { background: #fff6d6; } td.bad { color: #a30000; }
table.figures th { white-space: nowrap; }
"""


def _pct(value: float | None) -> str:
    return f"{value * 100:.1f}%" if value is not None else "—"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{int(seconds // 60)} 分 {int(seconds % 60):02d} 秒" if seconds >= 60 else f"{seconds:.0f} 秒"


def _cells(f: Figures) -> str:
    late = f'<br><small class="bad">超时 {f.faults_late}</small>' if f.faults_late else ""
    ((where, gave_up),) = f.gave_up_at.most_common(1) or (("", 0),)
    return (f'<td class="n">{f.visits}</td><td class="n">{f.applications}</td><td class="n">{_pct(f.completion)}</td>'
            f'<td>{escape(charts.SCREEN_WORDS.get(where, where)) + f"（{gave_up}）" if gave_up else "—"}</td>'
            f'<td class="n">{_duration(f.median_s)}</td><td class="n">{_pct(f.satisfaction)}</td>'
            f'<td class="n">{_pct(f.availability)}</td><td class="n">{f.faults}{late}</td>')


_HEAD = ("<th>使用人次</th><th>办件量</th><th>办成率</th><th>放弃最多</th><th>用时中位数</th><th>满意率</th><th>可用率</th>"
         "<th>故障工单</th>")


def render_dashboard(board: Dashboard, who: Operator, hall: str | None, halls: list[str], now: dt.datetime,
                     problem: str = "") -> str:
    t = board.total
    cards = "".join(f'<div class="card"><small>{label}</small><b>{value}</b></div>' for label, value in (
        ("使用人次", t.visits), ("办件量", t.applications), ("办成率", _pct(t.completion)),
        ("用时中位数", _duration(t.median_s)), ("满意率", _pct(t.satisfaction)), ("可用率", _pct(t.availability)),
        ("故障工单", f"{t.faults}" + (f"（超时 {t.faults_late}）" if t.faults_late else ""))))
    halls_table = ""
    if hall is None and board.by_hall:
        rows = "".join(f'<tr><td><a href="?hall={escape(h)}&amp;from={board.span.first}&amp;to={board.span.last}">'
                       f'{escape(h or "未分配")}</a></td><td class="n">{sum(k.hall == h for k in board.kiosks)}</td>'
                       f"{_cells(f)}</tr>" for h, f in sorted(board.by_hall.items()))
        halls_table = (f'<h2>各服务厅</h2><table class="figures"><thead><tr><th>服务厅</th><th>终端</th>{_HEAD}'
                       f"</tr></thead><tbody>{rows}</tbody></table>")
    kiosk_rows = "".join(f"<tr><td>{escape(k.name or '—')}<br><small>{escape(k.device_id)}</small></td>"
                         f"<td>{escape(k.hall or '—')}</td>{_cells(board.by_kiosk[k.device_id])}</tr>"
                         for k in board.kiosks)
    ranking = "".join(f'<tr class="rank{i}"><td class="n">{i}</td><td>{escape(k.name or k.device_id)}</td>'
                      f"<td>{escape(k.hall or '—')}</td>{_cells(f)}</tr>"
                      for i, (k, f) in enumerate(board.ranking, start=1))
    names = {k.device_id: k.name or k.device_id for k in board.kiosks}
    reviews = "".join(f"<tr><td>{r.at.astimezone():%m-%d %H:%M}</td><td>{escape(names.get(r.device_id, r.device_id))}"
                      f"</td><td>{escape(r.application_no)}</td><td>{escape(r.item_name or '—')}</td>"
                      f'<td class="bad">{charts.RATING_WORDS.get(r.level, r.level)}</td><td>{escape(r.comment or "—")}'
                      "</td></tr>" for r in board.bad_reviews)
    options = "".join(f'<option value="{escape(h)}"{" selected" if h == (hall or "") else ""}>'
                      f'{escape(h or "全部服务厅")}</option>' for h in ["", *halls])
    body = f"""
<h1>效能监察</h1>
<form class="filters" method="get" action="/dashboard">
<label>服务厅<select name="hall">{options}</select></label>
<label>开始日期<input type="date" name="from" value="{board.span.first}"></label>
<label>结束日期<input type="date" name="to" value="{board.span.last}"></label><button>查看</button></form>
{f'<p class="bad">{escape(problem)}</p>' if problem else ""}
<p class="muted">{escape(hall or "全部服务厅")} · {charts.day_label(board.span.first)} 至 {charts.day_label(board.span.last)}
 · 更新于 {now.astimezone():%Y-%m-%d %H:%M}</p>
<div class="cards">{cards}</div>
<div class="charts">
<figure>{charts.daily(board)}</figure><figure>{charts.availability(board)}</figure>
<figure>{charts.gave_up(t)}</figure><figure>{charts.ratings(t)}</figure>
</div>
{halls_table}
<h2>日日排名 · {charts.day_label(board.ranking_day)}</h2>
<p class="muted">先看能否服务（可用率），再看办成率、办件量、满意率。</p>
<table class="figures"><thead><tr><th>名次</th><th>终端</th><th>服务厅</th>{_HEAD}</tr></thead>
<tbody>{ranking or '<tr><td colspan="11">无终端</td></tr>'}</tbody></table>
<h2>差评（需回访整改）· {len(board.bad_reviews)} 条</h2>
<table><thead><tr><th>时间</th><th>终端</th><th>办件号</th><th>事项</th><th>评价</th><th>意见</th></tr></thead>
<tbody>{reviews or '<tr><td colspan="6">本期无差评</td></tr>'}</tbody></table>
<h2>各终端</h2>
<table class="figures"><thead><tr><th>终端</th><th>服务厅</th>{_HEAD}</tr></thead>
<tbody>{kiosk_rows or '<tr><td colspan="10">无终端</td></tr>'}</tbody></table>
<p class="muted">办成率：开始办理（到达身份识别）的人次中提交了申请的比例；可用率：服务时间内终端报告可服务的分钟数占比；
使用人次来自终端匿名上报的访问记录（不含任何个人信息）。</p>"""
    return page("效能监察", body, who, "/dashboard", refresh_s=300, extra_style=_STYLE)


def _span(first: str | None, last: str | None, today: dt.date) -> tuple[Span, str]:
    """The days asked for, or the last seven with the reason they were not taken."""
    default = Span(today - dt.timedelta(days=6), today)
    try:
        to = dt.date.fromisoformat(last) if last else today
        since = dt.date.fromisoformat(first) if first else to - dt.timedelta(days=6)
    except ValueError:
        return default, "日期无效，已显示最近 7 天"
    if since > to:
        return default, "开始日期晚于结束日期，已显示最近 7 天"
    if (to - since).days >= MAX_DAYS:
        return default, f"一次最多查看 {MAX_DAYS} 天，已显示最近 7 天"
    return Span(since, to), ""


def router(platform: Platform) -> APIRouter:
    web = APIRouter(include_in_schema=False)
    store = platform.store

    @web.get("/dashboard")
    def dashboard_page(who: Annotated[Operator, Depends(require(Role.SUPERVISOR))],
                       hall: Annotated[str | None, Query(max_length=64)] = None,
                       first: Annotated[str | None, Query(alias="from", pattern=DATE)] = None,
                       last: Annotated[str | None, Query(alias="to", pattern=DATE)] = None) -> HTMLResponse:
        now = dt.datetime.now(dt.timezone.utc)
        span, problem = _span(first, last, now.astimezone().date())
        hall = who.hall if hall is None else hall             # a hall's people see their hall first
        hall = hall or None
        board = build(span, store.dashboard_kiosks(hall), store.dashboard_visits(span, hall),
                      store.dashboard_applications(span, hall), store.dashboard_reviews(span, hall),
                      store.dashboard_serving_minutes(span, hall), store.dashboard_faults(span, hall), now)
        return HTMLResponse(render_dashboard(board, who, hall, store.halls(), now, problem), headers=PAGE_HEADERS)

    return web
