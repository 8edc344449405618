"""The operators' API (/v1/admin): pairing codes, revocation, commands, counts — each by role, each
change in the operator audit trail. The stand-ins for other government systems (the e-ID issuer, the
SMS gateway, the people register) exist only on a platform started with --stand-ins (demo, tests)."""

# No `from __future__ import annotations`: FastAPI resolves the Annotated aliases at runtime.

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from api_schema.models import (
    APPLICATION_NO_PATTERN, ApplicationStatus, ErrorCode, Heartbeat, KioskCommand, PairingCode, PersonOnRecord,
    QrTokenMint, QrTokenMinted, ServiceHoursSet, HallSet,
)

from .deps import Platform, client_of, require
from .errors import ApiError, responses
from .operators import Operator, Role

DEVICE_ID = Path(pattern=r"^K[0-9A-F]{12}$")
Supervisor = Annotated[Operator, Depends(require(Role.SUPERVISOR))]
OperatorRole = Annotated[Operator, Depends(require(Role.OPERATOR))]
Administrator = Annotated[Operator, Depends(require(Role.ADMINISTRATOR))]
ADMIN_ERRORS = responses(401, 403, 404, 413, 422)


def router(platform: Platform) -> APIRouter:
    api = APIRouter(prefix="/v1/admin", tags=["admin"], responses=ADMIN_ERRORS)
    store, operators = platform.store, platform.operators

    def audited(request: Request, who: Operator, action: str, target: str = "") -> None:
        operators.audit(who.username, action, target, source=client_of(request))

    @api.post("/pairing-codes", response_model=PairingCode)
    def new_pairing_code(request: Request, who: Administrator) -> PairingCode:
        code, expires = store.create_pairing_code()
        audited(request, who, "pairing_code")
        return PairingCode(code=code, expires_at=expires)

    @api.post("/devices/{device_id}/revoke")
    def revoke(request: Request, who: Administrator, device_id: str = DEVICE_ID) -> dict[str, str]:
        store.revoke(device_id)
        audited(request, who, "revoke", device_id)
        return {"revoked": device_id}

    @api.post("/devices/{device_id}/commands")
    def queue_command(request: Request, who: OperatorRole, command: KioskCommand,
                      device_id: str = DEVICE_ID) -> dict[str, str]:
        store.queue_command(device_id, command.value)
        audited(request, who, f"command {command.value}", device_id)
        return {"queued": command.value}

    @api.put("/devices/{device_id}/service-hours")
    def set_service_hours(request: Request, who: OperatorRole, hours: ServiceHoursSet,
                          device_id: str = DEVICE_ID) -> dict[str, str | None]:
        """The kiosk's daily service hours (it closes outside them with the hours on its screen; the
        fleet does not count it offline then); it learns them with its next heartbeat."""
        store.set_service_hours(device_id, hours.service_hours)
        audited(request, who, f"service hours {hours.service_hours or 'own configuration'}", device_id)
        return {"service_hours": hours.service_hours}

    @api.put("/devices/{device_id}/hall")
    def set_hall(request: Request, who: Administrator, hall: HallSet, device_id: str = DEVICE_ID) -> dict[str, str]:
        """The hall the kiosk stands in: its supervisor's dashboard, its technician's work orders."""
        store.set_hall(device_id, hall.hall.strip())
        audited(request, who, f"hall {hall.hall.strip()}", device_id)
        return {"hall": hall.hall.strip()}

    @api.get("/devices/{device_id}/heartbeat", response_model=Heartbeat)
    def last_heartbeat(_: Supervisor, device_id: str = DEVICE_ID) -> Heartbeat:
        found = store.device_state(device_id)
        if found is None:
            raise ApiError(ErrorCode.NOT_FOUND, "no heartbeat from this device")
        return found

    @api.get("/applications/count")
    def count(_: Supervisor, idempotency_key: Annotated[str | None, Query(max_length=200)] = None,
              bundle_no: Annotated[str | None, Query(pattern=APPLICATION_NO_PATTERN)] = None) -> dict[str, int]:
        if bundle_no:
            return {"count": store.count_members(bundle_no)}
        return {"count": store.count_applications(idempotency_key)}

    @api.get("/applications/latest")
    def latest(_: Supervisor) -> dict[str, str | None]:
        return {"application_no": store.latest_application_no()}

    @api.post("/applications/{application_no}/status")
    def set_status(request: Request, who: Administrator, status: ApplicationStatus,
                   note: Annotated[str, Query(max_length=200)] = "",
                   application_no: str = Path(pattern=APPLICATION_NO_PATTERN)) -> dict[str, str]:
        """The back office's decision (the reference platform's stand-in for the approving department)."""
        store.set_status(application_no, status, note)
        audited(request, who, f"status {status.value}", application_no)
        return {"status": status.value}

    @api.get("/audit")
    def audit_trail(_: Administrator) -> list[dict[str, object]]:
        """The newest operator actions first (logins included, failed ones too)."""
        return operators.audit_entries()

    # ------------------------------------------------------------ stand-ins (demo and tests only)

    def stand_in(who: Administrator) -> Operator:
        if not platform.stand_ins:
            raise ApiError(ErrorCode.NOT_FOUND, "not on this platform (stand-ins are for the demo and tests)")
        return who

    StandIn = Annotated[Operator, Depends(stand_in)]

    @api.post("/qr-tokens", response_model=QrTokenMinted)
    def mint_qr(request: Request, who: StandIn, req: QrTokenMint) -> QrTokenMinted:
        token, expires = store.mint_qr_token(req.kind.value, req.name, req.id_number)
        audited(request, who, "stand-in qr token")
        return QrTokenMinted(token=token, expires_at=expires)

    @api.post("/people")
    def register_person(request: Request, who: StandIn, p: PersonOnRecord) -> dict[str, str]:
        platform.sms.register(p.id_number, p.mobile)
        audited(request, who, "stand-in person")
        return {"registered": p.id_number[:6] + "…"}

    @api.get("/sms")
    def last_sms(_: StandIn, mobile: Annotated[str, Query(pattern=r"^1[3-9][0-9]{9}$")]) -> dict[str, str | None]:
        """The stand-in SMS gateway: the last text sent to a number."""
        return {"text": platform.sms.last_sent(mobile)}

    return api
