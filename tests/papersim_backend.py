#!/usr/bin/env python3
"""A CUPS backend standing in for an A4 printer whose paper can run out (tests only).

Device URI: papersim:/path/to/dir — `dir/paper` holds "ok" or "empty"; printed jobs land in
`dir/job-<id>.pdf`. Out of paper it does what a real backend does: reports the reason with a STATE:
line and exits with CUPS_BACKEND_STOP (4), so the scheduler stops the queue."""

import os
import sys

CUPS_BACKEND_OK, CUPS_BACKEND_STOP = 0, 4

if len(sys.argv) == 1:                       # discovery: cupsd asks every backend what it offers
    print('direct papersim "Unknown" "Paper simulator (tests)"')
    sys.exit(CUPS_BACKEND_OK)

job_id = sys.argv[1]
state_dir = os.environ.get("DEVICE_URI", "papersim:/tmp").split(":", 1)[1]
paper = open(os.path.join(state_dir, "paper")).read().strip()
if paper != "ok":
    sys.stderr.write("STATE: +media-empty-error\nERROR: out of paper\n")
    sys.exit(CUPS_BACKEND_STOP)
data = open(sys.argv[6], "rb").read() if len(sys.argv) > 6 else sys.stdin.buffer.read()
with open(os.path.join(state_dir, f"job-{job_id}.pdf"), "wb") as out:
    out.write(data)
sys.stderr.write("STATE: -media-empty-error\n")
sys.exit(CUPS_BACKEND_OK)
