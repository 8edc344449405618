"""What a serial device that vanished raises: pyserial's own errors, OS errors, and termios.error
(EIO from tcflush on a pty or USB-serial device whose other end is gone), which is not an OSError."""

from __future__ import annotations

import termios

import serial

PORT_ERRORS = (serial.SerialException, OSError, termios.error)
