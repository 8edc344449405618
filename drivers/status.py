"""Device status as data (CUSS vocabulary): a state, a code, and a human message key."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class DeviceState(str, Enum):
    READY = "READY"
    BUSY = "BUSY"
    UNAVAILABLE = "UNAVAILABLE"


class StatusCode(str, Enum):
    OK = "OK"
    MEDIA_LOW = "MEDIA_LOW"
    MEDIA_EMPTY = "MEDIA_EMPTY"
    MEDIA_JAMMED = "MEDIA_JAMMED"
    NOT_RESPONDING = "NOT_RESPONDING"
    HARDWARE_ERROR = "HARDWARE_ERROR"
    NOT_CONFIGURED = "NOT_CONFIGURED"


@dataclass(frozen=True)
class DeviceStatus:
    device: str
    state: DeviceState
    code: StatusCode
    detail: str = ""        # for technicians and logs; never personal data

    @property
    def usable(self) -> bool:
        return self.state is not DeviceState.UNAVAILABLE
