"""The platform's one error shape, `{"error": {"code", "message", "fields"}}`, and each code's HTTP
status: used by the routes, the gate in front of them and the handlers of FastAPI's own errors."""

from __future__ import annotations

from fastapi.responses import JSONResponse

from api_schema.models import ErrorCode, ErrorResponse

STATUS_OF = {
    "unauthenticated": 401, "device_revoked": 401, "credential_expired": 401, "signature_missing": 401,
    "signature_invalid": 401, "signature_expired": 401, "signature_replayed": 401, "bad_digest": 401,
    "bad_pairing_code": 403, "forbidden": 403, "csrf_failed": 403, "grant_required": 403, "grant_mismatch": 403,
    "not_linked": 403, "not_found": 404, "no_certificate": 404, "qr_invalid": 404, "no_mobile_on_record": 404,
    "sms_invalid": 404, "enterprise_unknown": 404, "method_not_allowed": 405,
    "already_evaluated": 409, "release_exists": 409, "rollout_ended": 409, "stage_not_reached": 409, "upload_too_large": 413, "body_too_large": 413,
    "idempotency_key_required": 400, "invalid_request": 422, "form_invalid": 422, "idempotency_key_reused": 422,
    "bad_uscc": 422, "upload_missing": 422, "verification_invalid": 422, "bad_public_key": 422,
    "rate_limited": 429, "internal": 500, "unavailable": 503,
}


class ApiError(Exception):
    def __init__(self, code: ErrorCode, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.fields = code, message, fields or {}


def error_body(code: str, message: str, fields: dict[str, str] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def error_response(code: str, message: str, fields: dict[str, str] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, fields), status_code=STATUS_OF.get(code, 400), headers=headers)


def responses(*statuses: int) -> dict[int | str, dict]:
    """The OpenAPI `responses` of a route's error statuses, each with the error shape."""
    return {s: {"model": ErrorResponse} for s in statuses}
