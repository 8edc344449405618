"""The document camera's page processing on photographed pages: a printed page lying skewed and in
perspective on a desk under uneven light comes out upright, flat, legible and small; a blurred
capture and an empty desk are refused with a reason."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from drivers.camera.page_emulator import photographed, printed_page
from kiosk.materials.scan import (
    A4_RATIO, MAX_BYTES, CaptureRejected, MaterialScans, ScanProblem, scan_page, skew_angle,
)

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
