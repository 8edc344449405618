"""The kiosk as a device: enrolment with its public key, short-lived access tokens, the catalog, the
heartbeat."""

# No `from __future__ import annotations`: FastAPI resolves the Annotated aliases at runtime.

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response

from api_schema.models import (
    AccessToken, EnrolRequest, EnrolResponse, ErrorCode, Heartbeat, HeartbeatAnswer,
)
from api_schema.analytics import ReportReceipt, SessionReport
from api_schema.signatures import SignatureError, fingerprint, load_public_key

from .deps import Kiosk, Platform, signed_kiosk
from .errors import ApiError, responses
from .gate import Caller


def router(platform: Platform) -> APIRouter:
    api = APIRouter()
    store = platform.store

    @api.post("/v1/enrol", response_model=EnrolResponse, responses=responses(401, 403, 413, 422), tags=["devices"])
    def enrol(req: EnrolRequest, request: Request) -> EnrolResponse:
        """A one-time pairing code and the kiosk's Ed25519 public key → its device id. A kiosk enrolling
        again signs this request with its old key: the old identity is revoked in the same step."""
        try:
            load_public_key(req.public_key_pem)
        except SignatureError as exc:
            raise ApiError(ErrorCode.BAD_PUBLIC_KEY, exc.message) from None
        caller: Caller | None = request.scope.get("state", {}).get("caller")
        device_id = store.enrol(req.pairing_code, req.kiosk_name, req.public_key_pem,
                                replaces=caller.device_id if caller else None)
        return EnrolResponse(device_id=device_id, key_fingerprint=fingerprint(req.public_key_pem))

    @api.post("/v1/auth/token", response_model=AccessToken, responses=responses(401, 413), tags=["devices"])
    def token(caller: Annotated[Caller, Depends(signed_kiosk)]) -> AccessToken:
        """A short-lived access token for the signing kiosk. Sent with a token, it renews that one: the
        old token stops working at once."""
        value, expires = store.issue_token(caller.device_id, previous=caller.token)
        return AccessToken(access_token=value, expires_at=expires)

    @api.get("/v1/catalog", responses={200: {"content": {"application/json": {}}}, 304: {},
                                       **responses(401, 413)}, tags=["catalog"])
    def catalog(_: Kiosk, if_none_match: Annotated[str | None, Header(max_length=128)] = None) -> Response:
        etag, body = store.catalog()
        if if_none_match == etag:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(body, media_type="application/json", headers={"ETag": etag, "Cache-Control": "no-cache"})

    @api.post("/v1/heartbeat", response_model=HeartbeatAnswer, responses=responses(401, 413, 422), tags=["devices"])
    def heartbeat(hb: Heartbeat, device_id: Kiosk) -> HeartbeatAnswer:
        return store.heartbeat(device_id, hb)

    @api.post("/v1/analytics/sessions", response_model=ReportReceipt, responses=responses(401, 413, 422),
              tags=["devices"])
    def session_report(report: SessionReport, device_id: Kiosk) -> ReportReceipt:
        """A visit's anonymous report (screens, durations, how it ended; nothing of the person), sent by
        the kiosk's outbox when the visit ends; a retry of the same report is accepted once."""
        return ReportReceipt(report_id=report.report_id, new=store.keep_report(device_id, report))

    return api
