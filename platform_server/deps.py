"""What the routes share: the platform's parts, and who is calling — a kiosk (authenticated by the
gate), the person a kiosk holds a grant for, or an operator (a browser session or the service token).
"""

# No `from __future__ import annotations`: FastAPI resolves the Annotated aliases at runtime.

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import Cookie, Depends, Header, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api_schema.models import GRANT_HEADER, ErrorCode, GrantLevel

from .enterprises import EnterpriseRegister
from .errors import ApiError
from .gate import Caller
from .operators import Operator, Operators, Role
from .sms import SmsVerification
from .store import PlatformStore

SESSION_COOKIE = "kp_session"

# For the OpenAPI document: what the gate checks before a route runs (see gate.py).
SIGNATURE = APIKeyHeader(name="Signature", scheme_name="KioskSignature", auto_error=False, description=(
    "RFC 9421 HTTP message signature labelled `kiosk` with the kiosk's Ed25519 key (keyid = device id), covering "
    "@method @path @query content-digest (and authorization when a token is sent), with created and nonce; "
    "with Signature-Input and an RFC 9530 Content-Digest (sha-256) of the body. See api_schema/signatures.py."))
ACCESS_TOKEN = HTTPBearer(scheme_name="AccessToken", auto_error=False,
                          description="a short-lived token from POST /v1/auth/token, valid only with the signature")
SERVICE_TOKEN = HTTPBearer(scheme_name="ServiceToken", auto_error=False,
                           description="the operators' service token (administrator; from a 0600 file or the environment)")


@dataclass
class Platform:
    store: PlatformStore
    operators: Operators
    sms: SmsVerification
    register: EnterpriseRegister
    secret: bytes                          # certificates' 验证码 and receipts' tracking tags
    public_url: str | None
    stand_ins: bool                        # the e-ID issuer, SMS gateway and test verification of the demo and tests


def signed_kiosk(request: Request, _: Annotated[str | None, Security(SIGNATURE)] = None) -> Caller:
    caller = request.scope.get("state", {}).get("caller")
    if caller is None:
        raise ApiError(ErrorCode.UNAUTHENTICATED, "this call needs the kiosk's signature")
    return caller


def kiosk(caller: Annotated[Caller, Depends(signed_kiosk)],
          _: Annotated[HTTPAuthorizationCredentials | None, Security(ACCESS_TOKEN)] = None) -> str:
    """The device id of the calling kiosk (signature and access token checked by the gate)."""
    if caller.token is None:
        raise ApiError(ErrorCode.UNAUTHENTICATED, "an access token is required")
    return caller.device_id


Kiosk = Annotated[str, Depends(kiosk)]
GrantHeader = Annotated[str | None, Header(alias=GRANT_HEADER, min_length=16, max_length=64,
                                           description="the grant for the person at this kiosk (POST /v1/grants, "
                                                       "or from an e-ID code or an SMS code)")]


@dataclass(frozen=True)
class Person:
    id_number: str
    level: GrantLevel


def person(store: PlatformStore, device_id: str, grant: str | None, need: GrantLevel,
           id_number: str | None = None) -> Person:
    """The person this kiosk holds a live grant for, at least at level `need` and, when given, this person."""
    if not grant:
        raise ApiError(ErrorCode.GRANT_REQUIRED, "personal data: the person must be identified and verified here")
    found = store.grant(device_id, grant)
    if found is None:
        raise ApiError(ErrorCode.GRANT_REQUIRED, "the grant is unknown, expired, or not this kiosk's")
    holder = Person(found[0], GrantLevel(found[1]))
    if need is GrantLevel.VERIFIED and holder.level is not GrantLevel.VERIFIED:
        raise ApiError(ErrorCode.GRANT_REQUIRED, "this needs the person verified (face check, SMS or e-ID)")
    if id_number is not None and not hmac.compare_digest(id_number.strip().upper(), holder.id_number):
        raise ApiError(ErrorCode.GRANT_MISMATCH, "the grant is for another person")
    return holder


def operator_from(request: Request, platform: Platform, session: str | None,
                  bearer: HTTPAuthorizationCredentials | None) -> Operator | None:
    if bearer is not None:
        return platform.operators.service(bearer.credentials)
    if session:
        return platform.operators.session(session)
    return None


def require(role: Role):  # noqa: ANN201 - a FastAPI dependency
    """An operator with at least `role`; a browser session must also send its CSRF token on a change."""
    async def dependency(request: Request, kp_session: Annotated[str | None, Cookie(max_length=64)] = None,
                   bearer: Annotated[HTTPAuthorizationCredentials | None, Security(SERVICE_TOKEN)] = None,
                   x_csrf_token: Annotated[str | None, Header(max_length=64)] = None) -> Operator:
        platform: Platform = request.app.state.platform
        who = operator_from(request, platform, kp_session, bearer)
        if who is None:
            raise ApiError(ErrorCode.UNAUTHENTICATED, "operator login required")
        if who.role < role:
            platform.operators.audit(who.username, f"denied {request.method} {request.url.path}", "", ok=False,
                                     source=client_of(request))
            raise ApiError(ErrorCode.FORBIDDEN, f"this needs the {role.name.lower()} role")
        if who.csrf and request.method not in ("GET", "HEAD"):
            sent = x_csrf_token or (await form_of(request)).get("csrf", "")
            if not hmac.compare_digest(sent.encode(), who.csrf.encode()):
                raise ApiError(ErrorCode.CSRF_FAILED, "the form is stale or not from this site: reload the page")
        return who
    return dependency


async def form_of(request: Request) -> dict[str, str]:
    """An HTML form's fields (application/x-www-form-urlencoded; the gate bounded the body)."""
    if not hasattr(request.state, "form"):
        raw = await request.body()
        try:
            pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
        except (UnicodeDecodeError, ValueError):
            pairs = []
        request.state.form = {k: v for k, v in pairs}
    return request.state.form


def client_of(request: Request) -> str:
    return request.client.host if request.client else "?"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
