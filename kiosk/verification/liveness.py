"""The active challenge (活体检测): the person turns the head or blinks when asked, the face followed
from frame to frame. Software liveness deters a printed photo or a still screen held up to the camera; it does not
stop a replayed video or a mask — the product says so wherever it describes this.

Head turn from dlib's 5 points: yaw ratio = (nose x − eye-centre x) / inter-ocular distance; about 0
frontal, beyond ±0.25 a real turn (../shared/reference/face-verification.md). The camera is not
mirrored: a negative ratio (nose towards image left) is the person turning to their right.

Blink from the face mesh's eye aspect ratio, judged against the person's own open-eye baseline (measured
while they look at the camera): closed below 0.6 × baseline for a few frames, then open again above
0.85 × baseline. A printed photo has no eyelids that move."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from .face import FaceBox

TURN_RATIO = 0.25
FRONTAL_RATIO = 0.12


CLOSED_BELOW = 0.6
OPEN_ABOVE = 0.85
BASELINE_FRAMES = 5
MIN_CLOSED_FRAMES = 2                # one dark frame is noise, not a blink
MAX_CLOSED_FRAMES = 15               # eyes shut for longer is not a blink (at the ~30 frames a second fed)


class Step(str, Enum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"


class StepState(str, Enum):
    WAITING_FRONTAL = "waiting_frontal"     # look at the camera first
    WAITING_TURN = "waiting_turn"           # (for a blink step: waiting for the blink)
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


def choose_steps(rng: random.Random | None = None, pool: tuple[Step, ...] = tuple(Step),
                 count: int | None = None) -> list[Step]:
    """`count` of the pool in a random order, so a recording made for one session does not fit the next."""
    return (rng or random.SystemRandom()).sample(list(pool), min(count or len(pool), len(pool)))


@dataclass
class _FollowedStep:
    """One step of the challenge: the same face throughout, within `time_limit_s`."""
    step: Step
    time_limit_s: float = 8.0
    state: StepState = StepState.WAITING_FRONTAL
    reason: str = ""
    _started: float | None = None
    _last_box: FaceBox | None = None
    _last_seen: float = 0.0

    def _follow(self, at: float, box: FaceBox | None) -> bool:
        """False when this frame decides nothing (finished, failed, or no face in it)."""
        if self.state in (StepState.PASSED, StepState.FAILED):
            return False
        if self._started is None:
            self._started = at
        if at - self._started > self.time_limit_s:
            self._fail("timeout")
            return False
        if box is None:
            if self._last_box is not None and at - self._last_seen > 1.0:
                self._fail("face_lost")
            return False
        if self._last_box is not None and overlap(self._last_box, box) < 0.2 and at - self._last_seen < 0.5:
            self._fail("face_jumped")       # another face took the place of the one being followed
            return False
        self._last_box, self._last_seen = box, at
        return True

    def _fail(self, reason: str) -> StepState:
        self.state, self.reason = StepState.FAILED, reason
        return self.state


@dataclass
class TurnStep(_FollowedStep):
    """Frontal first, then the asked turn."""

    def feed(self, at: float, box: FaceBox | None, yaw: float | None, eyes: float | None = None) -> StepState:
        if not self._follow(at, box if yaw is not None else None):
            return self.state
        assert yaw is not None
        if self.state is StepState.WAITING_FRONTAL and abs(yaw) <= FRONTAL_RATIO:
            self.state = StepState.WAITING_TURN
        elif self.state is StepState.WAITING_TURN:
            wanted = -TURN_RATIO if self.step is Step.TURN_RIGHT else TURN_RATIO
            if (yaw <= wanted) if wanted < 0 else (yaw >= wanted):
                self.state = StepState.PASSED
        return self.state


@dataclass
class BlinkStep(_FollowedStep):
    """Frontal with open eyes (the baseline), then closed for a few frames and open again."""
    baseline: float | None = None
    _open: list[float] = field(default_factory=list)
    _closed_frames: int = 0

    def feed(self, at: float, box: FaceBox | None, yaw: float | None, eyes: float | None = None) -> StepState:
        if not self._follow(at, box if yaw is not None and eyes is not None else None):
            return self.state
        assert yaw is not None and eyes is not None
        if self.state is StepState.WAITING_FRONTAL:
            if abs(yaw) <= FRONTAL_RATIO:
                self._open.append(eyes)
                if len(self._open) >= BASELINE_FRAMES:
                    self.baseline = float(np.median(self._open))
                    self.state = StepState.WAITING_TURN
            return self.state
        assert self.baseline is not None
        if eyes < CLOSED_BELOW * self.baseline:
            self._closed_frames += 1
        elif eyes > OPEN_ABOVE * self.baseline:
            # closed for a blink's time: not one dark frame (noise), not eyes kept shut
            if MIN_CLOSED_FRAMES <= self._closed_frames <= MAX_CLOSED_FRAMES:
                self.state = StepState.PASSED
            self._closed_frames = 0
        return self.state


def step_for(step: Step, time_limit_s: float) -> TurnStep | BlinkStep:
    return BlinkStep(step, time_limit_s) if step is Step.BLINK else TurnStep(step, time_limit_s)
