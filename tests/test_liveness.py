"""The turn challenge on the video of a live person (passes) and on a still photo moved around in front
of the camera (fails); frames paced as the camera delivers them. The blink: its rule on eye-openness
sequences, the face mesh on real frames, and no blink seen on a photo or a talking person."""


import cv2
import numpy as np
import pytest

from kiosk.verification.face import FaceBox, FaceEngine, FaceRejected
from kiosk.verification.liveness import (
    RESPONSE_WINDOW_S, BlinkStep, Cues, MouthStep, Step, StepState, TurnStep, choose_steps, head_yaw,
)

from .facetools import FACES, video_frames



@pytest.fixture(scope="module")
def engine() -> FaceEngine:
    return FaceEngine()


def observe(engine, bgr, scale=0.5):
    """What the per-frame loop sees: the face on a downscaled frame, both yaw estimates, the mouth and
    the eyes (None if not one face)."""
    small = cv2.resize(bgr, None, fx=scale, fy=scale)
    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
    try:
        box = engine.the_face(rgb, upsample=1, min_width=20)
    except FaceRejected:
        return None
    m = engine.mesh.measure(rgb, box)
    return Cues(box, head_yaw(engine.landmarks(rgb, box)), m.yaw, m.eyes, m.mouth)


def run(engine, frames, step, fps=30.0):
    for n, frame in enumerate(frames):
        if step.feed(n / fps, observe(engine, frame)) in (StepState.PASSED, StepState.FAILED):
            break
    return step


def test_a_live_person_turning_passes(engine):
    # the recording holds still for ~0.3 s before it turns: the rule with a short hold (the shipped
    # timing is exercised end to end by tests/test_pad.py)
    step = run(engine, video_frames(), TurnStep(Step.TURN_RIGHT, time_limit_s=10, hold_s=0.2))
    assert step.state is StepState.PASSED, step.reason


def _photo():
    photo = cv2.imread(str(FACES / "obama.jpg"))
    return cv2.resize(photo, (640, 640 * photo.shape[0] // photo.shape[1]))


def test_a_photo_moved_around_fails(engine):
    photo = _photo()
    h, w = photo.shape[:2]

    def moved():                       # slid, tilted and brought closer, as a hand does with a print
        for n in range(300):
            t = n / 30
            m = cv2.getRotationMatrix2D((w / 2, h / 2), 25 * np.sin(t * 2), 1 + 0.15 * np.sin(t))
            m[:, 2] += (40 * np.sin(t * 1.5), 20 * np.cos(t))
            yield cv2.warpAffine(photo, m, (w, h), borderValue=(128, 128, 128))
    for turn in (Step.TURN_RIGHT, Step.TURN_LEFT):
        step = run(engine, moved(), TurnStep(turn, time_limit_s=8, hold_s=0.2))
        assert step.state is StepState.FAILED and step.reason == "timeout"


def test_a_tilted_print_reads_as_frontal(engine):
    """The attack that passed before: a print rolled ±20–30° in its plane. The old measure (the nose's
    horizontal offset) read it as a turn past 0.25; both new estimates stay frontal."""
    photo = _photo()
    h, w = photo.shape[:2]
    for roll in (-30, -20, 20, 30):
        m = cv2.getRotationMatrix2D((w / 2, h / 2), roll, 1.0)
        cues = observe(engine, cv2.warpAffine(photo, m, (w, h), borderValue=(128, 128, 128)))
        assert cues is not None and cues.frontal, (roll, cues)
        five = engine.landmarks(cv2.cvtColor(cv2.resize(cv2.warpAffine(photo, m, (w, h)), None, fx=0.5, fy=0.5),
                                             cv2.COLOR_BGR2RGB), cues.box)
        old = (five[4][0] - five[:4].mean(axis=0)[0]) / np.linalg.norm(five[:2].mean(0) - five[2:4].mean(0))
        assert abs(old) > 0.2                         # what the old measure saw


def _rule_run(step, cues_seq, fps=30.0):
    for n, c in enumerate(cues_seq):
        step.feed(n / fps, c)
    return step


BOX = FaceBox(100, 100, 200, 200)


def _cues(yaw=0.0, mesh=0.0, eyes=0.3, mouth=0.03):
    return Cues(BOX, yaw, mesh, eyes, mouth)


def test_a_turn_needs_both_estimates_on_the_asked_side():
    rest = [_cues()] * 15
    assert _rule_run(TurnStep(Step.TURN_RIGHT, hold_s=0.3), rest + [_cues(-0.3, -0.25)] * 3).state is StepState.PASSED
    assert _rule_run(TurnStep(Step.TURN_RIGHT, hold_s=0.3), rest + [_cues(-0.3, -0.05)] * 3).state is StepState.WAITING_TURN
    assert _rule_run(TurnStep(Step.TURN_RIGHT, hold_s=0.3), rest + [_cues(0.3, 0.25)] * 3).state is StepState.WAITING_TURN


def test_the_prompt_waits_for_a_still_frontal_face_and_the_answer_must_follow_it():
    step = TurnStep(Step.TURN_LEFT, hold_s=1.0)
    # turning before the prompt (a recording that does not know when it comes) restarts the hold
    seq = [_cues()] * 20 + [_cues(0.3, 0.25)] * 5 + [_cues()] * 10
    assert _rule_run(step, seq).state is StepState.WAITING_FRONTAL
    late = TurnStep(Step.TURN_LEFT, hold_s=0.4)
    _rule_run(late, [_cues()] * (15 + int(RESPONSE_WINDOW_S * 30) + 5))
    assert late.state is StepState.FAILED and late.reason == "timeout"


def test_frozen_or_reordered_frames_are_refused():
    frozen = TurnStep(Step.TURN_LEFT, hold_s=0.4)
    frozen.feed(0.0, _cues())
    frozen.feed(0.03, _cues())
    assert frozen.feed(300.0, _cues(0.3, 0.25)) is StepState.FAILED     # a 5-minute stall
    reordered = TurnStep(Step.TURN_LEFT, hold_s=0.4)
    reordered.feed(1.0, _cues())
    assert reordered.feed(0.5, _cues()) is StepState.FAILED and reordered.reason == "frames_out_of_order"


def test_an_open_mouth_is_judged_against_the_persons_own_mouth():
    rest = [_cues(mouth=0.03)] * 15
    assert _rule_run(MouthStep(Step.OPEN_MOUTH, hold_s=0.3), rest + [_cues(mouth=0.3)] * 3).state is StepState.PASSED
    assert _rule_run(MouthStep(Step.OPEN_MOUTH, hold_s=0.3), rest + [_cues(mouth=0.3)]).state is StepState.WAITING_TURN
    smiling = [_cues(mouth=0.15)] * 15        # a picture of an open mouth does not open further
    assert _rule_run(MouthStep(Step.OPEN_MOUTH, hold_s=0.3), smiling + [_cues(mouth=0.22)] * 5).state \
        is StepState.WAITING_TURN


def test_steps_come_in_a_random_order():
    import random
    turns = (Step.TURN_LEFT, Step.TURN_RIGHT)
    orders = {tuple(choose_steps(random.Random(seed), turns)) for seed in range(20)}
    assert len(orders) == 2 and all(set(o) == set(turns) for o in orders)


# ---------------------------------------------------------------- blink

def test_two_of_the_pool_in_a_random_order():
    import random
    pool = (Step.TURN_LEFT, Step.TURN_RIGHT, Step.OPEN_MOUTH)
    pairs = {tuple(choose_steps(random.Random(seed), pool, 2)) for seed in range(60)}
    assert len(pairs) == 6 and all(len(set(p)) == 2 for p in pairs)


def _blink_run(eyes: list[float], yaw: float = 0.0, fps: float = 30.0) -> BlinkStep:
    step = BlinkStep(Step.BLINK, time_limit_s=10, hold_s=0.1)
    for n, e in enumerate(eyes):
        step.feed(n / fps, Cues(BOX, yaw, yaw, e, 0.03))
    return step


def test_blink_is_judged_against_the_persons_own_open_eyes():
    open_, shut = [0.30] * 8, [0.12] * 3
    assert _blink_run(open_ + shut + open_).state is StepState.PASSED
    assert _blink_run(open_ + [0.12] + open_).state is StepState.WAITING_TURN        # one dark frame: noise
    assert _blink_run(open_ + [0.12] * 25 + open_).state is StepState.WAITING_TURN   # eyes kept shut
    narrow = [0.20] * 8                 # narrow eyes: 0.15 is not a blink for them (above 0.6 × 0.20)...
    assert _blink_run(narrow + [0.15] * 3 + narrow).state is StepState.WAITING_TURN
    assert _blink_run(narrow + [0.10] * 3 + narrow).state is StepState.PASSED      # ...0.10 is
    assert _blink_run(open_ + shut + open_, yaw=0.4).state is StepState.WAITING_FRONTAL  # look at the camera first


def test_the_mesh_finds_the_eyes_on_real_frames(engine):
    """The mesh (MediaPipe's model via OpenCV's dnn) on the live video: its eye corners where dlib's
    5 points put them, and open eyes measured steadily."""
    ears, offsets = [], []
    for n, bgr in enumerate(video_frames()):
        if not 120 <= n < 210:
            continue
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        try:
            box = engine.the_face(rgb)
        except FaceRejected:
            continue
        five = engine.landmarks(rgb, box)[:4]                     # dlib: the four eye corners
        pts = engine.mesh.points(rgb, box)
        inter = float(np.linalg.norm(five[:2].mean(axis=0) - five[2:4].mean(axis=0)))
        offsets += [float(np.min(np.linalg.norm(five - pts[c, :2], axis=1))) / inter for c in (33, 133, 362, 263)]
        ears.append(engine.mesh.eye_openness(rgb, box))
    assert len(ears) > 60
    # the two models place eye corners a little differently; a misplaced mesh would be off by an eye
    assert float(np.median(offsets)) < 0.12 and max(offsets) < 0.3, (np.median(offsets), max(offsets))
    assert 0.2 < float(np.median(ears)) < 0.45 and float(np.std(ears)) < 0.05


def _blink_over(engine, frames, time_limit_s: float = 3.0) -> BlinkStep:
    """As the verifier runs it: the face on the half-size frame, the mesh on the same."""
    step = BlinkStep(Step.BLINK, time_limit_s=time_limit_s, hold_s=0.1)
    for n, bgr in enumerate(frames):
        if step.feed(n / 30, observe(engine, bgr)) in (StepState.PASSED, StepState.FAILED):
            break
    return step


def test_a_photo_cannot_blink_and_talking_is_no_blink(engine):
    photo = cv2.imread(str(FACES / "obama.jpg"))
    photo = cv2.resize(photo, (640, 640 * photo.shape[0] // photo.shape[1]))
    moved = (cv2.warpAffine(photo, np.float32([[1, 0, 15 * np.sin(n / 10)], [0, 1, 8 * np.cos(n / 12)]]),
                            (photo.shape[1], photo.shape[0]), borderValue=(128, 128, 128)) for n in range(120))
    step = _blink_over(engine, moved)
    assert step.state is StepState.FAILED and step.reason == "timeout" and step.baseline is not None
    # the performer talks and moves but does not blink in these frames: no blink is seen
    segment = (f for n, f in enumerate(video_frames()) if 120 <= n < 210)
    assert _blink_over(engine, segment).state is not StepState.PASSED
