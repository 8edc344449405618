"""The kiosk user as the provisioned root knows it (its own /etc/passwd: tests use a temporary root)."""

from __future__ import annotations

import os
from pathlib import Path

USER = "kiosk"


def kiosk_ids(root: Path) -> tuple[int, int] | None:
    try:
        for line in (root / "etc/passwd").read_text().splitlines():
            fields = line.split(":")
            if len(fields) >= 4 and fields[0] == USER:
                return int(fields[2]), int(fields[3])
    except OSError:
        pass
    return None


def readable_by_kiosk(root: Path, path: Path) -> bool:
    """root:kiosk, so the kiosk reads a file root writes (its configuration)."""
    ids = kiosk_ids(root)
    if ids is None or os.geteuid() != 0:
        return False
    os.chown(path, 0, ids[1], follow_symlinks=False)
    return True


def chown_to_kiosk(root: Path, path: Path) -> bool:
    """Give a file to the kiosk user (True), or leave it to root when that user does not exist yet
    (`install` creates it; `enrol` before `install` is allowed and fixed by the tmpfiles rules)."""
    ids = kiosk_ids(root)
    if ids is None or os.geteuid() != 0:
        return False
    os.chown(path, *ids, follow_symlinks=False)
    return True
