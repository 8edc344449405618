"""The dashboard's charts, drawn on the server by pygal as SVG inline in the page: no script reaches the
supervisor's browser (the pages' CSP forbids any), and the charts print and save with the page.

pygal writes its own tooltip configuration as an inline <script> even with js=[]; it is cut out here
(the CSP would block it anyway, but a blocked script is a console error on every load)."""

from __future__ import annotations

import datetime as dt
import re

import pygal
from pygal.style import Style

from .dashboard import Dashboard, Figures

SCREEN_WORDS = {"catalog": "事项列表", "guide": "办事指南", "identify": "身份识别", "verify": "人脸核验",
                "enterprise": "企业核验", "form": "填写表单", "review": "确认信息", "submitting": "提交中",
                "result": "办理结果", "rate": "评价", "progress": "办件查询"}
RATING_WORDS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}

_STYLE = Style(font_family='"Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif', background="white",
               plot_background="white", foreground="#1a1a1a", foreground_strong="#1a1a1a",
               foreground_subtle="#777", colors=("#1f4e8c", "#3f9d5a", "#d98b1c", "#a30000", "#6b4fa1"),
               title_font_size=16, label_font_size=12, major_label_font_size=12, legend_font_size=13,
               value_font_size=12, tooltip_font_size=12)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def _options(title: str, **kw: object) -> dict:
    # counts are whole numbers: no 0.2 steps on the axis; labels whole (pygal would cut CJK names short)
    kw.setdefault("max_scale", 6)
    return dict(title=title, style=_STYLE, js=[], disable_xml_declaration=True, width=560, height=300,
                explicit_size=True, print_values=True, legend_at_bottom=True, truncate_label=-1, **kw)


def _whole(chart: pygal.graph.graph.Graph, values: list[int]) -> None:
    """Whole-number ticks for counts (pygal would mark 0.8, 1.6, … on a count of three)."""
    top = max(values or [0])
    step = max(1, -(-top // 5))
    chart.y_labels = list(range(0, top + step + 1, step))


def _names(labels: list[str]) -> list[str]:
    """pygal sizes the label margin for Latin letters; a Chinese character is about twice as wide, so
    each gets a space more in front (not drawn: SVG folds leading spaces) or its first ones are cut."""
    return [" " * sum(ord(c) > 0x2e80 for c in label) + label for label in labels]


def _svg(chart: pygal.graph.graph.Graph) -> str:
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def daily(board: Dashboard) -> str:
    """Visits and applications per day."""
    chart = pygal.Bar(**_options("每日服务量", show_legend=True, x_label_rotation=0))
    days = sorted(board.by_day)
    chart.x_labels = [f"{d:%m-%d}" for d in days]
    visits, applications = [board.by_day[d].visits for d in days], [board.by_day[d].applications for d in days]
    chart.add("使用人次", visits)
    chart.add("办件量", applications)
    _whole(chart, visits + applications)
    return _svg(chart)


def gave_up(f: Figures) -> str:
    """Where the people who began an application and did not make one left."""
    chart = pygal.HorizontalBar(**_options("中途放弃的页面（已开始办理、未提交）", show_legend=False))
    where = f.gave_up_at.most_common(8)
    chart.x_labels = _names([SCREEN_WORDS.get(s, s) for s, _ in where] or ["无"])
    chart.add("人次", [n for _, n in where] or [0])
    _whole(chart, [n for _, n in where])
    return _svg(chart)


def ratings(f: Figures) -> str:
    """好差评 by level."""
    chart = pygal.Bar(**_options("好差评分布", show_legend=False))
    chart.x_labels = [RATING_WORDS[level] for level in (5, 4, 3, 2, 1)]
    chart.add("评价数", [{"value": f.ratings[level], "color": "#a30000" if level <= 2 else "#1f4e8c"}
                      for level in (5, 4, 3, 2, 1)])
    _whole(chart, [f.ratings[level] for level in (5, 4, 3, 2, 1)])
    return _svg(chart)


def availability(board: Dashboard) -> str:
    """Availability by hall (or by kiosk, looking at one hall)."""
    if len(board.by_hall) > 1:
        pairs = [(hall or "未分配", f.availability) for hall, f in sorted(board.by_hall.items())]
        title = "各服务厅可用率"
    else:
        pairs = [(k.name or k.device_id, board.by_kiosk[k.device_id].availability) for k in board.kiosks]
        title = "各终端可用率"
    chart = pygal.HorizontalBar(**_options(title, show_legend=False, range=(0, 100), max_scale=5,
                                           value_formatter=lambda v: f"{v:.1f}%"))
    pairs = pairs[:12]
    chart.x_labels = _names([name for name, _ in pairs] or ["无"])
    chart.add("可用率", [round(a * 100, 1) if a is not None else None for _, a in pairs] or [None])
    return _svg(chart)


def day_label(day: dt.date) -> str:
    return f"{day:%Y-%m-%d}（周{'一二三四五六日'[day.weekday()]}）"
