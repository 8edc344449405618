"""A camera on its own thread: the newest frame (with its sequence number and time) for whoever
wants it — preview, face detection — and the camera's status. Loss is judged by freshness: no frame
for `stale_after_s`, or (for a live sensor) bit-identical frames for that long, which is what some
V4L2 drivers deliver after an unplug. A lost camera is reopened by itself."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..monitor import DeviceMonitor
from ..status import DeviceState, DeviceStatus, StatusCode
from .sources import FrameSource

log = logging.getLogger("drivers.camera")


@dataclass(frozen=True)
class Frame:
    seq: int
    at: float                         # time.monotonic() when it arrived
    image: np.ndarray                 # BGR; the reader must not modify it


@dataclass(frozen=True)
class CameraStatusEvent:
    status: DeviceStatus


class CameraMonitor(DeviceMonitor):
    def __init__(self, source: FrameSource, on_event: Callable[[object], None], *, device: str = "camera",
                 stale_after_s: float = 1.0, reopen_every_s: float = 2.0) -> None:
        self.device = device
        super().__init__(on_event, CameraStatusEvent, log)
        self.source, self.stale_after_s, self.reopen_every_s = source, stale_after_s, reopen_every_s
        self._lock = threading.Lock()
        self._latest: Frame | None = None
        self._seq = 0

    def latest(self) -> Frame | None:
        with self._lock:
            return self._latest

    def wait_frame(self, after_seq: int, timeout_s: float = 1.0) -> Frame | None:
        """The next frame newer than `after_seq` (for workers that process every frame once)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not self._stop.is_set():
            frame = self.latest()
            if frame is not None and frame.seq > after_seq:
                return frame
            time.sleep(0.003)
        return None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.source.open()
            except OSError as exc:
                self._set_status(DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING, str(exc))
                self._stop.wait(self.reopen_every_s)
                continue
            self._stream()
            self.source.close()
            if not self._stop.is_set():
                self._stop.wait(self.reopen_every_s)

    def _stream(self) -> None:
        last_new = time.monotonic()
        last_digest = b""
        while not self._stop.is_set():
            try:
                image = self.source.read()
            except Exception as exc:     # noqa: BLE001 (a driver's surprise must not kill the thread)
                log.warning("camera read failed: %s", exc)
                image = None
            now = time.monotonic()
            if image is not None:
                digest = hashlib.blake2b(image[::8, ::8].tobytes(), digest_size=8).digest() if self.source.live else b""
                if not self.source.live or digest != last_digest:
                    last_new, last_digest = now, digest
                    with self._lock:
                        self._seq += 1
                        self._latest = Frame(self._seq, now, image)
                    self._set_status(DeviceState.READY, StatusCode.OK)
            if now - last_new > self.stale_after_s:
                with self._lock:
                    self._latest = None        # never hand out a stale picture as the present
                self._set_status(DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING,
                                 "no new frame" if image is None else "frozen picture")
                return                          # reopen
