"""The one real recording of a live person (../shared/testdata/faces/live_person_turning.mp4, 275
frames of stage footage, MIT-licensed repository ageitgey/face_recognition) made into a camera at
640×480: each frame placed so the face stays where a kiosk's guide frame puts it (the performer walks
about the stage; a person at a kiosk stands still), and its parts labelled by what the person does there.

Measured on the frames (dlib and the mesh, at the verifier's half size): the face is found in frames
84–210, and from 209 on the performer moves so fast that the box jumps between frames (a tracker rightly
calls that another face), so only 84–208 are used; the head turns to the performer's right twice
(102→135 and 184→208, nose-tip yaw −0.26) and
never far to the left (+0.13 at most); the mouth opens while singing (inner-lip gap 0.23–0.29 of its
width at 117–121, 144, 155–159). A turn to the left is the right turn mirrored — the same real head,
its parallax intact; that is the only way this recording can answer "turn left", and it is said so in
docs/pad.md. Blinks: none."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from kiosk.verification.face import FaceEngine, FaceRejected

from ..facetools import video_frames

WIDTH, HEIGHT = 640, 480
FACE_AT = (320, 230)                       # where the face's centre is put in the 640×480 frame

# labelled segments (frame numbers of the recording)
FRONTAL = (147, 181)                       # looking at the camera, talking a little
TURN_RIGHT = ((102, 135), (184, 208))      # frontal → turned to the performer's right
MOUTH_OPEN = (150, 160)                    # frontal, opens the mouth (singing)
CARD_FRAME = 95                            # another moment: the card's portrait
FACE_RANGE = (84, 209)                     # [first, end): past 208 the performer walks off fast


@dataclass(frozen=True)
class Recording:
    frames: tuple[np.ndarray, ...]         # BGR 640×480, the face centred
    mirrored: tuple[np.ndarray, ...]       # the same, mirrored (its right turns are left turns)

    def frame(self, n: int, mirror: bool = False) -> np.ndarray:
        return (self.mirrored if mirror else self.frames)[n]


def _centres(engine: FaceEngine, raw: list[np.ndarray]) -> np.ndarray:
    """The face's centre in every frame (found at full size, filled in where not found, smoothed)."""
    found = {}
    for n, bgr in enumerate(raw):
        if not FACE_RANGE[0] - 10 <= n < FACE_RANGE[1] + 10:
            continue
        try:
            b = engine.the_face(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), upsample=1, min_width=20)
        except FaceRejected:
            continue
        found[n] = ((b.left + b.right) / 2, (b.top + b.bottom) / 2)
    keys = sorted(found)
    xs = np.interp(range(len(raw)), keys, [found[k][0] for k in keys])
    ys = np.interp(range(len(raw)), keys, [found[k][1] for k in keys])
    kernel = np.ones(5) / 5
    return np.stack([np.convolve(np.pad(xs, 2, mode="edge"), kernel, "valid"),
                     np.convolve(np.pad(ys, 2, mode="edge"), kernel, "valid")], 1)


@lru_cache(maxsize=1)
def load() -> Recording:
    engine = FaceEngine(with_mesh=False)
    raw = video_frames()
    centres = _centres(engine, raw)
    frames = []
    for bgr, (cx, cy) in zip(raw, centres):
        m = np.float32([[1, 0, FACE_AT[0] - cx], [0, 1, FACE_AT[1] - cy]])
        frames.append(cv2.warpAffine(bgr, m, (WIDTH, HEIGHT), borderMode=cv2.BORDER_CONSTANT))
    return Recording(tuple(frames), tuple(cv2.flip(f, 1) for f in frames))
