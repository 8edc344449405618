"""Anonymous session analytics: what the 效能监察 dashboard needs of a visit, and nothing of the person.

A kiosk sends one report when a visit ends, through its outbox (never lost, sent when the platform is
reachable): the screens reached and how long each took, how it ended, whether an application was
made. No name, ID number, application number, form value or face data; the start is rounded down to
the hour, and the report's id is random (not the audit log's session id), so a report cannot be tied
to the person or to their application by the platform.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import Field, field_validator

from .models import _Model

SCREEN_PATTERN = r"^[a-zA-Z]{1,24}$"


class SessionEnd(str, Enum):
    FINISHED = "finished"          # the person finished (结束办理 after the result, or rated)
    CANCELLED = "cancelled"        # they ended it before the end
    TIMEOUT = "timeout"            # they walked away; the idle guard ended it
    CARD_REMOVED = "card_removed"  # the card taken before submitting
    RECOVERED = "recovered"        # the kiosk restarted in the middle


class ScreenVisit(_Model):
    screen: str = Field(pattern=SCREEN_PATTERN)
    seconds: float = Field(ge=0, le=86400)


class SessionReport(_Model):
    report_id: str = Field(pattern=r"^[0-9a-f]{32}$", description="random, for idempotency only")
    started_hour: dt.datetime = Field(description="the visit's start rounded down to the hour")
    item_code: str | None = Field(default=None, max_length=32, pattern=r"^[A-Z0-9-]{1,32}$")
    screens: list[ScreenVisit] = Field(max_length=64)
    end: SessionEnd
    applied: bool = Field(description="an application was submitted or queued")
    verification: str | None = Field(default=None, max_length=16, pattern=r"^[a-z_]{1,16}$")
    language: str = Field(default="zh", pattern=r"^(zh|en)$")
    elder_mode: bool = False

    @field_validator("started_hour")
    @classmethod
    def _on_the_hour(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("the hour needs its time zone")
        if value.minute or value.second or value.microsecond:
            raise ValueError("started_hour is rounded down to the hour")
        return value

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.screens)

    @property
    def last_screen(self) -> str:
        return self.screens[-1].screen if self.screens else "home"


class ReportReceipt(_Model):
    report_id: str
    new: bool = Field(description="false: the platform had this report already (a retry)")


def hour_of(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)

