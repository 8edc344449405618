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
from .ipp_status import DeviceReport, is_ipp, keyword, probe

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


def worst_code(reasons: list[str] | tuple[str, ...], stopped: bool) -> StatusCode | None:
    """The worst status code the reasons say. A "-report" or "-warning" reason (the printer carries on:
    another tray feeds, toner is low) counts as a fault only while the printer is stopped."""
    codes = {code for kw, code in _REASONS for r in reasons
             if keyword(r) == kw and (stopped or code in _LOW_ONLY or not r.endswith(("-report", "-warning")))}
    return next((code for _, code in _REASONS if code in codes), None)


def status_from_cups(device: str, attrs: dict[str, Any] | None, report: DeviceReport | None = None) -> DeviceStatus:
    """`getPrinters()[queue]` (or None: no such queue) as the kiosk's device status, with the device's
    own report when there is one: its reasons replace the queue's, which are only what the backend
    said during the last job (a refilled printer stays "media-empty" there until something prints)."""
    if attrs is None:
        return DeviceStatus(device, DeviceState.UNAVAILABLE, StatusCode.NOT_CONFIGURED, "no such CUPS queue")
    state = attrs.get("printer-state", IPP_PRINTER_IDLE)
    reasons = [r for r in attrs.get("printer-state-reasons", []) if r not in ("none", "")]
    accepting = bool(attrs.get("printer-is-accepting-jobs", True))
    if report is not None:
        reasons, accepting = list(report.reasons), accepting and report.accepting
        state = max(state, report.state)                   # stopped (5) > processing (4) > idle (3)
    worst = worst_code(reasons, stopped=state == IPP_PRINTER_STOPPED)
    detail = ", ".join(reasons) or attrs.get("printer-state-message", "")
    if worst is not None and worst not in _LOW_ONLY:
        return DeviceStatus(device, DeviceState.UNAVAILABLE, worst, detail)
    if state == IPP_PRINTER_STOPPED or not accepting:
        return DeviceStatus(device, DeviceState.UNAVAILABLE, StatusCode.HARDWARE_ERROR, detail or "queue stopped")
    busy = state == IPP_PRINTER_PROCESSING
    return DeviceStatus(device, DeviceState.BUSY if busy else DeviceState.READY, worst or StatusCode.OK, detail)


class CupsPrinter:
    """One CUPS queue. `server`: a host or a unix socket path (None: the client's default).
    `status_uri`: where the printer device answers IPP about itself (default: the queue's device URI
    when it is ipp:// or ipps://; a JetDirect printer at socket://host:9100 answers at ipp://host/ipp/print)."""

    def __init__(self, queue: str, *, device: str = "a4printer", server: str | None = None,
                 status_uri: str | None = None, probe_timeout_s: float = 2.0, tls_pin_sha256: str = "") -> None:
        self.queue, self.device, self.server, self.tls_pin_sha256 = queue, device, server, tls_pin_sha256
        self.status_uri, self.probe_timeout_s = status_uri, probe_timeout_s
        self.last_report: DeviceReport | None = None   # the device's last word, for tray levels between polls
        self._lock = threading.Lock()          # a pycups connection is not for two threads at once

    def _connection(self) -> cups.Connection:
        try:
            return cups.Connection(host=self.server) if self.server else cups.Connection()
        except RuntimeError as exc:                  # pycups: "failed to connect to server"
            raise PrintError(StatusCode.NOT_RESPONDING, f"CUPS scheduler unreachable: {exc}") from None

    def _queue(self) -> dict[str, Any] | None:
        with self._lock:
            return self._connection().getPrinters().get(self.queue)

    def device_report(self, attrs: dict[str, Any] | None) -> DeviceReport | None:
        """The device's own state (None: it has no IPP face we know of). Raises PrintError NOT_RESPONDING."""
        uri = self.status_uri or (attrs or {}).get("device-uri", "")
        if not uri or not is_ipp(uri):
            return None
        try:
            self.last_report = probe(uri, self.probe_timeout_s, self.tls_pin_sha256)
        except PrintError:
            self.last_report = None
            raise
        return self.last_report

    def status(self) -> DeviceStatus:
        """The queue and the device together. A queue CUPS stopped for a fault — paper out above all
        (CUPS never starts one by itself) — is started again here once the device says it is ready:
        the kiosk prints again after a refill without a technician's button. Its stopped job was
        cancelled, so nothing old comes out."""
        try:
            attrs = self._queue()
            report = self.device_report(attrs)
        except PrintError as exc:
            return DeviceStatus(self.device, DeviceState.UNAVAILABLE, exc.code, exc.detail)
        if attrs is not None and report is not None and self._stopped_for_fault(attrs) and self._ready(report):
            if self.resume():
                log.info("print queue %s: the printer reports ready again", self.queue)
                attrs = self._queue()
        return status_from_cups(self.device, attrs, report)

    @staticmethod
    def _stopped_for_fault(attrs: dict[str, Any]) -> bool:
        """Stopped by a backend for a printer fault (paper out, jam, cover open) — not stopped by hand
        (cupsdisable: "paused" alone), which stays stopped until a person starts it."""
        return attrs.get("printer-state") == IPP_PRINTER_STOPPED and \
            worst_code(attrs.get("printer-state-reasons", []), stopped=True) not in (None, *_LOW_ONLY)

    @staticmethod
    def _ready(report: DeviceReport) -> bool:
        code = worst_code(report.reasons, stopped=report.state == IPP_PRINTER_STOPPED)
        return report.state != IPP_PRINTER_STOPPED and report.accepting and code in (None, *_LOW_ONLY)

    def submit(self, data: bytes | list[bytes], title: str, mime: str = "application/pdf") -> int:
        """Spool the bytes as one job (streamed to the scheduler: no temp file with the document).
        Several documents go in the one job, in order — a cover and its certificate: nothing can come
        between them, and a paper-out cancels both."""
        documents = [data] if isinstance(data, bytes) else data
        with self._lock:
            conn = self._connection()
            try:
                job = conn.createJob(self.queue, title, {"print-scaling": "none"})   # documents are laid out to size
                for n, document in enumerate(documents):
                    conn.startDocument(self.queue, job, f"{title}-{n + 1}", mime, int(n == len(documents) - 1))
                    for start in range(0, len(document), 65536):
                        chunk = document[start:start + 65536]
                        conn.writeRequestData(chunk, len(chunk))
                    conn.finishDocument(self.queue)
            except cups.IPPError as exc:
                status, message = exc.args if len(exc.args) == 2 else (0, str(exc))
                raise PrintError(StatusCode.HARDWARE_ERROR, f"CUPS refused the job: {message} ({status})") from None
        log.info("print job %d on %s: %s, %d document(s), %d bytes", job, self.queue, title, len(documents),
                 sum(len(d) for d in documents))
        return job

    def job(self, job_id: int) -> JobResult:
        with self._lock:
            attrs = self._connection().getJobAttributes(
                job_id, requested_attributes=["job-state", "job-state-reasons", "job-media-sheets-completed"])
        reasons = attrs.get("job-state-reasons", [])
        return JobResult(job_id, _JOB_STATES.get(attrs.get("job-state", 0), JobState.PENDING),
                         tuple([reasons] if isinstance(reasons, str) else reasons),
                         int(attrs.get("job-media-sheets-completed", 0) or 0))

    def wait(self, job_id: int, timeout_s: float = 60.0, poll_s: float = 0.05, device_poll_s: float = 1.0) -> JobResult:
        """Poll until the job is completed, canceled or aborted. A job that cannot finish now is
        cancelled and reported STOPPED: the backend stopped the queue (paper out), or the device says
        it has no paper, a jam or an open cover while holding the job (IPP and USB printers wait for
        the refill). Left queued it would come out whenever the printer can — to the next person at
        the kiosk. A job still unfinished at `timeout_s` is cancelled too, for the same reason
        (TIMED_OUT). The caller tells the person and offers a reprint."""
        deadline = time.monotonic() + timeout_s
        queue = None if self.status_uri else self._queue()      # only to find the device's own address
        next_device_check = time.monotonic() + device_poll_s
        while True:
            result = self.job(job_id)
            if result.state in _FINAL:
                return result
            if result.state is JobState.STOPPED or self._queue_stopped():
                self.cancel(job_id)
                return JobResult(job_id, JobState.STOPPED, result.reasons)
            if time.monotonic() >= next_device_check:
                next_device_check = time.monotonic() + device_poll_s
                report = self._device_report_or_none(queue)
                if report is not None and not self._ready(report):
                    self.cancel(job_id)
                    return JobResult(job_id, JobState.STOPPED, report.reasons)
            if time.monotonic() >= deadline:
                self.cancel(job_id)
                return JobResult(job_id, JobState.TIMED_OUT, result.reasons)
            time.sleep(poll_s)

    def _device_report_or_none(self, queue: dict[str, Any] | None) -> DeviceReport | None:
        # A device that stops answering during a job is left to CUPS (the backend reports it).
        try:
            return self.device_report(queue)
        except PrintError:
            return None

    def _queue_stopped(self) -> bool:
        # The queue's state, not its reasons: a backend's "media-empty" stays listed until the next
        # job runs, and must not stop a reprint after a refill.
        return (self._queue() or {}).get("printer-state") == IPP_PRINTER_STOPPED

    def cancel(self, job_id: int) -> None:
        with self._lock:
            try:
                self._connection().cancelJob(job_id, purge_job=True)
            except cups.IPPError as exc:          # already finished or gone: nothing left to stop
                log.info("cancel of job %d: %s", job_id, exc)
        log.info("print job %d cancelled (not retried)", job_id)

    def resume(self) -> bool:
        """Start a queue that CUPS stopped (it never does so by itself): a technician's "paper
        refilled", or the device's own word in status(). True if it was stopped."""
        with self._lock:
            conn = self._connection()
            attrs = conn.getPrinters().get(self.queue)
            if attrs is None or attrs.get("printer-state") != IPP_PRINTER_STOPPED:
                return False
            conn.enablePrinter(self.queue)
        log.info("print queue %s started again", self.queue)
        return True
