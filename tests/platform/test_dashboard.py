"""The 效能监察 figures from the store, on both engines: a visit report counted once however often it is
retried, where people gave up, 好差评 and the bad ones listed, availability from the heartbeat history
inside the kiosk's hours, faults, and the day's ranking. The page itself, in a browser: tests/browser/."""

from __future__ import annotations

import datetime as dt
import uuid

from api_schema.analytics import ScreenVisit, SessionEnd, SessionReport, hour_of
from api_schema.models import EvaluationStage, EvaluationSubmit
from platform_server.dashboard import build, expected_minutes
from platform_server.store_analytics import Span

from ..helpers import at_once
from .test_store import _submission
from .test_work_orders import _beat, _kiosk

UTC = dt.timezone.utc


def _report(screens: list[str], applied: bool, when: dt.datetime) -> SessionReport:
    return SessionReport(report_id=uuid.uuid4().hex, started_hour=hour_of(when), item_code="RS-0101",
                         screens=[ScreenVisit(screen=s, seconds=30) for s in screens],
                         end=SessionEnd.FINISHED if applied else SessionEnd.TIMEOUT, applied=applied)


def _board(store, span: Span, hall: str | None, now: dt.datetime):
    return build(span, store.dashboard_kiosks(hall), store.dashboard_visits(span, hall),
                 store.dashboard_applications(span, hall), store.dashboard_reviews(span, hall),
                 store.dashboard_serving_minutes(span, hall), store.dashboard_faults(span, hall), now)


def test_the_figures_of_a_day_on_either_engine(store):
    now = dt.datetime.now(UTC)
    today = now.astimezone().date()
    one, two = _kiosk(store, "一号", "甲厅"), _kiosk(store, "二号", "乙厅")
    done = _report(["catalog", "guide", "identify", "verify", "form", "review", "result"], True, now)
    assert at_once(4, lambda _: store.keep_report(one, done)).count(True) == 1     # a retry is not a second visit
    store.keep_report(one, _report(["guide", "identify", "verify", "form"], False, now))
    store.keep_report(two, _report(["guide", "identify", "verify"], False, now))
    store.keep_report(two, _report(["catalog", "guide"], False, now))                # only read: not begun
    store.keep_report(two, _report(["guide"], False, now - dt.timedelta(days=3)))   # another day
    receipt = store.submit(one, uuid.uuid4().hex, _submission(), store.item("RS-0101"))
    store.evaluate(one, EvaluationSubmit(application_no=receipt.application_no, stage=EvaluationStage.ACCEPT,
                                         level=1, comment="打印机没纸"))
    store.heartbeat(one, _beat("MEDIA_EMPTY"))                                       # a fault: a work order
    store.heartbeat(two, _beat(state="OUT_OF_SERVICE", reason="hardware"))            # not serving

    board = _board(store, Span(today, today), None, now)
    t = board.total
    assert (t.visits, t.began, t.applied, t.applications) == (4, 3, 1, 1)
    assert t.gave_up_at == {"form": 1, "verify": 1}
    assert t.ratings == {1: 1} and t.satisfaction == 0.0
    assert [r.comment for r in board.bad_reviews] == ["打印机没纸"]
    assert board.by_kiosk[one].faults == 1 and board.by_kiosk[two].faults == 0
    assert board.by_kiosk[one].serving_min == 1 and board.by_kiosk[two].serving_min == 0
    assert set(board.by_hall) == {"甲厅", "乙厅"}
    assert board.ranking[0][0].device_id == one                 # it served; the other did not
    only = _board(store, Span(today, today), "乙厅", now)
    assert only.total.visits == 2 and [k.name for k in only.kiosks] == ["二号"]
    week = _board(store, Span(today - dt.timedelta(days=6), today), None, now)
    assert week.total.visits == 5 and len(week.by_day) == 7


def test_expected_minutes_follow_the_hours_and_the_enrolment():
    day = dt.date(2026, 12, 1)
    start = dt.datetime.combine(day, dt.time()).astimezone()
    long_ago, later = start - dt.timedelta(days=9), start + dt.timedelta(days=9)
    assert expected_minutes(None, day, long_ago, later) == 1440
    assert expected_minutes("08:30-20:00", day, long_ago, later) == 690
    assert expected_minutes("22:00-06:00", day, long_ago, later) == 480             # across midnight
    assert expected_minutes(None, day, start + dt.timedelta(hours=12), later) == 720     # enrolled at noon
    assert expected_minutes("08:30-20:00", day, long_ago, start + dt.timedelta(hours=10)) == 90   # now is 10:00
