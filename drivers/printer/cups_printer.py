"""An A4 printer behind CUPS (pycups): submit a document without a temp file, follow the job to its
end by polling `job-state`, and report the printer as device status (CUSS vocabulary).

A submitted job is never retried here: a job that ended badly may already be half on paper, and a
blind retry prints twice. The caller tells the person and offers a reprint."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from enum import Enum
from typing import Any

import cups

from ..status import DeviceState, DeviceStatus, StatusCode
from .errors import PrintError

log = logging.getLogger("drivers.printer")

IPP_PRINTER_IDLE, IPP_PRINTER_PROCESSING, IPP_PRINTER_STOPPED = 3, 4, 5


class JobState(str, Enum):
    PENDING = "pending"
    HELD = "held"
    PROCESSING = "processing"
    STOPPED = "stopped"
    CANCELED = "canceled"
    ABORTED = "aborted"
    COMPLETED = "completed"
    TIMED_OUT = "timed_out"          # ours: still not finished when the caller stopped waiting


_JOB_STATES = {3: JobState.PENDING, 4: JobState.HELD, 5: JobState.PROCESSING, 6: JobState.STOPPED,
               7: JobState.CANCELED, 8: JobState.ABORTED, 9: JobState.COMPLETED}
_FINAL = (JobState.CANCELED, JobState.ABORTED, JobState.COMPLETED)


@dataclass(frozen=True)
class JobResult:
    job_id: int
    state: JobState
    reasons: tuple[str, ...] = ()
    pages: int = 0

    @property
    def ok(self) -> bool:
        return self.state is JobState.COMPLETED


# printer-state-reasons keyword (without -report/-warning/-error) -> status code, worst first
_REASONS: tuple[tuple[str, StatusCode], ...] = (
    ("media-jam", StatusCode.MEDIA_JAMMED),
    ("media-empty", StatusCode.MEDIA_EMPTY), ("media-needed", StatusCode.MEDIA_EMPTY),
    ("toner-empty", StatusCode.MEDIA_EMPTY), ("marker-supply-empty", StatusCode.MEDIA_EMPTY),
    ("offline", StatusCode.NOT_RESPONDING), ("timed-out", StatusCode.NOT_RESPONDING),
    ("connecting-to-device", StatusCode.NOT_RESPONDING), ("shutdown", StatusCode.NOT_RESPONDING),
    ("cover-open", StatusCode.HARDWARE_ERROR), ("door-open", StatusCode.HARDWARE_ERROR),
    ("interlock-open", StatusCode.HARDWARE_ERROR), ("input-tray-missing", StatusCode.HARDWARE_ERROR),
    ("fuser-over-temp", StatusCode.HARDWARE_ERROR), ("fuser-under-temp", StatusCode.HARDWARE_ERROR),
    ("media-low", StatusCode.MEDIA_LOW), ("toner-low", StatusCode.MEDIA_LOW), ("marker-supply-low", StatusCode.MEDIA_LOW),
)
_LOW_ONLY = (StatusCode.MEDIA_LOW,)


def _keyword(reason: str) -> str:
    for suffix in ("-report", "-warning", "-error"):
        if reason.endswith(suffix):
            return reason[: -len(suffix)]
    return reason


def status_from_cups(device: str, attrs: dict[str, Any] | None) -> DeviceStatus:
    """`getPrinters()[queue]` (or None: no such queue) as the kiosk's device status. A "-report"
    reason is informational unless the printer is stopped; low supplies keep it usable."""
    if attrs is None:
        return DeviceStatus(device, DeviceState.UNAVAILABLE, StatusCode.NOT_CONFIGURED, "no such CUPS queue")
    state = attrs.get("printer-state", IPP_PRINTER_IDLE)
    reasons = [r for r in attrs.get("printer-state-reasons", []) if r not in ("none", "")]
    codes = {code for keyword, code in _REASONS for r in reasons if _keyword(r) == keyword}
    worst = next((code for _, code in _REASONS if code in codes), None)
    detail = ", ".join(reasons) or attrs.get("printer-state-message", "")
    if worst is not None and worst not in _LOW_ONLY:
        return DeviceStatus(device, DeviceState.UNAVAILABLE, worst, detail)
    if state == IPP_PRINTER_STOPPED or not attrs.get("printer-is-accepting-jobs", True):
        return DeviceStatus(device, DeviceState.UNAVAILABLE, StatusCode.HARDWARE_ERROR, detail or "queue stopped")
    busy = state == IPP_PRINTER_PROCESSING
    return DeviceStatus(device, DeviceState.BUSY if busy else DeviceState.READY, worst or StatusCode.OK, detail)


class CupsPrinter:
    """One CUPS queue. `server`: a host or a unix socket path (None: the client's default)."""

    def __init__(self, queue: str, *, device: str = "a4printer", server: str | None = None) -> None:
        self.queue, self.device, self.server = queue, device, server
        self._lock = threading.Lock()          # a pycups connection is not for two threads at once

    def _connection(self) -> cups.Connection:
        try:
            return cups.Connection(host=self.server) if self.server else cups.Connection()
        except RuntimeError as exc:                  # pycups: "failed to connect to server"
            raise PrintError(StatusCode.NOT_RESPONDING, f"CUPS scheduler unreachable: {exc}") from None

    def status(self) -> DeviceStatus:
        with self._lock:
            try:
                printers = self._connection().getPrinters()
            except PrintError as exc:
                return DeviceStatus(self.device, DeviceState.UNAVAILABLE, exc.code, exc.detail)
        return status_from_cups(self.device, printers.get(self.queue))

    def submit(self, data: bytes, title: str, mime: str = "application/pdf") -> int:
        """Spool the bytes as one job (streamed to the scheduler: no temp file with the document)."""
        with self._lock:
            conn = self._connection()
            try:
                job = conn.createJob(self.queue, title, {"print-scaling": "none"})   # documents are laid out to size
                conn.startDocument(self.queue, job, title, mime, 1)
                for start in range(0, len(data), 65536):
                    chunk = data[start:start + 65536]
                    conn.writeRequestData(chunk, len(chunk))
                conn.finishDocument(self.queue)
            except cups.IPPError as exc:
                status, message = exc.args if len(exc.args) == 2 else (0, str(exc))
                raise PrintError(StatusCode.HARDWARE_ERROR, f"CUPS refused the job: {message} ({status})") from None
        log.info("print job %d on %s: %s, %d bytes", job, self.queue, title, len(data))
        return job

    def job(self, job_id: int) -> JobResult:
        with self._lock:
            attrs = self._connection().getJobAttributes(
                job_id, requested_attributes=["job-state", "job-state-reasons", "job-media-sheets-completed"])
        reasons = attrs.get("job-state-reasons", [])
        return JobResult(job_id, _JOB_STATES.get(attrs.get("job-state", 0), JobState.PENDING),
                         tuple([reasons] if isinstance(reasons, str) else reasons),
                         int(attrs.get("job-media-sheets-completed", 0) or 0))

    def wait(self, job_id: int, timeout_s: float = 60.0, poll_s: float = 0.05) -> JobResult:
        """Poll until the job is completed, canceled or aborted. If the printer stops it instead
        (paper out: the backend stops the queue and the job waits in it), the job is cancelled: left
        queued, it would come out whenever the queue resumes — to the next person at the kiosk. The
        result says STOPPED; the caller tells the person and offers a reprint."""
        deadline = time.monotonic() + timeout_s
        while True:
            result = self.job(job_id)
            if result.state in _FINAL:
                return result
            if result.state is JobState.STOPPED or self._queue_stopped():
                self.cancel(job_id)
                return JobResult(job_id, JobState.STOPPED, result.reasons)
            if time.monotonic() >= deadline:
                return JobResult(job_id, JobState.TIMED_OUT, result.reasons)
            time.sleep(poll_s)

    def _queue_stopped(self) -> bool:
        # The queue's state, not its reasons: a backend's "media-empty" stays listed until the next
        # job runs, and must not stop a reprint after a refill.
        with self._lock:
            attrs = self._connection().getPrinters().get(self.queue) or {}
        return attrs.get("printer-state") == IPP_PRINTER_STOPPED

    def cancel(self, job_id: int) -> None:
        with self._lock:
            try:
                self._connection().cancelJob(job_id, purge_job=True)
            except cups.IPPError as exc:          # already finished or gone: nothing left to stop
                log.info("cancel of job %d: %s", job_id, exc)
        log.info("print job %d cancelled (not retried)", job_id)

    def resume(self) -> bool:
        """Start a queue that CUPS stopped (it never does so by itself), once the printer has paper
        again — a technician's "paper refilled", or a probe of the device. True if it was stopped."""
        with self._lock:
            conn = self._connection()
            attrs = conn.getPrinters().get(self.queue)
            if attrs is None or attrs.get("printer-state") != IPP_PRINTER_STOPPED:
                return False
            conn.enablePrinter(self.queue)
        log.info("print queue %s started again", self.queue)
        return True
