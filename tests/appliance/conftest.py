"""One box for the VM tests of this package: a TCG guest takes both cores and minutes to boot and
provision, so test_box.py and test_update.py share it (in that order). It powers on with a technician's
stick in it (the update bundles, built from the same image before it boots)."""

from __future__ import annotations

import pytest

from . import prepare
from .box import Box
from .bundles import Bundles


@pytest.fixture(scope="package")
def bundles() -> Bundles:
    """Made beside the host tests (prepare.py), kept beside the image."""
    return prepare.bundles()


@pytest.fixture(scope="package")
def box(tmp_path_factory, bundles):
    b = Box(tmp_path_factory.mktemp("box"), stick=bundles.stick)
    yield b
    b.close()


@pytest.fixture(autouse=True)
def _box_still_running(request):
    """QEMU dying under a test (7.2 once segfaulted in a USB hot-unplug) fails that test; every later one
    says so in one line instead of failing on ssh refused, a missing heartbeat or a blank screen."""
    if "box" in request.fixturenames:
        if gone := request.getfixturevalue("box").qemu_gone():
            pytest.fail(f"during an earlier test: {gone}", pytrace=False)
    yield
