"""The chip photo: 1024 bytes of proprietary "WLT" data that only a vendor library decodes (to a
102 x 126 24-bit BMP, 38 862 bytes). No open decoder exists, so decoding sits behind an interface:

- `VendorLibraryDecoder` loads a configured vendor shared library through ctypes;
- `EmulatorPhotoDecoder` decodes the emulator's own stand-in format (a tiny greyscale WebP);
- `NoPhotoDecoder` says that none is configured, and the face check falls back to another way.

Redistributing a vendor decoder is a licensing question for each deployment: it is never shipped here.
"""

from __future__ import annotations

import ctypes
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np


WIDTH, HEIGHT = 102, 126
BMP_SIZE = 54 + HEIGHT * ((WIDTH * 3 + 3) & ~3)      # 38 862
WLT_SIZE = 1024
EMULATOR_MAGIC = b"EMUWLT1\x00"


class PhotoDecodeError(Exception):
    """The photo could not be decoded; `message` is (zh, en)."""

    def __init__(self, detail: str, message: tuple[str, str] = ("证件照片无法解码", "the card photo cannot be decoded")):
        super().__init__(detail)
        self.message = message


class PhotoDecoder(Protocol):
    available: bool

    def decode(self, wlt: bytes) -> bytes:
        """A 102 x 126 24-bit BMP; raises PhotoDecodeError."""
        ...


def check_bmp(data: bytes) -> bytes:
    if len(data) != BMP_SIZE or data[:2] != b"BM":
        raise PhotoDecodeError(f"decoder returned {len(data)} bytes, not a {BMP_SIZE}-byte BMP")
    width, height = struct.unpack_from("<ii", data, 18)
    if (width, abs(height)) != (WIDTH, HEIGHT):
        raise PhotoDecodeError(f"decoder returned a {width}x{height} image")
    return data


class NoPhotoDecoder:
    available = False

    def decode(self, wlt: bytes) -> bytes:
        raise PhotoDecodeError("no photo decoder configured",
                               ("本机未配置证件照片解码组件", "no card photo decoder is configured"))


class VendorLibraryDecoder:
    """A vendor library with the in-memory signature `int SYMBOL(const unsigned char *wlt,
    unsigned char *bmp)`: 1024 bytes in, a 38 862-byte BMP out, returning 1 on success. Libraries
    with other signatures (file based, licence blobs) get a small C shim with this signature."""

    available = True

    def __init__(self, library: Path, symbol: str = "wlt_to_bmp") -> None:
        try:
            lib = ctypes.CDLL(str(library))
            self._fn = getattr(lib, symbol)
        except (OSError, AttributeError) as exc:
            raise PhotoDecodeError(f"cannot load {symbol} from {library}: {exc}",
                                   ("证件照片解码组件加载失败", "the card photo decoder failed to load")) from None
        self._fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        self._fn.restype = ctypes.c_int

    def decode(self, wlt: bytes) -> bytes:
        if len(wlt) != WLT_SIZE:
            raise PhotoDecodeError(f"WLT must be {WLT_SIZE} bytes, got {len(wlt)}")
        out = ctypes.create_string_buffer(BMP_SIZE)
        rc = self._fn(wlt, out)
        if rc != 1:
            raise PhotoDecodeError(f"vendor decoder returned {rc}")
        return check_bmp(out.raw)


class EmulatorPhotoDecoder:
    """Decodes `encode_emulator_wlt` blobs: magic, 2-byte length, a greyscale WebP."""

    available = True

    def decode(self, wlt: bytes) -> bytes:
        import cv2                      # OpenCV only when a photo is decoded: not on the start-up path
        import numpy as np
        if len(wlt) != WLT_SIZE or not wlt.startswith(EMULATOR_MAGIC):
            raise PhotoDecodeError("not an emulator photo")
        size = int.from_bytes(wlt[8:10], "big")
        image = cv2.imdecode(np.frombuffer(wlt[10:10 + size], np.uint8), cv2.IMREAD_COLOR)
        if image is None:
            raise PhotoDecodeError("emulator photo is not an image")
        ok, bmp = cv2.imencode(".bmp", cv2.resize(image, (WIDTH, HEIGHT)))
        if not ok:
            raise PhotoDecodeError("BMP encoding failed")
        return check_bmp(bmp.tobytes())


def encode_emulator_wlt(image_bgr: "np.ndarray") -> bytes:
    """A face image as the emulator's chip photo: cropped to 102:126, greyscale, compressed until it
    fits the 1024-byte WLT field (like a real chip photo: small and lossy). WebP, not JPEG: the real
    WLT is a wavelet codec made for faces, and at 1 KB JPEG's blocks destroyed what a face check
    needs (the demo's own performer measured 0.72 from the card with JPEG, 0.64 with WebP, against
    0.72 for other people)."""
    import cv2
    h, w = image_bgr.shape[:2]
    target = WIDTH / HEIGHT
    if w / h > target:
        cw = int(h * target)
        image_bgr = image_bgr[:, (w - cw) // 2:(w - cw) // 2 + cw]
    else:
        ch = int(w / target)
        image_bgr = image_bgr[(h - ch) // 2:(h - ch) // 2 + ch]
    grey = cv2.cvtColor(cv2.resize(image_bgr, (WIDTH, HEIGHT), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
    for quality in range(90, 4, -5):
        ok, data = cv2.imencode(".webp", grey, [cv2.IMWRITE_WEBP_QUALITY, quality])
        if ok and len(data) <= WLT_SIZE - 10:
            body = EMULATOR_MAGIC + len(data).to_bytes(2, "big") + data.tobytes()
            return body + bytes(WLT_SIZE - len(body))
    raise ValueError("image does not compress into 1024 bytes")


def portrait_crop(image_bgr: "np.ndarray") -> "np.ndarray":
    """Head and shoulders around the largest face, as on an ID card (emulator use only; falls back
    to the whole image when no face is found)."""
    import cv2
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    grey = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY)
    faces = cascade.detectMultiScale(grey, 1.1, 5, minSize=(40, 40))
    if len(faces) == 0:
        return image_bgr
    x, y, w, h = max(faces, key=lambda f: f[2] * f[3])
    cw = int(w * 1.5)            # the head fills most of an ID photo's width
    ch = int(cw * HEIGHT / WIDTH)
    cx, cy = x + w // 2, y + int(h * 0.6)
    top, left = max(0, cy - ch // 2), max(0, cx - cw // 2)
    return image_bgr[top:top + ch, left:left + cw]
