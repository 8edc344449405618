"""Start pcscd when nobody runs it (demo, tests); stop only the one we started, by PID.

pcscd 1.9 always serves /run/pcscd/pcscd.comm and vpcd's fixed TCP ports: one per machine. A pcscd
that is already running (a system service) is used as it is and left alone.
"""

from __future__ import annotations

import os
import shutil
import socket
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


def _vpcd_port_in_use(port: int = 35963) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _readers() -> list[str]:
    from smartcard import scard
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return []
    try:
        hresult, readers = scard.SCardListReaders(context, [])
        return list(readers) if hresult == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(context)


def ensure_pcscd(timeout_s: float = 10.0, reader: str = "Virtual PCD 00 00") -> Pcscd:
    """A pcscd that serves `reader`. Ready means the reader is listed, not just that the socket
    exists: a pcscd whose vpcd could not bind its TCP port starts fine but has no reader."""
    if pcscd_running():
        return Pcscd(None)
    if _vpcd_port_in_use():
        raise PcscdError("TCP 35963 (vpcd) is held by a process that is not a running pcscd "
                         "(a stray pcscd whose /run/pcscd files were removed?): stop it first")
    binary = shutil.which("pcscd") or ("/usr/sbin/pcscd" if os.path.exists("/usr/sbin/pcscd") else None)
    if binary is None:
        raise PcscdError("pcscd is not installed (Debian packages pcscd and vsmartcard-vpcd)")
    proc = subprocess.Popen([binary, "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=die_with_parent)
    deadline = time.monotonic() + timeout_s
    while not (pcscd_running() and reader in _readers()):
        if proc.poll() is not None or time.monotonic() > deadline:
            Pcscd(proc).stop()
            raise PcscdError(f"pcscd did not start with the reader {reader!r} "
                             "(it needs root for /run/pcscd, and TCP 35963 free for vpcd)")
        time.sleep(0.05)
    return Pcscd(proc)
