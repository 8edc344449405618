"""The person in front of the demo's camera: the one real recording of a live person
(../shared/testdata/faces/live_person_turning.mp4, 275 frames of stage footage, from the MIT-licensed
repository ageitgey/face_recognition) made into a camera at 640×480 that answers the kiosk's prompts.
Used by the demo (so it runs the shipped challenge), and by the window tests, bench.ui/soak and the PAD
evaluation (tests/pad/) as the genuine person.

Each frame is placed so the face stays where a kiosk's guide frame puts it (the performer walks about the
stage; a person at a kiosk stands still), and the recording's parts are labelled by what the person does
there. Measured on the frames (dlib and the mesh, at the verifier's half size): the face is found in frames
84–210, and from 209 on the performer moves so fast that the box jumps between frames (a tracker rightly
calls that another face), so only 84–208 are used; the head turns to the performer's right twice
(102→135 and 184→208, nose-tip yaw −0.26) and never far to the left (+0.13 at most); the mouth opens
while singing (inner-lip gap 0.26–0.37 of its width at 156–158, 0.23–0.29 at 117–121 and 144). A turn to the left is the
right turn mirrored — the same real head, its parallax intact; that is the only way this recording can
answer "turn left", and docs/pad.md says so. Blinks: none."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import cv2
import numpy as np

from kiosk.verification.face import FaceEngine, FaceRejected
from kiosk.verification.pipeline import Prompt

FACE_VIDEO = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "faces" / "live_person_turning.mp4"
FPS = 30.0

WIDTH, HEIGHT = 640, 480
FACE_AT = (320, 230)                       # where the face's centre is put in the 640×480 frame

# labelled segments (frame numbers of the recording)
FRONTAL = (162, 181)                       # looking at the camera, mouth still (147–161 it talks)
TURN_RIGHT = ((102, 135), (184, 208))      # frontal → turned to the performer's right
MOUTH_OPEN = (150, 158)                    # frontal, opens the mouth (singing): 0.26–0.37 at 156–158
CARD_FRAME = 170                           # the card's portrait: a moment of the frontal rest (docs/pad.md)
FACE_RANGE = (84, 209)                     # [first, end): past 208 the performer walks off fast


@dataclass(frozen=True)
class Recording:
    frames: tuple[np.ndarray, ...]         # BGR 640×480, the face centred
    mirrored: tuple[np.ndarray, ...]       # the same, mirrored (its right turns are left turns)

    def frame(self, n: int, mirror: bool = False) -> np.ndarray:
        return (self.mirrored if mirror else self.frames)[n]


def _centres(engine: FaceEngine, raw: list[np.ndarray]) -> np.ndarray:
    """The face's centre in every frame: found on every other frame at half size (as the verifier looks),
    filled in between and where not found, smoothed. About 3 s."""
    found = {}
    for n in range(FACE_RANGE[0] - 10, min(FACE_RANGE[1] + 10, len(raw)), 2):
        small = cv2.resize(raw[n], None, fx=0.5, fy=0.5)
        try:
            b = engine.the_face(cv2.cvtColor(small, cv2.COLOR_BGR2RGB), upsample=1, min_width=20)
        except FaceRejected:
            continue
        found[n] = (b.left + b.right, b.top + b.bottom)          # ×2 (half size), ÷2 (the centre)
    keys = sorted(found)
    xs = np.interp(range(len(raw)), keys, [found[k][0] for k in keys])
    ys = np.interp(range(len(raw)), keys, [found[k][1] for k in keys])
    kernel = np.ones(5) / 5
    return np.stack([np.convolve(np.pad(xs, 2, mode="edge"), kernel, "valid"),
                     np.convolve(np.pad(ys, 2, mode="edge"), kernel, "valid")], 1)


def video_frames(path: Path = FACE_VIDEO) -> list[np.ndarray]:
    """Every frame of a video file, in memory (BGR)."""
    cap, out = cv2.VideoCapture(str(path)), []
    while True:
        ok, frame = cap.read()
        if not ok:
            cap.release()
            return out
        out.append(frame)


@lru_cache(maxsize=1)
def load() -> Recording:
    """The recording prepared (a few seconds: the face found in every frame); made once per process."""
    engine = FaceEngine(with_mesh=False)
    raw = video_frames()
    centres = _centres(engine, raw)
    frames = []
    for bgr, (cx, cy) in zip(raw, centres):
        m = np.float32([[1, 0, FACE_AT[0] - cx], [0, 1, FACE_AT[1] - cy]])
        frames.append(cv2.warpAffine(bgr, m, (WIDTH, HEIGHT), borderMode=cv2.BORDER_CONSTANT))
    return Recording(tuple(frames), tuple(cv2.flip(f, 1) for f in frames))


@dataclass
class LivePerson:
    rec: Recording
    rng: np.random.Generator
    _mode: Prompt = Prompt.LOOK_AT_CAMERA
    _pending: Prompt = Prompt.LOOK_AT_CAMERA
    _switch_at: float = 0.0
    _since: float = 0.0

    def frame(self, t: float, prompt: Prompt) -> np.ndarray:
        if prompt is not self._pending:                 # a new prompt: react after a human delay
            self._pending, self._switch_at = prompt, t + float(self.rng.uniform(0.3, 0.8))
        if self._pending is not self._mode and t >= self._switch_at:
            self._mode, self._since = self._pending, t
        k = int((t - self._since) * FPS)
        if self._mode in (Prompt.TURN_RIGHT, Prompt.TURN_LEFT, Prompt.OPEN_MOUTH):
            # the movement as recorded, then held (its last frames back and forth) while asked
            a, b = MOUTH_OPEN if self._mode is Prompt.OPEN_MOUTH else TURN_RIGHT[int(self._since * 7) % 2]
            n = a + k if a + k <= b else b - _pingpong(k - (b - a), 2)
            return self.rec.frame(n, mirror=self._mode is Prompt.TURN_LEFT)
        return self.rec.frame(FRONTAL[0] + _pingpong(k, FRONTAL[1] - FRONTAL[0]))


def _pingpong(k: int, span: int) -> int:
    if span <= 0:
        return 0
    k %= 2 * span
    return k if k <= span else 2 * span - k


_PROMPTS = {p.value for p in Prompt}


@dataclass
class PromptedCamera:
    """A camera stand-in (drivers.camera.sources.FrameSource) in front of which the live recording
    answers whatever the screen asks now: `prompt()` gives the kiosk's current prompt key ("" or an
    unknown key: looking at the camera). So the demo, the window tests and bench.ui/soak run the shipped
    challenge, not one fitted to a fixed video."""
    prompt: Callable[[], str] = lambda: ""      # set once the screen that shows the prompts exists
    seed: int = 0
    live = False                         # a stand-in: repeated frames are not a frozen camera
    _person: LivePerson | None = None
    _t0: float = 0.0

    def open(self) -> None:
        self._person = LivePerson(load(), np.random.default_rng(self.seed))
        self._t0 = time.monotonic()

    def read(self) -> np.ndarray | None:
        if self._person is None:
            return None
        time.sleep(1 / FPS)
        key = self.prompt()
        prompt = Prompt(key) if key in _PROMPTS else Prompt.LOOK_AT_CAMERA
        return self._person.frame(time.monotonic() - self._t0, prompt).copy()

    def close(self) -> None:
        self._person = None
