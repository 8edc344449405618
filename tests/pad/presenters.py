"""Who (or what) is in front of the camera in a presentation: something that gives the camera's frame
at time t, seeing the prompt on the screen as a person would.

- `LivePerson` (launcher/demo_person.py, shared with the demo): the real recording, its labelled parts
  played as a person following the prompts would (a reaction time after each prompt; a right turn
  mirrored for a left turn).
- `HeldPicture`: a printed photo (flat, bent, folded) or a phone screen showing one, held in a hand
  (never quite still) and moved the way the attack type moves it — rolled, turned or bent towards the
  asked side, or moved about without following the prompts.
- `Replay`: the recording itself, unedited, from a random moment (a video injected or on a perfect screen)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum

import cv2
import numpy as np

from kiosk.verification.pipeline import Prompt
from launcher import demo_person
from launcher.demo_person import FPS

from .scene import (
    FACE_WIDTH_CM,
    Flat,
    Pose,
    Shape,
    background,
    camera,
    render,
    screen_look,
)


class Motion(str, Enum):
    MOVED = "moved"          # slid, scaled, slanted about: not following the prompts
    ROLL = "roll"            # tilted in its own plane towards the asked side
    YAW = "yaw"              # turned about its vertical axis towards the asked side


@dataclass
class Replay:
    rec: demo_person.Recording
    start: int
    mirror: bool = False

    def frame(self, t: float, prompt: Prompt) -> np.ndarray:
        a, b = demo_person.FACE_RANGE
        n = a + (self.start + int(t * FPS)) % (b - a)
        return self.rec.frame(n, mirror=self.mirror)


def print_of(photo_bgr: np.ndarray, box: tuple[float, float, float, float]) -> Flat:
    """A photo print around the face (white paper where the photo ends), the face life-size."""
    left, top, right, bottom = box
    fw = right - left
    w, h = 2.2 * fw, 2.9 * fw
    cx, cy = (left + right) / 2, (top + bottom) / 2
    pad = int(max(w, h))
    padded = cv2.copyMakeBorder(photo_bgr, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(245, 245, 245))
    x0, y0 = int(cx - w / 2) + pad, int(cy - 0.42 * h) + pad
    crop = np.ascontiguousarray(padded[y0:y0 + int(h), x0:x0 + int(w)])
    return Flat(crop, FACE_WIDTH_CM / (fw * 1.15), (cx - (x0 - pad), cy - (y0 - pad)))


def phone_of(photo_bgr: np.ndarray, box: tuple[float, float, float, float], rng: np.random.Generator) -> Flat:
    """A phone (7 × 15 cm screen, black bezel) showing the photo zoomed to the face."""
    left, top, right, bottom = box
    fw = right - left
    w = 1.7 * fw
    h = w * 15 / 7
    cx, cy = (left + right) / 2, (top + bottom) / 2
    pad = int(h)
    padded = cv2.copyMakeBorder(photo_bgr, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(0, 0, 0))
    x0, y0 = int(cx - w / 2) + pad, int(cy - 0.45 * h) + pad
    crop = padded[y0:y0 + int(h), x0:x0 + int(w)]
    screen = cv2.resize(crop, (216, 464), interpolation=cv2.INTER_AREA)       # the panel's pixels
    shown = screen_look(screen, rng)
    bezel = cv2.copyMakeBorder(shown, 30, 30, 12, 12, cv2.BORDER_CONSTANT, value=(10, 10, 10))
    cm_per_px = 7.0 / shown.shape[1]
    face_x = (cx - (x0 - pad)) / w * shown.shape[1] + 12
    face_y = (cy - (y0 - pad)) / h * shown.shape[0] + 30
    return Flat(bezel, cm_per_px, (face_x, face_y))


@dataclass
class HeldPicture:
    flat: Flat
    motion: Motion
    amplitude: float                  # degrees (roll / yaw) the attacker swings it
    sign: float                       # which way the attacker believes "left" is
    rng: np.random.Generator
    shape: Shape = Shape.FLAT
    bend: float = 0.0
    distance_cm: float = 45.0
    _s: float = 0.0                   # the current swing
    _last_t: float = 0.0
    _phase: np.ndarray = field(default_factory=lambda: np.zeros(6))
    _bg: np.ndarray | None = None

    def __post_init__(self) -> None:
        self._phase = self.rng.uniform(0, 2 * math.pi, 6)
        self._bg = background(int(self.rng.integers(1 << 30)))

    def frame(self, t: float, prompt: Prompt) -> np.ndarray:
        target = {Prompt.TURN_LEFT: self.amplitude, Prompt.TURN_RIGHT: -self.amplitude}.get(prompt, 0.0) * self.sign
        if prompt in (Prompt.OPEN_MOUTH, Prompt.BLINK):     # a picture cannot: the attacker tilts and shakes it
            target = self.amplitude * 0.6 * math.sin(7 * t)
        step = 90.0 * max(t - self._last_t, 0.0)             # a hand swings it ~90° a second
        self._s += float(np.clip(target - self._s, -step, step))
        self._last_t = t
        p = self._phase
        jitter = Pose(roll_deg=1.5 * math.sin(1.3 * t + p[0]), x_cm=0.6 * math.sin(0.9 * t + p[1]),
                      y_cm=0.5 * math.sin(1.1 * t + p[2]), z_cm=self.distance_cm + 0.8 * math.sin(0.7 * t + p[3]))
        pose = jitter
        if self.motion is Motion.ROLL:
            pose = Pose(jitter.roll_deg + self._s, 0, 0, jitter.x_cm, jitter.y_cm, jitter.z_cm)
        elif self.motion is Motion.YAW:
            pose = Pose(jitter.roll_deg, self._s, 0, jitter.x_cm, jitter.y_cm, jitter.z_cm)
        elif self.motion is Motion.MOVED:
            pose = Pose(8 * math.sin(0.5 * t + p[4]), 25 * math.sin(0.8 * t + p[5]), 20 * math.sin(0.7 * t + p[0]),
                        5 * math.sin(0.9 * t + p[1]), 3 * math.sin(1.3 * t + p[2]),
                        self.distance_cm + 8 * math.sin(0.6 * t + p[3]))
        assert self._bg is not None
        return camera(render(self.flat, pose, self.shape, self.bend, into=self._bg), self.rng)
