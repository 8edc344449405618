"""A fleet of virtual kiosks: each one enrolled with its own pairing code and Ed25519 key, calling the
platform over HTTP through the kiosk's own client (kiosk/platform_client.py: the signatures, access
tokens, grants and retries every real kiosk uses) — not a mock of a kiosk. What they do, on a schedule:

- a heartbeat every `HEARTBEAT_S` (60 s, as kiosk.heartbeat), each kiosk at its own phase;
- people's visits at `visits_per_kiosk_day` over the opening day: a grant (the person verified by
  card), an attachment streamed to /v1/uploads, the application with its Idempotency-Key; a third of
  the visitors rate it (好差评); a progress query (grant + /v1/applications/query) for every second.

Events are due at set times and run on a pool of threads; when the pool falls behind, the delay is
measured (`behind_p99_s`), so a platform that cannot keep up shows it instead of being offered less.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from api_schema.analytics import ScreenVisit, SessionEnd, SessionReport, hour_of
from api_schema.models import (
    Applicant, ApplicationSubmit, CardType, EvaluationLevel, EvaluationStage, EvaluationSubmit, Heartbeat,
    UploadRef, VerificationRecord,
)
from kiosk.config import PlatformSection
from kiosk.platform_client import PlatformClient

HEARTBEAT_S = 60.0
OPEN_HOURS = 10.0                     # the day a visit rate is spread over
ITEM = "YB-0601"                      # 医保参保凭证: real name by card, as most visits
ATTACHMENT = bytes(random.Random(7).getrandbits(8) for _ in range(64 * 1024))   # a 64 KB scan
VISIT_SCREENS = ("catalog", "guide", "identify", "form", "review", "submitting", "result", "rate")


def _person(i: int) -> tuple[str, str]:
    """A valid resident ID number (GB 11643 check digit) and a name; none of a real person."""
    body = f"110105{1950 + i % 50:04d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    return body + check, "测试" + "甲乙丙丁戊己庚辛壬癸"[i % 10]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    behind: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def took(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)

    def failed(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)

    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())


class VirtualKiosk:
    def __init__(self, index: int, url: str, keys: Path) -> None:
        self.index = index
        self.client = PlatformClient(PlatformSection(url=url, key_file=str(keys / f"k{index}" / "device-key.pem"),
                                                     read_timeout_s=30, connect_timeout_s=10))

    def enrol(self, code: str, catalog_etag: str) -> str:
        """A kiosk's start: enrolled, then its catalog checked (unchanged: 304), which takes its first
        access token (good for 15 min, as in the field; the measured minutes then carry no token fetch).
        Returns the catalog's ETag."""
        self.client.enrol(code, f"虚拟终端 {self.index:05d}")
        etag = self.client.fetch_catalog(catalog_etag).etag
        self.client.close()                 # no socket kept between a kiosk's calls (20,000 would be held)
        return etag

    def _timed(self, tally: Tally, kind: str, call):  # noqa: ANN001, ANN202
        started = time.monotonic()
        result = call()
        tally.took(kind, time.monotonic() - started)
        return result

    def heartbeat(self, tally: Tally) -> None:
        beat = Heartbeat(kiosk_state="AVAILABLE", software_version="fleet-sim", queue_depth=0,
                         sent_at=dt.datetime.now(dt.timezone.utc))
        try:
            self._timed(tally, "heartbeat", lambda: self.client.heartbeat(beat))
        finally:
            self.client.close()

    def visit(self, tally: Tally, rng: random.Random) -> None:
        id_number, name = _person(rng.randrange(10**6))
        now = dt.datetime.now(dt.timezone.utc)
        applicant = Applicant(name=name, id_number=id_number, card_type=CardType.RESIDENT)
        record = VerificationRecord(method="card_only", passed=True, at=now)
        try:
            grant = self._timed(tally, "grant", lambda: self.client.grant(applicant, record)).grant
            upload_id = uuid.uuid4().hex
            digest = hashlib.sha256(ATTACHMENT).hexdigest()
            self._timed(tally, "upload", lambda: self.client.upload(
                upload_id, "scan.jpg", "image/jpeg", lambda: iter([ATTACHMENT]), digest))
            payload = ApplicationSubmit(
                item_code=ITEM, applicant=applicant, verification=record, client_created_at=now,
                form={"applicant_name": name, "id_number": id_number, "mobile": "13800138000"},
                uploads=[UploadRef(upload_id=upload_id, material_code="other", filename="scan.jpg",
                                   content_type="image/jpeg", size=len(ATTACHMENT), sha256=digest)])
            receipt = self._timed(tally, "submit", lambda: self.client.submit(payload, uuid.uuid4().hex))
            if rng.random() < 1 / 3:
                rating = EvaluationSubmit(application_no=receipt.application_no, stage=EvaluationStage.ACCEPT,
                                          level=EvaluationLevel(rng.choice([5, 5, 5, 4, 3, 1])))
                self._timed(tally, "rate", lambda: self.client.evaluate(rating))
            if rng.random() < 1 / 2:
                self._timed(tally, "progress", lambda: self.client.query_by_id_number(id_number, grant))
            report = SessionReport(report_id=uuid.uuid4().hex, started_hour=hour_of(now), item_code=ITEM,
                                   screens=[ScreenVisit(screen=s, seconds=20) for s in VISIT_SCREENS],
                                   end=SessionEnd.FINISHED, applied=True, verification="card_only")
            self._timed(tally, "report", lambda: self.client.report_session(report))
        finally:
            self.client.close()


def run_schedule(kiosks: list[VirtualKiosk], seconds: float, visits_per_kiosk_day: float, threads: int,
                 tally: Tally, seed: int = 1) -> float:
    """Every kiosk's heartbeats and the visits for `seconds`; returns the seconds it really took."""
    rng = random.Random(seed)
    start = time.monotonic()
    due: list[tuple[float, int, str, int]] = []
    for k in kiosks:                                   # each at its own phase of the minute
        t = rng.uniform(0, HEARTBEAT_S)
        while t < seconds:
            due.append((start + t, len(due), "heartbeat", k.index))
            t += HEARTBEAT_S
    rate = len(kiosks) * visits_per_kiosk_day / (OPEN_HOURS * 3600)   # visits per second, whole fleet
    t = rng.expovariate(rate) if rate else seconds
    while t < seconds:
        due.append((start + t, len(due), "visit", rng.randrange(len(kiosks))))
        t += rng.expovariate(rate)
    heapq.heapify(due)

    def one(kind: str, index: int, at: float) -> None:
        tally.behind.append(max(0.0, time.monotonic() - at))
        try:
            if kind == "heartbeat":
                kiosks[index].heartbeat(tally)
            else:
                kiosks[index].visit(tally, random.Random(at))
        except Exception as exc:   # noqa: BLE001 - every failure is counted and named, the fleet goes on
            tally.failed(f"{kind}: {type(exc).__name__}: {exc}"[:300])

    with ThreadPoolExecutor(threads) as pool:
        while due:
            at, _, kind, index = heapq.heappop(due)
            wait = at - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            while pool._work_queue.qsize() > threads * 4:   # noqa: SLF001 - bounded backlog, lag measured
                time.sleep(0.005)
            pool.submit(one, kind, index, at)
    return time.monotonic() - start
