"""Switches that must survive a restart — the kiosk taken out of service by a technician or by the
platform stays out of service when systemd restarts it after a crash — in the store's meta table."""

from __future__ import annotations

from .db import transaction
from .meta import MetaValues


class Flags(MetaValues):
    prefix = "flag"

    def get(self, name: str) -> str:
        """The flag's value; "" when it is not set."""
        return self._read(name) or ""

    def set(self, name: str, value: str) -> None:
        """Set it ("" clears it); durable before it returns."""
        with self._lock, transaction(self.conn) as db:
            if value:
                self._write(db, name, value)
            else:
                db.execute("DELETE FROM meta WHERE name = ?", (self._key(name),))
