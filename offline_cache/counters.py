"""Small persistent counters (sheets printed since the last refill, per printer), in the store's meta
table so they survive restarts and power cuts."""

from __future__ import annotations

import sqlite3
import threading

from .db import transaction


class Counters:
    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock | None = None) -> None:
        self.conn, self._lock = conn, lock or threading.RLock()

    def get(self, name: str) -> int:
        with self._lock:
            row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (f"counter:{name}",)).fetchone()
        return int(row[0]) if row else 0

    def all(self) -> dict[str, int]:
        with self._lock:
            rows = self.conn.execute("SELECT name, value FROM meta WHERE name LIKE 'counter:%'").fetchall()
        return {name[len("counter:"):]: int(value) for name, value in rows}

    def add(self, name: str, n: int) -> int:
        with self._lock, transaction(self.conn, durable=False) as db:
            row = db.execute("SELECT value FROM meta WHERE name = ?", (f"counter:{name}",)).fetchone()
            value = (int(row[0]) if row else 0) + n
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"counter:{name}", str(value)))
        return value

    def reset(self, name: str) -> None:
        with self._lock, transaction(self.conn) as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, '0')", (f"counter:{name}",))
