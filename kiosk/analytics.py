"""One visit's trail for the 效能监察 dashboard: the screens a person reached and how long each took, and
how the visit ended — nothing of the person (api_schema/analytics.py says what is sent and why it
cannot be tied to them).

A visit begins at the first screen past home and ends when the person's session ends for good (going
back from a guide to the catalog is the same visit). A technician's visit (maintenance) is no one's.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
import time
import uuid
from typing import Callable

from api_schema.analytics import ScreenVisit, SessionEnd, SessionReport, hour_of
from offline_cache.db import StoreError
from offline_cache.outbox import Outbox

log = logging.getLogger("kiosk.analytics")
REPORTS_KEPT = 200                 # visit reports waiting while offline (beyond, the oldest are dropped)

_NOT_A_VISIT = {"", "home", "outOfService"}          # nobody is doing anything there
_TECHNICIAN = {"maintenance", "technician"}
MAX_SCREENS = 64                                     # the report's bound; a longer wander keeps its end


class VisitTrail:
    """Fed by the view model on every change of screen (GUI thread) and closed by the service when a
    session ends (any thread): locked."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)) -> None:
        self._clock, self._wall = clock, wall
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._screens: list[list] = []             # [screen, seconds]
        self._since = 0.0
        self._started: dt.datetime | None = None
        self._item: str | None = None
        self._technician = False
        self._language, self._elder = "zh", False

    def reached(self, screen: str, *, language: str = "zh", elder: bool = False) -> SessionReport | None:
        """A screen shown. Back at home with no session ended (browsing the catalog, then home): the
        visit is over, and its report is returned."""
        with self._lock:
            now = self._clock()
            self._settle(now)
            self._language, self._elder = ("en" if language == "en" else "zh"), elder
            if screen in _TECHNICIAN:
                self._technician = True
            if screen in _NOT_A_VISIT:
                return self._close(SessionEnd.FINISHED, applied=False, verification=None)
            if self._started is None:
                self._started = self._wall()
            self._screens.append([screen, 0.0])
            self._screens = self._screens[-MAX_SCREENS:]
            self._since = now
            return None

    def chose(self, item_code: str) -> None:
        with self._lock:
            self._item = item_code

    def _settle(self, now: float) -> None:
        if self._since and self._screens:
            self._screens[-1][1] += max(0.0, now - self._since)
            self._since = now

    def close(self, end: SessionEnd, *, applied: bool, verification: str | None) -> SessionReport | None:
        """The visit's report, or None (nobody visited, or a technician did); the trail starts over."""
        with self._lock:
            self._settle(self._clock())
            return self._close(end, applied=applied, verification=verification)

    def _close(self, end: SessionEnd, *, applied: bool, verification: str | None) -> SessionReport | None:
        report = None
        if self._screens and not self._technician:
            assert self._started is not None              # set with the first screen
            report = SessionReport(
                report_id=uuid.uuid4().hex, started_hour=hour_of(self._started), item_code=self._item,
                screens=[ScreenVisit(screen=s, seconds=round(sec, 1)) for s, sec in self._screens],
                end=end, applied=applied, verification=verification, language=self._language,
                elder_mode=self._elder)
        self._reset()
        return report


class VisitReports:
    """The trail and where its reports go: the outbox (sent with the next sync). At most REPORTS_KEPT
    wait, so analytics never fill the queue applications need."""

    def __init__(self, outbox: Outbox, trail: VisitTrail | None = None) -> None:
        self.outbox, self.trail = outbox, trail or VisitTrail()

    def reached(self, screen: str, *, language: str, elder: bool) -> None:
        """The view model's every change of screen (home again ends a visit no session ended)."""
        self._keep(self.trail.reached(screen, language=language, elder=elder))

    def chose(self, item_code: str) -> None:
        self.trail.chose(item_code)

    def close(self, end: SessionEnd, *, applied: bool, verification: str | None) -> None:
        self._keep(self.trail.close(end, applied=applied, verification=verification))

    def _keep(self, report: SessionReport | None) -> None:
        if report is None:
            return
        try:
            self.outbox.enqueue_bounded("session", report.model_dump_json().encode(), REPORTS_KEPT)
        except (StoreError, OSError, sqlite3.Error) as exc:     # analytics never stand in a person's way
            log.warning("visit report dropped: %s", exc)
