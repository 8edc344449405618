"""The document camera's page processing on photographed pages: a printed page lying skewed and in
perspective on a desk under uneven light comes out upright, flat, legible and small; a blurred
capture and an empty desk are refused with a reason."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.materials.scan import (
    A4_RATIO, MAX_BYTES, CaptureRejected, MaterialScans, ScanProblem, scan_page, skew_angle,
)

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


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    b = cv2.resize(b, (a.shape[1], a.shape[0]))
    return float(cv2.matchTemplate(a.astype(np.float32), b.astype(np.float32), cv2.TM_CCOEFF_NORMED)[0, 0])


@pytest.mark.parametrize("tilt", [-6.0, 0.0, 4.0])
def test_a_page_comes_out_upright_flat_and_small(tilt):
    page = printed_page()
    scanned = scan_page(photographed(page, tilt_deg=tilt))
    out = cv2.imdecode(np.frombuffer(scanned.jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert abs(out.shape[0] / out.shape[1] - A4_RATIO) < 0.01
    assert len(scanned.jpeg) <= MAX_BYTES
    assert abs(skew_angle(out)) < 0.5                         # straight text lines
    assert similarity(page, out) > 0.6, similarity(page, out)  # it is the page, the right way up
    # and the light is evened out: the paper is about as white on the lamp's side as on the other
    left, right = out[:, 40:120], out[:, -120:-40]
    assert abs(float(np.median(left)) - float(np.median(right))) < 12


def test_a_blurred_capture_is_refused():
    with pytest.raises(CaptureRejected) as exc:
        scan_page(photographed(printed_page(), blur=31))
    assert exc.value.problem is ScanProblem.BLURRED


def test_an_empty_desk_is_refused():
    desk = np.full((1944, 2592, 3), (60, 70, 80), np.uint8)
    with pytest.raises(CaptureRejected) as exc:
        scan_page(desk)
    assert exc.value.problem is ScanProblem.NO_PAGE


def test_pages_of_one_material_in_order():
    scans = MaterialScans("M-HOUSE")
    first = scan_page(photographed(printed_page(), tilt_deg=2))
    second = scan_page(photographed(printed_page(), tilt_deg=-2))
    scans.add(first)
    scans.add(second)
    scans.remove(0)
    assert scans.pages == [second] and scans.total_bytes == len(second.jpeg)
