"""Reading the VM's screen from outside: pixels of known regions and text by OCR (Debian's tesseract with
chi_sim, installed by ./dev). OCR text is compared with its whitespace removed: tesseract puts spaces
between Chinese characters."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

HEADER_BLUE = (11, 92, 173)            # ui/qml theme.primary: the kiosk's header bar across the top
WESTON_RED = (255, 0, 0)               # weston's background before the app maps its window


def pixel(png: Path, x: int, y: int) -> tuple[int, int, int]:
    """The colour at (x, y); black outside the picture (the firmware's 640×480 before the kiosk's mode)."""
    from PySide6.QtGui import QColor, QImage
    image = QImage(str(png))
    if not image.valid(x, y):
        return 0, 0, 0
    color = QColor(image.pixel(x, y))
    return color.red(), color.green(), color.blue()


def close(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def kiosk_drawn(png: Path) -> bool:
    """The kiosk's own window fills the screen: its header bar, not weston's background."""
    return close(pixel(png, 640, 40), HEADER_BLUE)


def text(png: Path, lang: str = "chi_sim+eng") -> str:
    """The screen's text by OCR, whitespace removed: tesseract's page layout (--psm 3) and its sparse-text
    mode (--psm 11) one after the other — the first alone missed a large four-character title (暂停服务)
    depending on what else was on the screen."""
    seen = []
    for psm in ("3", "11"):
        run = subprocess.run(["tesseract", str(png), "-", "-l", lang, "--psm", psm], capture_output=True,
                             text=True, timeout=120)
        if run.returncode != 0:
            raise RuntimeError(f"tesseract: {run.stderr[-500:]}")
        seen.append(re.sub(r"\s+", "", run.stdout))
    return "".join(seen)


def shows(png: Path, *words: str) -> bool:
    """Every word is on the screen (OCR)."""
    seen = text(png)
    return all(re.sub(r"\s+", "", w) in seen for w in words)


def difference(a: Path, b: Path, region: tuple[int, int, int, int] | None = None) -> float:
    """The share of pixels that differ between two screenshots (in `region` x, y, w, h if given)."""
    from PySide6.QtGui import QImage
    ia, ib = QImage(str(a)), QImage(str(b))
    x0, y0, w, h = region or (0, 0, ia.width(), ia.height())
    step, changed, total = 4, 0, 0
    for y in range(y0, y0 + h, step):
        for x in range(x0, x0 + w, step):
            total += 1
            changed += ia.pixel(x, y) != ib.pixel(x, y)
    return changed / total
