"""How much paper is left: the tray's level where the printer reports it (IPP printer-input-tray),
else estimated by counting — many printers do not know a tray's level, and a thermal printer only says
"near end" late. A technician's "refilled" starts the count again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drivers.status import DeviceState, DeviceStatus, StatusCode


@dataclass(frozen=True)
class PaperEstimate:
    capacity: int                # sheets (A4) or receipts (a roll) per refill
    used: int
    source: str = "counted"      # "counted" by the kiosk, or "printer": the tray's level as the printer reports it

    @property
    def remaining(self) -> int:
        return max(0, self.capacity - self.used)

    @property
    def low(self) -> bool:
        return self.remaining <= max(1, self.capacity // 10)

    def overlay(self, status: DeviceStatus) -> DeviceStatus:
        """The device's own word first; a low estimate turns a plain READY/OK into MEDIA_LOW, and is
        added to a MEDIA_LOW the device gave (which may be about toner)."""
        if not self.low or status.state is DeviceState.UNAVAILABLE or \
                status.code not in (StatusCode.OK, StatusCode.MEDIA_LOW):
            return status
        detail = f"about {self.remaining} left ({self.source})"
        if status.code is StatusCode.MEDIA_LOW and status.detail:
            detail = f"{detail}; {status.detail}"
        return DeviceStatus(status.device, status.state, StatusCode.MEDIA_LOW, detail)


def pdf_pages(data: bytes) -> int:
    """Pages of a PDF, for the count (page objects; at least one)."""
    return max(1, len(re.findall(rb"/Type\s*/Page(?!s)", data)))
