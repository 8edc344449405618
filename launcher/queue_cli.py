"""`kiosk queue status|parked` and `kiosk sync --once`: the outbox as a technician sees it.
Ids, kinds, ages, attempts and error codes only: nothing of a person is printed."""

from __future__ import annotations

import datetime as dt
import json
import time

from kiosk.config import Config
from kiosk.platform_client import PlatformClient
from kiosk.storage import open_outbox
from kiosk.sync import SyncWorker


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return str(dt.timedelta(seconds=int(seconds)))


def queue_status(cfg: Config, as_json: bool) -> int:
    box = open_outbox(cfg)
    try:
        stats = box.stats()
        due = box.due(limit=1000, snapshot=float("inf"))
        data = {"queued": stats.depth, "oldest_age_s": stats.oldest_age_s, "parked": stats.parked,
                "last_good_sync": stats.last_good_sync,
                "items": [{"id": i.id, "kind": i.kind, "age_s": round(time.time() - i.created_at), "attempts":
                           i.attempts, "last_error": i.last_error} for i in due]}
    finally:
        box.close()
    if as_json:
        print(json.dumps(data))
        return 0
    last = dt.datetime.fromtimestamp(stats.last_good_sync).isoformat(timespec="seconds") \
        if stats.last_good_sync else "从未 / never"
    print(f"待提交 queued: {stats.depth}    最久 oldest: {_age(stats.oldest_age_s)}    "
          f"需处理 parked: {stats.parked}    最近成功同步 last good sync: {last}")
    for item in data["items"]:
        print(f"  {item['id']}  {item['kind']:<11} age {_age(item['age_s']):>10}  attempts {item['attempts']:>3}"
              f"  {item['last_error'] or ''}")
    return 0


def queue_parked(cfg: Config, as_json: bool) -> int:
    box = open_outbox(cfg)
    try:
        rows = [{"id": item.id, "kind": item.kind, "http_status": status, "error_code": code, "reason": reason}
                for item, status, code, reason in box.parked()]
    finally:
        box.close()
    if as_json:
        print(json.dumps(rows))
        return 0
    print(f"需要技术人员处理 / parked for a technician: {len(rows)}")
    for r in rows:
        print(f"  {r['id']}  {r['kind']:<11} HTTP {r['http_status']}  {r['error_code']}: {r['reason']}")
    return 0


def sync_once(cfg: Config) -> int:
    box = open_outbox(cfg)
    client = PlatformClient(cfg.platform)
    try:
        report = SyncWorker(box, client).sync_once(wait_s=30)
    finally:
        client.close()
        box.close()
    print(f"done {report.done}, kept {report.retried}, parked {report.parked}"
          + (" (another sender was busy)" if report.skipped else ""))
    return 0 if not report.retried else 1


def sync_loop(cfg: Config) -> int:
    """The sync service: deliver every `store.sync_interval_s` until SIGTERM."""
    import signal
    import threading

    box = open_outbox(cfg)
    client = PlatformClient(cfg.platform)
    worker = SyncWorker(box, client)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    try:
        worker.start(cfg.store.sync_interval_s, cfg.store.retention_days * 86400)
        stop.wait()
    finally:
        worker.stop()
        client.close()
        box.close()
    return 0


def main(cfg: Config, args: object) -> int:
    cmd = getattr(args, "queue_cmd", None) or "sync"
    if cmd == "status":
        return queue_status(cfg, args.json)  # type: ignore[attr-defined]
    if cmd == "parked":
        return queue_parked(cfg, args.json)  # type: ignore[attr-defined]
    return sync_loop(cfg) if getattr(args, "loop", False) else sync_once(cfg)
