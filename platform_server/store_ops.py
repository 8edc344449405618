"""The operations side of the platform's store: heartbeats, the fleet view's rows, commands for the
kiosks, revocation. A part of PlatformStore (its transactions and connection), kept apart because it
changes with operations, not with applications."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from api_schema.models import Heartbeat, HeartbeatAnswer

from .db import Database
from .store_orders import WorkOrders
from .store_base import StoreError, _iso, _now


HEARTBEAT_HISTORY = dt.timedelta(days=31)     # a month of history per kiosk (availability, faults)
# A kiosk beats once a minute, at once on a change of state (debounced 2 s) and after a command: a dozen
# in one minute is a kiosk gone wrong (or a stolen key) flooding the platform.
HEARTBEATS_PER_MINUTE = 12


class HeartbeatFlood(StoreError):
    def __init__(self, beats: int) -> None:
        super().__init__("rate_limited", f"{beats} heartbeats within a minute: at most {HEARTBEATS_PER_MINUTE}")


@dataclass(frozen=True)
class FleetEntry:
    device_id: str
    name: str
    enrolled_at: dt.datetime
    revoked: bool
    last_seen: dt.datetime | None
    heartbeat: Heartbeat | None
    service_hours: str | None = None           # as set on the platform (None: the kiosk's own)
    hall: str = ""


class DeviceOperations(WorkOrders):
    """Mixed into PlatformStore, which provides the database."""
    db: Database

    def heartbeat(self, device_id: str, hb: Heartbeat) -> HeartbeatAnswer:
        """Record a heartbeat (the kiosk's latest state, and its history for HEARTBEAT_HISTORY), open and
        close work orders by the faults it reports, and answer with the device's pending commands (each
        delivered once, even to two requests at once), its service hours as set on the platform (None:
        not set) and its open work orders."""
        moment = _now()
        now, body = _iso(moment), hb.model_dump_json()
        window = _iso(moment - dt.timedelta(seconds=60))
        # A heartbeat lost to a database crash costs nothing, nor does a work order opened or closed by
        # it: the next heartbeat opens or closes it again.
        with self.db.tx(durable=False) as db:
            # The latest state and this minute's count in one statement; past HEARTBEATS_PER_MINUTE the
            # transaction is rolled back (nothing of the flood is kept) and the kiosk told to slow down.
            beats = db.execute(
                "INSERT INTO device_state (device_id, received_at, body, window_start, beats) VALUES (?, ?, ?, ?, 1)"
                " ON CONFLICT (device_id) DO UPDATE SET received_at = excluded.received_at, body = excluded.body,"
                " beats = CASE WHEN device_state.window_start > ? THEN device_state.beats + 1 ELSE 1 END,"
                " window_start = CASE WHEN device_state.window_start > ? THEN device_state.window_start"
                " ELSE excluded.window_start END RETURNING beats",
                (device_id, now, body, now, window, window)).fetchone()["beats"]
            if beats > HEARTBEATS_PER_MINUTE:
                raise HeartbeatFlood(beats)
            db.execute("INSERT INTO heartbeats (device_id, received_at, body) VALUES (?, ?, ?)", (device_id, now, body))
            if hb.kiosk_state.upper() in ("AVAILABLE", "ACTIVE"):       # a minute of service for the day's availability, once however many beats in it
                db.execute("INSERT INTO device_days VALUES (?, ?, 1, ?) ON CONFLICT (device_id, day) DO UPDATE SET"
                           " serving_min = device_days.serving_min + CASE WHEN device_days.last_minute ="
                           " excluded.last_minute THEN 0 ELSE 1 END, last_minute = excluded.last_minute",
                           (device_id, moment.astimezone().date().isoformat(), now[:16]))
            if secrets.randbelow(64) == 0:           # now and then (a kiosk beats 1,440 times a day)
                db.execute("DELETE FROM heartbeats WHERE device_id = ? AND received_at < ?",
                           (device_id, _iso(_now() - HEARTBEAT_HISTORY)))
            rows = db.execute("UPDATE commands SET delivered_at = ? WHERE device_id = ? AND delivered_at IS NULL"
                              " RETURNING id, command", (now, device_id)).fetchall()
            hours = db.execute("SELECT service_hours FROM devices WHERE device_id = ?", (device_id,)).fetchone()
            orders = self.observe_faults(db, device_id, hb, moment)
        return HeartbeatAnswer(server_time=moment, commands=[r["command"] for r in sorted(rows, key=lambda r: r["id"])],
                               service_hours=hours["service_hours"] if hours else None, work_orders=orders)

    def set_service_hours(self, device_id: str, hours: str | None) -> None:
        """A kiosk's daily service hours ("08:30-20:00", "00:00-24:00"; None: its own configuration's),
        handed to it with its next heartbeat's answer."""
        if self.db.execute("UPDATE devices SET service_hours = ? WHERE device_id = ?",
                           (hours, device_id)).rowcount == 0:
            raise StoreError("not_found", "no such device")

    def device_state(self, device_id: str) -> Heartbeat | None:
        """A kiosk's newest heartbeat."""
        row = self.db.execute("SELECT body FROM device_state WHERE device_id = ?", (device_id,)).fetchone()
        return Heartbeat.model_validate_json(row["body"]) if row else None

    def fleet(self) -> list[FleetEntry]:
        """Every enrolled kiosk with its newest heartbeat (the supervisor's view)."""
        rows = self.db.execute(
            "SELECT d.device_id, d.name, d.enrolled_at, d.revoked, d.service_hours, d.hall, s.received_at, s.body"
            " FROM devices d"
            " LEFT JOIN device_state s ON s.device_id = d.device_id ORDER BY d.name, d.device_id").fetchall()
        return [FleetEntry(r["device_id"], r["name"], dt.datetime.fromisoformat(r["enrolled_at"]), bool(r["revoked"]),
                           dt.datetime.fromisoformat(r["received_at"]) if r["received_at"] else None,
                           Heartbeat.model_validate_json(r["body"]) if r["body"] else None, r["service_hours"], r["hall"])
                for r in rows]

    def queue_command(self, device_id: str, command: str) -> None:
        with self.db.tx() as db:
            if db.execute("SELECT 1 FROM devices WHERE device_id = ?", (device_id,)).fetchone() is None:
                raise StoreError("not_found", "no such device")
            db.execute("INSERT INTO commands (device_id, command) VALUES (?, ?)", (device_id, command))

