"""A linked pair of pseudo-terminals made by `socat`: the device end for an emulator, the host end
for the production driver, exactly like two ends of a serial cable. Stopped by PID."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .children import die_with_parent, stop_process


class PtyPairError(RuntimeError):
    pass


class PtyPair:
    def __init__(self, directory: Path | None = None) -> None:
        if shutil.which("socat") is None:
            raise PtyPairError("socat is not installed (Debian package 'socat')")
        self._tmp = None if directory else tempfile.TemporaryDirectory(prefix="kiosk-pty-")
        base = Path(directory) if directory else Path(self._tmp.name)  # type: ignore[union-attr]
        base.mkdir(parents=True, exist_ok=True)
        self.device_path = base / "device"
        self.host_path = base / "host"
        self._proc = subprocess.Popen(
            ["socat", f"pty,raw,echo=0,link={self.device_path}", f"pty,raw,echo=0,link={self.host_path}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=die_with_parent)
        deadline = time.monotonic() + 5
        while not (self.device_path.exists() and self.host_path.exists()):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise PtyPairError("socat did not create the pty pair")
            time.sleep(0.01)

    @property
    def pid(self) -> int:
        return self._proc.pid

    def close(self) -> None:
        stop_process(self._proc)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> "PtyPair":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
