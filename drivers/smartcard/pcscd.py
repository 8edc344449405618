"""Start pcscd when nobody runs it (demo, tests); stop only the one we started, by PID.

pcscd 1.9 always serves /run/pcscd/pcscd.comm and vpcd's fixed TCP ports: one per machine. A pcscd
that is already running (a system service) is used as it is and left alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from ..children import die_with_parent, stop_process

PID_FILE = Path("/run/pcscd/pcscd.pid")
SOCKET = Path("/run/pcscd/pcscd.comm")


class PcscdError(RuntimeError):
    pass


def pcscd_running() -> bool:
    try:
        os.kill(int(PID_FILE.read_text().strip(" \n\x00")), 0)   # pcscd writes "PID\n\0"
        return SOCKET.exists()
    except (OSError, ValueError):
        return False


class Pcscd:
    def __init__(self, proc: subprocess.Popen | None) -> None:
        self.proc = proc            # None: a pcscd that was already running (not ours to stop)

    @property
    def ours(self) -> bool:
        return self.proc is not None

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)

    def restart(self) -> None:
        """Stop our pcscd and start a new one (as after a crash or an upgrade)."""
        if self.proc is None:
            raise PcscdError("not our pcscd")
        self.stop()
        self.proc = ensure_pcscd().proc


def ensure_pcscd(timeout_s: float = 10.0) -> Pcscd:
    if pcscd_running():
        return Pcscd(None)
    binary = shutil.which("pcscd") or ("/usr/sbin/pcscd" if os.path.exists("/usr/sbin/pcscd") else None)
    if binary is None:
        raise PcscdError("pcscd is not installed (Debian packages pcscd and vsmartcard-vpcd)")
    proc = subprocess.Popen([binary, "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=die_with_parent)
    deadline = time.monotonic() + timeout_s
    while not pcscd_running():
        if proc.poll() is not None or time.monotonic() > deadline:
            Pcscd(proc).stop()
            raise PcscdError("pcscd did not start (it needs root for /run/pcscd)")
        time.sleep(0.05)
    return Pcscd(proc)
