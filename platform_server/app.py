"""The reference central platform (FastAPI): the open kiosk <-> platform API under /v1.

For the demo and the tests, not production; but it keeps the platform's promises for real:
one-time pairing, token auth on every call, catalog ETags, Idempotency-Key dedupe inside its own
transaction, 好差评 once per application and stage.
"""

# No `from __future__ import annotations`: FastAPI resolves the local Annotated aliases at runtime.

import base64
import datetime as dt
import re
import secrets
import warnings
from urllib.parse import unquote
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api_schema.forms import validate_form
from api_schema.models import (
    ApplicationProgress, ApplicationReceipt, ApplicationStatus, ApplicationSubmit, EnrolRequest,
    EnrolResponse, EnterpriseIdentify, FieldType, EnterpriseIdentity, ErrorCode, PersonOnRecord, SmsAnswer, SmsResult, SmsSend, SmsSent, ErrorResponse, EvaluationReceipt, EvaluationSubmit, Heartbeat,
    HeartbeatAnswer, KioskCommand, PairingCode, PickupLink, ProgressList, ProgressQuery, QrIdentity, QrResolve, QrTokenKind, QrTokenMint,
    QrTokenMinted, CardType, UploadReceipt,
)

from .certificates import render_certificate
from .fleet import render_fleet
from .enterprises import EnterpriseRegister
from .seed_catalog import CATALOG_VERSION, SEED_ITEMS
from .seed_park import PARK_ITEMS, POLICIES
from .sms import SmsVerification
from .store import PlatformStore, StoreError
from .store_pickups import PICKUP_USES
from .tracking import tag_matches, tracking_page, tracking_tag, unknown_page

# FastAPI builds body-parameter fields from the schema's deferred-build models and pydantic warns
# about the alias it passes; harmless (the OpenAPI document is checked by a test).
warnings.filterwarnings("ignore", message="The 'alias' attribute with value", category=UserWarning)

_STATUS_OF = {
    "unauthenticated": 401, "bad_pairing_code": 403, "not_found": 404, "invalid_request": 422,
    "form_invalid": 422, "idempotency_key_required": 400, "idempotency_key_reused": 422,
    "already_evaluated": 409, "stage_not_reached": 409, "no_certificate": 404, "qr_invalid": 404,
    "no_mobile_on_record": 404, "sms_invalid": 404, "bad_uscc": 422, "enterprise_unknown": 404, "not_linked": 403,
    "upload_missing": 422, "upload_too_large": 413, "internal": 500,
}
_ERRORS = {code: {"model": ErrorResponse} for code in (400, 401, 403, 404, 409, 413, 422)}
MAX_UPLOAD = 20 * 2**20


class ApiError(Exception):
    def __init__(self, code: ErrorCode, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.fields = code, message, fields or {}


_PICKUP_GONE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>链接已失效</title>
<body style="font-family:sans-serif;padding:2em;font-size:1.2em"><h1>链接已失效</h1>
<p>下载链接 10 分钟内有效，且只能使用几次。请回到自助终端重新生成二维码，或凭办件号到窗口领取。</p>
<p lang="en">This link has expired or was used up. Make a new code at the kiosk, or collect the document at a
counter with your application number.</p></body></html>"""


def _error(code: str, message: str, fields: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return JSONResponse(body, status_code=_STATUS_OF.get(code, 400))


def create_app(db_path: Path, admin_token: str | None = None, certificate_secret: bytes | None = None,
               public_url: str | None = None) -> FastAPI:
    """`public_url`: the address phones reach the platform at, for pickup links (default: the address
    the kiosk used)."""
    store = PlatformStore(db_path)
    try:
        store.catalog()
    except StoreError:
        store.set_catalog(CATALOG_VERSION, SEED_ITEMS + PARK_ITEMS, POLICIES)
    secret = certificate_secret or store.key("documents")

    app = FastAPI(title="Open kiosk platform API", version="1.0.0",
                  description="Kiosk <-> central platform API of the open self-service government kiosk.")
    app.state.store = store
    sms = SmsVerification(store)
    register = EnterpriseRegister()

    @app.exception_handler(ApiError)
    async def _api_error_html(request: Request, exc: ApiError) -> Response:
        if request.url.path == "/fleet" and exc.code is ErrorCode.UNAUTHENTICATED:    # the browser asks for a login
            return Response("login required", status_code=401, headers={"WWW-Authenticate": 'Basic realm="fleet"'})
        return _error(exc.code.value, exc.message, exc.fields)

    @app.exception_handler(StoreError)
    async def _store_error(_: Request, exc: StoreError) -> JSONResponse:
        return _error(exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _error("invalid_request", f"{where}: {first.get('msg', 'invalid request')}")

    def device(authorization: Annotated[str | None, Header()] = None) -> str:
        if authorization and authorization.startswith("Bearer "):
            device_id = store.device_for_token(authorization[7:].strip())
            if device_id:
                return device_id
        raise ApiError(ErrorCode.UNAUTHENTICATED, "missing or invalid device token")

    def admin(authorization: Annotated[str | None, Header()] = None) -> None:
        if not admin_token or authorization != f"Bearer {admin_token}":
            raise ApiError(ErrorCode.UNAUTHENTICATED, "admin token required")

    def supervisor(authorization: Annotated[str | None, Header()] = None) -> None:
        """The fleet page in a browser: HTTP Basic with the admin token as the password (any user)."""
        if admin_token and authorization and authorization.startswith("Basic "):
            try:
                _, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            except ValueError:                   # binascii.Error is one
                password = ""
            if secrets.compare_digest(password, admin_token):
                return
        if admin_token and authorization == f"Bearer {admin_token}":
            return
        raise ApiError(ErrorCode.UNAUTHENTICATED, "supervisor login required")

    Device = Annotated[str, Depends(device)]

    @app.post("/v1/enrol", response_model=EnrolResponse, responses=_ERRORS, tags=["devices"])
    def enrol(req: EnrolRequest) -> EnrolResponse:
        device_id, token = store.enrol(req.pairing_code, req.kiosk_name, req.public_key_pem)
        return EnrolResponse(device_id=device_id, token=token)

    @app.get("/v1/catalog", responses={200: {"content": {"application/json": {}}}, 304: {}, **_ERRORS},
             tags=["catalog"])
    def catalog(_: Device, if_none_match: Annotated[str | None, Header()] = None) -> Response:
        etag, body = store.catalog()
        if if_none_match == etag:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(body, media_type="application/json", headers={"ETag": etag, "Cache-Control": "no-cache"})

    @app.post("/v1/applications", response_model=ApplicationReceipt, status_code=201, responses=_ERRORS,
              tags=["applications"])
    def submit(payload: ApplicationSubmit, device_id: Device, response: Response,
               idempotency_key: Annotated[str | None, Header()] = None) -> ApplicationReceipt:
        if not idempotency_key or not 8 <= len(idempotency_key) <= 128:
            raise ApiError(ErrorCode.IDEMPOTENCY_KEY_REQUIRED, "an Idempotency-Key header (8-128 chars) is required")
        item = store.item(payload.item_code)
        if item is None:
            raise ApiError(ErrorCode.NOT_FOUND, f"unknown item {payload.item_code}")
        errors = validate_form(item.form, payload.form)
        if errors:
            raise ApiError(ErrorCode.FORM_INVALID, "the form has invalid fields",
                           {k: v.value for k, v in errors.items()})
        # An enterprise item: the applicant must act for the enterprise (checked again here: a kiosk that was
        # offline accepted the code on its check character alone)
        for f in item.form:
            if f.type is FieldType.USCC and not register.linked(payload.form.get(f.name, ""), payload.applicant.id_number):
                raise ApiError(ErrorCode.NOT_LINKED, "the applicant may not act for this enterprise", {f.name: "not_linked"})
        receipt = store.submit(device_id, idempotency_key, payload, item)
        if receipt.replayed:
            response.status_code = 200
        return receipt.model_copy(update={"tracking_tag": tracking_tag(receipt.application_no, secret)})

    @app.put("/v1/uploads/{upload_id}", response_model=UploadReceipt, responses=_ERRORS, tags=["applications"])
    async def upload(upload_id: str, request: Request, device_id: Device,
                     x_filename: Annotated[str, Header()] = "attachment",
                     content_type: Annotated[str, Header()] = "application/octet-stream") -> UploadReceipt:
        """An attachment, streamed (chunked transfer is fine). Idempotent per id: a kiosk that was
        interrupted simply sends it again."""
        if not re.fullmatch(r"[A-Za-z0-9_-]{8,80}", upload_id):
            raise ApiError(ErrorCode.INVALID_REQUEST, "bad upload id")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_UPLOAD:
                raise ApiError(ErrorCode.UPLOAD_TOO_LARGE, f"uploads are limited to {MAX_UPLOAD // 2**20} MiB")
        digest = await run_in_threadpool(store.put_upload, device_id, upload_id, unquote(x_filename),
                                         content_type, bytes(body))
        return UploadReceipt(upload_id=upload_id, size=len(body), sha256=digest)

    @app.get("/v1/applications/{application_no}", response_model=ApplicationProgress, responses=_ERRORS,
             tags=["applications"])
    def progress(application_no: str, _: Device) -> ApplicationProgress:
        found = store.progress(application_no)
        if found is None:
            raise ApiError(ErrorCode.NOT_FOUND, "no application with this number")
        return found

    # POST, not GET: an ID number must not end up in URLs and access logs.
    @app.post("/v1/applications/query", response_model=ProgressList, responses=_ERRORS, tags=["applications"])
    def query(q: ProgressQuery, _: Device) -> ProgressList:
        return ProgressList(applications=store.progress_by_id_number(q.id_number))

    @app.get("/v1/applications/{application_no}/certificate", responses={200: {"content": {"application/pdf": {}}},
             **_ERRORS}, tags=["applications"])
    def certificate(application_no: str, _: Device) -> Response:
        found = store.application(application_no)
        if found is None or not found.receipt.certificate_available:
            raise ApiError(ErrorCode.NO_CERTIFICATE, "no certificate for this application")
        return Response(render_certificate(found, secret), media_type="application/pdf")

    @app.post("/v1/applications/{application_no}/pickup", response_model=PickupLink, responses=_ERRORS,
              tags=["applications"])
    def pickup(application_no: str, device_id: Device, request: Request) -> PickupLink:
        """A short-lived link for the person's phone to download the certificate (the printer could not)."""
        found = store.application(application_no)
        if found is None or not found.receipt.certificate_available:
            raise ApiError(ErrorCode.NO_CERTIFICATE, "no certificate for this application")
        token, expires = store.create_pickup(application_no, device_id)
        base = (public_url or str(request.base_url)).rstrip("/")
        return PickupLink(url=f"{base}/p/{token}", expires_at=expires, uses=PICKUP_USES)

    @app.get("/t/{application_no}", include_in_schema=False)
    def tracking(application_no: str, v: str = "") -> HTMLResponse:
        """What a phone opens from the receipt's QR code: genuine or not, and how far it has got."""
        progress = store.progress(application_no) if v and tag_matches(application_no, v, secret) else None
        if progress is None:
            return HTMLResponse(unknown_page(), status_code=404, headers={"Cache-Control": "no-store"})
        return HTMLResponse(tracking_page(progress), headers={"Cache-Control": "no-store"})

    @app.get("/p/{token}", include_in_schema=False)
    def pickup_download(token: str) -> Response:
        """What the phone opens: the PDF, or a page that says the link is no longer valid."""
        use = store.use_pickup(token)
        found = store.application(use[0]) if use else None
        if found is None:
            return HTMLResponse(_PICKUP_GONE, status_code=404, headers={"Cache-Control": "no-store"})
        name = f"{found.receipt.application_no}.pdf"
        return Response(render_certificate(found, secret), media_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store",
                                 "Referrer-Policy": "no-referrer"})

    @app.post("/v1/identity/qr", response_model=QrIdentity, responses=_ERRORS, tags=["identity"])
    def resolve_qr(req: QrResolve, _: Device) -> QrIdentity:
        name, id_number = store.resolve_qr_token(req.kind.value, req.token)
        card_type = CardType.E_ID if req.kind is QrTokenKind.E_ID else CardType.E_SSCARD
        return QrIdentity(name=name, id_number=id_number, card_type=card_type)

    @app.post("/v1/identity/sms", response_model=SmsSent, responses=_ERRORS, tags=["identity"])
    def sms_send(req: SmsSend, _: Device) -> SmsSent:
        challenge, masked, expires = sms.send(req.id_number)
        return SmsSent(challenge_id=challenge, mobile_masked=masked, expires_at=expires)

    @app.post("/v1/identity/sms/{challenge_id}", response_model=SmsResult, responses=_ERRORS, tags=["identity"])
    def sms_answer(challenge_id: str, req: SmsAnswer, _: Device) -> SmsResult:
        verified, left = sms.answer(challenge_id, req.code)
        return SmsResult(verified=verified, attempts_left=left)

    # POST: the person's ID number goes in the body, never in a URL or an access log
    @app.post("/v1/enterprises/identify", response_model=EnterpriseIdentity, responses=_ERRORS, tags=["identity"])
    def identify_enterprise(req: EnterpriseIdentify, _: Device) -> EnterpriseIdentity:
        """May this (identified, verified) person act for this enterprise? The register's facts if so."""
        return register.identify(req.uscc, req.id_number)

    @app.post("/v1/evaluations", response_model=EvaluationReceipt, status_code=201, responses=_ERRORS,
              tags=["evaluations"])
    def evaluate(ev: EvaluationSubmit, device_id: Device) -> EvaluationReceipt:
        return store.evaluate(device_id, ev)

    @app.post("/v1/heartbeat", response_model=HeartbeatAnswer, responses=_ERRORS, tags=["devices"])
    def heartbeat(hb: Heartbeat, device_id: Device) -> HeartbeatAnswer:
        commands = store.heartbeat(device_id, hb)
        return HeartbeatAnswer(server_time=dt.datetime.now(dt.timezone.utc), commands=commands)

    # ---------------------------------------------------------------- admin (for operators and tests)

    Admin = Depends(admin)

    @app.post("/v1/admin/pairing-codes", response_model=PairingCode, dependencies=[Admin], tags=["admin"])
    def new_pairing_code() -> PairingCode:
        code, expires = store.create_pairing_code()
        return PairingCode(code=code, expires_at=expires)

    @app.post("/v1/admin/qr-tokens", response_model=QrTokenMinted, dependencies=[Admin], tags=["admin"])
    def mint_qr(req: QrTokenMint) -> QrTokenMinted:
        token, expires = store.mint_qr_token(req.kind.value, req.name, req.id_number)
        return QrTokenMinted(token=token, expires_at=expires)

    @app.post("/v1/admin/people", dependencies=[Admin], tags=["admin"])
    def register_person(p: PersonOnRecord) -> dict[str, str]:
        sms.register(p.id_number, p.mobile)
        return {"registered": p.id_number[:6] + "…"}

    @app.get("/v1/admin/sms", dependencies=[Admin], tags=["admin"])
    def last_sms(mobile: str) -> dict[str, str | None]:
        """The reference platform's stand-in SMS gateway: the last text sent to a number."""
        return {"text": sms.last_sent(mobile)}

    @app.get("/v1/admin/applications/count", dependencies=[Admin], tags=["admin"])
    def count(idempotency_key: str | None = None, bundle_no: str | None = None) -> dict[str, int]:
        if bundle_no:
            return {"count": store.count_members(bundle_no)}
        return {"count": store.count_applications(idempotency_key)}

    @app.get("/v1/admin/applications/latest", dependencies=[Admin], tags=["admin"])
    def latest() -> dict[str, str | None]:
        return {"application_no": store.latest_application_no()}

    @app.post("/v1/admin/applications/{application_no}/status", dependencies=[Admin], tags=["admin"])
    def set_status(application_no: str, status: ApplicationStatus, note: str = "") -> dict[str, str]:
        store.set_status(application_no, status, note)
        return {"status": status.value}

    @app.get("/fleet", response_class=HTMLResponse, dependencies=[Depends(supervisor)], tags=["admin"])
    def fleet_page() -> HTMLResponse:
        return HTMLResponse(render_fleet(store.fleet()))

    @app.get("/v1/admin/devices/{device_id}/heartbeat", response_model=Heartbeat, dependencies=[Admin], tags=["admin"])
    def last_heartbeat(device_id: str) -> Heartbeat:
        entry = next((e for e in store.fleet() if e.device_id == device_id), None)
        if entry is None or entry.heartbeat is None:
            raise ApiError(ErrorCode.NOT_FOUND, "no heartbeat from this device")
        return entry.heartbeat

    @app.post("/v1/admin/devices/{device_id}/revoke", dependencies=[Admin], tags=["admin"])
    def revoke(device_id: str) -> dict[str, str]:
        store.revoke(device_id)
        return {"revoked": device_id}

    @app.post("/v1/admin/devices/{device_id}/commands", dependencies=[Admin], tags=["admin"])
    def queue_command(device_id: str, command: KioskCommand) -> dict[str, str]:
        store.queue_command(device_id, command.value)
        return {"queued": command.value}

    return app
