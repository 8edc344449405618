"""Where frames come from. A V4L2 device (by its stable /dev/v4l/by-id path or an index) on the kiosk;
in tests and the demo, stand-ins that deliver frames the way a camera does: a video file paced at its
own frame rate and looped, an image sequence, a still image (each frame a fresh copy with sensor-like
noise off, so "nothing changes" is detectable only where it should be)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np


class FrameSource(Protocol):
    name: str
    live: bool                         # a sensor: bit-identical frames mean it froze

    def open(self) -> None: ...        # raises OSError when the device is not there
    def read(self) -> np.ndarray | None: ...   # blocks about one frame period; None: nothing came
    def close(self) -> None: ...


@dataclass
class V4l2Source:
    device: str | int                  # "/dev/v4l/by-id/usb-…-video-index0" or 0
    width: int = 640
    height: int = 480
    fps: int = 30
    live: bool = True

    def __post_init__(self) -> None:
        self.name = str(self.device)
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> None:
        if isinstance(self.device, str) and not Path(self.device).exists():
            raise OSError(f"no camera at {self.device}")
        cap = cv2.VideoCapture(self.device, cv2.CAP_V4L2)
        if not cap.isOpened():
            cap.release()
            raise OSError(f"cannot open camera {self.device}")
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        cap.set(cv2.CAP_PROP_FPS, self.fps)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)          # the newest frame, not a queue of old ones
        self._cap = cap

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            return None
        ok, frame = self._cap.read()
        return frame if ok else None

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class VideoFileSource:
    """A recorded camera: frames at the file's own rate (OpenCV reads files far faster), looped.
    `fault` plays what real cameras do when unplugged: "silent" (no frames) or "frozen" (the last
    frame again and again, as some V4L2 drivers deliver)."""

    def __init__(self, path: Path, loop: bool = True, live: bool = True,
                 segment: tuple[int, int] | None = None) -> None:
        self.path, self.loop, self.live, self.name = Path(path), loop, live, f"file:{Path(path).name}"
        self.segment = segment          # frames [start, end) played and looped, e.g. one head turn
        self._cap: cv2.VideoCapture | None = None
        self._period = 1 / 25
        self._next = 0.0
        self._last: np.ndarray | None = None
        self.fault = "none"

    def open(self) -> None:
        if not self.path.exists():
            raise OSError(f"no video at {self.path}")
        cap = cv2.VideoCapture(str(self.path))
        if not cap.isOpened():
            raise OSError(f"cannot read video {self.path}")
        fps = cap.get(cv2.CAP_PROP_FPS) or 25
        self._cap, self._period, self._next = cap, 1 / fps, time.monotonic()
        self._rewind()

    def _rewind(self) -> None:
        assert self._cap is not None
        self._cap.set(cv2.CAP_PROP_POS_FRAMES, self.segment[0] if self.segment else 0)

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            return None
        time.sleep(max(0.0, self._next - time.monotonic()))
        self._next = max(self._next + self._period, time.monotonic() - self._period)
        if self.fault == "silent":
            return None
        if self.fault == "frozen" and self._last is not None:
            return self._last.copy()
        if self.segment and self.loop and self._cap.get(cv2.CAP_PROP_POS_FRAMES) >= self.segment[1]:
            self._rewind()
        ok, frame = self._cap.read()
        if not ok and self.loop:
            self._rewind()
            ok, frame = self._cap.read()
        self._last = frame if ok else None
        return frame if ok else None

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


def source_from_spec(spec: str, width: int = 640, height: int = 480, fps: int = 30) -> FrameSource:
    """A camera named in the configuration: a V4L2 path or index, or a stand-in —
    "video:/path.mp4" (optionally "#start-end", a looped segment of frames) or "image:/path.jpg"."""
    if spec.startswith("video:"):
        path, _, seg = spec[6:].partition("#")
        segment = None
        if seg:
            start, _, end = seg.partition("-")
            if not (start.isdigit() and end.isdigit() and int(start) < int(end)):
                raise ValueError(f"bad video segment {seg!r} (expected start-end frame numbers)")
            segment = (int(start), int(end))
        return VideoFileSource(Path(path), segment=segment)
    if spec.startswith("image:"):
        return StillImageSource(Path(spec[6:]), fps=fps)
    return V4l2Source(int(spec) if spec.isdigit() else spec, width, height, fps)


class StillImageSource:
    """A still photo as a 'camera' (a photo held up to the lens is exactly this): not live, so its
    unchanging frames are not mistaken for a frozen sensor."""

    live = False

    def __init__(self, path: Path, fps: float = 25) -> None:
        self.path, self.name, self._period = Path(path), f"still:{Path(path).name}", 1 / fps
        self._image: np.ndarray | None = None

    def open(self) -> None:
        image = cv2.imread(str(self.path))
        if image is None:
            raise OSError(f"cannot read image {self.path}")
        self._image = image

    def read(self) -> np.ndarray | None:
        time.sleep(self._period)
        return None if self._image is None else self._image.copy()

    def close(self) -> None:
        self._image = None
