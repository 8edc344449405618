"""Power cuts in the appliance VM while applications are queued and sent.

    python -m bench.powercut [--cuts N] [--per-cut K]

The image (./dev image) on a fresh disk, provisioned as a technician does (over ssh, the platform on the
host). Each cut: the kiosk's installed wheel enqueues and sends applications (tests/appliance/
guest_submit.py, as the kiosk user, beside the kiosk's own sync worker); after a random 3..K of them were
committed QEMU is killed — the guest's page cache dies with it, which kill -9 of a process never tests —
and the box is powered on again. After the last cut the kiosk's own sync worker drains the outbox, and the
platform's database is counted by content (each application's unique client_created_at), not by
idempotency key. After every reboot: PRAGMA integrity_check of the kiosk's database and `kiosk audit
verify`.

submitted: applications the guest said were committed before the cut (the host saw the line); lost: those
not on the platform; duplicates: contents on the platform more than once. Left out: a cut during the
first boot's provisioning, and disks that lose writes they reported done (a write the VM's disk completed
is in the host's page cache and survives QEMU's kill).
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from tests.appliance.box import Box


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cuts", type=int, default=3)
    parser.add_argument("--per-cut", type=int, default=25, help="at most this many applications before a cut")
    args = parser.parse_args()
    rng = random.Random()
    told: list[str] = []
    integrity_failures = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-powercut-") as tmp:
        box = Box(Path(tmp))
        try:
            box.provision_until_serving()
            for _ in range(args.cuts):
                submitter = box.start_submitting(args.per_cut + 20)
                submitter.wait_for(rng.randint(3, args.per_cut))
                box.power_cut()
                told += submitter.queued
                submitter.close()
                box.power_on()
                box.vm.wait_ssh()
                integrity, audit = box.store_checks()
                integrity_failures += integrity != "ok" or not audit.startswith("ok")
            box.wait_drained()
            counted = box.on_platform()
        finally:
            box.close()
    print(json.dumps({"cuts": args.cuts, "submitted": len(told), "on_platform": len(counted),
                      "lost": sum(1 for s in told if counted[s] == 0),
                      "duplicates": sum(n - 1 for n in counted.values() if n > 1),
                      "integrity_failures": integrity_failures, "wall_s": round(time.monotonic() - started, 1)}))


if __name__ == "__main__":
    main()
