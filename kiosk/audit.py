"""The audit log: every session's events, one JSON line each, chained so that an edited, removed or
reordered line shows.

Each line carries the previous line's MAC, and its own MAC is HMAC-SHA256 (audit key, previous MAC +
the line's canonical JSON). A plain hash chain can be recomputed by anyone who edits the file; the
key (0600, under the kiosk's secrets) raises that to someone who also has the key, and the chain's
head goes out in every heartbeat, so a rewritten or truncated history no longer matches what the
platform holds.

The file is rotated at `max_bytes` (audit.log → audit.log.N, N counting up) and the chain runs on
across files; the newest `keep` rotated files are kept (retention), and verification walks them all.

No names, ID numbers or images: a person appears only as a keyed pseudonym (HMAC of the ID number
under a key derived from the audit key), the same for the same person on this kiosk, so a supervisor
can count repeat visits without anyone reading an identity out of the log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import queue
import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from offline_cache.crypto import StoreKeyError, load_or_create_key

GENESIS = "0" * 64
log = logging.getLogger("kiosk.audit")


class AuditEvent(str, Enum):
    SESSION_START = "session_start"
    IDENTIFIED = "identified"
    VERIFIED = "verified"
    SUBMITTED = "submitted"
    QUEUED = "queued"
    PRINTED = "printed"
    EVALUATED = "evaluated"
    SESSION_END = "session_end"
    SERVICE_STATE = "service_state"      # out of / back in service (technician, platform, devices)


# Fields an event may carry: anything else is refused, so personal data cannot slip in by a new call.
ALLOWED_FIELDS = frozenset({
    "item", "method", "source", "person", "passed", "score", "threshold", "steps", "application_no",
    "outbox_id", "document", "ok", "code", "level", "reason", "state",
})


class AuditError(Exception):
    """The audit log cannot be written or read (the message says where)."""


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    lines: int
    head: str
    first_bad_line: int | None = None    # 1-based
    problem: str = ""


def _canonical(record: dict[str, object]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _mac(key: bytes, prev: str, record: dict[str, object]) -> str:
    return hmac.new(key, prev.encode() + _canonical(record), hashlib.sha256).hexdigest()


MAX_BYTES = 8 << 20            # ~40 000 lines: a busy kiosk's month
KEEP_ROTATED = 24


def rotated_files(path: Path) -> list[Path]:
    """audit.log.1, audit.log.2 … oldest first."""
    found = [(int(p.name.rsplit(".", 1)[1]), p) for p in Path(path).parent.glob(Path(path).name + ".*")
             if p.name.rsplit(".", 1)[1].isdigit()]
    return [p for _, p in sorted(found)]


class AuditLog:
    def __init__(self, path: Path, key: bytes, clock=lambda: dt.datetime.now(dt.timezone.utc),
                 max_bytes: int = MAX_BYTES, keep: int = KEEP_ROTATED) -> None:
        self.path = Path(path)
        self.max_bytes, self.keep = max_bytes, keep
        self._key = key
        self._pseudonym_key = hmac.new(key, b"pseudonym", hashlib.sha256).digest()
        self._clock = clock
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Continue from the last line as written (reading a year of lines at every start would cost
        # seconds); checking the whole chain is `kiosk audit verify`'s job.
        self.seq, self.head = _tail(self.path)
        if self.seq == 0 and rotated_files(self.path):     # rotated just before a restart: the chain goes on
            self.seq, self.head = _tail(rotated_files(self.path)[-1])
        self._closed = False
        self._pending: queue.Queue[bytes | None] = queue.Queue()
        self._writer = threading.Thread(target=self._write_loop, name="audit-writer", daemon=True)
        self._writer.start()

    @classmethod
    def open(cls, state_dir: Path) -> "AuditLog":
        """The kiosk's log under its state directory; the key is made with the first line only (a lost
        key over an existing log is an error, never silently replaced)."""
        path = Path(state_dir) / "audit.log"
        try:
            key = load_or_create_key(Path(state_dir) / "secrets" / "audit.key", "aes-256-gcm",
                                     create=not path.exists() and not rotated_files(path))
        except StoreKeyError as exc:
            raise AuditError(str(exc)) from None
        return cls(path, key)

    def verify(self) -> ChainCheck:
        """The whole chain as written so far, rotated files included (waits for the writer first)."""
        self.flush()
        return verify_log(self.path, self._key)

    def pseudonym(self, id_number: str) -> str:
        return hmac.new(self._pseudonym_key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()[:16]

    def record(self, event: AuditEvent, session: str = "", **fields: object) -> str:
        """Chain one event and hand it to the writer; returns the new head at once. The line is
        appended and fsynced on the writer thread, so no screen waits for a disk."""
        unknown = set(fields) - ALLOWED_FIELDS
        if unknown:
            raise ValueError(f"audit fields not allowed: {sorted(unknown)}")
        with self._lock:
            if self._closed:
                raise AuditError(f"{self.path}: the audit log is closed")
            record = {"seq": self.seq + 1, "at": self._clock().isoformat(timespec="seconds"),
                      "event": event.value, "session": session,
                      **{k: v for k, v in fields.items() if v is not None}, "prev": self.head}
            mac = _mac(self._key, self.head, record)
            self.seq, self.head = self.seq + 1, mac
            self._pending.put(_canonical({**record, "mac": mac}) + b"\n")
        return mac

    def _write_loop(self) -> None:
        while True:
            batch = [self._pending.get()]
            while not self._pending.empty():           # whatever queued meanwhile: one fsync for all
                batch.append(self._pending.get_nowait())
            lines = [line for line in batch if line is not None]
            if lines:
                self._append(b"".join(lines))
            for _ in batch:
                self._pending.task_done()
            if None in batch:
                return

    def _append(self, data: bytes) -> None:
        try:
            size = self.path.stat().st_size if self.path.exists() else 0
            if self.max_bytes and size and size + len(data) > self.max_bytes:
                self._rotate()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:          # e.g. a full disk: the chain in memory goes on, the gap shows
            log.error("audit log not written: %s", exc.strerror)

    def _rotate(self) -> None:
        """On the writer thread, between whole lines: the file gets the next number, the oldest beyond
        `keep` go (retention). The chain simply goes on in the new file."""
        rotated = rotated_files(self.path)
        n = int(rotated[-1].name.rsplit(".", 1)[1]) + 1 if rotated else 1
        newest = self.path.with_name(f"{self.path.name}.{n}")
        os.rename(self.path, newest)
        for old in (rotated + [newest])[:max(0, len(rotated) + 1 - self.keep)]:
            old.unlink(missing_ok=True)
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)                            # the rename survives a power cut
        finally:
            os.close(dir_fd)

    def flush(self) -> None:
        """Wait until every recorded line is on disk."""
        self._pending.join()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._pending.put(None)
        self._writer.join()


def _tail(path: Path) -> tuple[int, str]:
    """(seq, mac) of the last whole line; a line torn by a power cut is cut off first."""
    try:
        with open(path, "rb+") as fh:
            size = fh.seek(0, os.SEEK_END)
            fh.seek(max(0, size - 8192))
            data = fh.read()
            if data and not data.endswith(b"\n"):
                fh.truncate(size - (len(data) - data.rfind(b"\n") - 1))
                data = data[:data.rfind(b"\n") + 1]
    except FileNotFoundError:
        return 0, GENESIS
    lines = data.splitlines()
    if not lines:
        return 0, GENESIS
    try:
        last = json.loads(lines[-1])
        return int(last["seq"]), str(last["mac"])
    except (ValueError, KeyError, TypeError):
        raise AuditError(f"{path}: the last line is not an audit line; run `kiosk audit verify`") from None


def verify_chain(path: Path, key: bytes) -> ChainCheck:
    """One file from the chain's start: each line's `prev` is the line before's MAC, its MAC is
    right, seq counts up."""
    return _verify([path], key, trust_first=False)


def verify_log(path: Path, key: bytes) -> ChainCheck:
    """The log with its rotated files, oldest first, as one chain. The oldest file kept may begin
    after files removed by retention: its first line's link back is taken as given."""
    files = rotated_files(path) + ([Path(path)] if Path(path).exists() else [])
    return _verify(files, key, trust_first=True)


def _verify(files: list[Path], key: bytes, trust_first: bool) -> ChainCheck:
    prev, seq, n = GENESIS, 0, 0
    for path in files:
        try:
            lines = Path(path).read_bytes().splitlines()
        except OSError as exc:
            raise AuditError(f"{path}: {exc.strerror}") from None
        for raw in lines:
            n += 1
            try:
                record = json.loads(raw)
                mac = record.pop("mac")
            except (ValueError, KeyError, AttributeError):
                return ChainCheck(False, n - 1, prev, n, f"{path.name}: not an audit line")
            if n == 1 and trust_first and isinstance(record.get("seq"), int) and record["seq"] > 1:
                seq, prev = record["seq"] - 1, str(record.get("prev"))
            if record.get("seq") != seq + 1:
                return ChainCheck(False, n - 1, prev, n, f"{path.name}: sequence {record.get('seq')} where "
                                                         f"{seq + 1} was expected")
            if record.get("prev") != prev:
                return ChainCheck(False, n - 1, prev, n, f"{path.name}: does not follow the line before "
                                                         "(removed or reordered)")
            if not hmac.compare_digest(mac, _mac(key, prev, record)):
                return ChainCheck(False, n - 1, prev, n, f"{path.name}: content changed after it was written")
            prev, seq = mac, seq + 1
    return ChainCheck(True, n, prev)
