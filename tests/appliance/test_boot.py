"""The appliance, booted: the image ./dev image builds, powered on in QEMU, must draw the kiosk on its own
screen (weston kiosk-shell, the app through XWayland) — looked at from outside through QMP. Before this,
a box provisioned as the docs said showed a getty login: eglfs could not load from the PySide6 wheel."""

from __future__ import annotations

import time

import pytest

from .vm import Vm, image_dir

HEADER_BLUE = (11, 92, 173)            # ui/qml theme.primary: the header bar across the top
WESTON_RED = (255, 0, 0)               # weston's background before the app maps its window


def _pixel(png, x: int, y: int) -> tuple[int, int, int]:
    from PySide6.QtGui import QColor, QImage
    image = QImage(str(png))
    color = QColor(image.pixel(x, y))
    return color.red(), color.green(), color.blue()


def _close(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


@pytest.fixture(scope="module")
def booted(tmp_path_factory):
    image = image_dir()
    vm = Vm(image, tmp_path_factory.mktemp("vm"))
    yield vm
    vm.stop()


def test_power_on_draws_the_kiosk_on_its_screen(booted, artifacts):
    """Power on → the kiosk's own window fills the screen within 6 minutes under TCG on a busy host (~2 min
    quiet): the header bar where it belongs, not weston's red background, not a login prompt. An unprovisioned
    box says why it does not serve yet (no reader configured, not enrolled) instead of a blank screen."""
    deadline = time.monotonic() + 360
    shot = booted.workdir / "screen.png"
    while time.monotonic() < deadline:
        booted.screen(shot)
        if _close(_pixel(shot, 640, 40), HEADER_BLUE) and _close(_pixel(shot, 1200, 420), (236, 241, 248), 40):
            break
        time.sleep(5)
    first_frame_s = time.monotonic() - booted.started
    (artifacts / "vm").mkdir(parents=True, exist_ok=True)
    saved = artifacts / "vm" / "01-first-boot.png"
    saved.write_bytes(shot.read_bytes())
    top = _pixel(shot, 640, 40)
    assert not _close(top, WESTON_RED), "weston is up but the kiosk never mapped its window"
    assert _close(top, HEADER_BLUE), f"no kiosk on the screen after {first_frame_s:.0f} s: {saved}"
