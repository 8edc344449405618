"""The outbox: what the kiosk must deliver to the platform, kept until the platform confirms.

- `enqueue` writes the item, its attachments and its queue row in ONE transaction, with the
  client-generated id that is sent as the Idempotency-Key on every attempt.
- Payloads and attachments are sealed (AEAD); attachments in 256 KiB chunks, so an upload can
  stream them and nothing whole has to sit in memory.
- Client status (queued / done / parked) is kept apart from what the server said.
- `due` hands out the oldest queued items whose next attempt has come, bounded by a snapshot time.
- A 4xx that will never succeed parks the item with its reason for a technician; nothing is ever
  deleted silently. Done items are purged only after a retention window.
Imports nothing of ours above it: payloads are opaque bytes to this module.
"""

from __future__ import annotations

import functools
import shutil
import threading
import time
import uuid
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .crypto import Sealer
from .db import StoreError, open_database, transaction

CHUNK = 256 * 1024


def _locked(method):
    """One connection serves the sync thread and the submission workers: transactions of two
    threads must never interleave on it, so every operation holds the outbox's lock."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)
    return wrapper


class ClientStatus(str, Enum):
    QUEUED = "queued"
    DONE = "done"
    PARKED = "parked"


class OutboxRefused(StoreError):
    """A new submission refused by the offline bounds; `code` keys the screen's message."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class OutboxItem:
    id: str
    kind: str
    created_at: float
    client_status: ClientStatus
    attempts: int
    next_attempt_at: float
    server_status: str | None
    server_ref: str | None
    last_error: str | None


@dataclass(frozen=True)
class Bounds:
    """Bounded offline: past these, new submissions are refused with a clear reason."""
    max_queue: int = 500
    max_offline_days: float = 7.0
    min_free_mb: float = 200.0


@dataclass(frozen=True)
class OutboxStats:
    depth: int
    oldest_age_s: float | None
    parked: int
    last_good_sync: float | None


class Outbox:
    def __init__(self, path: Path, sealer: Sealer, *, bounds: Bounds = Bounds(), clock=time.time,
                 max_page_count: int | None = None) -> None:
        self.path = Path(path)
        self.conn = open_database(self.path, max_page_count=max_page_count)
        self.sealer = sealer
        self.bounds = bounds
        self.clock = clock
        self._lock = threading.RLock()
        self.lock = self._lock            # shared with other users of this connection (catalog cache)

    @_locked
    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------ writing

    @_locked
    def check_bounds(self) -> None:
        stats = self.stats()
        if stats.depth >= self.bounds.max_queue:
            raise OutboxRefused("offline_queue_full", f"{stats.depth} items queued")
        since = stats.last_good_sync or self._first_use()
        if (self.clock() - since) / 86400 > self.bounds.max_offline_days:
            raise OutboxRefused("offline_too_long", "no good sync within the allowed days")
        free_mb = shutil.disk_usage(self.path.parent).free / 2**20
        if free_mb < self.bounds.min_free_mb:
            raise OutboxRefused("offline_disk_low", f"{free_mb:.0f} MB free")

    @_locked
    def enqueue(self, kind: str, payload: bytes, attachments: Iterable[Attachment] = (),
                item_id: str | None = None) -> str:
        """Store an item durably (one transaction; synchronous=FULL) and return its id."""
        item_id = item_id or uuid.uuid4().hex
        now = self.clock()
        sealed = self.sealer.seal(payload, self._aad(item_id, "payload"))
        rows = []
        for seq, att in enumerate(attachments):
            for chunk, start in enumerate(range(0, max(len(att.data), 1), CHUNK)):
                part = att.data[start:start + CHUNK]
                rows.append((item_id, seq, chunk, att.name, att.content_type,
                             self.sealer.seal(part, self._aad(item_id, f"att/{seq}/{chunk}"))))
        with transaction(self.conn) as db:
            db.execute("INSERT INTO outbox (id, kind, created_at, payload, client_status, next_attempt_at)"
                       " VALUES (?, ?, ?, ?, 'queued', ?)", (item_id, kind, now, sealed, now))
            db.executemany("INSERT INTO attachments VALUES (?, ?, ?, ?, ?, ?)", rows)
            db.execute("INSERT INTO history VALUES (?, ?, 'enqueued', ?)", (item_id, now, kind))
            db.execute("INSERT OR IGNORE INTO meta VALUES ('first_use', ?)", (str(now),))
        return item_id

    @_locked
    def replace_queued(self, kind: str, payload: bytes) -> str:
        """Enqueue `payload` in place of any queued item of the same kind (a heartbeat: only the
        newest state is worth sending after an outage, and a week offline must not fill the queue)."""
        with transaction(self.conn) as db:
            db.execute("DELETE FROM outbox WHERE kind = ? AND client_status = 'queued'", (kind,))
        return self.enqueue(kind, payload)

    @_locked
    def enqueue_bounded(self, kind: str, payload: bytes, keep: int) -> str:
        """Enqueue, dropping the oldest queued items of the kind beyond `keep` (what is worth less than
        an application — anonymous analytics — never fills the queue that applications need)."""
        with transaction(self.conn) as db:
            db.execute("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE kind = ? AND client_status = 'queued'"
                       " ORDER BY created_at DESC LIMIT -1 OFFSET ?)", (kind, max(0, keep - 1)))
        return self.enqueue(kind, payload)

    # ------------------------------------------------------------ reading

    @staticmethod
    def _aad(item_id: str, part: str) -> bytes:
        return f"{item_id}/{part}".encode()

    def _item(self, row) -> OutboxItem:
        return OutboxItem(row[0], row[1], row[2], ClientStatus(row[3]), row[4], row[5], row[6], row[7], row[8])

    _COLUMNS = "id, kind, created_at, client_status, attempts, next_attempt_at, server_status, server_ref, last_error"

    @_locked
    def get(self, item_id: str) -> OutboxItem | None:
        row = self.conn.execute(f"SELECT {self._COLUMNS} FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return self._item(row) if row else None

    @_locked
    def server_body(self, item_id: str) -> str | None:
        row = self.conn.execute("SELECT server_body FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return row[0] if row else None

    @_locked
    def payload(self, item_id: str) -> bytes:
        row = self.conn.execute("SELECT payload FROM outbox WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise KeyError(item_id)
        return self.sealer.open(row[0], self._aad(item_id, "payload"))

    def attachments(self, item_id: str) -> list[tuple[str, str, Callable[[], Iterator[bytes]]]]:
        """(name, content type, chunks) per attachment; `chunks()` streams it anew each call (to hash it,
        then to send it), opening one chunk at a time."""
        with self._lock:
            metas = self.conn.execute("SELECT seq, name, content_type FROM attachments WHERE outbox_id = ? "
                                      "GROUP BY seq ORDER BY seq", (item_id,)).fetchall()

        def chunks(seq: int) -> Iterator[bytes]:
            with self._lock:
                count = self.conn.execute("SELECT COUNT(*) FROM attachments WHERE outbox_id = ? AND seq = ?",
                                          (item_id, seq)).fetchone()[0]
            for chunk in range(count):
                with self._lock:          # one chunk at a time: the upload streams, never holds it all
                    data = self.conn.execute("SELECT data FROM attachments WHERE outbox_id = ? AND seq = ?"
                                             " AND chunk = ?", (item_id, seq, chunk)).fetchone()[0]
                yield self.sealer.open(data, self._aad(item_id, f"att/{seq}/{chunk}"))

        return [(name, ctype, functools.partial(chunks, seq)) for seq, name, ctype in metas]

    @_locked
    def due(self, snapshot: float | None = None, limit: int = 50) -> list[OutboxItem]:
        """Oldest first: queued items whose next attempt has come, created no later than `snapshot`
        (so a sync pass ends even while new items keep arriving)."""
        now = self.clock()
        rows = self.conn.execute(
            f"SELECT {self._COLUMNS} FROM outbox WHERE client_status = 'queued' AND next_attempt_at <= ? "
            "AND created_at <= ? ORDER BY created_at, rowid LIMIT ?", (now, snapshot or now, limit)).fetchall()
        return [self._item(r) for r in rows]

    @_locked
    def stats(self) -> OutboxStats:
        depth, oldest = self.conn.execute(
            "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE client_status = 'queued'").fetchone()
        parked = self.conn.execute("SELECT COUNT(*) FROM outbox WHERE client_status = 'parked'").fetchone()[0]
        good = self._meta("last_good_sync")
        return OutboxStats(depth, self.clock() - oldest if oldest else None, parked, float(good) if good else None)

    @_locked
    def parked(self) -> list[tuple[OutboxItem, int | None, str, str]]:
        rows = self.conn.execute(
            f"SELECT {', '.join('o.' + c.strip() for c in self._COLUMNS.split(','))}, p.http_status, p.error_code,"
            " p.reason FROM outbox o JOIN parked p ON p.outbox_id = o.id ORDER BY p.parked_at").fetchall()
        return [(self._item(r[:9]), r[9], r[10], r[11]) for r in rows]

    def _meta(self, name: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def _first_use(self) -> float:
        value = self._meta("first_use")
        return float(value) if value else self.clock()

    # ------------------------------------------------------------ outcomes of attempts

    @_locked
    def mark_done(self, item_id: str, server_status: str, server_ref: str | None, server_body: str = "") -> None:
        now = self.clock()
        with transaction(self.conn, durable=False) as db:
            db.execute("UPDATE outbox SET client_status = 'done', server_status = ?, server_ref = ?, server_body = ?,"
                       " done_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                       (server_status, server_ref, server_body, now, item_id))
            db.execute("INSERT INTO history VALUES (?, ?, 'done', ?)", (item_id, now, server_status))

    @_locked
    def mark_retry(self, item_id: str, error_code: str, next_attempt_at: float) -> None:
        now = self.clock()
        with transaction(self.conn, durable=False) as db:
            db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                       (error_code, next_attempt_at, item_id))
            db.execute("INSERT INTO history VALUES (?, ?, 'retry', ?)", (item_id, now, error_code))

    @_locked
    def park(self, item_id: str, http_status: int | None, error_code: str, reason: str) -> None:
        now = self.clock()
        with transaction(self.conn) as db:
            db.execute("UPDATE outbox SET client_status = 'parked', attempts = attempts + 1, last_error = ?"
                       " WHERE id = ?", (error_code, item_id))
            db.execute("INSERT OR REPLACE INTO parked VALUES (?, ?, ?, ?, ?)",
                       (item_id, now, http_status, error_code, reason))
            db.execute("INSERT INTO history VALUES (?, ?, 'parked', ?)", (item_id, now, error_code))

    @_locked
    def mark_good_sync(self) -> None:
        with transaction(self.conn, durable=False) as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('last_good_sync', ?)", (str(self.clock()),))

    @_locked
    def purge(self, retention_s: float) -> int:
        """Delete the local copies of items the platform confirmed longer ago than the retention."""
        cutoff = self.clock() - retention_s
        with transaction(self.conn) as db:
            ids = [r[0] for r in db.execute("SELECT id FROM outbox WHERE client_status = 'done' AND done_at < ?",
                                            (cutoff,))]
            db.executemany("DELETE FROM attachments WHERE outbox_id = ?", [(i,) for i in ids])
            db.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in ids])
            db.executemany("INSERT INTO history VALUES (?, ?, 'purged', '')", [(i, self.clock()) for i in ids])
        return len(ids)
