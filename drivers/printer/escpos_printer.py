"""The 80 mm thermal receipt printer on a serial line (USB-CDC or RS-232) or as a USB printer-class
device (usblp, /dev/usb/lp0): its paper state read with DLE EOT before every receipt (CUPS cannot see
a USB thermal printer's paper), then the bytes."""

from __future__ import annotations

import logging
import threading

import serial

from ..serialport import PORT_ERRORS, close_quietly
from ..status import DeviceState, DeviceStatus, StatusCode
from .errors import PrintError
from .usblp import RawPort, is_usblp
from .escpos import STATUS_PAPER, STATUS_PRINTER, FrameError, Op, PaperState, PrinterStatus, encode, parse_status, \
    status_request

log = logging.getLogger("drivers.printer.escpos")
DEVICE = "receiptprinter"


class EscPosPrinter:
    """`transport`: "serial", "usblp", or "auto" (usblp for a /dev/usb/lp* device, else serial)."""

    def __init__(self, port: str, baud: int = 115200, timeout_s: float = 0.5, transport: str = "auto") -> None:
        self.port, self.baud, self.timeout_s = port, baud, timeout_s
        self.usblp = transport == "usblp" or (transport == "auto" and is_usblp(port))
        self._lock = threading.Lock()
        self._serial: serial.Serial | RawPort | None = None

    def _open(self) -> serial.Serial | RawPort:
        if self._serial is None:
            self._serial = RawPort(self.port, self.timeout_s) if self.usblp else \
                serial.Serial(self.port, self.baud, timeout=self.timeout_s, write_timeout=5)
        return self._serial

    def _drop(self) -> None:
        close_quietly(self._serial)
        self._serial = None

    def _ask(self, n: int) -> int:
        port = self._open()
        port.reset_input_buffer()
        port.write(status_request(n))
        answer = port.read(1)
        if not answer:
            raise TimeoutError(f"no answer to DLE EOT {n}")
        return answer[0]

    def read_status(self) -> PrinterStatus:
        """Raises OSError/TimeoutError/FrameError when the printer cannot be asked."""
        with self._lock:
            try:
                return parse_status(self._ask(STATUS_PRINTER), self._ask(STATUS_PAPER))
            except PORT_ERRORS:
                self._drop()                   # unplugged: reopen on the next call
                raise

    def status(self) -> DeviceStatus:
        try:
            s = self.read_status()
        except (*PORT_ERRORS, TimeoutError) as exc:
            return DeviceStatus(DEVICE, DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING, str(exc))
        except FrameError as exc:
            return DeviceStatus(DEVICE, DeviceState.UNAVAILABLE, StatusCode.HARDWARE_ERROR, str(exc))
        if s.paper is PaperState.EMPTY:
            return DeviceStatus(DEVICE, DeviceState.UNAVAILABLE, StatusCode.MEDIA_EMPTY, "paper end")
        if not s.online:
            return DeviceStatus(DEVICE, DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING, "offline")
        code = StatusCode.MEDIA_LOW if s.paper is PaperState.LOW else StatusCode.OK
        return DeviceStatus(DEVICE, DeviceState.READY, code, "paper near end" if code is StatusCode.MEDIA_LOW else "")

    def print_ops(self, ops: list[Op]) -> None:
        """Check the paper first (nothing half-printed on an empty roll), send, check again: a roll
        that ran out during the receipt is reported, never silently re-sent."""
        before = self.status()
        if before.state is DeviceState.UNAVAILABLE:
            raise PrintError(before.code, before.detail)
        data = encode(ops)
        with self._lock:
            try:
                port = self._open()
                port.write(data)
                port.flush()
            except PORT_ERRORS as exc:
                self._drop()
                raise PrintError(StatusCode.NOT_RESPONDING, f"receipt printer write failed: {exc}") from None
        after = self.status()
        if after.code is StatusCode.MEDIA_EMPTY:
            raise PrintError(StatusCode.MEDIA_EMPTY, "paper ran out during the receipt")
        log.info("receipt printed: %d bytes", len(data))

    def close(self) -> None:
        with self._lock:
            self._drop()
