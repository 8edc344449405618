"""The active challenge (活体检测): the person turns the head or opens the mouth (or blinks) when asked,
at a moment the kiosk chooses, the face followed from frame to frame. docs/pad.md has the design and the
numbers; in short:

- **Head turn, measured in the head's own frame.** Two estimates must agree: the base of the nose
  (dlib's 5 points) projected on the line between the eyes, and the nose tip in the affine frame of the
  eyes and the mouth (MediaPipe's mesh), each divided by the eye distance. Both are unchanged when a picture
  is rotated in the image (a tilted print), and the second is unchanged by any affine map of a flat
  picture (a print moved, scaled, turned or held at a slant) — only a nose that stands out of the face
  plane moves in it. The old measure (the nose's *horizontal* offset) read a 20° tilt as a turn.
- **Open mouth**: the inner lips' gap over the mouth's width, against the person's own closed mouth.
- **Blink** (opt-in): the eye aspect ratio against the person's own open eyes.
- **Timing an attacker cannot pre-record**: the steps are drawn at random, and each prompt appears
  only after the person has held still, facing the camera, for a random time; the movement must come
  within a response window after the prompt. A movement made before the prompt starts the hold again.

Software liveness stops prints and still screens; it does not claim to stop a replayed video of the card
holder that happens to match the prompts, or a 3-D mask — docs/pad.md says what the replay rate is.
The camera is not mirrored: a negative yaw (nose towards image left) is the person turning to their right."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from .face import FaceBox

FRONTAL_RATIO = 0.12                 # both yaw estimates within this: facing the camera
TURN_RATIO = 0.22                    # the nose base along the eye line (dlib 5 points)
TURN_RATIO_MESH = 0.20               # the nose tip in the eyes–mouth affine frame (mesh)

MOUTH_OPEN = 0.20                    # inner-lip gap / mouth width: open
MOUTH_OPEN_GAIN = 0.12               # ... and this much more than the person's own closed mouth
MOUTH_OPEN_FRAMES = 2

CLOSED_BELOW = 0.6
OPEN_ABOVE = 0.85
BASELINE_FRAMES = 5
MIN_CLOSED_FRAMES = 2                # one dark frame is noise, not a blink
MAX_CLOSED_FRAMES = 15               # eyes shut for longer is not a blink (at the ~30 frames a second fed)

HOLD_S = (0.4, 1.2)                  # facing the camera this long (drawn per step) before the prompt
RESPONSE_WINDOW_S = 4.0              # the movement must come this soon after its prompt


class Step(str, Enum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"
    OPEN_MOUTH = "open_mouth"


class StepState(str, Enum):
    WAITING_FRONTAL = "waiting_frontal"     # look at the camera first (and hold it)
    WAITING_TURN = "waiting_turn"           # the prompt is shown: waiting for the movement
    PASSED = "passed"
    FAILED = "failed"


def head_yaw(points: np.ndarray) -> float:
    """The base of the nose along the line between the eyes, from the eyes' midpoint, in eye distances
    (dlib's 5 points: outer and inner corner of each eye, the base of the nose). Roll-invariant."""
    e1, e2 = points[:2].mean(axis=0), points[2:4].mean(axis=0)
    inter_ocular = float(np.linalg.norm(e1 - e2))
    if inter_ocular < 1e-6:
        return 0.0
    along = (e1 - e2) / inter_ocular
    return float(np.dot(points[4] - points[:4].mean(axis=0), along) / inter_ocular)


@dataclass(frozen=True)
class Cues:
    """What one frame says about the face: measured once per frame, judged by the current step."""
    box: FaceBox
    yaw: float                              # head_yaw (5 points)
    yaw_mesh: float | None = None           # nose tip in the eyes–mouth frame (mesh), when measured
    eyes: float | None = None               # eye aspect ratio, when measured
    mouth: float | None = None              # mouth opening, when measured

    @property
    def frontal(self) -> bool:
        return abs(self.yaw) <= FRONTAL_RATIO and (self.yaw_mesh is None or abs(self.yaw_mesh) <= FRONTAL_RATIO)


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
    """One step of the challenge: the same face throughout, within `time_limit_s`; the prompt after a
    random hold facing the camera; the movement within the response window after it."""
    step: Step
    time_limit_s: float = 8.0
    hold_s: float = HOLD_S[0]
    response_s: float = RESPONSE_WINDOW_S
    state: StepState = StepState.WAITING_FRONTAL
    reason: str = ""
    _started: float | None = None
    _held_since: float | None = None
    _prompted: float | None = None
    _last_box: FaceBox | None = None
    _last_seen: float = 0.0
    failed_while: StepState | None = None

    def feed(self, at: float, cues: Cues | None) -> StepState:
        if not self._follow(at, cues):
            return self.state
        assert cues is not None
        if self.state is StepState.WAITING_FRONTAL:
            if self._at_rest(cues):
                self._held_since = at if self._held_since is None else self._held_since
                self._rest(cues)
                if at - self._held_since >= self.hold_s and self._ready():
                    self.state, self._prompted = StepState.WAITING_TURN, at
            else:
                self._held_since = None           # moved before the prompt: hold again
        elif self.state is StepState.WAITING_TURN:
            if self._prompted is not None and at - self._prompted > self.response_s:
                self._fail("timeout")
            elif self._moved(cues):
                self.state = StepState.PASSED
        return self.state

    def _at_rest(self, cues: Cues) -> bool:
        return cues.frontal

    def _rest(self, cues: Cues) -> None:
        """A frame at rest before the prompt (a baseline may be learnt from it)."""

    def _ready(self) -> bool:
        return True

    def _moved(self, cues: Cues) -> bool:
        raise NotImplementedError

    def _follow(self, at: float, cues: Cues | None) -> bool:
        """False when this frame decides nothing (finished, failed, or no face in it)."""
        if self.state in (StepState.PASSED, StepState.FAILED):
            return False
        if self._started is None:
            self._started = at
        if at < self._last_seen:
            self._fail("frames_out_of_order")
            return False
        if at - self._started > self.time_limit_s:
            self._fail("timeout")
            return False
        if self._last_box is not None and at - self._last_seen > 1.0:
            self._fail("face_lost")         # gone for a second, or a gap in the frames (a frozen camera)
            return False
        if cues is None:
            return False
        if self._last_box is not None and overlap(self._last_box, cues.box) < 0.2 and at - self._last_seen < 0.5:
            self._fail("face_jumped")       # another face took the place of the one being followed
            return False
        self._last_box, self._last_seen = cues.box, at
        return True

    def _fail(self, reason: str) -> StepState:
        # where it failed (held still too little, or no movement after the prompt): for the log only
        self.failed_while = self.state
        self.state, self.reason = StepState.FAILED, reason
        return self.state

    def diagnosis(self) -> str:
        """How a failed step went, with no image or measurement of the face: for the kiosk's log."""
        waited = (self._last_seen - self._started) if self._started is not None else 0.0
        since_prompt = (self._last_seen - self._prompted) if self._prompted is not None else None
        return (f"{self.step.value} {self.reason} while {getattr(self.failed_while, 'value', '-')}, face followed "
                f"{waited:.1f} s" + (f", {since_prompt:.1f} s after the prompt" if since_prompt is not None else ""))

    def expire(self) -> None:
        """Out of time by the wall clock (the frames' clock decides only when a frame is fed)."""
        if self.state not in (StepState.PASSED, StepState.FAILED):
            self._fail("timeout")


@dataclass
class TurnStep(_FollowedStep):
    """Frontal and still, then the asked turn: both yaw estimates past their thresholds, same side."""

    def wants_mesh(self, cues: Cues) -> bool:
        # the mesh confirms what the 5 points suggest — facing the camera while the hold runs, turned
        # once the prompt is shown: ~5 ms, only on those frames
        if self.state is StepState.WAITING_FRONTAL:
            return abs(cues.yaw) <= FRONTAL_RATIO
        return abs(cues.yaw) >= TURN_RATIO

    def _at_rest(self, cues: Cues) -> bool:
        return cues.frontal and cues.yaw_mesh is not None

    def _moved(self, cues: Cues) -> bool:
        sign = -1.0 if self.step is Step.TURN_RIGHT else 1.0
        return (cues.yaw_mesh is not None and sign * cues.yaw >= TURN_RATIO
                and sign * cues.yaw_mesh >= TURN_RATIO_MESH)


@dataclass
class _BaselineStep(_FollowedStep):
    """A step judged by the mesh against the person's own value at rest (learnt before the prompt)."""
    baseline: float | None = None

    def wants_mesh(self, cues: Cues) -> bool:
        return True

    def _ready(self) -> bool:
        return self.baseline is not None


@dataclass
class MouthStep(_BaselineStep):
    """Frontal with the mouth as it is (the baseline), then open wide for a couple of frames."""
    _rest_values: list[float] = field(default_factory=list)
    _open_frames: int = 0

    def _at_rest(self, cues: Cues) -> bool:
        return cues.frontal and cues.mouth is not None and (
            self.baseline is None or cues.mouth < self.baseline + MOUTH_OPEN_GAIN)

    def _rest(self, cues: Cues) -> None:
        assert cues.mouth is not None
        self._rest_values.append(cues.mouth)
        if len(self._rest_values) >= BASELINE_FRAMES:
            self.baseline = float(np.median(self._rest_values[-BASELINE_FRAMES:]))

    def _moved(self, cues: Cues) -> bool:
        assert self.baseline is not None
        if cues.mouth is not None and cues.mouth >= max(MOUTH_OPEN, self.baseline + MOUTH_OPEN_GAIN):
            self._open_frames += 1
        else:
            self._open_frames = 0
        return self._open_frames >= MOUTH_OPEN_FRAMES


@dataclass
class BlinkStep(_BaselineStep):
    """Frontal with open eyes (the baseline), then closed for a few frames and open again."""
    _open: list[float] = field(default_factory=list)
    _closed_frames: int = 0

    def _at_rest(self, cues: Cues) -> bool:
        return cues.frontal and cues.eyes is not None

    def _rest(self, cues: Cues) -> None:
        assert cues.eyes is not None
        if self.baseline is None:
            self._open.append(cues.eyes)
            if len(self._open) >= BASELINE_FRAMES:
                self.baseline = float(np.median(self._open))

    def _moved(self, cues: Cues) -> bool:
        assert self.baseline is not None
        if cues.eyes is None:
            return False
        if cues.eyes < CLOSED_BELOW * self.baseline:
            self._closed_frames += 1
        elif cues.eyes > OPEN_ABOVE * self.baseline:
            # closed for a blink's time: not one dark frame (noise), not eyes kept shut
            blinked = MIN_CLOSED_FRAMES <= self._closed_frames <= MAX_CLOSED_FRAMES
            self._closed_frames = 0
            return blinked
        return False


AnyStep = TurnStep | MouthStep | BlinkStep


def step_for(step: Step, time_limit_s: float, rng: random.Random | None = None) -> AnyStep:
    hold = (rng or random.SystemRandom()).uniform(*HOLD_S)
    cls = {Step.BLINK: BlinkStep, Step.OPEN_MOUTH: MouthStep}.get(step, TurnStep)
    return cls(step, time_limit_s, hold_s=hold)
