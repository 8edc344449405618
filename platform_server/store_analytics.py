"""What the 效能监察 dashboard reads from the store: the kiosks' anonymous visit reports, applications and
好差评 by kiosk, serving minutes per day (device_days), work orders opened — for a span of local
days and, optionally, one hall. The figures themselves are made in dashboard.py."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from api_schema.analytics import SessionReport

from .db import Database
from .store_base import _iso, _now


@dataclass(frozen=True)
class KioskRow:
    device_id: str
    name: str
    hall: str
    enrolled_at: dt.datetime
    service_hours: str | None


@dataclass(frozen=True)
class VisitRow:
    device_id: str
    day: dt.date                 # local
    seconds: float
    applied: bool
    began: bool                  # reached identification: an application begun
    last_screen: str
    end_reason: str


@dataclass(frozen=True)
class ReviewRow:
    device_id: str
    application_no: str
    item_name: str
    level: int
    comment: str
    at: dt.datetime


@dataclass(frozen=True)
class Span:
    """Local days, both included."""
    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time()).astimezone()

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time()).astimezone()

    def bounds(self) -> tuple[str, str]:
        """Its start and end as the store keeps times (UTC ISO text)."""
        return _iso(self.start.astimezone(dt.timezone.utc)), _iso(self.end.astimezone(dt.timezone.utc))

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range((self.last - self.first).days + 1)]


_BEGUN = {"identify", "verify", "enterprise", "form", "review", "submitting", "result", "rate"}


class Analytics:
    """Mixed into PlatformStore, which provides the database."""
    db: Database

    def keep_report(self, device_id: str, report: SessionReport) -> bool:
        """Store a visit's report; False when it was here already (a retry)."""
        row = self.db.execute(
            "INSERT INTO session_reports (report_id, device_id, started_hour, item_code, seconds, end_reason, applied,"
            " last_screen, screens, verification, language, elder_mode, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (report_id) DO NOTHING RETURNING report_id",
            (report.report_id, device_id, _iso(report.started_hour.astimezone(dt.timezone.utc)), report.item_code,
             report.seconds, report.end.value, int(report.applied), report.last_screen,
             json.dumps([s.screen for s in report.screens]), report.verification, report.language,
             int(report.elder_mode), _iso(_now()))).fetchone()
        return row is not None

    def _kiosk_filter(self, hall: str | None, alias: str = "d") -> tuple[str, tuple]:
        return (f" AND {alias}.hall = ?", (hall,)) if hall is not None else ("", ())

    def dashboard_kiosks(self, hall: str | None) -> list[KioskRow]:
        where, args = self._kiosk_filter(hall)
        return [KioskRow(r["device_id"], r["name"], r["hall"], dt.datetime.fromisoformat(r["enrolled_at"]),
                         r["service_hours"]) for r in self.db.execute(
            "SELECT device_id, name, hall, enrolled_at, service_hours FROM devices d WHERE revoked = 0" + where
            + " ORDER BY hall, name", args)]

    def dashboard_visits(self, span: Span, hall: str | None) -> list[VisitRow]:
        where, args = self._kiosk_filter(hall)
        rows = self.db.execute(
            "SELECT r.device_id, r.started_hour, r.seconds, r.applied, r.last_screen, r.end_reason, r.screens"
            " FROM session_reports r JOIN devices d ON d.device_id = r.device_id"
            " WHERE r.started_hour >= ? AND r.started_hour < ?" + where,
            (*span.bounds(), *args))
        return [VisitRow(r["device_id"], dt.datetime.fromisoformat(r["started_hour"]).astimezone().date(), r["seconds"],
                         bool(r["applied"]), bool(_BEGUN & set(json.loads(r["screens"]))), r["last_screen"],
                         r["end_reason"]) for r in rows]

    def dashboard_applications(self, span: Span, hall: str | None) -> dict[tuple[str, dt.date], int]:
        """Applications the platform accepted from each kiosk, by local day (offline ones when they came)."""
        where, args = self._kiosk_filter(hall)
        counts: dict[tuple[str, dt.date], int] = {}
        for r in self.db.execute(
                "SELECT a.device_id, a.accepted_at FROM applications a JOIN devices d ON d.device_id = a.device_id"
                " WHERE a.accepted_at >= ? AND a.accepted_at < ?" + where,
                (*span.bounds(), *args)):
            key = (r["device_id"], dt.datetime.fromisoformat(r["accepted_at"]).astimezone().date())
            counts[key] = counts.get(key, 0) + 1
        return counts

    def dashboard_reviews(self, span: Span, hall: str | None) -> list[ReviewRow]:
        where, args = self._kiosk_filter(hall)
        return [ReviewRow(r["device_id"], r["application_no"], r["item_name"], r["level"], r["comment"],
                          dt.datetime.fromisoformat(r["at"])) for r in self.db.execute(
            "SELECT e.device_id, e.application_no, a.item_name, e.level, e.comment, e.at FROM evaluations e"
            " JOIN devices d ON d.device_id = e.device_id LEFT JOIN applications a ON a.application_no = e.application_no"
            " WHERE e.at >= ? AND e.at < ?" + where + " ORDER BY e.at DESC",
            (*span.bounds(), *args))]

    def dashboard_serving_minutes(self, span: Span, hall: str | None) -> dict[tuple[str, dt.date], int]:
        """Minutes in which a kiosk's heartbeat said it was serving, by kiosk and local day (device_days,
        kept up by the heartbeats themselves)."""
        where, args = self._kiosk_filter(hall)
        return {(r["device_id"], dt.date.fromisoformat(r["day"])): r["serving_min"] for r in self.db.execute(
            "SELECT s.device_id, s.day, s.serving_min FROM device_days s JOIN devices d ON d.device_id = s.device_id"
            " WHERE s.day >= ? AND s.day <= ?" + where, (span.first.isoformat(), span.last.isoformat(), *args))}

    def dashboard_faults(self, span: Span, hall: str | None) -> dict[str, tuple[int, int]]:
        """Work orders opened in the span by kiosk: (opened, of them overdue)."""
        where, args = self._kiosk_filter(hall, "w")
        out: dict[str, tuple[int, int]] = {}
        now = _iso(_now())
        for r in self.db.execute(
                "SELECT w.device_id, COUNT(*) AS n, SUM(CASE WHEN COALESCE(w.closed_at, ?) > w.due_at THEN 1 ELSE 0 END)"
                " AS late FROM work_orders w WHERE w.opened_at >= ? AND w.opened_at < ?" + where + " GROUP BY w.device_id",
                (now, *span.bounds(), *args)):
            out[r["device_id"]] = (r["n"], r["late"] or 0)
        return out
