"""kill -9 at random moments of a kiosk process that enqueues applications (with an attachment)
and delivers them; then drain, and count on the platform by idempotency key.

    python -m bench.chaos --kills 1000

"submitted" counts the applications the kiosk acknowledged (their enqueue committed and the id
was printed whole); "lost" those missing locally or on the platform; "duplicates" those on the
platform more than once. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable


def run_chaos(kills: int, workdir: Path, platform_url: str, key_file: str,
              count_on_platform: Callable[[str], int], seed: int = 467) -> dict:
    db, key = workdir / "kiosk.db", workdir / "store.key"
    cmd = [sys.executable, "-m", "bench.chaos_child", str(db), str(key), platform_url, key_file]
    rng = random.Random(seed)
    acknowledged: set[str] = set()
    for n in range(kills):
        out = workdir / "child.out"
        with open(out, "wb") as fh:
            proc = subprocess.Popen(cmd + ["50"], stdout=fh, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 30           # kill it inside its work loop, however slow its start
            while b"READY" not in out.read_bytes() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.4))
            proc.kill()
            proc.wait()
        # only whole lines: a kill can land in the middle of a print (a half-told person was not told)
        complete = out.read_text().split("\n")[:-1]
        acknowledged |= {line.split()[1] for line in complete if line.startswith("ENQUEUED ")}
    drain = subprocess.run(cmd + ["0"], capture_output=True, text=True, timeout=600)
    if "DRAINED" not in drain.stdout:
        raise RuntimeError(f"drain failed: {drain.stderr[-2000:]}")
    rows = dict(sqlite3.connect(db).execute("SELECT id, client_status FROM outbox").fetchall())
    counts = {item: count_on_platform(item) for item in rows}
    lost = [k for k in acknowledged if k not in rows or counts.get(k, 0) == 0]
    return {"kills": kills, "submitted": len(acknowledged), "stored": len(rows),
            "on_platform": sum(1 for c in counts.values() if c >= 1), "lost": len(lost),
            "duplicates": sum(1 for c in counts.values() if c > 1),
            "undelivered": sum(1 for s in rows.values() if s != "done")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=1000)
    args = parser.parse_args()
    from ._platform import enrolled_platform
    with tempfile.TemporaryDirectory(prefix="bench-chaos-") as tmp:
        root = Path(tmp)
        with enrolled_platform(root) as (platform, client):
            result = run_chaos(args.kills, root, platform.url, client.cfg.key_file, platform.count_applications)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
