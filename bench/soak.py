"""Leaks over a day's worth of people: complete emulated sessions back to back in one kiosk process
(the real window, the ID card monitor thread and GA 467 emulator, the outbox, the reference platform),
comparing resident memory, open file descriptors and threads after a warm-up with the same after
all sessions.

    python -m bench.soak [--sessions N] [--warmup W]

Goals (issue "a session"): rss growth <= 20 MB, fd growth 0, thread growth 0. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import threading
import time

from ._kiosk_rig import KioskRig, wait_until


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
    args = parser.parse_args()

    rig = KioskRig()
    try:
        for _ in range(args.warmup):
            rig.session()
        rss0, fd0, th0 = _settle(rig)
        started = time.monotonic()
        for i in range(args.sessions):
            rig.session()
            if (i + 1) % 100 == 0:
                print(f"# {i + 1} sessions, rss {_rss_mb():.1f} MB, fds {_fds()}, threads {_threads()}, "
                      f"python threads {threading.active_count()}", flush=True)
        elapsed = time.monotonic() - started
        rss1, fd1, th1 = _settle(rig)
        on_platform = rig.platform.count_applications()     # each session really submitted
    finally:
        rig.close()
    print(json.dumps({
        "sessions": args.sessions,
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
