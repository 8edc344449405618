"""Child processes that must not outlive the kiosk (socat pty pairs, a pcscd we started): the
kernel sends them SIGTERM when the process that started them dies, even by SIGKILL."""

from __future__ import annotations

import ctypes
import signal
import subprocess

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """preexec_fn for subprocess.Popen (Linux). Note: it fires when the forking *thread* exits."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def stop_process(proc: subprocess.Popen, timeout_s: float = 5.0) -> None:
    """Terminate a child we started (by its PID), then kill it if it does not go."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
