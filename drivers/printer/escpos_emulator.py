"""An 80 mm ESC/POS receipt printer on the device end of a pty pair: it records what it receives,
answers DLE EOT with a paper state the test sets, and shows what came out (text, QR codes, cuts)."""

from __future__ import annotations

import threading

import serial

from ..serialport import PORT_ERRORS
from .escpos import PaperState, Printed, PrinterStatus, decode, status_bytes


class EscPosEmulator:
    def __init__(self, port: str, baud: int = 115200) -> None:
        self._serial = serial.Serial(port, baud, timeout=0.05)
        self.received = bytearray()             # everything but the status requests
        self.status = PrinterStatus(online=True, paper=PaperState.OK)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="escpos-emulator", daemon=True)

    def start(self) -> "EscPosEmulator":
        self._thread.start()
        return self

    def set_paper(self, paper: PaperState, online: bool | None = None) -> None:
        with self._lock:
            self.status = PrinterStatus(online=(paper is not PaperState.EMPTY) if online is None else online,
                                        paper=paper)

    def printed(self) -> Printed:
        with self._lock:
            return decode(bytes(self.received))

    def _run(self) -> None:
        pending = b""
        while not self._stop.is_set():
            try:
                chunk = self._serial.read(256)
            except PORT_ERRORS:
                return
            if not chunk:
                continue
            data = pending + chunk
            pending = b""
            while data:
                at = data.find(b"\x10\x04")
                if at < 0:
                    keep = 1 if data.endswith(b"\x10") else 0     # a request split across reads
                    self._record(data[:len(data) - keep])
                    pending = data[len(data) - keep:]
                    break
                self._record(data[:at])
                if len(data) < at + 3:
                    pending = data[at:]
                    break
                self._answer(data[at + 2])
                data = data[at + 3:]

    def _record(self, data: bytes) -> None:
        if data:
            with self._lock:
                self.received += data

    def _answer(self, n: int) -> None:
        with self._lock:
            printer, paper = status_bytes(self.status)
        self._serial.write(bytes([printer if n == 1 else paper if n == 4 else 0x12]))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._serial.close()
