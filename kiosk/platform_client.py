"""HTTP client of the central platform (API v1): timeouts, TLS verification, the kiosk's signature on
every request (RFC 9421, its Ed25519 key) with a short-lived access token renewed by itself, grants for
personal data, Idempotency-Keys; every failure becomes one named PlatformError with a message code for
the screen.

Nothing personal is logged: only method, path, status and timings.
"""

from __future__ import annotations

import datetime as dt
import json as _json
import logging
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable, Iterator, TypeVar
from urllib.parse import quote

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, ValidationError

from api_schema.models import (
    GRANT_HEADER, AccessToken, Applicant, Grant, GrantRequest, VerificationRecord, ApplicationProgress, ApplicationReceipt, ApplicationSubmit, Catalog, EnrolRequest, EnrolResponse,
    EnterpriseIdentify, EnterpriseIdentity, ErrorResponse, EvaluationReceipt, EvaluationSubmit, Heartbeat, HeartbeatAnswer, ProgressList, ProgressQuery,
    PickupLink, QrIdentity, QrResolve, QrTokenKind, UploadReceipt,
    SmsAnswer, SmsResult, SmsSend, SmsSent,
)

from api_schema.analytics import ReportReceipt, SessionReport
from api_schema.releases import UpdateCheck
from api_schema.signatures import content_digest, digest_from_sha256, public_pem, sign

from .config import PlatformSection
from .device_identity import DeviceIdentity, DeviceKey, IdentityMissing

log = logging.getLogger("kiosk.platform")
M = TypeVar("M", bound=BaseModel)


class PlatformError(Exception):
    """Base of every platform failure. `code` keys a human message (kiosk.messages); `retryable`
    says whether the same request may be sent again later (transport errors and 5xx)."""

    code = "platform_error"
    retryable = False

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotEnrolled(PlatformError):
    code = "platform_not_enrolled"


class PlatformUnreachable(PlatformError):
    code = "platform_unreachable"
    retryable = True


class PlatformServerError(PlatformError):
    code = "platform_server_error"
    retryable = True


class PlatformProtocolError(PlatformError):
    """The platform answered something this kiosk cannot understand (malformed JSON, wrong shape)."""
    code = "platform_protocol_error"
    retryable = True


class DeviceRevoked(PlatformError):
    """The platform revoked this kiosk's identity (stolen, retired, re-enrolled elsewhere): it stops
    sending and says so on its screen; everything queued stays queued for a new enrolment."""
    code = "platform_device_revoked"


class PlatformAuthFailed(PlatformError):
    """The platform did not accept who we are (401) after a renewal: not a verdict on the request, so
    an outbox keeps the item and tries later (a clock put right, a platform restored)."""
    code = "platform_auth_failed"
    retryable = True

    def __init__(self, error_code: str, detail: str) -> None:
        super().__init__(detail)
        self.error_code = error_code


class PlatformBusy(PlatformError):
    """Too many requests of a kind (429): later."""
    code = "platform_busy"
    retryable = True


class PlatformRejected(PlatformError):
    """A permanent 4xx answer: sending the same request again will not help."""
    code = "platform_rejected"

    def __init__(self, status: int, error_code: str, detail: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.error_code = error_code
        self.fields = fields or {}


@dataclass(frozen=True)
class CatalogFetch:
    catalog: Catalog | None   # None: unchanged since `etag` (304)
    etag: str


class PlatformClient:
    def __init__(self, cfg: PlatformSection) -> None:
        self.cfg = cfg
        self.base = cfg.url.rstrip("/")
        self._http = requests.Session()
        self._http.headers["User-Agent"] = "open-gov-kiosk/0.1"
        # Passed on every request: a Session's `verify` loses to REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE
        # from the environment, and the configured platform CA must win.
        self._verify: bool | str = cfg.ca_file or cfg.verify_tls
        self.identity = DeviceIdentity(Path(cfg.key_file))
        self._key: DeviceKey | None = None
        self._token: tuple[str, float] | None = None          # (access token, expiry on the monotonic clock)
        self._token_lock = threading.Lock()
        self._clock_offset = 0.0                              # the platform's clock minus ours (its Date header)
        self.revoked = self.identity.revoked

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------ identity and credentials

    def _device_key(self) -> DeviceKey:
        if self._key is None:
            try:
                self._key = self.identity.load()
            except IdentityMissing as exc:
                raise NotEnrolled(str(exc)) from None
        return self._key

    def is_enrolled(self) -> bool:
        try:
            self._device_key()
        except NotEnrolled:
            return False
        return True

    def device_id(self) -> str:
        """The platform's id of this kiosk ("" before enrolment)."""
        return self.identity.device_id()

    def enrol(self, pairing_code: str, kiosk_name: str) -> EnrolResponse:
        """Exchange a one-time pairing code for a device id bound to a new key made here (stored 0600).
        An enrolled kiosk signs the request with its old key, and the platform revokes the old identity."""
        key = Ed25519PrivateKey.generate()
        body = EnrolRequest(pairing_code=pairing_code, kiosk_name=kiosk_name, public_key_pem=public_pem(key))
        replacing = self.is_enrolled()
        answer = self._call("POST", "/v1/enrol", EnrolResponse, json=body.model_dump(mode="json"),
                            auth="signed" if replacing else "none")
        self.identity.save(answer.device_id, key)
        with self._token_lock:
            self._key, self._token, self.revoked = DeviceKey(answer.device_id, key), None, False
        return answer

    def _access_token(self, renew: bool = False) -> str:
        """A live access token, renewed a minute before it expires (or at once when `renew`)."""
        with self._token_lock:
            if self._token is not None and not renew and self._token[1] - time.monotonic() > 60:
                return self._token[0]
            previous = self._token[0] if self._token else None
            resp = self._send_signed("POST", "/v1/auth/token", b"", {}, token=previous)
            if resp.status_code == 401 and _error_code(resp) == "signature_expired":
                # our clock is off: the refusal's Date taught us the platform's time; sign on it
                log.warning("kiosk clock off by %+.0f s from the platform's: signing on the platform's time",
                            -self._clock_offset)
                resp = self._send_signed("POST", "/v1/auth/token", b"", {}, token=previous)
            answer = self._parse(resp, AccessToken)
            lifetime = (answer.expires_at - self._platform_now()).total_seconds()
            self._token = (answer.access_token, time.monotonic() + max(lifetime, 0.0))
            return answer.access_token

    @property
    def clock_offset_s(self) -> float:
        """The platform's clock minus this kiosk's, as last learnt (0 within 2 s): told in the heartbeat."""
        return self._clock_offset

    def _platform_now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(time.time() + self._clock_offset, dt.timezone.utc)

    def _learn_clock(self, resp: requests.Response) -> None:
        """A kiosk's clock can be far off (no NTP in a park): signatures carry the platform's time."""
        try:
            server = parsedate_to_datetime(resp.headers["Date"]).timestamp()
        except (KeyError, TypeError, ValueError):
            return
        offset = server - time.time()
        self._clock_offset = offset if abs(offset) > 2 else 0.0

    # ------------------------------------------------------------ API

    def fetch_catalog(self, etag: str = "") -> CatalogFetch:
        headers = {"If-None-Match": etag} if etag else {}
        resp = self._send("GET", "/v1/catalog", headers=headers)
        if resp.status_code == 304:
            return CatalogFetch(None, etag)
        return CatalogFetch(self._parse(resp, Catalog), resp.headers.get("ETag", ""))

    def grant(self, applicant: Applicant, verification: VerificationRecord) -> Grant:
        """This kiosk vouches that the person is here and verified: a grant to read their data, for a while."""
        return self._call("POST", "/v1/grants", Grant,
                          json=GrantRequest(applicant=applicant, verification=verification).model_dump(mode="json"))

    def resolve_qr(self, kind: QrTokenKind, token: str) -> QrIdentity:
        return self._call("POST", "/v1/identity/qr", QrIdentity, json=QrResolve(kind=kind, token=token).model_dump(
            mode="json"))

    def identify_enterprise(self, uscc: str, id_number: str, grant: str) -> EnterpriseIdentity:
        body = EnterpriseIdentify(uscc=uscc, id_number=id_number)
        return self._call("POST", "/v1/enterprises/identify", EnterpriseIdentity, json=body.model_dump(mode="json"),
                          grant=grant)

    def sms_send(self, id_number: str) -> SmsSent:
        """The platform sends a code to the number it has on record (the kiosk only sees it masked)."""
        return self._call("POST", "/v1/identity/sms", SmsSent, json=SmsSend(id_number=id_number).model_dump(mode="json"))

    def sms_answer(self, challenge_id: str, code: str) -> SmsResult:
        return self._call("POST", f"/v1/identity/sms/{challenge_id}", SmsResult,
                          json=SmsAnswer(code=code).model_dump(mode="json"))

    def upload(self, upload_id: str, filename: str, content_type: str, chunks: Callable[[], Iterator[bytes]],
               sha256: str) -> UploadReceipt:
        """Stream an attachment (chunked transfer: never whole in memory). `chunks` makes the stream anew
        (a retry after renewing the token sends it again); `sha256` is the body's, signed beforehand."""
        return self._call("PUT", f"/v1/uploads/{upload_id}", UploadReceipt, data=chunks, digest=sha256,
                          headers={"Content-Type": content_type, "X-Filename": quote(filename)})

    def submit(self, payload: ApplicationSubmit, idempotency_key: str) -> ApplicationReceipt:
        return self.submit_json(payload.model_dump_json().encode(), idempotency_key)

    def submit_json(self, body: bytes, idempotency_key: str) -> ApplicationReceipt:
        """The outbox sends the very bytes it stored: no re-serialisation between store and wire."""
        return self._call("POST", "/v1/applications", ApplicationReceipt, data=body,
                          headers={"Idempotency-Key": idempotency_key, "Content-Type": "application/json"})

    def progress(self, application_no: str) -> ApplicationProgress:
        return self._call("GET", f"/v1/applications/{quote(application_no, safe='')}", ApplicationProgress)

    def query_by_id_number(self, id_number: str, grant: str) -> ProgressList:
        return self._call("POST", "/v1/applications/query", ProgressList,
                          json=ProgressQuery(id_number=id_number).model_dump(), grant=grant)

    def certificate(self, application_no: str, grant: str) -> bytes:
        resp = self._send("GET", f"/v1/applications/{quote(application_no, safe='')}/certificate", grant=grant)
        self._raise_for_status(resp)
        if not resp.content.startswith(b"%PDF"):
            raise PlatformProtocolError("certificate is not a PDF")
        return resp.content

    def pickup_link(self, application_no: str, grant: str) -> PickupLink:
        return self._call("POST", f"/v1/applications/{quote(application_no, safe='')}/pickup", PickupLink, grant=grant)

    def evaluate(self, evaluation: EvaluationSubmit) -> EvaluationReceipt:
        return self._call("POST", "/v1/evaluations", EvaluationReceipt, json=evaluation.model_dump(mode="json"))

    def heartbeat(self, hb: Heartbeat) -> HeartbeatAnswer:
        return self._call("POST", "/v1/heartbeat", HeartbeatAnswer, json=hb.model_dump(mode="json"))

    def report_session(self, report: SessionReport) -> ReportReceipt:
        """A visit's anonymous report (idempotent by its random id)."""
        return self._call("POST", "/v1/analytics/sessions", ReportReceipt, json=report.model_dump(mode="json"))

    def update_check(self) -> UpdateCheck:
        """The system release the platform wants this kiosk to run (the appliance's updater asks)."""
        return self._call("GET", "/v1/update", UpdateCheck)

    def download(self, path: str, start: int = 0) -> requests.Response:
        """A release's bytes from `start` on, streamed (the caller reads and closes it): 206 when the
        platform resumed there, 200 when it sends the whole again."""
        resp = self._send("GET", path, headers={"Range": f"bytes={start}-"} if start else {}, stream=True)
        if resp.status_code not in (200, 206):
            try:
                self._raise_for_status(resp)
            finally:
                resp.close()
            raise PlatformProtocolError(f"download answered HTTP {resp.status_code}")
        return resp

    # ------------------------------------------------------------ plumbing

    def _call(self, method: str, path: str, model: type[M], **kw: object) -> M:
        resp = self._send(method, path, **kw)  # type: ignore[arg-type]
        return self._parse(resp, model)

    def _send(self, method: str, path: str, *, auth: str = "token", headers: dict[str, str] | None = None,
              json: object = None, data: bytes | Callable[[], Iterator[bytes]] | None = None, digest: str = "",
              grant: str = "", stream: bool = False) -> requests.Response:
        """One request. `auth`: "token" (signed, with an access token: every API call), "signed" (signed
        only), "none" (enrolment). A token the platform no longer takes (expired, renewed by another
        process) is renewed once; a signature refused for the clock is sent again on the platform's time."""
        if self.revoked and auth != "none":
            raise DeviceRevoked("this kiosk was revoked by the platform: enrol it again")
        hdrs = dict(headers or {})
        if grant:
            hdrs[GRANT_HEADER] = grant
        body: bytes | Callable[[], Iterator[bytes]] = data if data is not None else b""
        if json is not None:
            body = _json.dumps(json, ensure_ascii=False, separators=(",", ":")).encode()
            hdrs["Content-Type"] = "application/json"
        if auth == "none":
            return self._transmit(method, path, hdrs, body, stream)
        for attempt in range(2):
            token = self._access_token(renew=attempt > 0) if auth == "token" else None
            resp = self._send_signed(method, path, body, hdrs, token=token, digest=digest, stream=stream)
            code = _error_code(resp) if resp.status_code == 401 else ""
            if code not in ("credential_expired", "signature_expired") or attempt:
                return resp
            log.info("%s %s: %s; once more", method, path, code)
        return resp

    def _send_signed(self, method: str, path: str, body: bytes | Callable[[], Iterator[bytes]], headers: dict[str, str],
                     token: str | None = None, digest: str = "", stream: bool = False) -> requests.Response:
        device = self._device_key()
        hdrs = dict(headers)
        if token:
            hdrs["Authorization"] = f"Bearer {token}"
        hdrs["Content-Digest"] = digest_from_sha256(digest) if digest else content_digest(
            body if isinstance(body, bytes) else b"")
        hdrs.update(sign(device.key, device.device_id, method, path, "", hdrs, now=time.time() + self._clock_offset))
        resp = self._transmit(method, path, hdrs, body, stream)
        self._learn_clock(resp)
        if resp.status_code == 401 and _error_code(resp) == "device_revoked":
            self.revoked = True
            self.identity.mark_revoked()
            log.error("the platform revoked this kiosk's identity: not sending anything more")
            raise DeviceRevoked("this kiosk was revoked by the platform: enrol it again")
        return resp

    def _transmit(self, method: str, path: str, headers: dict[str, str],
                  body: bytes | Callable[[], Iterator[bytes]], stream: bool = False) -> requests.Response:
        start = time.monotonic()
        try:
            resp = self._http.request(method, self.base + path, headers=headers, verify=self._verify,
                                      data=body() if callable(body) else (body or None), stream=stream,
                                      timeout=(self.cfg.connect_timeout_s, self.cfg.read_timeout_s))
        except requests.exceptions.SSLError as exc:
            log.warning("%s %s: TLS failure", method, path)
            raise PlatformUnreachable(f"TLS verification failed: {type(exc).__name__}") from None
        except requests.exceptions.RequestException as exc:
            log.warning("%s %s: %s after %.2fs", method, path, type(exc).__name__, time.monotonic() - start)
            raise PlatformUnreachable(f"{type(exc).__name__} talking to the platform") from None
        log.info("%s %s -> %d in %.3fs", method, path, resp.status_code, time.monotonic() - start)
        return resp

    @staticmethod
    def _raise_for_status(resp: requests.Response) -> None:
        if resp.status_code < 400:
            return
        if resp.status_code >= 500:
            raise PlatformServerError(f"platform answered HTTP {resp.status_code}")
        try:
            err = ErrorResponse.model_validate_json(resp.content).error
        except ValidationError:
            raise PlatformRejected(resp.status_code, "unknown", f"HTTP {resp.status_code} without an error body") \
                from None
        if resp.status_code == 401:            # who we are, not what we sent: the request itself may be fine
            raise PlatformAuthFailed(err.code.value, err.message)
        if resp.status_code == 429:
            raise PlatformBusy(err.message)
        raise PlatformRejected(resp.status_code, err.code.value, err.message, err.fields)

    def _parse(self, resp: requests.Response, model: type[M]) -> M:
        self._raise_for_status(resp)
        try:
            return model.model_validate_json(resp.content)
        except ValidationError as exc:
            raise PlatformProtocolError(f"unexpected answer for {model.__name__}: {exc.error_count()} problems") \
                from None


def _error_code(resp: requests.Response) -> str:
    try:
        return ErrorResponse.model_validate_json(resp.content).error.code.value
    except ValidationError:
        return ""
