"""The platform's database: PostgreSQL in production (a province's engine, replicated and backed up by
its own tools), SQLite embedded for the demo and the quick tests. One thin layer over their DB-API
drivers (psycopg 3, sqlite3).

Why a thin layer and not SQLAlchemy Core for the queries: the store's SQL is hand-written and already
portable — ON CONFLICT, RETURNING and savepoints mean the same in both engines — so what differs is
only the placeholder, the driver's integrity error, how a write transaction begins and how connections
are pooled; that is this module. The schema and its migrations are alembic's (SQLAlchemy types give
each engine its own DDL): platform_server/migrations.

Concurrency: SQLite serialises writers (BEGIN IMMEDIATE); PostgreSQL runs READ COMMITTED with several
workers at once, so every read-then-write that must not race is written as one statement
(`UPDATE … WHERE … RETURNING`, `INSERT … ON CONFLICT`) or locks its row — never a lock in this process.
"""

from __future__ import annotations

import re
import select
import sqlite3
import threading
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

Params = Sequence[Any]


class IntegrityError(Exception):
    """A constraint refused a write (either engine's driver error, under one name)."""


class DatabaseUnavailable(Exception):
    """The database did not answer in time or at all (down, overloaded, a lost connection): the request
    is refused as 503 and the kiosk sends it again later (its outbox keeps it; Idempotency-Key holds)."""


class Row(tuple):
    """A result row read by position or by column name (as sqlite3.Row), and dict(row) gives its columns."""

    _index: dict[str, int]

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        return tuple.__getitem__(self, self._index[key] if isinstance(key, str) else key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_class(names: Sequence[str]) -> type[Row]:
    return type("Row", (Row,), {"_index": {n: i for i, n in enumerate(names)}, "__slots__": ()})


class Result:
    """A statement's rows, fetched at once (the connection goes back to its pool), and its rowcount."""

    def __init__(self, rows: list[Row], rowcount: int) -> None:
        self._rows, self.rowcount = rows, rowcount

    def fetchone(self) -> Row | None:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Row]:
        return self._rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)


def _result(cursor: Any) -> Result:
    if cursor.description is None:
        return Result([], cursor.rowcount)
    cls = _row_class([d[0] for d in cursor.description])
    return Result([cls(r) for r in cursor.fetchall()], cursor.rowcount)


class Tx:
    """One connection inside one transaction."""

    def __init__(self, db: "Database", conn: Any) -> None:
        self._db, self._conn = db, conn
        self._savepoints = 0

    def execute(self, sql: str, params: Params = ()) -> Result:
        return self._db._run(self._conn, sql, params)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """What runs inside is undone on an exception (re-raised); the transaction goes on."""
        self._savepoints += 1
        name = f"sp{self._savepoints}"
        self.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.execute(f"ROLLBACK TO SAVEPOINT {name}")
            self.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.execute(f"RELEASE SAVEPOINT {name}")


class Database(ABC):
    dialect: str             # "sqlite" or "postgresql" (alembic's and SQLAlchemy's names)
    for_update: str          # appended to a SELECT that locks its rows until the transaction ends

    @abstractmethod
    def tx(self, durable: bool = True) -> AbstractContextManager[Tx]:
        """A write transaction: committed when the block ends, rolled back on an exception.
        `durable=False`: its commit does not wait for the disk (PostgreSQL's synchronous_commit=off) —
        for what a database crash may lose the last moment of at no cost (heartbeats, nonces, rate
        counters); never for a person's application."""

    @abstractmethod
    def execute(self, sql: str, params: Params = (), durable: bool = True) -> Result:
        """One statement on its own (a read, or a write that is a transaction by itself)."""

    @abstractmethod
    def _run(self, conn: Any, sql: str, params: Params) -> Result: ...

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def sqlalchemy_url(self) -> str:
        """The same database for alembic."""


class SqliteDatabase(Database):
    dialect, for_update = "sqlite", ""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()       # one connection per thread (sqlite3's rule)

    @property
    def sqlalchemy_url(self) -> str:
        return f"sqlite:///{self.path}"

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    def _run(self, conn: sqlite3.Connection, sql: str, params: Params) -> Result:
        try:
            return _result(conn.execute(sql, tuple(params)))
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):      # a writer held the file past the timeout
                raise DatabaseUnavailable(str(exc)) from exc
            raise

    @contextmanager
    def tx(self, durable: bool = True) -> Iterator[Tx]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")           # the write lock at once: no upgrade deadlock between readers
        try:
            yield Tx(self, conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def execute(self, sql: str, params: Params = (), durable: bool = True) -> Result:
        return self._run(self._conn(), sql, params)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


_PLACEHOLDER = re.compile(r"%|\?")


def _still_open(conn: Any) -> None:
    """Raises for an idle connection the server has closed, so the pool takes another: a restarted or
    failed-over database ends its connections with a last message, and an idle connection's socket has
    nothing to read otherwise (no LISTEN here). Found this way, a write is never sent on a dead
    connection — where it would be refused, since whether it reached the database cannot be known —
    by a worker that had not yet seen the restart (seen in CI: the first request after one, a 503)."""
    poll = select.poll()
    poll.register(conn.fileno(), select.POLLIN | select.POLLHUP | select.POLLERR)
    if conn.broken or poll.poll(0):
        conn.close()                        # closed, the pool discards it (and connects anew) instead of reusing it
        import psycopg                      # (imported already: the pool that calls this needs it)
        raise psycopg.OperationalError("the database closed this idle connection")


class PostgresDatabase(Database):
    dialect, for_update = "postgresql", " FOR UPDATE"

    def __init__(self, url: str, *, pool_size: int = 8, timeout_s: float = 10.0) -> None:
        import psycopg                          # only a PostgreSQL platform needs the driver
        from psycopg_pool import ConnectionPool, PoolTimeout
        self._psycopg, self._pool_timeout = psycopg, PoolTimeout
        self.url = url
        # statement_timeout: a slow or stuck database answers within it instead of holding a worker.
        # Each connection is checked before use without a round trip (_still_open); a query to check it
        # cost too much (measured: heartbeat p50 150 ms with SELECT 1 vs 27 ms without, bench.fleet 8,000
        # kiosks). A connection dropped some other way is found when it fails (execute()).
        # reconnect_timeout: the pool's reconnection attempts back off (1, 2, 4, 8 s ...) for as long as
        # this lasts; 5 s, so that after a long outage the next request starts a new attempt at once
        # instead of waiting out a doubled delay (measured: after 40 s of outage, still refused 17 s later).
        # Two pools: `_quick` commits without waiting for the disk (durable=False).
        options = "-c statement_timeout=15000"
        common = {"min_size": 1, "max_size": pool_size, "timeout": timeout_s, "open": False,
                  "check": _still_open, "reconnect_timeout": 5.0}
        self._pool = ConnectionPool(url, **common, kwargs={"autocommit": True, "options": options})
        self._quick = ConnectionPool(url, **common,
                                     kwargs={"autocommit": True, "options": options + " -c synchronous_commit=off"})
        self._sql: dict[str, str] = {}
        for pool in (self._pool, self._quick):
            pool.open(wait=False)               # a database still starting: connections come when it is up

    @property
    def sqlalchemy_url(self) -> str:
        return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", self.url)

    def _translate(self, sql: str) -> str:
        """The store's `?` placeholders as psycopg's `%s` (a literal % doubled); cached per statement."""
        out = self._sql.get(sql)
        if out is None:
            out = self._sql[sql] = _PLACEHOLDER.sub(lambda m: "%s" if m.group() == "?" else "%%", sql)
        return out

    def _run(self, conn: Any, sql: str, params: Params) -> Result:
        try:
            with conn.cursor() as cur:
                cur.execute(self._translate(sql), tuple(params), prepare=None)
                return _result(cur)
        except self._psycopg.errors.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc
        except (self._psycopg.OperationalError, self._psycopg.errors.QueryCanceled) as exc:
            raise DatabaseUnavailable(str(exc)) from exc

    @contextmanager
    def _connection(self, durable: bool = True) -> Iterator[Any]:
        try:
            with (self._pool if durable else self._quick).connection() as conn:
                yield conn
        except (self._pool_timeout, self._psycopg.OperationalError) as exc:
            raise DatabaseUnavailable(str(exc)) from exc

    @contextmanager
    def tx(self, durable: bool = True) -> Iterator[Tx]:
        with self._connection(durable) as conn, conn.transaction():
            yield Tx(self, conn)

    def execute(self, sql: str, params: Params = (), durable: bool = True) -> Result:
        """A connection lost in a way the check before use cannot see (dropped mid-statement, a network cut
        that left its socket quiet) fails here once: the pools' other idle connections are checked at once,
        and a read is tried again on a fresh one (a write is refused as DatabaseUnavailable: whether it
        reached the database is unknown)."""
        for attempt in (1, 2):
            with self._connection(durable) as conn:
                try:
                    return self._run(conn, sql, params)
                except DatabaseUnavailable:
                    if not conn.broken:
                        raise
            for pool in (self._pool, self._quick):     # a restart dropped every connection of both
                pool.check()
            if attempt == 2 or sql.lstrip()[:6].upper() != "SELECT":
                raise DatabaseUnavailable("the database dropped the connection")
        raise AssertionError("unreachable")

    def close(self) -> None:
        self._pool.close()
        self._quick.close()


def open_database(where: str | Path) -> Database:
    """`postgresql://…` (a libpq URL) or a SQLite file's path."""
    text = str(where)
    if text.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return PostgresDatabase(text.replace("postgresql+psycopg://", "postgresql://"))
    return SqliteDatabase(Path(text))
