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
