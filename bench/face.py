"""Real-person verification's costs on this machine (issue 6):

    python -m bench.face

- frame_ms_p50/p95: `Verifier.feed` (detect on the half-size frame, 5 points, yaw, the mesh where the
  step needs it, frame keeping) per 640×480 frame, the live recording answering the shipped challenge;
- fps: frames the verifier actually processed per second while the camera monitor delivered the video
  at its own rate (30 fps) and a preview converted every new frame to a QImage on the main thread —
  against `source_fps`, what the camera offered in the same run;
- decision_s: `Verifier.decide` (three descriptors and the comparison) after the challenge;
- same_max/diff_min: largest same-person and smallest different-person distance on the test photos.
Last line: one JSON object. Goals: fps >= 25, decision <= 1 s, a clean gap.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import threading
import time

import cv2

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")   # the preview's QImage needs an application, not a screen

import numpy as np  # noqa: E402

from drivers.camera.monitor import CameraMonitor
from drivers.camera.sources import VideoFileSource
from kiosk.verification.check import FaceCheck  # noqa: E402
from kiosk.verification.face import FaceEngine
from kiosk.verification.pipeline import Verifier
from launcher import demo_person  # noqa: E402
from launcher.demo_person import LivePerson  # noqa: E402
from tests.facetools import FACES  # noqa: E402
from tests.pad import harness  # noqa: E402

VIDEO = FACES / "live_person_turning.mp4"


def _photo_distances(engine: FaceEngine) -> tuple[float, float]:
    def d(name: str):  # noqa: ANN202
        rgb = cv2.cvtColor(cv2.imread(str(FACES / name)), cv2.COLOR_BGR2RGB)
        return engine.descriptor(rgb, engine.the_face(rgb, upsample=1))
    o1, o2, b1, b2 = (d(n) for n in ("obama.jpg", "obama2.jpg", "biden.jpg", "biden2.jpg"))
    same = max(o1.distance(o2), b1.distance(b2))
    diff = min(x.distance(y) for x in (o1, o2) for y in (b1, b2))
    return same, diff


def _sustained_fps(engine: FaceEngine, card, seconds: float = 6.0) -> tuple[float, float]:  # noqa: ANN001
    from PySide6.QtGui import QGuiApplication, QImage
    _app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (QImage needs the application)
    camera = CameraMonitor(VideoFileSource(VIDEO), lambda e: None)
    def fresh() -> Verifier:        # the shipped challenge, re-armed when one ends: every frame does a whole frame's work
        check = FaceCheck(harness.production_policy(), [], face_possible=True, card_photo=True)
        check.agree(dt.datetime.now(dt.timezone.utc))
        return check.verifier(engine, card.copy(), engine)
    verifier = fresh()
    processed = [0]
    stop = threading.Event()

    def detect() -> None:                        # the detection worker: every new frame, once
        seq = 0
        while not stop.is_set():
            frame = camera.wait_frame(seq, timeout_s=0.5)
            if frame is None:
                continue
            seq = frame.seq
            nonlocal verifier
            if verifier.finished:
                verifier.discard()
                verifier = fresh()
            verifier.feed(frame.image, frame.at)
            processed[0] += 1
    camera.start()
    worker = threading.Thread(target=detect, daemon=True)
    camera.wait_frame(0, timeout_s=5)
    first_seq = camera.latest().seq
    worker.start()
    start, shown, seq = time.perf_counter(), 0, 0
    while time.perf_counter() - start < seconds:  # the preview: each new frame to a QImage
        frame = camera.wait_frame(seq, timeout_s=0.5)
        if frame is None:
            continue
        seq = frame.seq
        rgb = cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB)
        QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888).copy()
        shown += 1
    elapsed = time.perf_counter() - start
    stop.set()
    worker.join()
    offered = camera.latest().seq - first_seq
    camera.stop()
    verifier.decide(dt.datetime.now(dt.timezone.utc))
    return processed[0] / elapsed, offered / elapsed


def main() -> None:
    t0 = time.perf_counter()
    engine = FaceEngine()
    load_s = time.perf_counter() - t0
    # the shipped policy (threshold, pool, steps, timing) answered by the live recording (tests/pad)
    card = harness.performer_card(engine)
    check = FaceCheck(harness.production_policy(), [], face_possible=True, card_photo=True)
    check.agree(dt.datetime.now(dt.timezone.utc))
    verifier = check.verifier(engine, card.copy(), engine)
    person = LivePerson(demo_person.load(), np.random.default_rng(5))
    costs, n = [], 0
    while not verifier.finished and n < 30 * 20:
        frame = person.frame(n / 30, verifier.prompt)
        t = time.perf_counter()
        verifier.feed(frame, n / 30)
        costs.append((time.perf_counter() - t) * 1000)
        n += 1
    t = time.perf_counter()
    decision = verifier.decide(dt.datetime.now(dt.timezone.utc))
    decision_s = time.perf_counter() - t
    fps, source_fps = _sustained_fps(engine, card.copy())
    same, diff = _photo_distances(engine)
    print(json.dumps({
        "frame_ms_p50": round(statistics.median(costs), 1),
        "frame_ms_p95": round(sorted(costs)[int(0.95 * (len(costs) - 1))], 1),
        "fps": round(fps, 1), "source_fps": round(source_fps, 1),
        "decision_s": round(decision_s, 3), "decision_passed": decision.passed, "decision_reason": decision.reason,
        "same_max": round(same, 3), "diff_min": round(diff, 3), "models_load_s": round(load_s, 2),
        "frames": len(costs)}))


if __name__ == "__main__":
    main()
