"""Whether the kiosk can serve a person now (CUSS vocabulary: AVAILABLE, ACTIVE, OUT_OF_SERVICE with a
reason), decided from the required devices, the platform enrolment, the service hours and the
technician's switch. A pure function of its inputs, so the screen and the tests ask the same rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from api_schema.hours import ServiceHours
from drivers.status import DeviceStatus, StatusCode

__all__ = ["Availability", "KioskState", "OutOfServiceReason", "ServiceHours", "availability"]


class KioskState(str, Enum):
    AVAILABLE = "AVAILABLE"
    ACTIVE = "ACTIVE"
    OUT_OF_SERVICE = "OUT_OF_SERVICE"


class OutOfServiceReason(str, Enum):
    HARDWARE = "hardware"
    CONSUMABLES = "consumables"
    BACKEND = "backend"
    HOURS = "hours"
    MAINTENANCE = "maintenance"
    REVOKED = "revoked"              # the platform revoked this kiosk's identity: it sends nothing more
    STARTING = "starting"            # the first look for the catalog has not finished: "正在准备", not a fault
    NOT_PROVISIONED = "not_provisioned"  # never enrolled: a technician's job (kiosk-provision), not a fault


_CONSUMABLE_CODES = (StatusCode.MEDIA_EMPTY, StatusCode.MEDIA_JAMMED)


@dataclass(frozen=True)
class Availability:
    state: KioskState
    reason: OutOfServiceReason | None = None
    devices: tuple[str, ...] = ()         # the required devices behind a hardware/consumables reason


def availability(devices: Mapping[str, DeviceStatus], required: frozenset[str], *, catalog_ready: bool,
                 hours: ServiceHours, now: dt.datetime, maintenance: bool, session_active: bool,
                 revoked: bool = False, catalog_pending: bool = False, provisioned: bool = True) -> Availability:
    """The kiosk's state. A person already being served is never cut off (ACTIVE wins): a device
    that fails mid-session is that session's problem to report; the kiosk closes after it ends."""
    if session_active:
        return Availability(KioskState.ACTIVE)
    if revoked:
        return Availability(KioskState.OUT_OF_SERVICE, OutOfServiceReason.REVOKED)
    if not provisioned:   # a fresh box says what it waits for, not that its (unconfigured) reader is broken
        return Availability(KioskState.OUT_OF_SERVICE, OutOfServiceReason.NOT_PROVISIONED)
    if maintenance:
        return Availability(KioskState.OUT_OF_SERVICE, OutOfServiceReason.MAINTENANCE)
    empty = tuple(n for n in sorted(required) if n in devices and devices[n].code in _CONSUMABLE_CODES)
    if empty:          # paper out or jammed: a technician with paper, not a repair
        return Availability(KioskState.OUT_OF_SERVICE, OutOfServiceReason.CONSUMABLES, empty)
    broken = tuple(n for n in sorted(required) if n not in devices or not devices[n].usable)
    if broken:         # a required device not yet heard from counts as broken until it reports
        return Availability(KioskState.OUT_OF_SERVICE, OutOfServiceReason.HARDWARE, broken)
    if not catalog_ready:      # never reached the platform and nothing cached (e.g. not enrolled)
        # still asking it for the first time (the seconds after a start): getting ready, not a fault
        return Availability(KioskState.OUT_OF_SERVICE,
                            OutOfServiceReason.STARTING if catalog_pending else OutOfServiceReason.BACKEND)
    if not hours.open_at(now):
        return Availability(KioskState.OUT_OF_SERVICE, OutOfServiceReason.HOURS)
    return Availability(KioskState.AVAILABLE)
