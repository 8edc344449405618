"""Small persistent counters (sheets printed since the last refill, per printer), in the store's meta
table so they survive restarts and power cuts."""

from __future__ import annotations

from .db import transaction
from .meta import MetaValues


class Counters(MetaValues):
    prefix = "counter"

    def get(self, name: str) -> int:
        return int(self._read(name) or 0)

    def all(self) -> dict[str, int]:
        with self._lock:
            rows = self.conn.execute("SELECT name, value FROM meta WHERE name LIKE 'counter:%'").fetchall()
        return {name[len("counter:"):]: int(value) for name, value in rows}

    def add(self, name: str, n: int) -> int:
        with self._lock, transaction(self.conn, durable=False) as db:
            value = int(self._read(name, db) or 0) + n
            self._write(db, name, str(value))
        return value

    def reset(self, name: str) -> None:
        with self._lock, transaction(self.conn) as db:
            self._write(db, name, "0")
