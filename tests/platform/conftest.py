"""The platform's tests run twice: on the embedded SQLite file (one worker) and on PostgreSQL with two
workers (the production shape: requests of one kiosk land on either)."""

from __future__ import annotations

from typing import Iterator

import pytest

from platform_server.runner import PlatformProcess
from platform_server.seed_catalog import CATALOG_VERSION, SEED_ITEMS
from platform_server.store import PlatformStore

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


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request: pytest.FixtureRequest, tmp_path) -> str:
    """A new database: a SQLite file, or a new database on the session's PostgreSQL server."""
    if request.param == "postgresql":
        return request.getfixturevalue("postgres").database()
    return str(tmp_path / "platform.db")


@pytest.fixture
def store(where: str) -> Iterator[PlatformStore]:
    """The platform's store without HTTP, on each engine."""
    s = PlatformStore(where)
    s.set_catalog(CATALOG_VERSION, SEED_ITEMS)
    yield s
    s.close()
