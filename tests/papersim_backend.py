#!/usr/bin/env python3
"""A CUPS backend standing in for an A4 printer whose paper can run out (tests only).

Device URI: papersim:/path/to/dir — the printer's state, shared with its IPP face
(drivers/printer/ipp_emulator.py): `trays.json` sheets per tray, taken here page by page, `fault` a
reason keyword (e.g. media-jam). Printed jobs land in `dir/job-<id>.pdf` (a job's further documents in
`job-<id>.doc2.pdf` …); a job the paper ran out in leaves `dir/job-<id>.partial`.

Out of paper it does what a backend does: reports the reason with a STATE: line and exits with
CUPS_BACKEND_STOP (4), so the scheduler stops the queue — or, when `dir/hold` exists, it waits for
paper with the job, as an IPP or USB printer holding a job does (CUPS then cancels it by SIGTERM)."""

import json
import os
import re
import sys
import time

CUPS_BACKEND_OK, CUPS_BACKEND_STOP = 0, 4

if len(sys.argv) == 1:                       # discovery: cupsd asks every backend what it offers
    print('direct papersim "Unknown" "Paper simulator (tests)"')
    sys.exit(CUPS_BACKEND_OK)

job_id = sys.argv[1]
state_dir = os.environ.get("DEVICE_URI", "papersim:/tmp").split(":", 1)[1]
trays_path = os.path.join(state_dir, "trays.json")


def trays() -> dict:
    with open(trays_path) as f:
        return json.load(f)


def save(value: dict) -> None:
    tmp = os.path.join(state_dir, f".trays.backend.{os.getpid()}")
    with open(tmp, "w") as f:
        json.dump(value, f)
    os.chmod(tmp, 0o666)
    os.replace(tmp, trays_path)


def fault() -> str:
    path = os.path.join(state_dir, "fault")
    return open(path).read().strip() if os.path.exists(path) else ""


def stop(reason: str, message: str) -> None:
    sys.stderr.write(f"STATE: +{reason}-error\nERROR: {message}\n")
    sys.exit(CUPS_BACKEND_STOP)


data = open(sys.argv[6], "rb").read() if len(sys.argv) > 6 else sys.stdin.buffer.read()
pages = max(1, len(re.findall(rb"/Type\s*/Page(?!s)", data)))
if fault():
    stop(fault(), fault())
if sum(t["level"] for t in trays().values()) <= 0:
    if not os.path.exists(os.path.join(state_dir, "hold")):
        stop("media-empty", "out of paper")
    sys.stderr.write("STATE: +media-empty-error\nINFO: waiting for paper\n")
    sys.stderr.flush()
    while sum(t["level"] for t in trays().values()) <= 0:
        time.sleep(0.2)
sys.stderr.write("STATE: -media-empty-error\n")
levels, left = trays(), pages
for tray in levels.values():                  # auto tray select: the first with paper, then the next
    taken = min(left, tray["level"])
    tray["level"] -= taken
    left -= taken
save(levels)
if left > 0:                                  # ran out in the middle of the job
    open(os.path.join(state_dir, f"job-{job_id}.partial"), "w").write(f"{pages - left}/{pages}")
    stop("media-empty", f"out of paper after {pages - left} of {pages} pages")
# A raw queue hands a job of several documents (a cover and its certificate) over as one stream.
starts = [m.start() for m in re.finditer(rb"%PDF-", data)] or [0]
for n, (start, end) in enumerate(zip(starts, starts[1:] + [len(data)]), 1):
    with open(os.path.join(state_dir, f"job-{job_id}.pdf" if n == 1 else f"job-{job_id}.doc{n}.pdf"), "wb") as out:
        out.write(data[start:end])
sys.exit(CUPS_BACKEND_OK)
