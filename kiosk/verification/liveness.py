"""The active challenge (活体检测): the person turns the head when asked, the face followed from frame
to frame. Software liveness deters a printed photo or a still screen held up to the camera; it does not
stop a replayed video or a mask — the product says so wherever it describes this.

Head turn from dlib's 5 points: yaw ratio = (nose x − eye-centre x) / inter-ocular distance; about 0
frontal, beyond ±0.25 a real turn (../shared/reference/face-verification.md). The camera is not
mirrored: a negative ratio (nose towards image left) is the person turning to their right."""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum

import numpy as np

from .face import FaceBox

TURN_RATIO = 0.25
FRONTAL_RATIO = 0.12


class Step(str, Enum):
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"


class StepState(str, Enum):
    WAITING_FRONTAL = "waiting_frontal"     # look at the camera first
    WAITING_TURN = "waiting_turn"
    PASSED = "passed"
    FAILED = "failed"


def head_yaw(points: np.ndarray) -> float:
    eye_centre = points[:4].mean(axis=0)
    inter_ocular = float(np.linalg.norm(points[:2].mean(axis=0) - points[2:4].mean(axis=0)))
    return float((points[4][0] - eye_centre[0]) / max(inter_ocular, 1e-6))


def overlap(a: FaceBox, b: FaceBox) -> float:
    """Intersection over union of two face boxes."""
    w = max(0, min(a.right, b.right) - max(a.left, b.left))
    h = max(0, min(a.bottom, b.bottom) - max(a.top, b.top))
    inter = w * h
    union = (a.right - a.left) * (a.bottom - a.top) + (b.right - b.left) * (b.bottom - b.top) - inter
    return inter / union if union > 0 else 0.0


def choose_steps(rng: random.Random | None = None) -> list[Step]:
    """A random order, so a recording made for one kiosk session does not fit the next."""
    steps = list(Step)
    (rng or random.SystemRandom()).shuffle(steps)
    return steps


@dataclass
class TurnStep:
    """One step: frontal first, then the asked turn within `time_limit_s`, the same face throughout."""
    step: Step
    time_limit_s: float = 8.0
    state: StepState = StepState.WAITING_FRONTAL
    reason: str = ""
    _started: float | None = None
    _last_box: FaceBox | None = None
    _last_seen: float = 0.0

    def feed(self, at: float, box: FaceBox | None, yaw: float | None) -> StepState:
        if self.state in (StepState.PASSED, StepState.FAILED):
            return self.state
        if self._started is None:
            self._started = at
        if at - self._started > self.time_limit_s:
            return self._fail("timeout")
        if box is None or yaw is None:
            if self._last_box is not None and at - self._last_seen > 1.0:
                return self._fail("face_lost")
            return self.state
        if self._last_box is not None and overlap(self._last_box, box) < 0.2 and at - self._last_seen < 0.5:
            return self._fail("face_jumped")     # another face took the place of the one being followed
        self._last_box, self._last_seen = box, at
        if self.state is StepState.WAITING_FRONTAL and abs(yaw) <= FRONTAL_RATIO:
            self.state = StepState.WAITING_TURN
        elif self.state is StepState.WAITING_TURN:
            wanted = -TURN_RATIO if self.step is Step.TURN_RIGHT else TURN_RATIO
            if (yaw <= wanted) if wanted < 0 else (yaw >= wanted):
                self.state = StepState.PASSED
        return self.state

    def _fail(self, reason: str) -> StepState:
        self.state, self.reason = StepState.FAILED, reason
        return self.state
