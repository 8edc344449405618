"""The document camera's stand-in: what a 5 MP document camera sees of a printed A4 page lying on a desk
— rotated, in perspective, lit from one side, with sensor noise (and blurred, on request). Written to
a file, it is the `image:` source of the tests and the demo (`[doc_camera] source`)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

W, H = 1240, 1754


def printed_page() -> np.ndarray:
    """A white A4 page with lines of text (grey)."""
    page = np.full((H, W), 255, np.uint8)
    for n, y in enumerate(range(160, H - 160, 70)):
        text = f"No. {n:02d}  APPLICATION 2026-11-21  ZW2026112100{n:04d}  KIOSK-0007"
        cv2.putText(page, text, (110, y), cv2.FONT_HERSHEY_SIMPLEX, 1.25, 0, 3, cv2.LINE_AA)
    return page


def photographed(page: np.ndarray, *, tilt_deg: float = 4.0, blur: int = 0) -> np.ndarray:
    """What a document camera sees: the page rotated and in perspective on a dark desk (2592×1944),
    lit unevenly, with sensor noise."""
    rng = np.random.default_rng(7)
    desk = np.full((1944, 2592, 3), (60, 70, 80), np.uint8)
    c, s = np.cos(np.radians(tilt_deg)), np.sin(np.radians(tilt_deg))
    centre = np.array([1296, 972])
    half = np.array([[-W / 2, -H / 2], [W / 2, -H / 2], [W / 2, H / 2], [-W / 2, H / 2]]) * 0.95
    rot = half @ np.array([[c, s], [-s, c]])
    corners = rot + centre + np.array([[40, 0], [-40, 10], [10, 0], [-10, -10]])   # a camera not quite above
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [W, 0], [W, H], [0, H]]), np.float32(corners))
    warped = cv2.warpPerspective(cv2.cvtColor(page, cv2.COLOR_GRAY2BGR), m, (2592, 1944))
    mask = cv2.warpPerspective(np.full((H, W), 255, np.uint8), m, (2592, 1944))
    img = np.where(mask[..., None] > 0, warped, desk).astype(np.float32)
    light = np.linspace(0.65, 1.0, img.shape[1])[None, :, None]            # a lamp on one side
    img = img * light + rng.normal(0, 4, img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    return cv2.GaussianBlur(img, (blur, blur), 0) if blur else img


def write_photographed_page(path: Path, tilt_deg: float = 3.0) -> Path:
    cv2.imwrite(str(path), photographed(printed_page(), tilt_deg=tilt_deg), [cv2.IMWRITE_JPEG_QUALITY, 92])
    return path
