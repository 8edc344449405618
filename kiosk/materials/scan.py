"""A page from the document camera (高拍仪): find the sheet's outline, flatten its perspective,
straighten what is left of a tilt, even out the lighting for legibility, refuse a blurred or missing
page with a reason the person can act on, and compress to a size the platform's upload takes.

All in memory (cv2 on numpy arrays): a page of someone's papers never touches the disk here."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import cv2
import numpy as np

A4_RATIO = 297 / 210
PAGE_WIDTH = 1240                  # A4 at 150 dpi: legible print, small upload
MIN_PAGE_AREA = 0.15               # of the frame: smaller is a card or a shadow, not a page
# Variance of the Laplacian on the flattened page: a photographed page measured 1130 sharp, 60 with a
# σ≈1.7 px blur (still legible), 18 with σ≈2.6 px (not): refused below 40.
MIN_SHARPNESS = 40.0
MAX_BYTES = 400_000


class ScanProblem(str, Enum):
    NO_PAGE = "scan_no_page"          # no sheet outline found: place the page flat inside the frame
    BLURRED = "scan_blurred"          # hold still / wait for the focus
    TOO_DARK = "scan_too_dark"


class CaptureRejected(Exception):
    def __init__(self, problem: ScanProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value} {detail}".strip())
        self.problem = problem


@dataclass(frozen=True)
class ScannedPage:
    jpeg: bytes = field(repr=False)
    width: int
    height: int
    sharpness: float
    skew_deg: float                   # the residual tilt that was corrected


def order_corners(points: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    pts = points.reshape(4, 2).astype(np.float32)
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], np.float32)


def find_page(bgr: np.ndarray) -> np.ndarray | None:
    """The four corners of the largest sheet-like quadrilateral, or None."""
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    scale = 800 / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    # Paper is brighter than the camera's base plate: Otsu's split finds the sheet even when the
    # capture is too soft for edges (so a blurred page is told "blurred", not "no page").
    sheet = cv2.threshold(cv2.GaussianBlur(small, (5, 5), 0), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
    sheet = cv2.morphologyEx(sheet, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(sheet, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    frame_area = small.shape[0] * small.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        area = cv2.contourArea(contour)
        if area < MIN_PAGE_AREA * frame_area:
            break
        if area > 0.97 * frame_area:         # the whole view: an empty plate, not a sheet on it
            continue
        approx = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            return order_corners(approx / scale)
    return None


def flatten(bgr: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The sheet seen from straight above, at PAGE_WIDTH; its aspect is measured, snapped to A4 when close."""
    tl, tr, br, bl = corners
    width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    ratio = height / max(width, 1.0)
    if abs(ratio - A4_RATIO) < 0.08:
        ratio = A4_RATIO
    out_w, out_h = PAGE_WIDTH, int(PAGE_WIDTH * ratio)
    target = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float32)
    return cv2.warpPerspective(bgr, cv2.getPerspectiveTransform(corners, target), (out_w, out_h),
                               flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def skew_angle(grey: np.ndarray) -> float:
    """The tilt of the text lines in degrees (small angles only: the outline did the rest)."""
    ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    # Smear along the lines so each text line becomes one long blob whose angle is measurable.
    lines = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (41, 3)))
    contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    angles, weights = [], []
    for c in contours:
        (_, _), (w, h), a = cv2.minAreaRect(c)
        if max(w, h) < grey.shape[1] * 0.15 or min(w, h) == 0 or max(w, h) / min(w, h) < 5:
            continue
        angle = a if w >= h else a - 90
        if abs(angle) <= 10:
            angles.append(angle)
            weights.append(max(w, h))
    return float(np.average(angles, weights=weights)) if angles else 0.0


def rotate(grey: np.ndarray, degrees: float) -> np.ndarray:
    h, w = grey.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


def enhance(grey: np.ndarray) -> np.ndarray:
    """Uneven lighting divided out (the paper becomes white), then the ink's contrast stretched."""
    background = cv2.medianBlur(cv2.dilate(grey, np.ones((7, 7), np.uint8)), 31)
    flat = cv2.divide(grey, background, scale=255)
    return cv2.normalize(flat, None, 0, 255, cv2.NORM_MINMAX)


def sharpness(grey: np.ndarray) -> float:
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


def compress(grey: np.ndarray, max_bytes: int = MAX_BYTES) -> bytes:
    for quality in range(85, 30, -10):
        ok, data = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, quality])
        if ok and len(data) <= max_bytes:
            return data.tobytes()
    ok, data = cv2.imencode(".jpg", cv2.resize(grey, None, fx=0.7, fy=0.7), [cv2.IMWRITE_JPEG_QUALITY, 40])
    return data.tobytes()


def scan_page(bgr: np.ndarray) -> ScannedPage:
    """One capture from the document camera → a legible, upright, compressed page, or CaptureRejected."""
    if float(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY).mean()) < 40:
        raise CaptureRejected(ScanProblem.TOO_DARK)
    corners = find_page(bgr)
    if corners is None:
        raise CaptureRejected(ScanProblem.NO_PAGE)
    grey = cv2.cvtColor(flatten(bgr, corners), cv2.COLOR_BGR2GRAY)
    sharp = sharpness(grey)
    if sharp < MIN_SHARPNESS:
        raise CaptureRejected(ScanProblem.BLURRED, f"sharpness {sharp:.0f}")
    skew = skew_angle(grey)
    if abs(skew) > 0.3:
        grey = rotate(grey, skew)
    page = enhance(grey)
    return ScannedPage(compress(page), page.shape[1], page.shape[0], round(sharp, 1), round(skew, 2))


@dataclass
class MaterialScans:
    """The pages of one material (e.g. both sides of a contract's pages), in order."""
    material_code: str
    pages: list[ScannedPage] = field(default_factory=list)

    def add(self, page: ScannedPage) -> None:
        self.pages.append(page)

    def remove(self, index: int) -> None:
        del self.pages[index]

    @property
    def total_bytes(self) -> int:
        return sum(len(p.jpeg) for p in self.pages)
