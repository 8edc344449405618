"""Applications from kiosks: submission (idempotent, checked: the form, the applicant, the verification
record), attachments, progress by number (non-personal), 好差评."""

# No `from __future__ import annotations`: FastAPI resolves the Annotated aliases at runtime.

import datetime as dt
import hashlib
import tempfile
from typing import Annotated
from urllib.parse import unquote

from fastapi import APIRouter, Header, Path, Request, Response
from fastapi.concurrency import run_in_threadpool

from api_schema.forms import validate_form
from api_schema.models import (
    APPLICATION_NO_PATTERN, ApplicationProgress, ApplicationReceipt, ApplicationSubmit, ErrorCode,
    EvaluationReceipt, EvaluationSubmit, FieldType, GrantLevel, UploadReceipt,
)

from .deps import GrantHeader, Kiosk, Platform, person, utcnow
from .errors import ApiError, responses
from .gate import MAX_UPLOAD
from .tracking import tracking_tag
from .verification import check_submission

SPOOL_IN_MEMORY = 1 << 20          # an upload's bytes past this go to an unlinked temporary file

OFFLINE_MAX_AGE = dt.timedelta(days=30)     # an application verified offline may reach the platform this late


def router(platform: Platform) -> APIRouter:
    api = APIRouter()
    store = platform.store

    @api.post("/v1/applications", response_model=ApplicationReceipt, status_code=201,
              responses={200: {"model": ApplicationReceipt, "description": "a replay: the first receipt"},
                         **responses(400, 401, 403, 404, 413, 422)}, tags=["applications"])
    def submit(payload: ApplicationSubmit, device_id: Kiosk, response: Response,
               idempotency_key: Annotated[str | None, Header(min_length=8, max_length=128)] = None) -> ApplicationReceipt:
        if not idempotency_key:
            raise ApiError(ErrorCode.IDEMPOTENCY_KEY_REQUIRED, "an Idempotency-Key header (8-128 chars) is required")
        item = store.item(payload.item_code)
        if item is None:
            raise ApiError(ErrorCode.NOT_FOUND, f"unknown item {payload.item_code}")
        errors = validate_form(item.form, payload.form)
        if errors:
            raise ApiError(ErrorCode.FORM_INVALID, "the form has invalid fields",
                           {k: v.value for k, v in errors.items()})
        check_submission(item, payload.applicant, payload.form, payload.verification, utcnow(), OFFLINE_MAX_AGE,
                         platform.stand_ins,
                         lambda since: platform.sms.verified_since(device_id, payload.applicant.id_number, since))
        # An enterprise item: the applicant must act for the enterprise (checked again here: a kiosk that was
        # offline accepted the code on its check character alone)
        for f in item.form:
            if f.type is FieldType.USCC and not platform.register.linked(payload.form.get(f.name, ""),
                                                                          payload.applicant.id_number):
                raise ApiError(ErrorCode.NOT_LINKED, "the applicant may not act for this enterprise", {f.name: "not_linked"})
        receipt = store.submit(device_id, idempotency_key, payload, item)
        if receipt.replayed:
            response.status_code = 200
        return receipt.model_copy(update={"tracking_tag": tracking_tag(receipt.application_no, platform.secret)})

    @api.put("/v1/uploads/{upload_id}", response_model=UploadReceipt, responses=responses(401, 413, 422, 429),
             tags=["applications"])
    async def upload(request: Request, device_id: Kiosk, upload_id: str = Path(pattern=r"^[A-Za-z0-9_-]{8,80}$"),
                     x_filename: Annotated[str, Header(max_length=255)] = "attachment",
                     content_type: Annotated[str, Header(max_length=100)] = "application/octet-stream") -> UploadReceipt:
        """An attachment, streamed (chunked transfer is fine), at most 20 MiB. Idempotent per id: a kiosk
        that was interrupted simply sends it again."""
        # Spooled (to a file past 1 MiB, unlinked at once) while hashed, then written to the store in
        # chunks: the body is never whole in this worker's memory.
        size, hasher = 0, hashlib.sha256()
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as body:
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_UPLOAD:
                    raise ApiError(ErrorCode.UPLOAD_TOO_LARGE, f"uploads are limited to {MAX_UPLOAD // 2**20} MiB")
                hasher.update(chunk)
                body.write(chunk)
            body.seek(0)
            digest = hasher.hexdigest()
            await run_in_threadpool(store.put_upload, device_id, upload_id, unquote(x_filename)[:255],
                                    content_type, body, size, digest)
        return UploadReceipt(upload_id=upload_id, size=size, sha256=digest)

    @api.get("/v1/applications/{application_no}", response_model=ApplicationProgress,
             responses=responses(401, 404, 413, 422), tags=["applications"])
    def progress(_: Kiosk, application_no: str = Path(pattern=APPLICATION_NO_PATTERN, description="办件号")
                 ) -> ApplicationProgress:
        """How far an application has got: the item and its stages, nothing of the person."""
        found = store.progress(application_no)
        if found is None:
            raise ApiError(ErrorCode.NOT_FOUND, "no application with this number")
        return found

    @api.post("/v1/evaluations", response_model=EvaluationReceipt, status_code=201,
              responses=responses(401, 403, 404, 409, 413, 422), tags=["evaluations"])
    def evaluate(ev: EvaluationSubmit, device_id: Kiosk, x_person_grant: GrantHeader = None) -> EvaluationReceipt:
        """好差评 by the person who applied: from the kiosk it was submitted at (the rating often travels
        through its outbox later), or from any kiosk holding a grant for the applicant."""
        found = store.application(ev.application_no)
        if found is None:
            raise ApiError(ErrorCode.NOT_FOUND, "no such application")
        if found.device_id != device_id:
            person(store, device_id, x_person_grant, GrantLevel.CARD, found.id_number)
        return store.evaluate(device_id, ev)

    return api
