"""Faces with the models that ship inside PyPI packages (../shared/reference/face-verification.md):
dlib's HOG detector (compiled into dlib-bin), its 5-point landmarks and its ResNet descriptor (from
face-recognition-models). Nothing is downloaded; missing models are a start-up error.

Only the 5-point model is used: the 68-point one was trained on data whose licence excludes
commercial use."""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import numpy as np

DEFAULT_THRESHOLD = 0.55          # stricter than dlib's documented 0.6 (a government 1:1 check)


class FaceModelsMissing(RuntimeError):
    """The kiosk cannot verify faces at all: said at start-up, never in the middle of a session."""


class FaceProblem(str, Enum):
    NO_FACE = "face_none"
    TWO_FACES = "face_many"
    TOO_SMALL = "face_small"


@dataclass(frozen=True)
class FaceBox:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left


@dataclass(frozen=True, eq=False)
class Descriptor:
    """128 numbers that describe a face. Held in memory only; `wipe()` overwrites them."""
    vector: np.ndarray = field(repr=False)

    def distance(self, other: "Descriptor") -> float:
        return float(np.linalg.norm(self.vector - other.vector))

    def wipe(self) -> None:
        self.vector.fill(0.0)


class FaceRejected(Exception):
    def __init__(self, problem: FaceProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _models_dir() -> Path:
    spec = importlib.util.find_spec("face_recognition_models")    # not imported: it needs pkg_resources
    if spec is None or spec.origin is None:
        raise FaceModelsMissing("face-recognition-models is not installed (./dev setup installs it)")
    return Path(spec.origin).parent / "models"


class FaceEngine:
    """Loaded once (about a second); its methods may run on any worker thread, one call at a time
    per engine (dlib's objects are not shared across threads concurrently)."""

    def __init__(self, with_mesh: bool = True) -> None:
        try:
            import dlib
        except ImportError as exc:
            raise FaceModelsMissing(f"dlib is not installed (./dev setup installs dlib-bin): {exc}") from None
        models = _models_dir()
        needed = {"landmarks": models / "shape_predictor_5_face_landmarks.dat",
                  "resnet": models / "dlib_face_recognition_resnet_model_v1.dat"}
        missing = [str(p) for p in needed.values() if not p.exists()]
        if missing:
            raise FaceModelsMissing(f"face model files missing: {', '.join(missing)}")
        self._dlib = dlib
        self._detector = dlib.get_frontal_face_detector()
        self._landmarks = dlib.shape_predictor(str(needed["landmarks"]))
        self._resnet = dlib.face_recognition_model_v1(str(needed["resnet"]))
        self._lock = threading.Lock()
        from .mesh import FaceMesh                  # here: mesh.py builds on this module's types
        # the challenge's second head-pose estimate, the mouth and the eyes: required (docs/pad.md)
        self.mesh = FaceMesh.load() if with_mesh else None

    def detect(self, rgb: np.ndarray, upsample: int = 0) -> list[FaceBox]:
        with self._lock:
            rects = self._detector(rgb, upsample)
        return [FaceBox(r.left(), r.top(), r.right(), r.bottom()) for r in rects]

    def the_face(self, rgb: np.ndarray, *, upsample: int = 0, min_width: int = 40) -> FaceBox:
        """Exactly one face, big enough — or FaceRejected with the reason to tell the person."""
        faces = self.detect(rgb, upsample)
        if not faces:
            raise FaceRejected(FaceProblem.NO_FACE)
        if len(faces) > 1:
            raise FaceRejected(FaceProblem.TWO_FACES)
        if faces[0].width < min_width:
            raise FaceRejected(FaceProblem.TOO_SMALL)
        return faces[0]

    def descriptor(self, rgb: np.ndarray, box: FaceBox) -> Descriptor:
        """About 200 ms: once per decision, never per frame."""
        rect = self._dlib.rectangle(box.left, box.top, box.right, box.bottom)
        with self._lock:
            shape = self._landmarks(rgb, rect)
            vector = np.array(self._resnet.compute_face_descriptor(rgb, shape), dtype=np.float64)
        return Descriptor(vector)

    def landmarks(self, rgb: np.ndarray, box: FaceBox) -> np.ndarray:
        """The 5 points (outer and inner corner of each eye, the base of the nose) as a 5×2 array."""
        rect = self._dlib.rectangle(box.left, box.top, box.right, box.bottom)
        with self._lock:
            shape = self._landmarks(rgb, rect)
        return np.array([(shape.part(i).x, shape.part(i).y) for i in range(5)], dtype=float)

    def card_photo_descriptor(self, rgb: np.ndarray) -> Descriptor:
        """The chip photo is small (102×126): it is searched with upsampling."""
        return self.descriptor(rgb, self.the_face(rgb, upsample=2, min_width=20))


@dataclass(frozen=True)
class Match:
    distance: float
    threshold: float

    @property
    def same_person(self) -> bool:
        return self.distance <= self.threshold
