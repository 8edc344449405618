"""Leaks over a day's worth of people: complete emulated sessions back to back in one kiosk process
(the real window, the ID card monitor thread and GA 467 emulator, the outbox, the reference platform),
comparing resident memory, open file descriptors and threads after a warm-up with the same after
all sessions.

    python -m bench.soak [--sessions N] [--warmup W] [--stress CPUS]

Goals (issue "a session"): rss growth <= 20 MB, fd growth 0, thread growth 0. Issue 17: on a loaded
machine (`--stress 2`: stress-ng's CPU workers beside it for the whole run) every session completes and
no card removal is lost — each session ends with the card left on the reader, the screen must ask for
it and the reader must see it taken — in every tenth session the reader goes silent first and the card
is taken while it is (`sessions_failed` and `lost_removals` count the others; a failed session is reset
and the soak goes on). Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import threading
import time
from collections import Counter

from ._kiosk_rig import CardLost, KioskRig, SessionFailed, Visit, wait_until


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


def _settle(rig: KioskRig) -> tuple[float, int, int]:
    """Let deferred deletions and the sync worker finish, then measure."""
    until = time.monotonic() + 1.0
    wait_until(lambda: time.monotonic() >= until, 5, "settling")
    gc.collect()
    return _rss_mb(), _fds(), _threads()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--stress", type=int, default=0, metavar="CPUS",
                        help="stress-ng CPU workers beside the soak (a loaded machine)")
    args = parser.parse_args()

    load = subprocess.Popen(["stress-ng", "--cpu", str(args.stress), "--quiet"]) if args.stress else None
    rig = KioskRig()
    failed: list[SessionFailed] = []
    try:
        for _ in range(args.warmup):
            try:
                rig.session()
            except SessionFailed as exc:
                print(f"# a warm-up session failed: {exc}", flush=True)
                rig.reset()
        rss0, fd0, th0 = _settle(rig)
        rig.face_retries.clear()
        started = time.monotonic()
        for i in range(args.sessions):
            try:       # every tenth: the reader goes silent with the card on it, and it is taken meanwhile
                rig.session(visit=Visit(reader_outage=(i % 10 == 9)))
            except SessionFailed as exc:
                failed.append(exc)
                print(f"# session {i + 1} failed: {exc}", flush=True)
                rig.reset()
            if (i + 1) % 100 == 0:
                print(f"# {i + 1} sessions, rss {_rss_mb():.1f} MB, fds {_fds()}, threads {_threads()}, "
                      f"python threads {threading.active_count()}", flush=True)
        elapsed = time.monotonic() - started
        rss1, fd1, th1 = _settle(rig)
        on_platform = rig.platform.count_applications()     # each session really submitted
    finally:
        rig.close()
        if load is not None:
            load.terminate()
            load.wait()
    print(json.dumps({
        "sessions": args.sessions,
        "sessions_failed": len(failed),
        "lost_removals": sum(isinstance(f, CardLost) for f in failed),
        "face_retries": len(rig.face_retries),                    # failed attempts the person retried
        "face_retry_reasons": dict(Counter(rig.face_retries)),
        "stress_cpus": args.stress,
        "rss_growth_mb": round(rss1 - rss0, 1),
        "fd_growth": fd1 - fd0,
        "thread_growth": th1 - th0,
        "rss_after_warmup_mb": round(rss0, 1),
        "seconds_per_session": round(elapsed / args.sessions, 3),
        "applications_on_platform": on_platform,
        "applications_expected": args.warmup + args.sessions,
    }))


if __name__ == "__main__":
    main()
