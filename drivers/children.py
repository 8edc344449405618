"""Child processes that must not outlive the kiosk (socat pty pairs, a pcscd we started): the
kernel sends them SIGTERM when the process that started them dies, even by SIGKILL."""

from __future__ import annotations

import ctypes
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """preexec_fn for subprocess.Popen (Linux). Note: it fires when the forking *thread* exits."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
