"""A province's fleet against the platform on PostgreSQL: N virtual kiosks (bench/fleet_sim.py, each
enrolled with its own key and speaking the real API through the kiosk's own client) heartbeating every
60 s, people's visits with an attachment, ratings and progress queries, for `--seconds`.

    python -m bench.fleet [--kiosks 20000] [--seconds 120] [--workers 2] [--threads 64]
                          [--visits-per-kiosk-day 30] [--sqlite]

Baseline, in the same run, on the same server and client threads: `GET /healthz` (a route that
touches no database and no signature) — what the HTTP stack alone serves. `requests_per_s` is what
the fleet's schedule drove through in its steady phase; `behind_p99_s` is how late the 99th event
started (a platform that cannot keep up shows it here). PostgreSQL runs with its defaults (fsync on).

Leaves out: TLS (a reverse proxy's work), the network between kiosks and the platform (loopback here),
kiosks' clocks and retries after errors (none were needed when errors is 0); the simulator's own CPU is
on the same 2 cores as the platform and PostgreSQL. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from platform_server.runner import PlatformProcess
from platform_server.store import PlatformStore
from tests import peers

from .fleet_sim import Tally, VirtualKiosk, run_schedule


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


def baseline(url: str, threads: int, seconds: float) -> float:
    """Requests per second of an empty route, on `threads` clients with their own connections."""
    stop, count = time.monotonic() + seconds, [0]
    lock = threading.Lock()

    def client() -> None:
        with requests.Session() as http:
            n = 0
            while time.monotonic() < stop:
                http.get(url + "/healthz", timeout=30).raise_for_status()
                n += 1
        with lock:
            count[0] += n
    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        for f in [pool.submit(client) for _ in range(threads)]:
            f.result()
    return count[0] / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kiosks", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=64)
    parser.add_argument("--visits-per-kiosk-day", type=float, default=30.0)
    parser.add_argument("--sqlite", action="store_true", help="the embedded store instead of PostgreSQL")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="kiosk-fleet-"))
    server = None if args.sqlite else peers.start_postgres(durable=True)
    platform = None
    try:
        db = str(root / "platform.db") if server is None else server.database()
        platform = PlatformProcess(root, db=db, workers=args.workers)
        store = PlatformStore(db, migrate=False)                 # the operator's side: pairing codes
        t0 = time.monotonic()
        codes = [store.create_pairing_code()[0] for _ in range(args.kiosks)]
        store.close()
        (root / "keys").mkdir()
        kiosks = [VirtualKiosk(i, platform.url, root / "keys") for i in range(args.kiosks)]
        etag = kiosks[0].enrol(codes[0], "")                   # the whole catalog once, then 304s
        with ThreadPoolExecutor(args.threads) as pool:
            list(pool.map(lambda k: k.enrol(codes[k.index], etag), kiosks[1:]))
        enrol_s = time.monotonic() - t0
        print(f"# {args.kiosks} kiosks enrolled in {enrol_s:.0f} s", flush=True)
        base = baseline(platform.url, args.threads, 10.0)
        tally = Tally()
        took = run_schedule(kiosks, args.seconds, args.visits_per_kiosk_day, args.threads, tally)
        for e in tally.errors[:10]:
            print("# error:", e, flush=True)
    finally:
        if platform is not None:
            platform.stop()
        if server is not None:
            server.stop()
    beats = tally.latencies.get("heartbeat", [])
    submits = tally.latencies.get("submit", [])
    print(json.dumps({
        "kiosks": args.kiosks,
        "seconds": round(took, 1),
        "heartbeats": len(beats),
        "visits": len(submits),
        "heartbeat_p50_ms": round(statistics.median(beats) * 1000, 1) if beats else None,
        "heartbeat_p99_ms": round(pct(beats, 0.99) * 1000, 1),
        "submit_p99_ms": round(pct(submits, 0.99) * 1000, 1),
        "upload_p99_ms": round(pct(tally.latencies.get("upload", []), 0.99) * 1000, 1),
        "requests_per_s": round(tally.requests() / took, 1),
        "behind_p99_s": round(pct(tally.behind, 0.99), 2),
        "errors": len(tally.errors),
        "baseline_requests_per_s": round(base, 1),
        "workers": args.workers,
        "database": "sqlite" if args.sqlite else "postgresql",
        "enrol_s": round(enrol_s, 1),
    }))


if __name__ == "__main__":
    main()
