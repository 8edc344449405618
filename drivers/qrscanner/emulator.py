"""A QR scanner on the device end of a pty pair: `scan(text)` sends the code and a terminator,
paced at the scanner's baud rate."""

from __future__ import annotations

import time

import serial


class QrScannerEmulator:
    def __init__(self, port: str, baud: int = 9600, terminator: bytes = b"\r") -> None:
        self.baud, self.terminator = baud, terminator
        self._serial = serial.Serial(port, baud, timeout=0.1)

    def scan(self, text: str | bytes) -> None:
        data = (text.encode("utf-8") if isinstance(text, str) else text) + self.terminator
        per_byte = 10.0 / self.baud
        start = time.monotonic()
        for i in range(0, len(data), 16):
            chunk = data[i:i + 16]
            self._serial.write(chunk)
            pause = start + (i + len(chunk)) * per_byte - time.monotonic()
            if pause > 0:
                time.sleep(pause)

    def close(self) -> None:
        self._serial.close()
