"""Presentation attack detection with the shipped defaults (a short run of bench.pad's evaluation):
one presentation of every attack type is refused, the live recording answering the kiosk's challenge
passes, and an unedited replay fails a challenge it does not fit. docs/pad.md."""

import random

import numpy as np
import pytest

from kiosk.verification.face import FaceEngine
from kiosk.verification.liveness import Step, choose_steps
from launcher import demo_person

from .pad import harness
from .pad.presenters import Replay


@pytest.fixture(scope="module")
def engine() -> FaceEngine:
    return FaceEngine()


@pytest.mark.parametrize("kind", list(harness.AttackType), ids=lambda k: k.value)
def test_every_attack_type_is_refused(engine, kind):
    tally = harness.run_attacks(engine, engine, per_type=1, seed=11, types=(kind,))[kind]
    assert tally.presented == 1 and tally.live == 0 and tally.verified == 0, tally


def test_the_live_person_passes_the_shipped_challenge(engine):
    tally = harness.run_genuine(engine, engine, count=2, seed=12)
    assert tally.live == 2 and tally.verified == 2, tally


def test_a_replay_that_turns_the_wrong_way_is_refused(engine):
    """The recording only turns to the performer's right; asked for a left turn first, it cannot pass."""
    policy = harness.production_policy()
    # the seed whose challenge starts with "turn left" (FaceCheck draws its steps first from Random(seed))
    seed = next(s for s in range(50)
                if choose_steps(random.Random(s), policy.steps, policy.count)[0] is Step.TURN_LEFT)
    d = harness.present(Replay(demo_person.load(), start=20), harness.performer_card(engine), engine, engine,
                        policy, seed)
    assert not d.passed, d
    assert np.isfinite(d.threshold)
