"""A whole verification on the video of a live person: the challenge, then the 1:1 decision against a
chip-like photo — of the same person (passes) or of someone else (refused) — and nothing biometric
left afterwards."""

import dataclasses
import datetime as dt

import cv2
import numpy as np
import pytest

from kiosk.verification.face import FaceEngine, FaceRejected
from kiosk.verification.liveness import Step
from kiosk.verification.pipeline import Decision, Prompt, Verifier

from .facetools import FACES, chip_like_photo

NOW = dt.datetime(2026, 11, 21, 12, tzinfo=dt.timezone.utc)
# The test video is 640×360 stage footage with motion blur: the decision (the worse of the final and the
# challenge frame against the chip-like card) measures 0.60 for its own performer and 0.70 for another
# person's card — a thin gap. The kiosk's default (0.55) assumes its own camera at arm's length and must
# be calibrated on real card/camera pairs; here both sides are judged by the same 0.68.
VIDEO_THRESHOLD = 0.68


@pytest.fixture(scope="module")
def engine() -> FaceEngine:
    return FaceEngine()


def frames():
    cap = cv2.VideoCapture(str(FACES / "live_person_turning.mp4"))
    out = []
    while True:
        ok, frame = cap.read()
        if not ok:
            return out
        out.append(frame)


def run(engine, card, fps=30.0):
    verifier = Verifier(engine, card, [Step.TURN_RIGHT], consent=True, step_time_limit_s=10,
                        threshold=VIDEO_THRESHOLD)
    prompts = []
    for n, frame in enumerate(frames()):
        prompts.append(verifier.feed(frame, n / fps))
        if verifier.finished:
            break
    return verifier, prompts


def test_the_card_owner_passes_and_nothing_biometric_is_left(engine):
    video = frames()
    card = chip_like_photo(engine, cv2.cvtColor(video[150], cv2.COLOR_BGR2RGB))      # the same person, another moment
    verifier, prompts = run(engine, card)
    assert Prompt.TURN_RIGHT in prompts and prompts[-1] is Prompt.DONE
    decision = verifier.decide(NOW)
    assert decision.passed, decision
    assert decision.distance < decision.threshold
    assert not card.any()                                                        # the card photo copy is wiped
    assert verifier._best is None and verifier._challenge is None
    kept = [f.type for f in dataclasses.fields(Decision)]
    assert not any("ndarray" in str(t) or "Descriptor" in str(t) for t in kept)   # the record holds no biometrics


def test_someone_elses_card_is_refused(engine):
    other = cv2.cvtColor(cv2.imread(str(FACES / "obama.jpg")), cv2.COLOR_BGR2RGB)
    verifier, _ = run(engine, chip_like_photo(engine, other))
    decision = verifier.decide(NOW)
    assert not decision.passed and decision.reason == "not_same_person" and decision.distance > VIDEO_THRESHOLD, decision


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


def test_blink_is_asked_only_where_the_mesh_is(engine):
    """A policy with blink in its pool: asked (two of three, a random order) when the mesh model is there;
    without it the turns are asked instead, never a step the kiosk cannot judge."""
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
        steps = [s.step for s in check.verifier(engine, card.copy())._steps]
        assert sorted(steps) == [Step.TURN_LEFT, Step.TURN_RIGHT]
        with pytest.raises(ValueError, match="mesh"):
            Verifier(engine, card.copy(), [Step.BLINK], consent=True)
    finally:
        engine.mesh = mesh
