"""The turn challenge on the video of a live person (passes) and on a still photo moved around in front
of the camera (fails); frames paced as the camera delivers them."""


import cv2
import numpy as np
import pytest

from kiosk.verification.face import FaceEngine, FaceRejected
from kiosk.verification.liveness import Step, StepState, TurnStep, choose_steps, head_yaw

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
    orders = {tuple(choose_steps(random.Random(seed))) for seed in range(20)}
    assert len(orders) == 2 and all(set(o) == set(Step) for o in orders)
