"""The operations side of the platform's store: heartbeats, the fleet view's rows, commands for the
kiosks, revocation. A part of PlatformStore (its transactions and connection), kept apart because it
changes with operations, not with applications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from api_schema.models import Heartbeat

from .store_base import StoreError, _iso, _now


@dataclass(frozen=True)
class FleetEntry:
    device_id: str
    name: str
    enrolled_at: dt.datetime
    revoked: bool
    last_seen: dt.datetime | None
    heartbeat: Heartbeat | None


class DeviceOperations:
    """Mixed into PlatformStore, which provides the transactions (_tx) and the connection (_conn)."""

    def heartbeat(self, device_id: str, hb: Heartbeat) -> list[str]:
        """Record a heartbeat and hand over the device's pending commands (each delivered once)."""
        with self._tx() as db:
            db.execute("INSERT INTO heartbeats VALUES (?, ?, ?)", (device_id, _iso(_now()), hb.model_dump_json()))
            # a month of history per kiosk is plenty for the reference platform
            db.execute("DELETE FROM heartbeats WHERE device_id = ? AND received_at < ?",
                       (device_id, _iso(_now() - dt.timedelta(days=31))))
            rows = db.execute("SELECT id, command FROM commands WHERE device_id = ? AND delivered_at IS NULL"
                              " ORDER BY id", (device_id,)).fetchall()
            db.executemany("UPDATE commands SET delivered_at = ? WHERE id = ?", [(_iso(_now()), r["id"]) for r in rows])
        return [r["command"] for r in rows]

    def fleet(self) -> list[FleetEntry]:
        """Every enrolled kiosk with its newest heartbeat (the supervisor's view)."""
        rows = self._conn().execute(
            "SELECT d.device_id, d.name, d.enrolled_at, d.revoked, h.received_at, h.body FROM devices d"
            " LEFT JOIN heartbeats h ON h.rowid = (SELECT rowid FROM heartbeats WHERE device_id = d.device_id"
            " ORDER BY received_at DESC, rowid DESC LIMIT 1) ORDER BY d.name, d.device_id").fetchall()
        return [FleetEntry(r["device_id"], r["name"], dt.datetime.fromisoformat(r["enrolled_at"]), bool(r["revoked"]),
                           dt.datetime.fromisoformat(r["received_at"]) if r["received_at"] else None,
                           Heartbeat.model_validate_json(r["body"]) if r["body"] else None) for r in rows]

    def queue_command(self, device_id: str, command: str) -> None:
        with self._tx() as db:
            if db.execute("SELECT 1 FROM devices WHERE device_id = ?", (device_id,)).fetchone() is None:
                raise StoreError("not_found", "no such device")
            db.execute("INSERT INTO commands (device_id, command) VALUES (?, ?)", (device_id, command))

