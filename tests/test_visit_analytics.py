"""Anonymous visit analytics on the kiosk: the trail of screens and their times, one report per visit
(going back from a guide is the same visit; a technician's is no one's), sent through the outbox to the
platform's dashboard — and nothing of the person in it, in the outbox or on the wire."""

from __future__ import annotations

import datetime as dt
import json

from api_schema.analytics import SessionEnd
from kiosk.analytics import VisitTrail
from kiosk.session import EndReason
from platform_server.store import PlatformStore

from .helpers import ID_NUMBER, NAME, identity


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_a_trail_times_each_screen_and_reports_once():
    clock = Clock()
    trail = VisitTrail(clock, wall=lambda: dt.datetime(2026, 12, 4, 9, 47, 13, tzinfo=dt.timezone.utc))
    assert trail.reached("home") is None
    for screen, seconds in (("catalog", 12), ("guide", 40), ("catalog", 5), ("guide", 20), ("identify", 7)):
        assert trail.reached(screen, language="en", elder=True) is None
        clock.t += seconds
    trail.chose("RS-0101")
    report = trail.close(SessionEnd.TIMEOUT, applied=False, verification=None)
    assert [(s.screen, s.seconds) for s in report.screens] == [("catalog", 12), ("guide", 40), ("catalog", 5),
                                                                 ("guide", 20), ("identify", 7)]
    assert report.started_hour == dt.datetime(2026, 12, 4, 9, tzinfo=dt.timezone.utc)      # the hour only
    assert (report.item_code, report.language, report.elder_mode, report.last_screen) == ("RS-0101", "en", True,
                                                                                          "identify")
    assert trail.close(SessionEnd.FINISHED, applied=False, verification=None) is None      # reported once


def test_home_ends_a_browsing_visit_and_a_technicians_is_no_ones():
    clock = Clock()
    trail = VisitTrail(clock)
    trail.reached("catalog")
    clock.t += 30
    browsed = trail.reached("home")
    assert browsed is not None and browsed.end is SessionEnd.FINISHED and browsed.seconds == 30
    trail.reached("technician")
    trail.reached("maintenance")
    assert trail.reached("home") is None
    trail.reached("guide")
    assert trail.close(SessionEnd.FINISHED, applied=False, verification=None).screens[0].screen == "guide"


def test_a_visit_reaches_the_platform_with_nothing_of_the_person(service, platform):
    """A person reads a guide, goes back, picks another item, is identified by card, fills the form and
    applies: one report (not two) reaches the platform, with the screens in order; neither the outbox's
    stored item nor the platform's row holds their name, ID number, mobile or application number."""
    for screen in ("catalog", "guide"):
        service.visits.reached(screen, language="zh", elder=False)
    assert service.choose_item("RS-0101").ok
    service.end(EndReason.CANCELLED)                                     # ‹ 返回 from the guide: the same visit
    service.visits.reached("catalog", language="zh", elder=False)
    assert service.choose_item("YB-0601").ok
    service.visits.reached("guide", language="zh", elder=False)
    service.start()
    service.visits.reached("identify", language="zh", elder=False)
    assert service.identify(identity()).ok
    service.visits.reached("form", language="zh", elder=False)
    assert service.event("set_field", "mobile", "13800138000").ok
    assert service.event("to_review").ok
    service.visits.reached("review", language="zh", elder=False)
    assert service.submit().ok
    number = service.session.receipt.application_no
    service.visits.reached("result", language="zh", elder=False)
    service.end(EndReason.FINISHED)
    service.visits.reached("home", language="zh", elder=False)

    outbox = service.sync.outbox
    queued = [i for i in outbox.due() if i.kind == "session"]
    assert len(queued) == 1
    payload = outbox.payload(queued[0].id).decode()
    for secret in (NAME, ID_NUMBER, "13800138000", number):
        assert secret not in payload
    assert service.sync.sync_once().done >= 1
    store = PlatformStore(platform.db, migrate=False)
    try:
        (row,) = store.db.execute("SELECT * FROM session_reports").fetchall()
    finally:
        store.close()
    assert json.loads(row["screens"]) == ["catalog", "guide", "catalog", "guide", "identify", "form", "review",
                                          "result"]
    assert (row["item_code"], row["applied"], row["end_reason"]) == ("YB-0601", 1, "finished")
    assert all(secret not in str(dict(row)) for secret in (NAME, ID_NUMBER, "13800138000", number))
