"""Presentation attack detection, measured (issue 16; ISO/IEC 30107-3 terms):

    python -m bench.pad [--per-type N] [--genuine N] [--replays N]

Runs the production real-person check (the shipped [face] defaults: threshold, challenge pool and
steps, time limits, the real models) on the evaluation set of tests/pad: attack presentations of each
type rendered from real photos (prints moved, rolled, turned, bent, folded; a phone screen), the one
real recording of a live person answering the kiosk's prompts, and that recording replayed unedited.
Prints APCER per attack type, its worst type, BPCER, and the share of challenges the replay passes.
Baseline in the same run: the old head-turn measure (the nose's horizontal offset) on the rolled print.
Leaves out: 3-D masks, video replays edited to follow the prompts, more than one genuine person (docs/pad.md).
Last line: one JSON object."""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.verification.face import FaceEngine  # noqa: E402
from tests.pad import harness  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-type", type=int, default=10, help="attack presentations of each type")
    ap.add_argument("--genuine", type=int, default=12, help="genuine presentations")
    ap.add_argument("--replays", type=int, default=12, help="unedited replays, each against a new challenge")
    args = ap.parse_args()
    engine = FaceEngine()
    started = time.perf_counter()
    attacks = harness.run_attacks(engine, engine, args.per_type)
    genuine = harness.run_genuine(engine, engine, args.genuine)
    replay = harness.run_replay(engine, engine, args.replays)
    apcer = {k.value: round(v.rate, 3) for k, v in attacks.items()}
    worst = max(attacks, key=lambda k: attacks[k].rate)
    for k, v in attacks.items():
        print(f"{k.value:24s} APCER {v.rate:.3f} ({v.accepted}/{v.presented})  {v.reasons}")
    print(f"{'genuine':24s} BPCER {1 - genuine.rate:.3f} ({genuine.presented - genuine.accepted}/{genuine.presented})"
          f"  {genuine.reasons}")
    print(f"{'replay':24s} passed {replay.rate:.3f} ({replay.accepted}/{replay.presented})  {replay.reasons}")
    print(json.dumps({
        "attack_types": len(attacks), "attacks": sum(v.presented for v in attacks.values()),
        "apcer": apcer, "apcer_max_type": worst.value, "apcer_max": round(attacks[worst].rate, 3),
        "genuine": genuine.presented, "bpcer": round(1 - genuine.rate, 3),
        "replays": replay.presented, "replay_pass_rate": round(replay.rate, 3),
        "seconds": round(time.perf_counter() - started, 1)}))


if __name__ == "__main__":
    main()
