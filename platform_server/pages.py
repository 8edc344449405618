"""What the operators' pages share: the frame (navigation, who is logged in, the style), the headers
that keep them out of caches and frames, and a button that is a form carrying the CSRF token.

Server-rendered, no script: the Content-Security-Policy forbids any, so an injected string cannot run
in a supervisor's browser. Charts are inline SVG drawn on the server (dashboard_charts.py).
"""

from __future__ import annotations

from html import escape

from .operators import Operator, Role

NO_STORE = {"Cache-Control": "no-store"}
PAGE_HEADERS = {**NO_STORE, "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                "form-action 'self'; frame-ancestors 'none'", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
ROLE_WORDS = {Role.SUPERVISOR: "值班", Role.OPERATOR: "运维", Role.ADMINISTRATOR: "管理员"}

_STYLE = """
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 0 24px 24px; color: #1a1a1a; }
nav { display: flex; gap: 24px; align-items: center; padding: 12px 0; border-bottom: 2px solid #1f4e8c; }
nav a { color: #1f4e8c; font-size: 18px; text-decoration: none; } nav a.here { font-weight: bold; }
nav .who { margin-left: auto; color: #444; }
h1 { font-size: 26px; } h2 { font-size: 20px; margin-top: 28px; } .sum span { margin-right: 24px; font-size: 18px; }
table { border-collapse: collapse; width: 100%; margin-top: 12px; }
th, td { border: 1px solid #999; padding: 6px 8px; text-align: left; vertical-align: top; font-size: 15px; }
th { background: #e8eef6; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bad { color: #a30000; font-weight: bold; } .good { color: #0a5c1f; font-weight: bold; } .muted { color: #666; }
form.filters { display: flex; gap: 16px; align-items: end; flex-wrap: wrap; margin: 12px 0; }
form.filters label { display: flex; flex-direction: column; font-size: 14px; }
input, select, button, textarea { font-size: 15px; padding: 4px 6px; font-family: inherit; }
.cards { display: flex; gap: 16px; flex-wrap: wrap; margin: 16px 0; }
.card { border: 1px solid #c5d3e6; border-radius: 6px; padding: 10px 16px; min-width: 140px; background: #f7f9fc; }
.card b { display: block; font-size: 28px; } .card small { color: #555; }
.charts { display: flex; gap: 16px; flex-wrap: wrap; } .charts figure { margin: 0; }
.charts figcaption { font-weight: bold; margin: 4px 0; }
"""


def button(action: str, label: str, csrf: str, name: str = "", value: str = "") -> str:
    extra = f'<input type="hidden" name="{name}" value="{escape(value)}">' if name else ""
    return (f'<form method="post" action="{escape(action)}" style="display:inline">'
            f'<input type="hidden" name="csrf" value="{escape(csrf)}">{extra}<button>{escape(label)}</button></form>')


def page(title: str, body: str, who: Operator, here: str, *, refresh_s: int | None = None, extra_style: str = "") -> str:
    """A whole page: `here` is the navigation entry it is ("/fleet", "/dashboard", "/orders")."""
    links = [("/fleet", "运行监控"), ("/dashboard", "效能监察"), ("/orders", "运维工单"), ("/updates", "系统更新")]
    nav = " ".join(f'<a href="{href}"{" class=here" if href == here else ""}>{words}</a>' for href, words in links)
    hall = f"，{escape(who.hall)}" if who.hall else ""
    me = (f'<span class="who">{escape(who.username)}（{ROLE_WORDS[who.role]}{hall}）'
          + (" " + button("/logout", "退出", who.csrf) if who.csrf else "") + "</span>")
    refresh = f'<meta http-equiv="refresh" content="{refresh_s}">' if refresh_s else ""
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">{refresh}<title>{escape(title)}</title>
<style>{_STYLE}{extra_style}</style></head><body>
<nav>{nav}{me}</nav>
{body}
</body></html>
"""
