"""Face descriptors in a child process. dlib's ResNet holds Python's GIL for the whole ~80 ms of a
descriptor (detection releases it; measured: a 2 ms timer on another thread late by 136 ms), so in the
kiosk's own process every decision froze the screen for a quarter of a second. The child loads its own
models once; a face crop goes down the pipe, 128 numbers come back. Memory only, both ends; the child
ends when the kiosk does (EOF on its pipe)."""

from __future__ import annotations

import multiprocessing as mp
import threading
from multiprocessing.connection import Connection

import numpy as np

from .face import Descriptor, FaceBox, FaceEngine, FaceModelsMissing, FaceProblem, FaceRejected


def _crop(rgb: np.ndarray, box: FaceBox) -> tuple[np.ndarray, FaceBox]:
    """The face with a margin (the 5 points and the aligned chip stay inside it), and its box in the crop."""
    m = box.width
    top, left = max(0, box.top - m), max(0, box.left - m)
    crop = np.ascontiguousarray(rgb[top:box.bottom + m, left:box.right + m])
    return crop, FaceBox(box.left - left, box.top - top, box.right - left, box.bottom - top)


def _serve(conn: Connection) -> None:
    try:
        engine = FaceEngine()
    except FaceModelsMissing as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            kind, rgb, box = conn.recv()
        except (EOFError, OSError):
            return
        try:
            d = engine.card_photo_descriptor(rgb) if kind == "card" else engine.descriptor(rgb, box)
            conn.send(("ok", d.vector))
            d.wipe()
        except FaceRejected as exc:
            conn.send(("rejected", exc.problem.value))
        finally:
            rgb.fill(0)


class DescriptorProcess:
    """The same `descriptor` / `card_photo_descriptor` as FaceEngine, computed in the child."""

    def __init__(self) -> None:
        ctx = mp.get_context("spawn")           # never fork a process that runs Qt and threads
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child,), name="face-descriptors", daemon=True)
        self._proc.start()
        child.close()
        self._lock = threading.Lock()
        if not self._conn.poll(60):
            self.close()
            raise FaceModelsMissing("the face descriptor process did not start")
        status, detail = self._conn.recv()
        if status != "ready":
            self.close()
            raise FaceModelsMissing(detail)

    def _ask(self, kind: str, rgb: np.ndarray, box: FaceBox | None) -> Descriptor:
        with self._lock:
            self._conn.send((kind, rgb, box))
            status, value = self._conn.recv()
        if status == "rejected":
            raise FaceRejected(FaceProblem(value))
        return Descriptor(value)

    def descriptor(self, rgb: np.ndarray, box: FaceBox) -> Descriptor:
        crop, inside = _crop(rgb, box)
        try:
            return self._ask("face", crop, inside)
        finally:
            crop.fill(0)

    def card_photo_descriptor(self, rgb: np.ndarray) -> Descriptor:
        return self._ask("card", rgb, None)

    def close(self) -> None:
        self._conn.close()
        self._proc.join(timeout=5)
        if self._proc.is_alive():
            self._proc.kill()
