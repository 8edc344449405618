"""Presentation attack detection, measured (issue 16; ISO/IEC 30107-3 terms):

    python -m bench.pad [--per-type N] [--genuine N] [--replays N]

Runs the production real-person check (the shipped [face] defaults: threshold, challenge pool and
steps, time limits, the real models) on the evaluation set of tests/pad: attack presentations of each
type rendered from real photos (prints moved, rolled, turned, bent, folded; a phone screen), the one
real recording of a live person answering the kiosk's prompts, and that recording replayed unedited.
Prints APCER per attack type, its worst type, BPCER, and the share of challenges the replay passes.
Baseline in the same run: tilted prints answering "turn left" then "turn right" for 2 s each, judged
per frame by the old head-turn measure (the nose's horizontal offset past 0.25, the rule that shipped
before) and by the new one (both estimates past their thresholds): the share of prints that would pass
both turns under each.
Leaves out: 3-D masks, video replays edited to follow the prompts, more than one genuine person (docs/pad.md).
Last line: one JSON object."""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from kiosk.verification.face import FaceEngine, FaceRejected  # noqa: E402
from kiosk.verification.liveness import TURN_RATIO, TURN_RATIO_MESH, head_yaw  # noqa: E402
from kiosk.verification.pipeline import Prompt  # noqa: E402
from tests.pad import harness  # noqa: E402


def _old_yaw(points: np.ndarray) -> float:
    """The measure that shipped before issue 16: the nose's horizontal offset from the eye centre."""
    inter = float(np.linalg.norm(points[:2].mean(axis=0) - points[2:4].mean(axis=0)))
    return float((points[4][0] - points[:4].mean(axis=0)[0]) / max(inter, 1e-6))


def tilt_baseline(engine: FaceEngine, prints: int) -> tuple[float, float]:
    """(old rule pass share, new rule pass share) for tilted prints following both turn prompts."""
    subjects = harness.subjects(engine)
    old_pass = new_pass = 0
    for k in range(prints):
        rng = np.random.default_rng(500 + k)
        held = harness.attacker(harness.AttackType.PRINT_ROLLED, subjects[k % len(subjects)], rng)
        old_ok, new_ok = [], []
        for n, prompt in enumerate((Prompt.TURN_LEFT, Prompt.TURN_RIGHT)):
            sign, old_hit, new_hit = (1.0 if prompt is Prompt.TURN_LEFT else -1.0), False, False
            for i in range(60):                                     # 2 s of frames at 30 fps
                small = cv2.resize(held.frame(n * 2 + i / 30, prompt), None, fx=0.5, fy=0.5)
                rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
                try:
                    box = engine.the_face(rgb, upsample=1, min_width=20)
                except FaceRejected:
                    continue
                five = engine.landmarks(rgb, box)
                old_hit |= sign * _old_yaw(five) >= 0.25
                mesh_yaw = engine.mesh.measure(rgb, box).yaw
                new_hit |= sign * head_yaw(five) >= TURN_RATIO and sign * mesh_yaw >= TURN_RATIO_MESH
            old_ok.append(old_hit)
            new_ok.append(new_hit)
        old_pass += all(old_ok)
        new_pass += all(new_ok)
    return old_pass / prints, new_pass / prints


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
    old_share, new_share = tilt_baseline(engine, args.per_type)
    # APCER and BPCER on the PAD decision (every step passed), as ISO/IEC 30107-3 counts them; the whole
    # check (with the 1:1 comparison) beside it
    apcer = {k.value: round(v.live_rate, 3) for k, v in attacks.items()}
    worst = max(attacks, key=lambda k: attacks[k].live_rate)
    for k, v in attacks.items():
        print(f"{k.value:24s} APCER {v.live_rate:.3f} ({v.live}/{v.presented}), verified {v.verified}  {v.reasons}")
    print(f"{'genuine':24s} BPCER {1 - genuine.live_rate:.3f} ({genuine.presented - genuine.live}/{genuine.presented}),"
          f" verified {genuine.verified}  {genuine.reasons}")
    print(f"{'replay':24s} live {replay.live_rate:.3f} ({replay.live}/{replay.presented}), verified {replay.verified}"
          f"  {replay.reasons}")
    print(json.dumps({
        "attack_types": len(attacks), "attacks": sum(v.presented for v in attacks.values()),
        "apcer": apcer, "apcer_max_type": worst.value, "apcer_max": round(attacks[worst].live_rate, 3),
        "attacks_verified": sum(v.verified for v in attacks.values()),
        "genuine": genuine.presented, "bpcer": round(1 - genuine.live_rate, 3),
        "genuine_verified_rate": round(genuine.verified_rate, 3),
        "replays": replay.presented, "replay_pass_rate": round(replay.live_rate, 3),
        "baseline_tilted_print_old_rule_pass": round(old_share, 3),
        "baseline_tilted_print_new_rule_pass": round(new_share, 3),
        "seconds": round(time.perf_counter() - started, 1)}))


if __name__ == "__main__":
    main()
