"""Files written whole or not at all: a temporary file, fsynced, renamed over, the rename itself on the
disk (a power cut may follow). Secrets are the kiosk user's only (0600 from their first byte)."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, data: bytes, mode: int = 0o644, dir_mode: int = 0o755) -> None:
    """`path` holds `data` with `mode`, or what it held before; its directory made with `dir_mode`."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=dir_mode)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_private(path: Path, data: bytes) -> None:
    """Mode 0600, the directory made 0700 if missing."""
    write_atomic(path, data, 0o600, 0o700)
