"""Start pcscd when nobody runs it (demo, tests); stop only the one we started, by PID.

pcscd 1.9 always serves /run/pcscd/pcscd.comm: one per machine. A pcscd that is already running
(a system service) is used as it is and left alone, with Debian's vpcd port 35963.

The pcscd we start reads a private reader configuration that puts vpcd on port 29963 instead:
35963 lies inside Linux's ephemeral port range (32768-60999), so any loopback connection may have
used it as its local port and left it in TIME_WAIT, and vpcd (no SO_REUSEADDR) then cannot bind
it — pcscd starts, but without its reader. 29963 is outside that range.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
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


DEBIAN_VPCD_PORT = 35963
PRIVATE_VPCD_PORT = 29963
VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"


class Pcscd:
    def __init__(self, proc: subprocess.Popen | None, vpcd_port: int = DEBIAN_VPCD_PORT,
                 config_dir: tempfile.TemporaryDirectory | None = None) -> None:
        self.proc = proc            # None: a pcscd that was already running (not ours to stop)
        self.vpcd_port = vpcd_port  # where card emulators connect ("Virtual PCD 00 00"; +1 for "00 01")
        self._config_dir = config_dir

    @property
    def ours(self) -> bool:
        return self.proc is not None

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
        if self._config_dir is not None:
            self._config_dir.cleanup()
            self._config_dir = None

    def restart(self) -> None:
        """Stop our pcscd and start a new one (as after a crash or an upgrade)."""
        if self.proc is None:
            raise PcscdError("not our pcscd")
        self.stop()
        fresh = ensure_pcscd()
        self.proc, self.vpcd_port, self._config_dir = fresh.proc, fresh.vpcd_port, fresh._config_dir


def _vpcd_port_in_use(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _readers() -> list[str]:
    from .reader import list_readers           # pyscard only when asked: the tests' pcscd helper runs without it
    return list_readers()


def ensure_pcscd(timeout_s: float = 10.0, reader: str = "Virtual PCD 00 00") -> Pcscd:
    """A pcscd that serves `reader`. Ready means the reader is listed, not just that the socket
    exists: a pcscd whose vpcd could not bind its TCP port starts fine but has no reader."""
    if pcscd_running():
        return Pcscd(None)
    if _vpcd_port_in_use(PRIVATE_VPCD_PORT):
        raise PcscdError(f"TCP {PRIVATE_VPCD_PORT} (vpcd) is held by a process that is not a running pcscd "
                         "(a stray pcscd whose /run/pcscd files were removed?): stop it first")
    binary = shutil.which("pcscd") or ("/usr/sbin/pcscd" if os.path.exists("/usr/sbin/pcscd") else None)
    if binary is None:
        raise PcscdError("pcscd is not installed (Debian packages pcscd and vsmartcard-vpcd)")
    config = tempfile.TemporaryDirectory(prefix="kiosk-pcscd-")
    channel = f"0x{PRIVATE_VPCD_PORT:04X}"
    (Path(config.name) / "vpcd").write_text(
        f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:{channel}\nLIBPATH      {VPCD_DRIVER}\n'
        f"CHANNELID    {channel}\n")
    proc = subprocess.Popen([binary, "-f", "-c", config.name], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, preexec_fn=die_with_parent)
    deadline = time.monotonic() + timeout_s
    while not (pcscd_running() and reader in _readers()):
        if proc.poll() is not None or time.monotonic() > deadline:
            Pcscd(proc, config_dir=config).stop()
            raise PcscdError(f"pcscd did not start with the reader {reader!r} (it needs root for "
                             f"/run/pcscd, and TCP {PRIVATE_VPCD_PORT} free for vpcd)")
        time.sleep(0.05)
    return Pcscd(proc, PRIVATE_VPCD_PORT, config)
