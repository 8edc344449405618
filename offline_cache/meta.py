"""Named values in the store's meta table, under one prefix per kind (counters, flags), guarded by the
store's lock: small state that must survive restarts and power cuts."""

from __future__ import annotations

import sqlite3
import threading


class MetaValues:
    prefix = ""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock | None = None) -> None:
        self.conn, self._lock = conn, lock or threading.RLock()

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def _read(self, name: str, db: sqlite3.Connection | None = None) -> str | None:
        with self._lock:
            row = (db or self.conn).execute("SELECT value FROM meta WHERE name = ?", (self._key(name),)).fetchone()
        return None if row is None else str(row[0])

    def _write(self, db: sqlite3.Connection, name: str, value: str) -> None:
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (self._key(name), value))
