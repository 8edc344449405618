"""Switches that must survive a restart — the kiosk taken out of service by a technician or by the
platform stays out of service when systemd restarts it after a crash — in the store's meta table."""

from __future__ import annotations

import sqlite3
import threading

from .db import transaction


class Flags:
    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock | None = None) -> None:
        self.conn, self._lock = conn, lock or threading.RLock()

    def get(self, name: str) -> str:
        """The flag's value; "" when it is not set."""
        with self._lock:
            row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (f"flag:{name}",)).fetchone()
        return str(row[0]) if row else ""

    def set(self, name: str, value: str) -> None:
        """Set it ("" clears it); durable before it returns."""
        with self._lock, transaction(self.conn) as db:
            if value:
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"flag:{name}", value))
            else:
                db.execute("DELETE FROM meta WHERE name = ?", (f"flag:{name}",))
