"""The fleet page's judgement of a kiosk, with no server: hours set on the platform turn a kiosk that is
closed — or switched off for the night — into "非服务时间", never an alarm; inside its hours the same
silence is one."""

import datetime as dt

from api_schema.models import Heartbeat
from platform_server.fleet import SILENT_AFTER, classify
from platform_server.store import FleetEntry

NOW = dt.datetime(2026, 12, 4, 2, 30, tzinfo=dt.timezone.utc)         # 10:30 in Beijing, 02:30 UTC
LOCAL_HOUR = NOW.astimezone().hour


def _entry(hours: str | None, silent_for: dt.timedelta, state: str = "AVAILABLE", reason: str = "") -> FleetEntry:
    beat = Heartbeat(kiosk_state=state, reason=reason, software_version="t", sent_at=NOW - silent_for)
    return FleetEntry("K1", "大厅一号", NOW - dt.timedelta(days=30), False, NOW - silent_for, beat, hours)


def _closed_now() -> str:
    start = LOCAL_HOUR + 1 if LOCAL_HOUR <= 21 else 1
    return f"{start:02d}:00-{start + 1:02d}:00"


def test_silent_outside_its_hours_is_closed_and_inside_them_an_alarm():
    night = _entry(_closed_now(), SILENT_AFTER * 10)
    assert classify(night, NOW).status == "closed" and _closed_now() in classify(night, NOW).words
    open_now = f"{LOCAL_HOUR:02d}:00-{LOCAL_HOUR + 1:02d}:00"
    assert classify(_entry(open_now, SILENT_AFTER * 10), NOW).status == "silent"
    assert classify(_entry(None, SILENT_AFTER * 10), NOW).status == "silent"          # no hours set: 24 h


def test_out_of_service_for_its_hours_is_closed_but_for_a_fault_stays_an_alarm():
    assert classify(_entry(_closed_now(), dt.timedelta(seconds=30), "OUT_OF_SERVICE", "hours"), NOW).status == "closed"
    fault = _entry(_closed_now(), dt.timedelta(seconds=30), "OUT_OF_SERVICE", "hardware")
    assert classify(fault, NOW).status == "out_of_service"
