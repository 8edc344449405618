"""What a serial device that vanished raises: pyserial's own errors, OS errors, and termios.error
(EIO from tcflush on a pty or USB-serial device whose other end is gone), which is not an OSError."""

from __future__ import annotations

import termios
from typing import Protocol

import serial

PORT_ERRORS = (serial.SerialException, OSError, termios.error)


class Closable(Protocol):
    def close(self) -> None: ...


def close_quietly(port: Closable | None) -> None:
    """Close a port whose device may already be gone (closing it then raises; there is nothing left to do)."""
    if port is not None:
        try:
            port.close()
        except PORT_ERRORS:
            pass
