"""Work orders (运维工单) in the platform's store: opened by themselves from a kiosk's faults (its
heartbeat, or its silence), assigned to the hall's technician with a due time (faults.SLA), escalated
when overdue, closed by themselves when the kiosk reports the fault gone. A technician adds notes; an
order is never closed by hand while the kiosk still reports the fault.

Every step is a single statement decided inside the database: a partial unique index keeps one open
order per kiosk and fault however many workers see the same heartbeat, and an order is closed or
escalated by the one UPDATE that finds it still open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from api_schema.hours import ServiceHours
from api_schema.models import Heartbeat, WorkOrderBrief

from .db import Database, Row, Tx
from .faults import OFFLINE, OFFLINE_AFTER, Fault, describe, faults_of
from .store_base import StoreError, _iso, _now

NOTE_MAX = 500


@dataclass(frozen=True)
class WorkOrder:
    order_id: int
    device_id: str
    device_name: str
    hall: str
    fault: str
    code: str
    opened_at: dt.datetime
    due_at: dt.datetime
    assignee: str
    escalated_at: dt.datetime | None
    closed_at: dt.datetime | None
    closed_by: str                      # "kiosk" (it reported the fault gone), "revoked"

    @property
    def title(self) -> str:
        return describe(self.fault, self.code)

    def overdue(self, now: dt.datetime) -> bool:
        return (self.closed_at or now) > self.due_at

    def brief(self) -> WorkOrderBrief:
        return WorkOrderBrief(order_no=self.order_id, fault=self.fault, code=self.code, title=self.title,
                              opened_at=self.opened_at, due_at=self.due_at, escalated=self.escalated_at is not None)


@dataclass(frozen=True)
class OrderEvent:
    at: dt.datetime
    kind: str                           # opened | worse | note | escalated | closed
    by: str                             # "kiosk", "platform", or the technician's user name
    note: str


def _time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _order(r: Row) -> WorkOrder:
    return WorkOrder(r["order_id"], r["device_id"], r["name"] or "", r["hall"], r["fault"], r["code"],
                     dt.datetime.fromisoformat(r["opened_at"]), dt.datetime.fromisoformat(r["due_at"]), r["assignee"],
                     _time(r["escalated_at"]), _time(r["closed_at"]), r["closed_by"])


_SELECT = "SELECT w.*, d.name FROM work_orders w LEFT JOIN devices d ON d.device_id = w.device_id"


class WorkOrders:
    """Mixed into PlatformStore, which provides the database."""
    db: Database

    # ------------------------------------------------------------ opened and closed by the kiosk's state

    def observe_faults(self, db: Tx, device_id: str, hb: Heartbeat, now: dt.datetime) -> list[WorkOrderBrief]:
        """Inside a heartbeat's transaction: open an order for each new fault, make one worse (sooner
        due) when its fault got worse, close those whose fault is gone (a heartbeat at all closes
        "offline"). Returns the kiosk's open orders, for its maintenance screen."""
        current = faults_of(hb)
        held = {r["fault"]: r for r in db.execute("SELECT order_id, fault, code, due_at FROM work_orders"
                                                  " WHERE device_id = ? AND closed_at IS NULL", (device_id,))}
        if not held and not current:                 # the usual heartbeat: one indexed look, nothing more
            return []
        for fault, row in held.items():
            if fault not in current:
                self._close(db, row["order_id"], now, "kiosk", "终端报告已恢复正常")
            elif current[fault].code != row["code"]:
                self._change(db, row, current[fault], now)
        for fault in current.values():
            if fault.fault not in held:
                self._open(db, device_id, fault, now, "终端上报")
        return [_order(r).brief() for r in db.execute(
            _SELECT + " WHERE w.device_id = ? AND w.closed_at IS NULL ORDER BY w.order_id", (device_id,))]

    def _open(self, db: Tx, device_id: str, fault: Fault, now: dt.datetime, note: str) -> int | None:
        hall = db.execute("SELECT hall FROM devices WHERE device_id = ?", (device_id,)).fetchone()
        hall = hall["hall"] if hall else ""
        # the hall's technician (运维) with the fewest open orders; none: the city centre's
        who = db.execute(
            "SELECT o.username FROM operators o WHERE o.role = 'operator' AND o.disabled = 0 AND o.hall = ?"
            " ORDER BY (SELECT COUNT(*) FROM work_orders w WHERE w.assignee = o.username AND w.closed_at IS NULL),"
            " o.username LIMIT 1", (hall,)).fetchone()
        row = db.execute(
            "INSERT INTO work_orders (device_id, hall, fault, code, opened_at, due_at, assignee) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (device_id, fault) WHERE closed_at IS NULL DO NOTHING RETURNING order_id",
            (device_id, hall, fault.fault, fault.code, _iso(now), _iso(now + fault.sla),
             who["username"] if who else "")).fetchone()
        if row is None:                        # another worker opened it a moment ago
            return None
        self._event(db, row["order_id"], now, "opened", "platform", f"{fault.words()}（{note}）")
        return row["order_id"]

    def _change(self, db: Tx, row: Row, fault: Fault, now: dt.datetime) -> None:
        worse = fault.worse_than(row["code"])
        due = min(row["due_at"], _iso(now + fault.sla)) if worse else row["due_at"]
        if db.execute("UPDATE work_orders SET code = ?, due_at = ? WHERE order_id = ? AND closed_at IS NULL",
                      (fault.code, due, row["order_id"])).rowcount:
            self._event(db, row["order_id"], now, "worse" if worse else "changed", "kiosk", fault.words())

    def _close(self, db: Tx, order_id: int, now: dt.datetime, by: str, note: str) -> None:
        if db.execute("UPDATE work_orders SET closed_at = ?, closed_by = ? WHERE order_id = ? AND closed_at IS NULL",
                      (_iso(now), by, order_id)).rowcount:
            self._event(db, order_id, now, "closed", by, note)

    @staticmethod
    def _event(db: Tx, order_id: int, at: dt.datetime, kind: str, by: str, note: str) -> None:
        db.execute("INSERT INTO work_order_events (order_id, at, kind, actor, note) VALUES (?, ?, ?, ?, ?)",
                   (order_id, _iso(at), kind, by, note))

    # ------------------------------------------------------------ silence and overdue (the sweep)

    def sweep(self, now: dt.datetime | None = None) -> tuple[int, int]:
        """Open "offline" orders for kiosks silent longer than OFFLINE_AFTER inside their hours, and
        escalate overdue orders. Safe from every worker at once. Returns (opened, escalated)."""
        now = now or _now()
        opened = escalated = 0
        with self.db.tx() as db:
            silent = db.execute(
                "SELECT d.device_id, d.service_hours, s.received_at, s.body FROM devices d"
                " JOIN device_state s ON s.device_id = d.device_id WHERE d.revoked = 0 AND s.received_at < ?"
                " AND NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.device_id = d.device_id AND w.fault = ?"
                " AND w.closed_at IS NULL)", (_iso(now - OFFLINE_AFTER), OFFLINE.fault)).fetchall()
            for r in silent:
                if self._closed_for_hours(r, now):
                    continue
                last = dt.datetime.fromisoformat(r["received_at"]).astimezone()
                opened += self._open(db, r["device_id"], OFFLINE, now, f"最近心跳 {last:%m-%d %H:%M}") is not None
            for r in db.execute("UPDATE work_orders SET escalated_at = ? WHERE closed_at IS NULL AND escalated_at IS NULL"
                                " AND due_at < ? RETURNING order_id", (_iso(now), _iso(now))).fetchall():
                self._event(db, r["order_id"], now, "escalated", "platform", "超时未处理，已上报政务服务中心")
                escalated += 1
        return opened, escalated

    @staticmethod
    def _closed_for_hours(r: Row, now: dt.datetime) -> bool:
        """Silent outside its hours is no fault: switched off for the night (hours set on the platform),
        or its last word was that it closed for its own hours."""
        if r["service_hours"] and not ServiceHours.parse(r["service_hours"]).open_at(now.astimezone()):
            return True
        try:
            last = Heartbeat.model_validate_json(r["body"])
        except ValueError:                         # a body this version cannot read: not known to be closed
            return False
        return last.kiosk_state.upper() == "OUT_OF_SERVICE" and last.reason == "hours"

    # ------------------------------------------------------------ reading, and the technician's notes

    def work_orders(self, *, hall: str | None = None, open_only: bool = False, device_id: str | None = None,
                    since: dt.datetime | None = None, limit: int = 500) -> list[WorkOrder]:
        where, args = ["1 = 1"], []
        if hall is not None:
            where.append("w.hall = ?")
            args.append(hall)
        if device_id is not None:
            where.append("w.device_id = ?")
            args.append(device_id)
        if open_only:
            where.append("w.closed_at IS NULL")
        if since is not None:
            where.append("(w.closed_at IS NULL OR w.opened_at >= ?)")
            args.append(_iso(since))
        # open first, the overdue among them first; then the newest
        rows = self.db.execute(
            f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY w.closed_at IS NOT NULL, w.due_at, w.order_id DESC"
            f" LIMIT {int(limit)}", tuple(args)).fetchall()
        return [_order(r) for r in rows]

    def work_order(self, order_id: int) -> tuple[WorkOrder, list[OrderEvent]]:
        row = self.db.execute(f"{_SELECT} WHERE w.order_id = ?", (order_id,)).fetchone()
        if row is None:
            raise StoreError("not_found", "no such work order")
        events = [OrderEvent(dt.datetime.fromisoformat(e["at"]), e["kind"], e["actor"], e["note"]) for e in self.db.execute(
            "SELECT at, kind, actor, note FROM work_order_events WHERE order_id = ? ORDER BY id", (order_id,))]
        return _order(row), events

    def add_order_note(self, order_id: int, by: str, note: str) -> None:
        """A technician's note (what was done, what is missing); it does not close the order: the kiosk
        reporting the device ready does."""
        note = " ".join(note.split())[:NOTE_MAX]
        if not note:
            raise StoreError("invalid_request", "the note is empty")
        with self.db.tx() as db:
            if db.execute("SELECT 1 FROM work_orders WHERE order_id = ?", (order_id,)).fetchone() is None:
                raise StoreError("not_found", "no such work order")
            self._event(db, order_id, _now(), "note", by, note)

    def halls(self) -> list[str]:
        """Every hall a kiosk stands in (the pages' filters)."""
        return [r["hall"] for r in self.db.execute("SELECT DISTINCT hall FROM devices WHERE hall <> '' ORDER BY hall")]

    def set_hall(self, device_id: str, hall: str) -> None:
        """Which hall a kiosk stands in: its supervisor's dashboard and its technician's orders."""
        if self.db.execute("UPDATE devices SET hall = ? WHERE device_id = ?", (hall, device_id)).rowcount == 0:
            raise StoreError("not_found", "no such device")
