"""A kiosk's daily service hours, as text on the wire and in its configuration ("08:30-20:00"; empty or
00:00-24:00: round the clock, 24小时不打烊): set by the platform for each kiosk, or in the kiosk's own
configuration when the platform sets none."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


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
