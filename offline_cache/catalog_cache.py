"""The cached service catalog: usable offline, replaced atomically, and only by a newer revision.

Freshness is the server's: its ETag for conditional requests and its watermark (a revision number
that only grows) for ordering. The kiosk's clock is never trusted for either.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import sqlite3

from .db import transaction


@dataclass(frozen=True)
class CachedCatalog:
    etag: str
    watermark: int
    body: bytes
    fetched_at: float


class CatalogCache:
    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock | None = None) -> None:
        self.conn = conn
        self._lock = lock or threading.RLock()

    def load(self) -> CachedCatalog | None:
        with self._lock:
            row = self.conn.execute("SELECT etag, watermark, body, fetched_at FROM catalog WHERE id = 1").fetchone()
        return CachedCatalog(row[0], row[1], bytes(row[2]), row[3]) if row else None

    def store(self, etag: str, watermark: int, body: bytes) -> bool:
        """Swap in a catalog in one transaction; False (and nothing changed) if it is older."""
        with self._lock, transaction(self.conn) as db:
            row = db.execute("SELECT watermark FROM catalog WHERE id = 1").fetchone()
            if row is not None and watermark < row[0]:
                return False
            db.execute("INSERT OR REPLACE INTO catalog VALUES (1, ?, ?, ?, ?)", (etag, watermark, body, time.time()))
        return True
