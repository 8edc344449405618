"""Shared by the face and camera tests, the PAD evaluation and bench.face: the test photos and a card
photo made the way a decoded chip photo looks."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

FACES = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "faces"

CARD_SIZE = (102, 126)              # GA 467's chip photo: 102×126 pixels
CARD_FACE_WIDTH = 0.55              # the detector's face box across the portrait's width (an ID-style crop)


def chip_like_photo(engine, rgb: np.ndarray, *, grey: bool = True, quality: int = 30) -> np.ndarray:  # noqa: ANN001
    """What an ID card's chip photo is like: an ID-style crop around the face with the true 102:126
    aspect (the picture padded with white where the crop runs past its edge — never stretched), 102×126,
    greyscale or colour, JPEG quality ~30 (a decoded WLT photo is about that)."""
    box = engine.the_face(rgb, upsample=1, min_width=20)
    w = box.width / CARD_FACE_WIDTH
    h = w * CARD_SIZE[1] / CARD_SIZE[0]
    x0 = int(round((box.left + box.right) / 2 - w / 2))
    y0 = int(round((box.top + box.bottom) / 2 - 0.55 * h))
    pad = int(max(w, h))
    padded = cv2.copyMakeBorder(rgb, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    crop = padded[y0 + pad:y0 + pad + int(h), x0 + pad:x0 + pad + int(w)]
    small = cv2.resize(crop, CARD_SIZE, interpolation=cv2.INTER_AREA)
    if grey:
        small = cv2.cvtColor(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
    ok, jpeg = cv2.imencode(".jpg", cv2.cvtColor(small, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.cvtColor(cv2.imdecode(jpeg, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


def video_frames(name: str = "live_person_turning.mp4") -> list[np.ndarray]:
    from launcher.demo_person import video_frames as read
    return read(FACES / name)
