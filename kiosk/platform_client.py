"""HTTP client of the central platform (API v1): timeouts, TLS verification, the device token,
Idempotency-Keys; every failure becomes one named PlatformError with a message code for the screen.

Nothing personal is logged: only method, path, status and timings.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, TypeVar
from urllib.parse import quote

import requests
from pydantic import BaseModel, ValidationError

from api_schema.models import (
    ApplicationProgress, ApplicationReceipt, ApplicationSubmit, Catalog, EnrolRequest, EnrolResponse,
    EnterpriseIdentify, EnterpriseIdentity, ErrorResponse, EvaluationReceipt, EvaluationSubmit, Heartbeat, HeartbeatAnswer, ProgressList, ProgressQuery,
    PickupLink, QrIdentity, QrResolve, QrTokenKind, UploadReceipt,
    SmsAnswer, SmsResult, SmsSend, SmsSent,
)

from .config import PlatformSection

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
        self._token: str | None = None

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------ token

    @property
    def token_path(self) -> Path:
        return Path(self.cfg.token_file)

    def token(self) -> str:
        if self._token is None:
            try:
                self._token = self.token_path.read_text().strip() or None
            except FileNotFoundError:
                self._token = None
            except OSError as exc:
                raise NotEnrolled(f"cannot read the device token: {exc.strerror}") from None
        if not self._token:
            raise NotEnrolled("this kiosk has no device token: enrol it with a pairing code")
        return self._token

    def is_enrolled(self) -> bool:
        try:
            self.token()
        except NotEnrolled:
            return False
        return True

    def enrol(self, pairing_code: str, kiosk_name: str, public_key_pem: str | None = None) -> EnrolResponse:
        """Exchange a one-time pairing code for a device id and token; the token is stored 0600."""
        body = EnrolRequest(pairing_code=pairing_code, kiosk_name=kiosk_name, public_key_pem=public_key_pem)
        answer = self._call("POST", "/v1/enrol", EnrolResponse, json=body.model_dump(mode="json"), auth=False)
        path = self.token_path
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(answer.token)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        self.device_id_path.write_text(answer.device_id + "\n")   # not a secret: printed on status slips
        self._token = answer.token
        return answer

    @property
    def device_id_path(self) -> Path:
        return self.token_path.with_name("device-id")

    def device_id(self) -> str:
        """The platform's id of this kiosk ("" before enrolment)."""
        try:
            return self.device_id_path.read_text().strip()
        except OSError:
            return ""

    # ------------------------------------------------------------ API

    def fetch_catalog(self, etag: str = "") -> CatalogFetch:
        headers = {"If-None-Match": etag} if etag else {}
        resp = self._send("GET", "/v1/catalog", headers=headers)
        if resp.status_code == 304:
            return CatalogFetch(None, etag)
        return CatalogFetch(self._parse(resp, Catalog), resp.headers.get("ETag", ""))

    def resolve_qr(self, kind: QrTokenKind, token: str) -> QrIdentity:
        return self._call("POST", "/v1/identity/qr", QrIdentity, json=QrResolve(kind=kind, token=token).model_dump(
            mode="json"))

    def identify_enterprise(self, uscc: str, id_number: str) -> EnterpriseIdentity:
        body = EnterpriseIdentify(uscc=uscc, id_number=id_number)
        return self._call("POST", "/v1/enterprises/identify", EnterpriseIdentity, json=body.model_dump(mode="json"))

    def sms_send(self, id_number: str) -> SmsSent:
        """The platform sends a code to the number it has on record (the kiosk only sees it masked)."""
        return self._call("POST", "/v1/identity/sms", SmsSent, json=SmsSend(id_number=id_number).model_dump(mode="json"))

    def sms_answer(self, challenge_id: str, code: str) -> SmsResult:
        return self._call("POST", f"/v1/identity/sms/{challenge_id}", SmsResult,
                          json=SmsAnswer(code=code).model_dump(mode="json"))

    def upload(self, upload_id: str, filename: str, content_type: str, chunks: Iterator[bytes]) -> UploadReceipt:
        """Stream an attachment (chunked transfer: never whole in memory)."""
        return self._call("PUT", f"/v1/uploads/{upload_id}", UploadReceipt, data=chunks,
                          headers={"Content-Type": content_type, "X-Filename": quote(filename)})

    def submit(self, payload: ApplicationSubmit, idempotency_key: str) -> ApplicationReceipt:
        return self.submit_json(payload.model_dump_json().encode(), idempotency_key)

    def submit_json(self, body: bytes, idempotency_key: str) -> ApplicationReceipt:
        """The outbox sends the very bytes it stored: no re-serialisation between store and wire."""
        return self._call("POST", "/v1/applications", ApplicationReceipt, data=body,
                          headers={"Idempotency-Key": idempotency_key, "Content-Type": "application/json"})

    def progress(self, application_no: str) -> ApplicationProgress:
        return self._call("GET", f"/v1/applications/{application_no}", ApplicationProgress)

    def query_by_id_number(self, id_number: str) -> ProgressList:
        return self._call("POST", "/v1/applications/query", ProgressList,
                          json=ProgressQuery(id_number=id_number).model_dump())

    def certificate(self, application_no: str) -> bytes:
        resp = self._send("GET", f"/v1/applications/{application_no}/certificate")
        self._raise_for_status(resp)
        if not resp.content.startswith(b"%PDF"):
            raise PlatformProtocolError("certificate is not a PDF")
        return resp.content

    def pickup_link(self, application_no: str) -> PickupLink:
        return self._call("POST", f"/v1/applications/{application_no}/pickup", PickupLink)

    def evaluate(self, evaluation: EvaluationSubmit) -> EvaluationReceipt:
        return self._call("POST", "/v1/evaluations", EvaluationReceipt, json=evaluation.model_dump(mode="json"))

    def heartbeat(self, hb: Heartbeat) -> HeartbeatAnswer:
        return self._call("POST", "/v1/heartbeat", HeartbeatAnswer, json=hb.model_dump(mode="json"))

    # ------------------------------------------------------------ plumbing

    def _call(self, method: str, path: str, model: type[M], *, auth: bool = True, **kw: object) -> M:
        resp = self._send(method, path, auth=auth, **kw)
        return self._parse(resp, model)

    def _send(self, method: str, path: str, *, auth: bool = True, headers: dict[str, str] | None = None,
              **kw: object) -> requests.Response:
        hdrs = dict(headers or {})
        if auth:
            hdrs["Authorization"] = f"Bearer {self.token()}"
        start = time.monotonic()
        try:
            resp = self._http.request(method, self.base + path, headers=hdrs, verify=self._verify,
                                      timeout=(self.cfg.connect_timeout_s, self.cfg.read_timeout_s), **kw)
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
        raise PlatformRejected(resp.status_code, err.code.value, err.message, err.fields)

    def _parse(self, resp: requests.Response, model: type[M]) -> M:
        self._raise_for_status(resp)
        try:
            return model.model_validate_json(resp.content)
        except ValidationError as exc:
            raise PlatformProtocolError(f"unexpected answer for {model.__name__}: {exc.error_count()} problems") \
                from None
