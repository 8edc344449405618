"""The outbox's costs, each against a baseline measured in the same run.

    python -m bench.outbox [--enqueues N] [--drain M]

- enqueue_p99_ms: a durable enqueue (one transaction, synchronous=FULL, sealed) of an application
  with 2 MB of attachments;
- drain_per_s vs raw_per_s: the sync worker delivering small applications to the reference
  platform (uvicorn on loopback) vs bare `requests` posts of the same bytes with their
  Idempotency-Keys, signed with the same key and token, interleaved in blocks of 10; drain_ratio = drain / raw;
- enqueue_small_per_s vs persist_queue_per_s: the same small payload into the outbox vs
  persist-queue's SQLite ack queue, both WAL with synchronous=FULL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import requests

from api_schema.models import ApplicationSubmit, Applicant, CardType
from kiosk.sync import SyncWorker
from offline_cache.crypto import Sealer, load_or_create_key
from tests.helpers import face_record
from tests.signed import Signer, SignedKiosk
from offline_cache.outbox import Attachment, Bounds, Outbox

from ._platform import enrolled_platform


def small_payload() -> bytes:
    return ApplicationSubmit(
        item_code="YB-0601", applicant=Applicant(name="张三丰", id_number="11010519491231002X",
                                                 card_type=CardType.RESIDENT),
        form={"applicant_name": "张三丰", "id_number": "11010519491231002X", "mobile": "13800138000"}, verification=face_record(),
        client_created_at=dt.datetime.now(dt.timezone.utc)).model_dump_json().encode()


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enqueues", type=int, default=100)
    parser.add_argument("--drain", type=int, default=300)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-outbox-") as tmp:
        root = Path(tmp)
        key = load_or_create_key(root / "store.key", "aes-256-gcm", create=True)
        box = Outbox(root / "kiosk.db", Sealer(key), bounds=Bounds(max_queue=10**6, min_free_mb=0))

        scans = [Attachment(f"page{i}.jpg", "image/jpeg", os.urandom(1024 * 1024)) for i in range(2)]
        latencies = []
        for _ in range(args.enqueues):
            start = time.perf_counter()
            box.enqueue("application", small_payload(), scans)
            latencies.append((time.perf_counter() - start) * 1000)
        with box.lock:
            box.conn.execute("DELETE FROM attachments")
            box.conn.execute("DELETE FROM outbox")

        payload = small_payload()
        start = time.perf_counter()
        for _ in range(args.drain):
            box.enqueue("application", payload)
        enqueue_small_per_s = args.drain / (time.perf_counter() - start)
        with box.lock:                                   # the drain below queues one item at a time
            box.conn.execute("DELETE FROM outbox")

        import persistqueue
        q = persistqueue.SQLiteAckQueue(str(root / "pq"), auto_commit=True, multithreading=True)
        q._putter.execute("PRAGMA synchronous=FULL")      # equal durability to the outbox
        start = time.perf_counter()
        for _ in range(args.drain):
            q.put(payload)
        persist_queue_per_s = args.drain / (time.perf_counter() - start)

        with enrolled_platform(root) as (platform, client):
            worker = SyncWorker(box, client)
            http = requests.Session()
            kiosk = SignedKiosk.of(client)          # the same key and token, signing in the bare posts too
            # Interleaved in blocks, so the two cores' load drifts hit both sides alike: one sync pass
            # over BLOCK queued items (due query, unseal, HTTP, parse and keep the receipt, "done"
            # marks) vs BLOCK bare requests posts of the same bytes with their own Idempotency-Keys.
            block, rounds = 10, max(1, args.drain // 20)
            drain_s = raw_s = 0.0
            for _ in range(rounds):
                for _ in range(block):
                    box.enqueue("application", payload)
                start = time.perf_counter()
                assert worker.sync_once().done == block
                drain_s += time.perf_counter() - start
                start = time.perf_counter()
                for _ in range(block):
                    http.post(platform.url + "/v1/applications", data=payload, timeout=10, auth=Signer(kiosk),
                              headers={"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex}
                              ).raise_for_status()
                raw_s += time.perf_counter() - start
            drain_per_s, raw_per_s = rounds * block / drain_s, rounds * block / raw_s
        box.close()

    print(json.dumps({
        "enqueue_p99_ms": round(p99(latencies), 2), "enqueue_p50_ms": round(statistics.median(latencies), 2),
        "drain_per_s": round(drain_per_s, 1), "raw_per_s": round(raw_per_s, 1),
        "drain_ratio": round(drain_per_s / raw_per_s, 3),
        "enqueue_small_per_s": round(enqueue_small_per_s, 1), "persist_queue_per_s": round(persist_queue_per_s, 1)}))


if __name__ == "__main__":
    main()
