"""A whole verification on the video of a live person: the challenge, then the 1:1 decision against a
chip-like photo — of the same person (passes) or of someone else (refused) — and nothing biometric
left afterwards."""

import dataclasses
import datetime as dt

import cv2
import numpy as np
import pytest

from kiosk.config import FaceSection
from kiosk.verification.face import FaceEngine, FaceRejected
from kiosk.verification.liveness import Step
from kiosk.verification.pipeline import Decision, Prompt, Verifier
from launcher import demo_person
from launcher.demo_person import LivePerson

from .facetools import FACES, chip_like_photo
from .pad import harness

NOW = dt.datetime(2026, 11, 21, 12, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def engine() -> FaceEngine:
    return FaceEngine()


def test_the_card_owner_passes_with_the_shipped_defaults_and_nothing_biometric_is_left(engine):
    """The live recording answering the kiosk's own challenge (the shipped [face] defaults: threshold,
    pool, steps, timing) against a card-quality photo of a moment of its frontal rest. (This proves the
    flow at the shipped settings; the threshold's calibration rests on card-quality photo pairs, since a
    card from another moment of this stage footage measures 0.52–0.75: docs/pad.md.)"""
    card = harness.performer_card(engine)
    prompts: list[Prompt] = []

    class Watching(LivePerson):
        def frame(self, t, prompt):
            prompts.append(prompt)
            return super().frame(t, prompt)
    decision = harness.present(Watching(demo_person.load(), np.random.default_rng(7)), card, engine, engine,
                               harness.production_policy(), seed=7)
    assert decision.passed, decision
    assert decision.threshold == FaceSection().threshold and decision.distance < decision.threshold
    assert len(decision.steps) == FaceSection().challenge_steps
    assert {Prompt.LOOK_AT_CAMERA, Prompt.DONE} <= set(prompts) | {Prompt.DONE}
    kept = [f.type for f in dataclasses.fields(Decision)]
    assert not any("ndarray" in str(t) or "Descriptor" in str(t) for t in kept)   # the record holds no biometrics


def test_the_verifier_wipes_what_it_captured(engine):
    card = harness.performer_card(engine)
    rec = demo_person.load()
    verifier = Verifier(engine, card, [Step.TURN_RIGHT], consent=True)
    person = LivePerson(rec, np.random.default_rng(1))
    t = 0.0
    while not verifier.finished and t < 10:
        verifier.feed(person.frame(t, verifier.prompt), t)
        t += 1 / 30
    assert verifier.decide(NOW).passed
    assert not card.any()                                                        # the card photo copy is wiped
    assert verifier._best is None and verifier._challenge is None


def test_an_attempt_past_its_wall_clock_bound_fails_as_out_of_time_halfway_through_a_move(engine):
    """The steps' limits run on the frames' clock; on a machine so loaded that frames come through too
    slowly to reach it, the attempt's worker ends it by the wall clock (ui.face_check): the person is
    told to try again, and nothing captured so far passes or survives."""
    card = harness.performer_card(engine)
    verifier = Verifier(engine, card, [Step.TURN_LEFT, Step.TURN_RIGHT], consent=True)
    assert verifier.time_limit_s == 2 * 8.0
    person = LivePerson(demo_person.load(), np.random.default_rng(3))
    for i in range(30):                              # a second of frames: the first step is under way
        verifier.feed(person.frame(i / 30, verifier.prompt), i / 30)
    assert not verifier.finished
    verifier.expire()
    assert verifier.finished and verifier.prompt is Prompt.LOOK_AT_CAMERA
    decision = verifier.decide(NOW)
    assert not decision.passed and decision.reason == "timeout"
    assert not card.any() and verifier._best is None


def test_someone_elses_card_is_refused(engine):
    other = cv2.cvtColor(cv2.imread(str(FACES / "obama.jpg")), cv2.COLOR_BGR2RGB)
    decision = harness.present(LivePerson(demo_person.load(), np.random.default_rng(3)), chip_like_photo(engine, other),
                               engine, engine, harness.production_policy(), seed=3)
    assert not decision.passed and decision.reason == "not_same_person", decision
    assert decision.distance > decision.threshold


def test_a_group_photo_as_the_card_is_refused_as_more_than_one_face(engine):
    group = cv2.cvtColor(cv2.imread(str(FACES / "two_people.jpg")), cv2.COLOR_BGR2RGB)
    card = np.ascontiguousarray(group)         # a group picture decoded as the card's photo
    decision = harness.present(LivePerson(demo_person.load(), np.random.default_rng(4)), card, engine, engine,
                               harness.production_policy(), seed=4)
    assert not decision.passed and decision.reason == "card_many_faces", decision


def test_no_capture_without_consent(engine):
    with pytest.raises(ValueError):
        Verifier(engine, np.zeros((126, 102, 3), np.uint8), [Step.TURN_LEFT], consent=False)


def test_the_descriptor_process_gives_the_engines_numbers(engine):
    """Computed in the child (so the kiosk's GUI thread keeps the GIL), on a crop: the same descriptor."""
    from kiosk.verification.descriptors import DescriptorProcess
    rgb = cv2.cvtColor(cv2.imread(str(FACES / "obama.jpg")), cv2.COLOR_BGR2RGB)
    box = engine.the_face(rgb, upsample=1)
    proc = DescriptorProcess()
    try:
        here, there = engine.descriptor(rgb, box), proc.descriptor(rgb, box)
        assert here.distance(there) < 0.02
        card = chip_like_photo(engine, rgb)
        assert engine.card_photo_descriptor(card).distance(proc.card_photo_descriptor(card)) < 1e-6
        with pytest.raises(FaceRejected):
            proc.card_photo_descriptor(np.zeros((126, 102, 3), np.uint8))
    finally:
        proc.close()
    assert not proc._proc.is_alive()


def test_blink_in_the_pool_is_asked_and_nothing_runs_without_the_mesh(engine):
    """A policy with blink in its pool: asked (two of three, a random order). The mesh carries the turn's
    second estimate and the mouth, so without it no challenge runs at all (the kiosk then offers the
    non-face ways: FaceEngine raises FaceModelsMissing at start-up) — never a weaker check."""
    import random

    from api_schema.models import VerificationFallback
    from kiosk.verification.check import FaceCheck, FacePolicy
    card = np.zeros((150, 120, 3), np.uint8)
    policy = FacePolicy(steps=(Step.BLINK, Step.TURN_LEFT, Step.TURN_RIGHT), count=2)
    check = FaceCheck(policy, [VerificationFallback.STAFF], face_possible=True, card_photo=True,
                      _rng=random.Random(3))
    check.agree(dt.datetime.now(dt.timezone.utc))
    seen = {tuple(s.step for s in check.verifier(engine, card.copy())._steps) for _ in range(30)}
    assert len(seen) == 6 and any(Step.BLINK in s for s in seen)
    mesh, engine.mesh = engine.mesh, None           # as on a kiosk without the mesh model
    try:
        for steps in ([Step.BLINK], [Step.TURN_LEFT]):
            with pytest.raises(ValueError, match="mesh"):
                Verifier(engine, card.copy(), steps, consent=True)
    finally:
        engine.mesh = mesh
