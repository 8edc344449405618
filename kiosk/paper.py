"""How much paper is left, estimated by counting: CUPS seldom knows a tray's level and a thermal
printer only says "near end" late. A technician's "refilled" starts the count again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drivers.status import DeviceState, DeviceStatus, StatusCode


@dataclass(frozen=True)
class PaperEstimate:
    capacity: int                # sheets (A4) or receipts (a roll) per refill
    used: int

    @property
    def remaining(self) -> int:
        return max(0, self.capacity - self.used)

    @property
    def low(self) -> bool:
        return self.remaining <= max(1, self.capacity // 10)

    def overlay(self, status: DeviceStatus) -> DeviceStatus:
        """The device's own word first; a low estimate turns a plain READY/OK into MEDIA_LOW."""
        if self.low and status.state is not DeviceState.UNAVAILABLE and status.code is StatusCode.OK:
            return DeviceStatus(status.device, status.state, StatusCode.MEDIA_LOW,
                                f"about {self.remaining} left (counted)")
        return status


def pdf_pages(data: bytes) -> int:
    """Pages of a PDF, for the count (page objects; at least one)."""
    return max(1, len(re.findall(rb"/Type\s*/Page(?!s)", data)))
