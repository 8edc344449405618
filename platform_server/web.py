"""Pages for people's browsers: the operators' login and fleet page (with the controls their role
allows, each a form carrying the session's CSRF token), and what a phone opens from a receipt's or a
pickup code (no login: the link itself is the key). Server-rendered, no script."""

# No `from __future__ import annotations`: FastAPI resolves the Annotated aliases at runtime.

from html import escape
from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api_schema.models import KioskCommand

from .certificates import render_certificate
from .deps import SESSION_COOKIE, Platform, client_of, form_of, require
from .fleet import render_fleet
from .operators import LoginRefused, Operator, Role
from .pages import NO_STORE, PAGE_HEADERS, button
from .store import FleetEntry
from .tracking import tag_matches, tracking_page, unknown_page

_PICKUP_GONE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>链接已失效</title>
<body style="font-family:sans-serif;padding:2em;font-size:1.2em"><h1>链接已失效</h1>
<p>下载链接 10 分钟内有效，且只能使用几次。请回到自助终端重新生成二维码，或凭办件号到窗口领取。</p>
<p lang="en">This link has expired or was used up. Make a new code at the kiosk, or collect the document at a
counter with your application number.</p></body></html>"""

_LOGIN = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>登录 · 自助终端运行监控</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;margin:48px}} label{{display:block;margin:12px 0 4px}}
input{{font-size:18px;padding:6px}} .err{{color:#a30000}}</style></head><body>
<h1>自助终端运行监控 · 登录</h1>{error}
<form method="post" action="/login"><label for="u">用户名 User</label><input id="u" name="username" autocomplete="username"
maxlength="32" required><label for="p">密码 Password</label><input id="p" name="password" type="password"
autocomplete="current-password" maxlength="128" required><p><button type="submit">登录 Log in</button></p></form>
</body></html>"""

_COMMANDS = {KioskCommand.OUT_OF_SERVICE: "暂停服务", KioskCommand.IN_SERVICE: "恢复服务",
             KioskCommand.REFRESH_CATALOG: "刷新事项", KioskCommand.PRINT_STATUS_SLIP: "打印状态单"}
def router(platform: Platform) -> APIRouter:
    web = APIRouter(include_in_schema=False)
    store, operators = platform.store, platform.operators

    @web.get("/login")
    def login_page() -> HTMLResponse:
        return HTMLResponse(_LOGIN.format(error=""), headers=PAGE_HEADERS)

    @web.post("/login")
    async def login(request: Request) -> Response:
        form = await form_of(request)
        try:
            secret, _ = operators.login(form.get("username", ""), form.get("password", ""), client_of(request))
        except LoginRefused as exc:
            words = "登录失败次数过多，请 15 分钟后再试" if exc.throttled else "用户名或密码错误"
            return HTMLResponse(_LOGIN.format(error=f'<p class="err">{words}</p>'),
                                status_code=429 if exc.throttled else 401, headers=PAGE_HEADERS)
        response = RedirectResponse("/fleet", status_code=303, headers=NO_STORE)
        response.set_cookie(SESSION_COOKIE, secret, httponly=True, samesite="strict", max_age=8 * 3600,
                            secure=request.url.scheme == "https", path="/")
        return response

    @web.post("/logout")
    async def logout(request: Request, who: Annotated[Operator, Depends(require(Role.SUPERVISOR))],
                     kp_session: Annotated[str | None, Cookie(max_length=64)] = None) -> Response:
        if kp_session:
            operators.logout(kp_session)
        operators.audit(who.username, "logout", "", source=client_of(request))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @web.get("/fleet")
    def fleet_page(who: Annotated[Operator, Depends(require(Role.SUPERVISOR))]) -> HTMLResponse:
        def actions(entry: FleetEntry) -> str:
            if entry.revoked:
                return ""
            parts = []
            if who.role >= Role.OPERATOR:
                parts += [button(f"/fleet/devices/{entry.device_id}/commands", label, who.csrf, "command", cmd.value)
                          for cmd, label in _COMMANDS.items()]
            if who.role >= Role.ADMINISTRATOR:
                parts.append(button(f"/fleet/devices/{entry.device_id}/revoke", "注销终端", who.csrf))
            return " ".join(parts)
        controls = (f'<p>{button("/fleet/pairing-codes", "生成配对码", who.csrf)}</p>'
                    if who.role >= Role.ADMINISTRATOR else "")
        return HTMLResponse(render_fleet(store.fleet(), who, actions=actions if who.role >= Role.OPERATOR else None,
                                         controls=controls), headers=PAGE_HEADERS)

    @web.post("/fleet/devices/{device_id}/commands")
    async def command(request: Request, device_id: str,
                      who: Annotated[Operator, Depends(require(Role.OPERATOR))]) -> Response:
        form = await form_of(request)
        command = KioskCommand(form.get("command", ""))
        store.queue_command(device_id, command.value)
        operators.audit(who.username, f"command {command.value}", device_id, source=client_of(request))
        return RedirectResponse("/fleet", status_code=303)

    @web.post("/fleet/devices/{device_id}/revoke")
    def revoke(request: Request, device_id: str,
               who: Annotated[Operator, Depends(require(Role.ADMINISTRATOR))]) -> Response:
        store.revoke(device_id)
        operators.audit(who.username, "revoke", device_id, source=client_of(request))
        return RedirectResponse("/fleet", status_code=303)

    @web.post("/fleet/pairing-codes")
    def pairing_code(request: Request, who: Annotated[Operator, Depends(require(Role.ADMINISTRATOR))]) -> HTMLResponse:
        code, expires = store.create_pairing_code()
        operators.audit(who.username, "pairing_code", "", source=client_of(request))
        return HTMLResponse(f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body style="font-family:sans-serif;'
                            f'margin:48px"><h1>配对码 {escape(code)}</h1><p>有效期至 {expires.astimezone():%Y-%m-%d %H:%M}'
                            '，只能使用一次。</p><p><a href="/fleet">返回</a></p></body></html>', headers=PAGE_HEADERS)

    # ------------------------------------------------------------ phones (no login)

    @web.get("/t/{application_no}")
    def tracking(application_no: str, v: str = "") -> HTMLResponse:
        """What a phone opens from the receipt's QR code: genuine or not, and how far it has got."""
        progress = store.progress(application_no) if v and tag_matches(application_no, v, platform.secret) else None
        if progress is None:
            return HTMLResponse(unknown_page(), status_code=404, headers=NO_STORE)
        return HTMLResponse(tracking_page(progress), headers=NO_STORE)

    @web.get("/p/{token}")
    def pickup_download(token: str) -> Response:
        """What the phone opens: the PDF, or a page that says the link is no longer valid."""
        use = store.use_pickup(token)
        found = store.application(use[0]) if use else None
        if found is None:
            return HTMLResponse(_PICKUP_GONE, status_code=404, headers=NO_STORE)
        name = f"{found.receipt.application_no}.pdf"
        return Response(render_certificate(found, platform.secret), media_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{name}"', **NO_STORE,
                                 "Referrer-Policy": "no-referrer"})

    return web
