"""Whether the kiosk can serve a person now (CUSS vocabulary: AVAILABLE, ACTIVE, OUT_OF_SERVICE with a
reason), decided from the required devices, the platform enrolment, the service hours and the
technician's switch. A pure function of its inputs, so the screen and the tests ask the same rule."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from drivers.status import DeviceStatus, StatusCode


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
class ServiceHours:
    """Daily opening hours; 00:00-24:00 is round the clock (24小时不打烊)."""
    opens: dt.time = dt.time(0, 0)
    closes_minute: int = 24 * 60          # minutes after midnight; 1440 = end of the day

    @classmethod
    def parse(cls, text: str) -> "ServiceHours":
        """"08:30-20:00"; empty means round the clock. ValueError with the reason otherwise."""
        if not text.strip():
            return cls()
        m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", text)
        if not m:
            raise ValueError(f"service hours must look like 08:30-20:00, got {text!r}")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 * 60 + m2 > 24 * 60 or h2 * 60 + m2 <= h1 * 60 + m1:
            raise ValueError(f"service hours must be a span within one day, got {text!r}")
        return cls(dt.time(h1, m1), h2 * 60 + m2)

    def open_at(self, when: dt.datetime) -> bool:
        minute = when.hour * 60 + when.minute
        return self.opens.hour * 60 + self.opens.minute <= minute < self.closes_minute

    def text(self) -> str:
        return f"{self.opens:%H:%M}-{self.closes_minute // 60:02d}:{self.closes_minute % 60:02d}"


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
