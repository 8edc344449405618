"""A kiosk's daily service hours, as text on the wire and in its configuration ("08:30-20:00"; empty or
00:00-24:00: round the clock, 24小时不打烊; "06:00-02:00" across midnight, e.g. a 24-hour area closed
for cleaning at night): set by the platform for each kiosk, or in the kiosk's own configuration when
the platform sets none. Every text that matches PATTERN is a valid span (the API's document says so)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


PATTERN = r"^\s*$|^\s*([01]?\d|2[0-3]):[0-5]\d\s*-\s*(([01]?\d|2[0-3]):[0-5]\d|24:00)\s*$"


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
        if not re.fullmatch(PATTERN, text):
            raise ValueError(f"service hours must look like 08:30-20:00, got {text!r}")
        m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", text)
        assert m is not None
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        opens, closes = h1 * 60 + m1, h2 * 60 + m2
        if closes % (24 * 60) == opens:         # 00:00-24:00, 08:00-08:00: the whole day
            return cls()
        return cls(dt.time(h1, m1), closes)

    def open_at(self, when: dt.datetime) -> bool:
        minute, opens = when.hour * 60 + when.minute, self.opens.hour * 60 + self.opens.minute
        if opens < self.closes_minute:
            return opens <= minute < self.closes_minute
        return minute >= opens or minute < self.closes_minute          # across midnight

    def text(self) -> str:
        return f"{self.opens:%H:%M}-{self.closes_minute // 60:02d}:{self.closes_minute % 60:02d}"
