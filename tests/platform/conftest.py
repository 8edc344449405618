"""The platform's tests run twice: on the embedded SQLite file (one worker) and on PostgreSQL with two
workers (the production shape: requests of one kiosk land on either)."""

from __future__ import annotations

from typing import Iterator

import pytest

from platform_server.runner import PlatformProcess

from .. import peers


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def platform(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlatformProcess]:
    if request.param == "postgresql":
        server: peers.Postgres = request.getfixturevalue("postgres")
        proc = PlatformProcess(tmp_path_factory.mktemp("platform"), db=server.database(), workers=2)
    else:
        proc = PlatformProcess(tmp_path_factory.mktemp("platform"))
    yield proc
    proc.stop()
