"""Delivery of the outbox to the platform: exactly once, whatever happens to power, network or the
process.

- Single flight: one sender at a time across threads (a lock) and processes (flock on a file).
- Each item is sent with its outbox id as the Idempotency-Key, so a replay after a lost answer or
  a kill returns the platform's first answer instead of creating a second application.
- Transport errors and 5xx: keep, back off exponentially with jitter, and end the pass (the next
  items would meet the same network). Permanent 4xx: park with the reason. "Already have it"
  (a replayed key, an evaluation already recorded): done.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Callable

from api_schema.analytics import SessionReport
from api_schema.models import ApplicationReceipt, EvaluationSubmit, Heartbeat, UploadRef
from offline_cache.outbox import ClientStatus, Outbox

from .platform_client import NotEnrolled, PlatformClient, PlatformError, PlatformRejected

log = logging.getLogger("kiosk.sync")


def upload_id(item_id: str, seq: int) -> str:
    return f"{item_id}-{seq}"


def upload_refs(item_id: str, attachments: list[tuple[str, str, str, bytes]]) -> list[UploadRef]:
    """The references an application carries for its attachments (material code, filename, type, bytes)."""
    return [UploadRef(upload_id=upload_id(item_id, seq), material_code=code, filename=name, content_type=ctype,
                      size=len(data), sha256=hashlib.sha256(data).hexdigest())
            for seq, (code, name, ctype, data) in enumerate(attachments)]


class Sent(str, Enum):
    DONE = "done"
    QUEUED = "queued"          # kept for a later attempt
    REJECTED = "rejected"      # parked: a person or technician must act


@dataclass(frozen=True)
class SendResult:
    status: Sent
    receipt: ApplicationReceipt | None = None
    error_code: str = ""


@dataclass
class SyncReport:
    done: int = 0
    retried: int = 0
    parked: int = 0
    skipped: bool = False       # another sender was busy
    errors: list[str] = field(default_factory=list)


class SyncWorker:
    def __init__(self, outbox: Outbox, client: PlatformClient, *, base_backoff_s: float = 2.0,
                 max_backoff_s: float = 900.0, rng: Callable[[], float] = random.random,
                 lock_path: Path | None = None, concurrency: int = 2) -> None:
        self.outbox, self.client = outbox, client
        # A backlog drains with this many requests in flight, started oldest first. Each item keeps
        # its own key, so parallel sending cannot duplicate; the outbox serialises its own writes.
        self.concurrency = max(1, concurrency)
        self._pool: ThreadPoolExecutor | None = None
        self.base, self.cap, self.rng = base_backoff_s, max_backoff_s, rng
        self._lock = threading.Lock()
        self._lock_path = lock_path or outbox.path.with_suffix(".sync.lock")
        self._lock_fd: int | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ single flight

    def _acquire(self, wait_s: float) -> int | None:
        deadline = time.monotonic() + wait_s
        if not self._lock.acquire(timeout=wait_s):
            return None
        if self._lock_fd is None:          # opened once; the flock is taken and dropped per pass
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        while True:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self._lock_fd
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._lock.release()
                    return None
                time.sleep(0.02)

    def _release(self, fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        self._lock.release()

    # ------------------------------------------------------------ passes

    def sync_once(self, wait_s: float = 0.0) -> SyncReport:
        """One pass over the items due now, oldest first, bounded by this moment."""
        report = SyncReport()
        fd = self._acquire(wait_s)
        if fd is None:
            report.skipped = True
            return report
        try:
            snapshot = self.outbox.clock()
            limit = 50
            while True:
                batch = self.outbox.due(snapshot, limit)
                for start in range(0, len(batch), self.concurrency):
                    group = batch[start:start + self.concurrency]
                    for result in self._send_group(group):
                        if result.status is Sent.DONE:
                            report.done += 1
                        elif result.status is Sent.REJECTED:
                            report.parked += 1
                        else:
                            report.retried += 1
                            report.errors.append(result.error_code)
                    if report.retried:
                        return report            # the network is bad: leave the rest for later
                if len(batch) < limit:
                    break
        finally:
            if report.done:
                self.outbox.mark_good_sync()
            self._release(fd)
        return report

    def send_now(self, item_id: str, wait_s: float = 15.0) -> SendResult:
        """Try one item at once (right after a person submitted it)."""
        fd = self._acquire(wait_s)
        if fd is None:
            return SendResult(Sent.QUEUED, error_code="sync_busy")
        try:
            item = self.outbox.get(item_id)
            if item is None:
                raise KeyError(item_id)
            if item.client_status is ClientStatus.DONE:     # the background worker was quicker
                return SendResult(Sent.DONE, self._stored_receipt(item_id))
            if item.client_status is ClientStatus.PARKED:
                return SendResult(Sent.REJECTED, error_code=item.last_error or "platform_rejected")
            result = self._send(item.id, item.kind, item.attempts)
            if result.status is Sent.DONE:
                self.outbox.mark_good_sync()
            return result
        finally:
            self._release(fd)

    def _send_group(self, group: list) -> list[SendResult]:
        if len(group) == 1:
            return [self._send(group[0].id, group[0].kind, group[0].attempts)]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="outbox-send")
        return list(self._pool.map(lambda item: self._send(item.id, item.kind, item.attempts), group))

    def _stored_receipt(self, item_id: str) -> ApplicationReceipt | None:
        body = self.outbox.server_body(item_id)
        return ApplicationReceipt.model_validate_json(body) if body else None

    def backoff(self, attempts: int) -> float:
        return min(self.cap, self.base * 2 ** min(attempts, 20)) * (0.5 + self.rng() / 2)

    def _send(self, item_id: str, kind: str, attempts: int) -> SendResult:
        try:
            payload = self.outbox.payload(item_id)
            if kind == "application":
                # Attachments first, each streamed from its sealed chunks under a stable id; a
                # retry after a kill sends them again (idempotent), then the application.
                for seq, (name, ctype, chunks) in enumerate(self.outbox.attachments(item_id)):
                    digest = hashlib.sha256()
                    for chunk in chunks():          # the signature covers the body's digest: hash it first
                        digest.update(chunk)
                    self.client.upload(upload_id(item_id, seq), name, ctype, chunks, digest.hexdigest())
                receipt = self.client.submit_json(payload, item_id)
                self.outbox.mark_done(item_id, receipt.status.value, receipt.application_no,
                                      receipt.model_dump_json())
                return SendResult(Sent.DONE, receipt)
            if kind == "evaluation":
                self.client.evaluate(EvaluationSubmit.model_validate_json(payload))
            elif kind == "heartbeat":
                self.client.heartbeat(Heartbeat.model_validate_json(payload))
            elif kind == "session":
                self.client.report_session(SessionReport.model_validate_json(payload))
            else:
                raise ValueError(f"unknown outbox kind {kind}")
            self.outbox.mark_done(item_id, "accepted", None)
            return SendResult(Sent.DONE)
        except PlatformRejected as exc:
            if exc.error_code == "already_evaluated":        # the platform has it already
                self.outbox.mark_done(item_id, "already_have_it", None)
                return SendResult(Sent.DONE)
            if kind == "session":                            # analytics refused: no technician's work
                log.warning("session report refused: HTTP %d %s", exc.status, exc.error_code)
                self.outbox.mark_done(item_id, "refused", None)
                return SendResult(Sent.REJECTED, error_code=exc.error_code)
            log.warning("outbox item parked: HTTP %d %s", exc.status, exc.error_code)
            self.outbox.park(item_id, exc.status, exc.error_code, exc.detail)
            return SendResult(Sent.REJECTED, error_code=exc.error_code)
        except (PlatformError, NotEnrolled) as exc:
            delay = self.backoff(attempts)
            log.info("outbox item kept (%s); next attempt in %.0fs", exc.code, delay)
            self.outbox.mark_retry(item_id, exc.code, self.outbox.clock() + delay)
            return SendResult(Sent.QUEUED, error_code=exc.code)

    # ------------------------------------------------------------ background

    def start(self, interval_s: float = 30.0, retention_s: float = 7 * 86400) -> None:
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.sync_once()
                    self.outbox.purge(retention_s)
                except Exception:  # the worker must outlive any surprise; everything stays queued
                    log.exception("sync pass failed")
                self._wake.wait(interval_s)
                self._wake.clear()
        self._thread = threading.Thread(target=loop, name="outbox-sync", daemon=True)
        self._thread.start()

    def kick(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
