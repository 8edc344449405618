"""A person at a kiosk: grants (this kiosk may read this person's data for a short while), identity by
e-ID code and SMS code, enterprise links, and every read of personal data — each bound to a grant.
Rate limits per kiosk and per person keep a stolen kiosk from harvesting."""

# No `from __future__ import annotations`: FastAPI resolves the Annotated aliases at runtime.

import datetime as dt
import hashlib

from fastapi import APIRouter, Path, Request, Response

from api_schema.models import (
    APPLICATION_NO_PATTERN, CardType, EnterpriseIdentify, EnterpriseIdentity, ErrorCode, Grant, GrantLevel,
    GrantRequest, PickupLink, ProgressList, ProgressQuery, QrIdentity, QrResolve, QrTokenKind, SmsAnswer, SmsResult,
    SmsSend, SmsSent, Verification,
)

from .certificates import render_certificate
from .deps import GrantHeader, Kiosk, Platform, person, utcnow
from .errors import ApiError, responses
from .store_auth import GRANT_TTL
from .store_pickups import PICKUP_USES
from .verification import check_applicant, record_level

HOUR = 3600.0
# (events, window): a kiosk serves a person every few minutes at most; a person visits a few times a day
LIMITS = {"grant:kiosk": (120, HOUR), "grant:person": (20, HOUR), "sms:kiosk": (30, HOUR), "sms:person": (5, HOUR),
          "qr:kiosk": (120, HOUR)}


def _person_key(id_number: str) -> str:
    return hashlib.sha256(id_number.strip().upper().encode()).hexdigest()[:24]


def router(platform: Platform) -> APIRouter:
    api = APIRouter()
    store = platform.store

    def limit(kind: str, who: str) -> None:
        events, window = LIMITS[kind]
        if not store.hit(f"{kind}:{who}", events, window):
            raise ApiError(ErrorCode.RATE_LIMITED, "too many requests of this kind; try again later")

    def grant_for(device_id: str, id_number: str, level: GrantLevel) -> tuple[str, dt.datetime]:
        limit("grant:kiosk", device_id)
        limit("grant:person", _person_key(id_number))
        return store.issue_grant(device_id, id_number, level.value)

    @api.post("/v1/grants", response_model=Grant, status_code=201, responses=responses(401, 413, 422, 429),
              tags=["identity"])
    def grant(req: GrantRequest, device_id: Kiosk) -> Grant:
        """The kiosk vouches, with its signature, that this person is here: their card was read (level
        card) and, for level verified, they passed the real-person check. Bound to this kiosk and person."""
        number = check_applicant(req.applicant)
        level = record_level(req.verification, utcnow(), GRANT_TTL, platform.stand_ins,
                             lambda since: platform.sms.verified_since(device_id, number, since))
        value, expires = grant_for(device_id, number, level)
        return Grant(grant=value, level=level, expires_at=expires)

    @api.post("/v1/identity/qr", response_model=QrIdentity, responses=responses(401, 404, 413, 422, 429),
              tags=["identity"])
    def resolve_qr(req: QrResolve, device_id: Kiosk) -> QrIdentity:
        """An e-ID / e-social-security code: the person, verified by their own app, and a grant for them here."""
        limit("qr:kiosk", device_id)
        name, id_number = store.resolve_qr_token(req.kind.value, req.token)
        card_type = CardType.E_ID if req.kind is QrTokenKind.E_ID else CardType.E_SSCARD
        value, expires = grant_for(device_id, id_number, GrantLevel.VERIFIED)
        return QrIdentity(name=name, id_number=id_number, card_type=card_type, grant=value, grant_expires_at=expires)

    @api.post("/v1/identity/sms", response_model=SmsSent, responses=responses(401, 404, 413, 422, 429),
              tags=["identity"])
    def sms_send(req: SmsSend, device_id: Kiosk) -> SmsSent:
        limit("sms:kiosk", device_id)
        limit("sms:person", _person_key(req.id_number))
        challenge, masked, expires = platform.sms.send(req.id_number, device_id)
        return SmsSent(challenge_id=challenge, mobile_masked=masked, expires_at=expires)

    @api.post("/v1/identity/sms/{challenge_id}", response_model=SmsResult, responses=responses(401, 404, 413, 422),
              tags=["identity"])
    def sms_answer(req: SmsAnswer, device_id: Kiosk,
                   challenge_id: str = Path(pattern=r"^[A-Za-z0-9_-]{16,64}$")) -> SmsResult:
        """Only the kiosk that asked for the code can answer it; a right answer brings a grant."""
        verified, left, id_number = platform.sms.answer(challenge_id, req.code, device_id)
        if not verified:
            return SmsResult(verified=False, attempts_left=left)
        value, expires = grant_for(device_id, id_number, GrantLevel.VERIFIED)
        return SmsResult(verified=True, attempts_left=left, grant=value, grant_expires_at=expires)

    # POST: the person's ID number goes in the body, never in a URL or an access log
    @api.post("/v1/enterprises/identify", response_model=EnterpriseIdentity,
              responses=responses(401, 403, 404, 413, 422), tags=["identity"])
    def identify_enterprise(req: EnterpriseIdentify, device_id: Kiosk, x_person_grant: GrantHeader = None) -> EnterpriseIdentity:
        """May this person (verified here: the grant) act for this enterprise? The register's facts if so."""
        person(store, device_id, x_person_grant, GrantLevel.VERIFIED, req.id_number)
        return platform.register.identify(req.uscc, req.id_number)

    @api.post("/v1/applications/query", response_model=ProgressList, responses=responses(401, 403, 413, 422),
              tags=["applications"])
    def query(q: ProgressQuery, device_id: Kiosk, x_person_grant: GrantHeader = None) -> ProgressList:
        """The person's own applications (their card read here at least: the grant)."""
        holder = person(store, device_id, x_person_grant, GrantLevel.CARD, q.id_number)
        return ProgressList(applications=store.progress_by_id_number(holder.id_number))

    def own_certificate(application_no: str, device_id: str, grant: str | None):  # noqa: ANN202
        found = store.application(application_no)
        if found is None or not found.receipt.certificate_available:
            raise ApiError(ErrorCode.NO_CERTIFICATE, "no certificate for this application")
        need = GrantLevel.VERIFIED if found.item.verification is Verification.FACE else GrantLevel.CARD
        person(store, device_id, grant, need, found.id_number)
        return found

    number = Path(pattern=APPLICATION_NO_PATTERN, description="办件号")

    @api.get("/v1/applications/{application_no}/certificate", responses={
        200: {"content": {"application/pdf": {}}}, **responses(401, 403, 404, 413, 422)}, tags=["applications"])
    def certificate(device_id: Kiosk, x_person_grant: GrantHeader = None, application_no: str = number) -> Response:
        found = own_certificate(application_no, device_id, x_person_grant)
        return Response(render_certificate(found, platform.secret), media_type="application/pdf",
                        headers={"Cache-Control": "no-store"})

    @api.post("/v1/applications/{application_no}/pickup", response_model=PickupLink,
              responses=responses(401, 403, 404, 413, 422), tags=["applications"])
    def pickup(request: Request, device_id: Kiosk, x_person_grant: GrantHeader = None,
               application_no: str = number) -> PickupLink:
        """A short-lived link for the person's phone to download their certificate (the printer could not)."""
        own_certificate(application_no, device_id, x_person_grant)
        token, expires = store.create_pickup(application_no, device_id)
        base = (platform.public_url or str(request.base_url)).rstrip("/")
        return PickupLink(url=f"{base}/p/{token}", expires_at=expires, uses=PICKUP_USES)

    return api
