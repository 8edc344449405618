"""System releases over the API: administrators upload signed bundles and roll them out in stages
(pause, resume, abort); supervisors see who runs what and who failed why; a kiosk's updater asks what to
install and downloads it by byte range (a broken download resumes where it stopped)."""

# No `from __future__ import annotations`: FastAPI resolves the Annotated aliases at runtime.

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from api_schema.models import ErrorCode
from api_schema.releases import (
    VERSION_PATTERN, KioskRelease, Release, Rollout, RolloutCreate, RolloutProgress, RolloutState, UpdateCheck,
)

from .deps import Kiosk, Platform, client_of, require
from .errors import ApiError, responses
from .operators import Operator, Role

VERSION = Path(pattern=VERSION_PATTERN, max_length=32)
ROLLOUT_ID = Path(ge=1, le=2**31 - 1)
Supervisor = Annotated[Operator, Depends(require(Role.SUPERVISOR))]
Administrator = Annotated[Operator, Depends(require(Role.ADMINISTRATOR))]
_RANGE = re.compile(r"^bytes=([0-9]{1,12})-([0-9]{0,12})$")
ACTIONS = {"pause": RolloutState.PAUSED, "resume": RolloutState.ACTIVE, "abort": RolloutState.ABORTED}


def router(platform: Platform) -> APIRouter:
    api = APIRouter()
    store, operators = platform.store, platform.operators

    def audited(request: Request, who: Operator, action: str, target: str = "") -> None:
        operators.audit(who.username, action, target, source=client_of(request))

    @api.put("/v1/admin/releases/{version}", response_model=Release, tags=["releases"],
             responses=responses(401, 403, 409, 413, 422), openapi_extra={"requestBody": {
                 "required": True, "description": "the signed RAUC bundle",
                 "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary",
                                                                     "minLength": 1}}}}})
    async def upload_release(request: Request, who: Administrator, version: str = VERSION,
                             compatible: Annotated[str, Query(max_length=128, pattern=r"^[A-Za-z0-9._/-]+$")] = "",
                             notes: Annotated[str, Query(max_length=2000)] = "") -> Release:
        """A signed RAUC bundle (application/octet-stream, chunked is fine, up to 4 GiB), its release notes
        and its `compatible` string, streamed into the platform's storage. A release is never replaced."""
        release = await store.put_release(version, compatible, notes, who.username, request.stream(), run_in_threadpool)
        audited(request, who, f"release {version} uploaded ({release.size} bytes)", version)
        return release

    @api.get("/v1/admin/releases", response_model=list[Release], tags=["releases"], responses=responses(401, 403))
    def list_releases(_: Supervisor) -> list[Release]:
        return store.releases()

    @api.post("/v1/admin/rollouts", response_model=Rollout, tags=["releases"], responses=responses(401, 403, 404, 422))
    def start_rollout(request: Request, who: Administrator, req: RolloutCreate) -> Rollout:
        """A stage: the named kiosks, or a percentage of the fleet (of one hall). Kiosks hear of it when
        their updater next asks (every 15 minutes)."""
        rollout = store.create_rollout(req, who.username)
        target = ", ".join(req.kiosks) if req.kiosks else f"{req.percent}%{' of ' + req.hall if req.hall else ''}"
        audited(request, who, f"rollout {rollout.id} of {req.version} to {target}"[:200], req.version)
        return rollout

    @api.post("/v1/admin/rollouts/{rollout_id}/{action}", response_model=Rollout, tags=["releases"],
              responses=responses(401, 403, 404, 409, 422))
    def change_rollout(request: Request, who: Administrator, action: Literal["pause", "resume", "abort"],
                       rollout_id: int = ROLLOUT_ID) -> Rollout:
        """pause: no kiosk starts it (downloads begun are kept); resume; abort: kiosks drop the download and
        an install not yet booted (the slot they run stays)."""
        rollout = store.set_rollout_state(rollout_id, ACTIONS[action])
        audited(request, who, f"rollout {rollout_id} {action}", rollout.version)
        return rollout

    @api.get("/v1/admin/rollouts", response_model=list[RolloutProgress], tags=["releases"],
             responses=responses(401, 403))
    def rollouts(who: Supervisor) -> list[RolloutProgress]:
        """Each rollout with its targets counted by outcome and the kiosks it failed on, with why."""
        return [store.rollout_progress(r.id, hall=who.hall) for r in store.rollouts()]

    @api.get("/v1/admin/fleet/releases", response_model=list[KioskRelease], tags=["releases"],
             responses=responses(401, 403))
    def who_runs_what(who: Supervisor) -> list[KioskRelease]:
        """Every kiosk's release, boot slot and last update outcome (a hall's supervisor: that hall's)."""
        return store.who_runs_what(hall=who.hall)

    # ------------------------------------------------------------ the kiosk's updater

    @api.get("/v1/update", response_model=UpdateCheck, tags=["devices"], responses=responses(401, 413))
    def update_check(device_id: Kiosk) -> UpdateCheck:
        return store.update_check(device_id)

    @api.get("/v1/releases/{version}/bundle", tags=["devices"],
             responses={200: {"content": {"application/octet-stream": {}}}, 206: {}, 416: {},
                        **responses(401, 404, 413)})
    def bundle(_: Kiosk, version: str = VERSION,
               range_: Annotated[str | None, Header(alias="Range", max_length=40)] = None) -> Response:
        """The bundle's bytes; `Range: bytes=N-` resumes a download (206)."""
        release = store.release(version)
        if release is None:
            raise ApiError(ErrorCode.NOT_FOUND, f"no release {version}")
        start, end, status = 0, release.size - 1, 200
        if range_:
            found = _RANGE.match(range_)
            if found is None or int(found[1]) >= release.size:
                return Response(status_code=416, headers={"Content-Range": f"bytes */{release.size}"})
            start, end = int(found[1]), min(int(found[2] or end), end)
            status = 206
        headers = {"Content-Length": str(end - start + 1), "Accept-Ranges": "bytes",
                   "ETag": f'"{release.sha256}"', "X-Content-SHA256": release.sha256}
        if status == 206:
            headers["Content-Range"] = f"bytes {start}-{end}/{release.size}"
        return StreamingResponse(store.release_bytes(version, start, end), status_code=status,
                                 media_type="application/octet-stream", headers=headers)

    return api
