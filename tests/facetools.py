"""Shared by the face and camera tests and bench.face: the test photos and a chip-like card photo."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

FACES = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "faces"


def chip_like_photo(engine, rgb: np.ndarray) -> np.ndarray:  # noqa: ANN001 (a FaceEngine)
    """What an ID card's chip photo is like: cropped around the face, 102×126, grey, JPEG q35."""
    box = engine.the_face(rgb, upsample=1, min_width=20)
    pad = box.width // 2
    crop = rgb[max(0, box.top - int(box.width * 0.8)):box.bottom + pad, max(0, box.left - pad):box.right + pad]
    small = cv2.resize(cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY), (102, 126))
    ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 35])
    return cv2.cvtColor(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE), cv2.COLOR_GRAY2RGB)
