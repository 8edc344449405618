"""One verification, frame by frame: the challenge steps, the best frontal frame, then the 1:1 decision
against the card's photo — re-checked on a frame taken during the challenge, so nobody can step in
after it. The decision record keeps no image and no descriptor; everything biometric is destroyed
as the decision is made."""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass, replace
from enum import Enum
from typing import Protocol

import cv2
import numpy as np

from .face import DEFAULT_THRESHOLD, Descriptor, FaceBox, FaceEngine, FaceProblem, FaceRejected
from .liveness import AnyStep, Cues, Step, StepState, head_yaw, step_for
from .mesh import FaceMesh

log = logging.getLogger("kiosk.verification")


DARK_MEAN = 45            # a frame this dark (mean grey level) with no face found: ask for light
CLOSER_BELOW_PX = 32      # a face narrower than this on the half-size frame (64 px in the camera's)


class Descriptors(Protocol):
    def descriptor(self, rgb: np.ndarray, box: FaceBox) -> Descriptor: ...
    def card_photo_descriptor(self, rgb: np.ndarray) -> Descriptor: ...


class Prompt(str, Enum):
    """What the screen says (and the voice speaks) now."""
    LOOK_AT_CAMERA = "face_look"
    ONE_PERSON = "face_many"
    TURN_LEFT = "face_turn_left"
    TURN_RIGHT = "face_turn_right"
    BLINK = "face_blink"
    OPEN_MOUTH = "face_open_mouth"
    TOO_DARK = "face_too_dark"          # benign reasons, said so the person can fix them
    COME_CLOSER = "face_come_closer"
    DONE = "face_done"


@dataclass(frozen=True)
class Decision:
    """What is kept: no picture, no descriptor."""
    passed: bool
    reason: str                   # "", "not_same_person", "timeout", "face_lost", "face_jumped", "no_card_face", ...
    distance: float | None
    threshold: float
    steps: tuple[str, ...]
    consent: bool
    at: dt.datetime


@dataclass
class _Kept:
    rgb: np.ndarray
    box: FaceBox
    score: float


class Verifier:
    def __init__(self, engine: FaceEngine, card_photo_rgb: np.ndarray, steps: list[Step], *, consent: bool,
                 threshold: float = DEFAULT_THRESHOLD, scale: float = 0.5, step_time_limit_s: float = 8.0,
                 descriptors: Descriptors | None = None, mesh: FaceMesh | None = None,
                 rng: random.Random | None = None) -> None:
        if not consent:
            raise ValueError("no face is captured without the person's consent")
        mesh = mesh or engine.mesh
        if mesh is None:
            raise ValueError("the challenge needs the face mesh")
        self.mesh: FaceMesh = mesh
        self.engine, self.threshold, self.scale = engine, threshold, scale
        # the decision's descriptors: the engine itself, or a DescriptorProcess (keeps the GIL free)
        self.descriptors: Descriptors = descriptors or engine
        self._card_rgb: np.ndarray | None = card_photo_rgb
        rng = rng or random.SystemRandom()                 # the prompts' timing, drawn per step
        self._steps: list[AnyStep] = [step_for(s, step_time_limit_s, rng) for s in steps]
        self._best: _Kept | None = None           # the most frontal, sharpest frame
        self._challenge: _Kept | None = None      # a frame from inside the challenge
        self.prompt = Prompt.LOOK_AT_CAMERA
        self.face: FaceBox | None = None           # where the face is in the last frame (for the preview)

    @property
    def current(self) -> AnyStep | None:
        return next((s for s in self._steps if s.state is not StepState.PASSED), None)

    def feed(self, bgr: np.ndarray, at: float) -> Prompt:
        """One camera frame (called on the detection worker, never the GUI thread)."""
        step = self.current
        if step is None or step.state is StepState.FAILED:
            return self.prompt
        small = cv2.resize(bgr, None, fx=self.scale, fy=self.scale)
        rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
        try:
            box = self.engine.the_face(rgb, upsample=1, min_width=20)
        except FaceRejected as exc:
            self.face = None
            step.feed(at, None)
            self.prompt = (Prompt.ONE_PERSON if exc.problem is FaceProblem.TWO_FACES
                           else Prompt.TOO_DARK if float(small.mean()) < DARK_MEAN else Prompt.LOOK_AT_CAMERA)
            return self.prompt
        if box.width < CLOSER_BELOW_PX:         # found, but too far for a good comparison: say so
            self.face = self._full(box)
            step.feed(at, None)
            self.prompt = Prompt.COME_CLOSER
            return self.prompt
        self.face = self._full(box)
        cues = Cues(box, head_yaw(self.engine.landmarks(rgb, box)))
        if step.wants_mesh(cues):               # ~5 ms: on the frames where the step needs it only
            m = self.mesh.measure(rgb, box)
            cues = replace(cues, yaw_mesh=m.yaw, eyes=m.eyes, mouth=m.mouth)
        resting = step.state is StepState.WAITING_FRONTAL
        state = step.feed(at, cues)
        # Frames kept for the decision at full resolution (detection ran on the small one): the
        # descriptor needs every pixel of the face it can get. The frontal one while the person holds
        # still before a prompt (as asked), not a frame passing through on the way into or out of a move.
        if resting and cues.frontal:
            sharpness = float(cv2.Laplacian(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), cv2.CV_64F).var())
            score = sharpness * (1 - abs(cues.yaw))
            if self._best is None or score > self._best.score:
                self._best = self._keep(bgr, box, score)
        if state is StepState.PASSED:           # the frame of the movement itself: the same person?
            if self._challenge is not None:
                self._challenge.rgb.fill(0)
            self._challenge = self._keep(bgr, box, 0.0)
        nxt = self.current
        if state is StepState.FAILED:
            self.prompt = Prompt.LOOK_AT_CAMERA
        elif nxt is None:
            self.prompt = Prompt.DONE
        elif nxt.state is StepState.WAITING_FRONTAL:
            self.prompt = Prompt.LOOK_AT_CAMERA
        else:
            self.prompt = {Step.TURN_LEFT: Prompt.TURN_LEFT, Step.TURN_RIGHT: Prompt.TURN_RIGHT,
                           Step.BLINK: Prompt.BLINK, Step.OPEN_MOUTH: Prompt.OPEN_MOUTH}[nxt.step]
        return self.prompt

    def _full(self, box: FaceBox) -> FaceBox:
        """A box found on the half-size frame, in the full frame's pixels."""
        k = 1 / self.scale
        return FaceBox(int(box.left * k), int(box.top * k), int(box.right * k), int(box.bottom * k))

    def _keep(self, bgr: np.ndarray, box: FaceBox, score: float) -> _Kept:
        return _Kept(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), self._full(box), score)

    @property
    def time_limit_s(self) -> float:
        """The longest an attempt may take: every step to its own limit."""
        return sum(s.time_limit_s for s in self._steps)

    def expire(self) -> None:
        """The attempt's wall-clock bound has passed: the step under way fails as out of time."""
        if self.current is not None:
            self.current.expire()
        self.prompt = Prompt.LOOK_AT_CAMERA

    @property
    def finished(self) -> bool:
        return self.current is None or self.current.state is StepState.FAILED

    def decide(self, now: dt.datetime) -> Decision:
        """The 1:1 comparison (about 0.6 s: three descriptors), then every image and descriptor is gone."""
        steps = tuple(f"{s.step.value}:{s.state.value}" for s in self._steps)
        failed = next((s for s in self._steps if s.state is StepState.FAILED), None)
        descriptors: list[Descriptor] = []
        try:
            if failed is not None:
                log.info("liveness step failed: %s", failed.diagnosis())
            if failed is not None or self.current is not None:
                return self._decision(False, failed.reason if failed else "unfinished", None, steps, now)
            if self._best is None or self._challenge is None or self._card_rgb is None:
                return self._decision(False, "no_good_frame", None, steps, now)
            try:
                card = self.descriptors.card_photo_descriptor(self._card_rgb)
            except FaceRejected as exc:
                why = "card_many_faces" if exc.problem is FaceProblem.TWO_FACES else "no_card_face"
                return self._decision(False, why, None, steps, now)
            descriptors.append(card)
            final = self.descriptors.descriptor(self._best.rgb, self._best.box)
            during = self.descriptors.descriptor(self._challenge.rgb, self._challenge.box)
            descriptors += [final, during]
            # The card (a frontal portrait) against the best frontal frame; the frame of the movement
            # against that frontal frame: the person who moved is the person who matched. (A turned face
            # against a frontal card photo measures up to ~0.1 further for the same person, measured on
            # the live recording: docs/pad.md.)
            distance = card.distance(final)
            if distance > self.threshold:
                return self._decision(False, "not_same_person", round(distance, 3), steps, now)
            if final.distance(during) > self.threshold:
                return self._decision(False, "face_jumped", round(distance, 3), steps, now)
            return self._decision(True, "", round(distance, 3), steps, now)
        finally:
            for d in descriptors:
                d.wipe()
            self._forget()

    def _decision(self, passed: bool, reason: str, distance: float | None, steps: tuple[str, ...],
                  now: dt.datetime) -> Decision:
        return Decision(passed, reason, distance, self.threshold, steps, True, now)

    def discard(self) -> None:
        """An attempt abandoned (the person left, the screen changed): everything captured is gone."""
        self._forget()

    def _forget(self) -> None:
        for kept in (self._best, self._challenge):
            if kept is not None:
                kept.rgb.fill(0)
        if self._card_rgb is not None:
            self._card_rgb.fill(0)
        self._best = self._challenge = None
        self._card_rgb = None
        self.face = None
