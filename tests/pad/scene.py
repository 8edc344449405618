"""A camera looking at an object held in front of it: a printed photo (flat, bent about a vertical or a
horizontal axis, folded along the nose) or a phone screen, posed in 3-D and rendered through a pinhole
camera. Curved surfaces are drawn as thin planar strips (each one homography), back to front.

Units: centimetres in the world, pixels in the image. The camera looks along +z; x right, y down."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import cv2
import numpy as np

WIDTH, HEIGHT = 640, 480
FOCAL = 560.0                    # a 640×480 webcam with a ~60° horizontal field of view
DISTANCE_CM = 45.0               # an arm's length from a kiosk's camera
FACE_WIDTH_CM = 15.0             # a life-size face on the print (what makes the 1:1 comparison pass)


class Shape(str, Enum):
    FLAT = "flat"
    BENT_VERTICAL = "bent_vertical"        # curved about a vertical axis (a print held bowed)
    BENT_HORIZONTAL = "bent_horizontal"    # curved about a horizontal axis
    FOLDED = "folded"                      # a V-fold along the vertical line through the nose


@dataclass(frozen=True)
class Pose:
    roll_deg: float = 0.0          # in the image plane
    yaw_deg: float = 0.0           # about the vertical axis
    pitch_deg: float = 0.0         # about the horizontal axis
    x_cm: float = 0.0
    y_cm: float = 0.0
    z_cm: float = DISTANCE_CM


def rotation(p: Pose) -> np.ndarray:
    r, y, t = np.radians([p.roll_deg, p.yaw_deg, p.pitch_deg])
    rz = np.array([[np.cos(r), -np.sin(r), 0], [np.sin(r), np.cos(r), 0], [0, 0, 1]])
    ry = np.array([[np.cos(y), 0, np.sin(y)], [0, 1, 0], [-np.sin(y), 0, np.cos(y)]])
    rx = np.array([[1, 0, 0], [0, np.cos(t), -np.sin(t)], [0, np.sin(t), np.cos(t)]])
    return rz @ ry @ rx


def background(seed: int) -> np.ndarray:
    """A room behind the attacker: smooth light, a little texture, no face."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    base = rng.uniform(90, 170, 3).astype(np.float32)
    grad = (xx / WIDTH - 0.5) * rng.uniform(-60, 60) + (yy / HEIGHT - 0.5) * rng.uniform(-40, 40)
    img = base[None, None, :] + grad[..., None]
    noise = cv2.GaussianBlur(rng.normal(0, 25, (HEIGHT, WIDTH)).astype(np.float32), (0, 0), 9)
    return np.clip(img + noise[..., None], 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class Flat:
    """The picture as it lies on the object: an image (BGR) and its size in cm, with the point that
    sits on the object's axis (the face's centre) at `centre_px`."""
    image: np.ndarray
    cm_per_px: float
    centre_px: tuple[float, float]


def _surface(shape: Shape, bend: float, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Points of the object in its own frame (cm) for flat coordinates u (right), v (down). `bend` is the
    radius in cm for a bent print, the fold's angle from flat in degrees for a folded one."""
    if shape is Shape.FLAT or bend <= 0:
        return np.stack([u, v, np.zeros_like(u)], -1)
    if shape is Shape.BENT_VERTICAL:             # convex towards the camera: the middle comes forward
        a = u / bend
        return np.stack([bend * np.sin(a), v, bend * (1 - np.cos(a))], -1)
    if shape is Shape.BENT_HORIZONTAL:
        a = v / bend
        return np.stack([u, bend * np.sin(a), bend * (1 - np.cos(a))], -1)
    k = np.sin(np.radians(bend))
    return np.stack([u * np.cos(np.radians(bend)), v, np.abs(u) * k], -1)


def render(flat: Flat, pose: Pose, shape: Shape = Shape.FLAT, bend: float = 0.0, *, into: np.ndarray,
           strips: int = 24) -> np.ndarray:
    """Draw the object into the frame `into` (a copy is returned)."""
    out = into.copy()
    h, w = flat.image.shape[:2]
    rot, t = rotation(pose), np.array([pose.x_cm, pose.y_cm, pose.z_cm])
    cx, cy = flat.centre_px
    along_u = shape in (Shape.FLAT, Shape.BENT_VERTICAL, Shape.FOLDED)
    n = 1 if shape is Shape.FLAT else strips
    edges = np.linspace(0, w if along_u else h, n + 1)
    pieces = []
    for a, b in zip(edges[:-1], edges[1:]):
        src = (np.float32([[a, 0], [b, 0], [b, h], [a, h]]) if along_u
               else np.float32([[0, a], [w, a], [w, b], [0, b]]))
        u, v = (src[:, 0] - cx) * flat.cm_per_px, (src[:, 1] - cy) * flat.cm_per_px
        world = _surface(shape, bend, u, v) @ rot.T + t
        if (world[:, 2] < 5).any():
            continue
        dst = np.float32(np.stack([FOCAL * world[:, 0] / world[:, 2] + WIDTH / 2,
                                   FOCAL * world[:, 1] / world[:, 2] + HEIGHT / 2], -1))
        pieces.append((float(world[:, 2].mean()), src, dst))
    for _, src, dst in sorted(pieces, key=lambda p: -p[0]):       # far first
        # each piece is warped into its own bounding box only (a strip is a thin sliver of the frame)
        x0, y0 = np.floor(dst.min(0)).astype(int) - 1
        x1, y1 = np.ceil(dst.max(0)).astype(int) + 2
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, WIDTH), min(y1, HEIGHT)
        if x1 <= x0 or y1 <= y0:
            continue
        m = cv2.getPerspectiveTransform(src, dst - np.float32([x0, y0]))
        pad = 1.5 if n > 1 else 0                                   # strips overlap a little: no seams
        sx0, sy0 = max(0.0, src[:, 0].min() - pad), max(0.0, src[:, 1].min() - pad)
        sx1, sy1 = min(float(w), src[:, 0].max() + pad), min(float(h), src[:, 1].max() + pad)
        part = np.ascontiguousarray(flat.image[int(sy0):int(np.ceil(sy1)), int(sx0):int(np.ceil(sx1))])
        shift = np.float64([[1, 0, int(sx0)], [0, 1, int(sy0)], [0, 0, 1]])
        mm = m @ shift
        size = (x1 - x0, y1 - y0)
        warped = cv2.warpPerspective(part, mm, size, flags=cv2.INTER_LINEAR)
        wmask = cv2.warpPerspective(np.full(part.shape[:2], 255, np.uint8), mm, size, flags=cv2.INTER_NEAREST)
        region = out[y0:y1, x0:x1]
        region[wmask > 0] = warped[wmask > 0]
    return out


_NOISE: list[np.ndarray] = []


def camera(frame: np.ndarray, rng: np.random.Generator, *, blur: float = 0.7) -> np.ndarray:
    """What a webcam adds: a little optical blur and sensor noise (σ≈3 grey levels; drawn from a bank
    of noise frames made once, for speed)."""
    if not _NOISE:
        bank = np.random.default_rng(0)
        _NOISE.extend(np.clip(bank.normal(0, 3, (HEIGHT, WIDTH, 3)), -8, 8).astype(np.int16) for _ in range(8))
    f = cv2.GaussianBlur(frame, (0, 0), blur).astype(np.int16)
    f += _NOISE[int(rng.integers(len(_NOISE)))]
    return np.clip(f, 0, 255).astype(np.uint8)


def screen_look(image: np.ndarray, rng: np.random.Generator, *, pitch_px: int = 3) -> np.ndarray:
    """A picture as a phone's screen shows it to a camera: the panel's gamma and limited contrast, its
    sub-pixel grid (R, G, B stripes at the pixel pitch, which beat with the camera's pixels as moiré)
    and a glare highlight. Returned at `pitch_px` × the size (one screen pixel = pitch_px samples)."""
    img = image.astype(np.float32) / 255.0
    img = 0.06 + 0.88 * np.power(img, 1.0 / rng.uniform(1.1, 1.4))         # gamma, black level, peak
    big = cv2.resize(img, None, fx=pitch_px, fy=pitch_px, interpolation=cv2.INTER_NEAREST)
    stripes = np.zeros((pitch_px, pitch_px, 3), np.float32) + 0.35
    for c in range(3):                                                       # BGR: B, G, R columns
        stripes[:, (2 - c) % pitch_px, c] = 1.0
    stripes[-1, :, :] *= 0.6                                                 # the row gap
    grid = np.tile(stripes, (big.shape[0] // pitch_px, big.shape[1] // pitch_px, 1))
    big = big * grid * 1.6
    hh, ww = big.shape[:2]
    yy, xx = np.mgrid[0:hh, 0:ww].astype(np.float32)
    gx, gy = rng.uniform(0.2, 0.8) * ww, rng.uniform(0.1, 0.5) * hh
    glare = np.exp(-(((xx - gx) / (0.35 * ww)) ** 2 + ((yy - gy) / (0.2 * hh)) ** 2)) * rng.uniform(0.15, 0.4)
    big = big + glare[..., None]
    return np.clip(big * 255, 0, 255).astype(np.uint8)
