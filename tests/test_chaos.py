"""kill -9 at random points during enqueue and upload: nothing acknowledged is lost, nothing is
on the platform twice. Counted on the platform by idempotency key."""

import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

KILLS = 100


def test_kill_9_loses_nothing_and_duplicates_nothing(platform, client, platform_cfg, tmp_path):
    db, key = tmp_path / "kiosk.db", tmp_path / "store.key"
    cmd = [sys.executable, "-m", "tests.chaos_child", str(db), str(key), platform.url, platform_cfg.token_file]
    rng = random.Random(467)
    acknowledged: set[str] = set()
    kills = 0
    while kills < KILLS:
        out = tmp_path / f"run{kills}.out"
        with open(out, "wb") as fh:
            proc = subprocess.Popen(cmd + ["50"], stdout=fh, stderr=subprocess.DEVNULL)
            # kill it somewhere in its enqueue/upload loop, however long its start took
            deadline = time.monotonic() + 30
            while b"READY" not in out.read_bytes() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.4))
            proc.kill()
            proc.wait()
        kills += 1
        # only whole lines: a kill can land in the middle of a print (a half-told person was not told)
        complete = out.read_text().split("\n")[:-1]
        acknowledged |= {line.split()[1] for line in complete if line.startswith("ENQUEUED ")}
    drain = subprocess.run(cmd + ["0"], capture_output=True, text=True, timeout=300)
    assert "DRAINED" in drain.stdout, drain.stderr[-2000:]

    rows = sqlite3.connect(db).execute("SELECT id, client_status FROM outbox").fetchall()
    local = {row[0] for row in rows}
    assert acknowledged <= local                                  # nothing acknowledged was lost locally
    assert all(status == "done" for _, status in rows)            # and all of it was delivered
    counts = {item: platform.count_applications(item) for item in local}
    duplicates = {k: v for k, v in counts.items() if v != 1}
    assert not duplicates, duplicates                             # each exactly once on the platform
    assert len(acknowledged) > KILLS / 2                          # the kills really hit a busy loop
