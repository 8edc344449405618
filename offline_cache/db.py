"""The kiosk's local SQLite database: WAL, synchronous=FULL, schema migrations from day one, an
integrity check at start, and disk-full turned into a named error.

Plain `sqlite3`, not sqlite-utils (which the house plan suggested): the store needs exact control of
transactions and pragmas, and sqlite-utils imports numpy and dateutil — 140 ms of the kiosk's cold
start — for features this store does not use.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


# Each migration runs once, in order, inside one transaction; PRAGMA user_version records progress.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE outbox (
        id TEXT PRIMARY KEY,             -- client-generated; sent as the Idempotency-Key
        kind TEXT NOT NULL,              -- application | evaluation | heartbeat
        created_at REAL NOT NULL,
        payload BLOB NOT NULL,           -- sealed (AEAD)
        client_status TEXT NOT NULL,     -- queued | done | parked
        server_status TEXT,              -- what the platform said (e.g. accepted / approved)
        server_ref TEXT,                 -- e.g. the 办件号
        server_body TEXT,                -- the platform's receipt (no personal data in it)
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL,
        last_error TEXT,                 -- an error code, never personal data
        done_at REAL
    );
    CREATE INDEX outbox_due ON outbox (client_status, next_attempt_at, created_at);
    CREATE TABLE attachments (
        outbox_id TEXT NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        chunk INTEGER NOT NULL,
        name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        data BLOB NOT NULL,              -- sealed, one chunk (so uploads can stream)
        PRIMARY KEY (outbox_id, seq, chunk)
    );
    CREATE TABLE parked (
        outbox_id TEXT PRIMARY KEY REFERENCES outbox(id),
        parked_at REAL NOT NULL,
        http_status INTEGER,
        error_code TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE TABLE history (
        outbox_id TEXT NOT NULL,
        at REAL NOT NULL,
        event TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE catalog (
        id INTEGER PRIMARY KEY CHECK (id = 1), etag TEXT NOT NULL, watermark INTEGER NOT NULL,
        body BLOB NOT NULL, fetched_at REAL NOT NULL
    );
    """,
]


class StoreError(Exception):
    """Base of the store's refusals; `code` keys a human message."""
    code = "store_error"


class StoreCorrupt(StoreError):
    code = "store_corrupt"


class StoreFull(StoreError):
    code = "store_full"


def open_database(path: Path, *, max_page_count: int | None = None) -> sqlite3.Connection:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA secure_delete=ON")          # deleted personal data is overwritten
        if max_page_count:
            conn.execute(f"PRAGMA max_page_count={int(max_page_count)}")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreCorrupt(f"{path}: {exc}") from None
    if check != "ok":
        conn.close()
        raise StoreCorrupt(f"{path}: integrity check failed: {check}")
    _migrate(conn)
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    """Split a script into statements (executescript would commit the migration's transaction)."""
    out, buf = [], ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf)
            buf = ""
    return out


@contextmanager
def transaction(conn: sqlite3.Connection, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
    """One write transaction; disk full becomes StoreFull with nothing half-written.

    durable=False commits without an fsync (synchronous=NORMAL in WAL): still safe against a
    crashed or killed process, but a power cut may lose it. Only for bookkeeping whose loss costs a
    deduplicated re-send (a "delivered" mark), never for what a person entered."""
    conn.execute("PRAGMA synchronous=" + ("FULL" if durable else "NORMAL"))
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise _translate(exc) from None
    try:
        yield conn
    except sqlite3.OperationalError as exc:
        _rollback(conn)
        raise _translate(exc) from None
    except BaseException:
        _rollback(conn)
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        _rollback(conn)
        raise _translate(exc) from None


def _rollback(conn: sqlite3.Connection) -> None:
    # On SQLITE_FULL (and some I/O errors) SQLite has already rolled the transaction back itself.
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _translate(exc: sqlite3.OperationalError) -> Exception:
    text = str(exc)
    if "full" in text:
        return StoreFull(text)
    if "malformed" in text or "not a database" in text:
        return StoreCorrupt(text)
    return exc
