"""The operators' pages in a real browser: Debian's Chromium, headless, driven by Playwright (never
Playwright's own browser download: `./dev` installs the `chromium` package). Screenshots go to
artifacts/browser/."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from ..conftest import ARTIFACTS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed: run ./dev setup")
    with sync_playwright() as p:
        # --no-sandbox: the test machine runs as root, where Chromium's sandbox cannot start
        launched = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    path = ARTIFACTS / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path
