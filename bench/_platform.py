"""What several benchmarks need first: the reference platform as a real process and a kiosk
enrolled with it (its token in `<root>/device-key.pem`)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kiosk.config import PlatformSection
from kiosk.platform_client import PlatformClient
from platform_server.runner import PlatformProcess


@contextmanager
def enrolled_platform(root: Path) -> Iterator[tuple[PlatformProcess, PlatformClient]]:
    platform = PlatformProcess(root)
    client = PlatformClient(PlatformSection(url=platform.url, key_file=str(root / "device-key.pem")))
    try:
        client.enrol(platform.pairing_code(), "bench")
        yield platform, client
    finally:
        client.close()
        platform.stop()
