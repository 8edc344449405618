"""The 效能监察 figures: per kiosk, per hall and per day — visits, applications, how many were completed
and where people gave up, how long visits took, 好差评, availability inside each kiosk's hours, faults
— and the daily ranking (日日排名). Pure: built from store_analytics' rows, drawn by web_dashboard.

Availability is the minutes a kiosk's heartbeat said it was serving over the minutes it should have
been (inside its hours as set on the platform — round the clock when none are — since it was enrolled,
up to now). A kiosk that closes by its own configuration's hours, unknown to the platform, reads low.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from api_schema.hours import ServiceHours

from .store_analytics import KioskRow, ReviewRow, Span, VisitRow

BAD = (1, 2)                     # 不满意, 非常不满意: each listed for follow-up
STEP_MIN = 5                     # expected minutes are counted in 5-minute steps


@dataclass
class Figures:
    """One kiosk's, one hall's or everyone's, over the span (or one day)."""
    visits: int = 0
    began: int = 0                           # visits that began an application (reached identification)
    applied: int = 0                         # of them, submitted or queued
    applications: int = 0                    # accepted by the platform from these kiosks
    seconds: list[float] = field(default_factory=list)
    gave_up_at: Counter = field(default_factory=Counter)     # began, not applied: the last screen
    ratings: Counter = field(default_factory=Counter)        # level -> count
    serving_min: int = 0
    expected_min: int = 0
    faults: int = 0
    faults_late: int = 0

    def add(self, other: Figures) -> None:
        for name in ("visits", "began", "applied", "applications", "serving_min", "expected_min", "faults",
                     "faults_late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds
        self.gave_up_at.update(other.gave_up_at)
        self.ratings.update(other.ratings)

    @property
    def completion(self) -> float | None:
        return self.applied / self.began if self.began else None

    @property
    def median_s(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def availability(self) -> float | None:
        return min(1.0, self.serving_min / self.expected_min) if self.expected_min else None

    @property
    def satisfaction(self) -> float | None:
        """满意率: 满意 or better (4, 5) over all ratings."""
        total = sum(self.ratings.values())
        return (self.ratings[4] + self.ratings[5]) / total if total else None


@lru_cache(maxsize=64)
def _open_minutes_of_day(hours_text: str) -> int:
    hours = ServiceHours.parse(hours_text)
    day = dt.datetime(2026, 1, 1)
    return sum(STEP_MIN for m in range(0, 1440, STEP_MIN) if hours.open_at(day + dt.timedelta(minutes=m)))


def expected_minutes(hours_text: str | None, day: dt.date, since: dt.datetime, until: dt.datetime) -> int:
    """Minutes of a local day inside the hours, between `since` (enrolled) and `until` (now)."""
    start = dt.datetime.combine(day, dt.time()).astimezone()
    end = start + dt.timedelta(days=1)
    if since <= start and end <= until:                 # a whole day: the same for every such day
        return _open_minutes_of_day(hours_text or "")
    hours = ServiceHours.parse(hours_text or "")
    lo, hi = max(start, since), min(end, until)
    total, t = 0, start
    while t < end:
        if lo <= t < hi and hours.open_at(t):
            total += STEP_MIN
        t += dt.timedelta(minutes=STEP_MIN)
    return total


@dataclass
class Dashboard:
    span: Span
    kiosks: list[KioskRow]
    by_kiosk: dict[str, Figures]
    by_hall: dict[str, Figures]
    by_day: dict[dt.date, Figures]
    total: Figures
    bad_reviews: list[ReviewRow]
    ranking_day: dt.date
    ranking: list[tuple[KioskRow, Figures]]      # 日日排名 of ranking_day, best first


def build(span: Span, kiosks: list[KioskRow], visits: list[VisitRow], applications: dict[tuple[str, dt.date], int],
          reviews: list[ReviewRow], serving: dict[tuple[str, dt.date], int], faults: dict[str, tuple[int, int]],
          now: dt.datetime) -> Dashboard:
    known = {k.device_id: k for k in kiosks}
    cell: dict[tuple[str, dt.date], Figures] = {}

    def at(device_id: str, day: dt.date) -> Figures:
        return cell.setdefault((device_id, day), Figures())

    for v in visits:
        f = at(v.device_id, v.day)
        f.visits += 1
        f.seconds.append(v.seconds)
        if v.began:
            f.began += 1
            if v.applied:
                f.applied += 1
            else:
                f.gave_up_at[v.last_screen] += 1
    for (device_id, day), n in applications.items():
        at(device_id, day).applications += n
    for r in reviews:
        at(r.device_id, r.at.astimezone().date()).ratings[r.level] += 1
    for (device_id, day), n in serving.items():
        at(device_id, day).serving_min += n
    for k in kiosks:
        for day in span.days():
            expected = expected_minutes(k.service_hours, day, k.enrolled_at, now)
            if expected:
                at(k.device_id, day).expected_min += expected
    by_kiosk = {k.device_id: Figures() for k in kiosks}
    by_hall: dict[str, Figures] = {}
    by_day = {day: Figures() for day in span.days()}
    total = Figures()
    for (device_id, day), f in cell.items():
        if device_id not in known or day not in by_day:
            continue
        by_kiosk[device_id].add(f)
        by_hall.setdefault(known[device_id].hall, Figures()).add(f)
        by_day[day].add(f)
        total.add(f)
    for device_id, (opened, late) in faults.items():
        if device_id in known:
            for figures in (by_kiosk[device_id], by_hall.setdefault(known[device_id].hall, Figures()), total):
                figures.faults += opened
                figures.faults_late += late
    ranking_day = min(span.last, now.astimezone().date())
    ranking = sorted(((k, cell.get((k.device_id, ranking_day), Figures())) for k in kiosks), key=_rank_key)
    return Dashboard(span, kiosks, by_kiosk, by_hall, by_day, total,
                     [r for r in reviews if r.level in BAD and r.device_id in known], ranking_day, ranking)


def _rank_key(pair: tuple[KioskRow, Figures]) -> tuple:
    """First whether it could serve, then whether people got their business done, then how many it
    served, then how they rated it: a kiosk no one could use ranks last however busy its hall."""
    _, f = pair
    return (-(f.availability or 0.0), -(f.completion or 0.0), -f.applications, -(f.satisfaction or 0.0))
