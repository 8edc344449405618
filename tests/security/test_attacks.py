"""Each attack of tests/security/attacks.py, against a running platform (and the kiosk's own parts):
none may succeed. `python -m bench.attack` runs the same catalogue and counts."""

from __future__ import annotations

import pytest

from .attacks import ATTACKS, Rig, start


@pytest.fixture(scope="module")
def rig(tmp_path_factory):
    rig = start(tmp_path_factory.mktemp("attack"))
    yield rig
    rig.stop()


@pytest.mark.parametrize("name", list(ATTACKS))
def test_the_attack_fails(rig: Rig, name: str) -> None:
    assert not ATTACKS[name](rig), rig.notes
