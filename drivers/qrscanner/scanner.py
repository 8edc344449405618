"""The QR scanner driver (pyserial): its own thread reads lines, parses codes and reports them as
events; reopens the port by itself after an unplug."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Union

import serial

from ..monitor import DeviceMonitor
from ..serialport import PORT_ERRORS
from ..status import DeviceState, DeviceStatus, StatusCode
from .protocol import LineBuffer, QrCode, QrError, parse_code

log = logging.getLogger("drivers.qrscanner")
DEVICE = "qrscanner"


@dataclass(frozen=True)
class QrScannedEvent:
    code: QrCode


@dataclass(frozen=True)
class QrRefusedEvent:
    message: tuple[str, str]


@dataclass(frozen=True)
class QrStatusEvent:
    status: DeviceStatus


QrEvent = Union[QrScannedEvent, QrRefusedEvent, QrStatusEvent]


class QrScannerMonitor(DeviceMonitor):
    device = DEVICE

    def __init__(self, port: str, on_event: Callable[[QrEvent], None], baud: int = 9600,
                 reconnect_interval_s: float = 1.0) -> None:
        super().__init__(on_event, QrStatusEvent, log)
        self.port, self.baud = port, baud
        self._reconnect = reconnect_interval_s

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with serial.Serial(self.port, self.baud, timeout=0.2) as port:
                    port.reset_input_buffer()
                    self._set_status(DeviceState.READY, StatusCode.OK)
                    self._read(port)
            except PORT_ERRORS as exc:
                self._set_status(DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING, str(exc))
            except Exception:
                log.exception("QR scanner: unexpected failure")
                self._set_status(DeviceState.UNAVAILABLE, StatusCode.HARDWARE_ERROR, "unexpected driver failure")
            self._stop.wait(self._reconnect)

    def _read(self, port: serial.Serial) -> None:
        lines = LineBuffer()
        while not self._stop.is_set():
            data = port.read(max(1, port.in_waiting))
            for item in lines.feed(data):
                if isinstance(item, QrError):
                    self._emit(QrRefusedEvent(item.message))
                    continue
                try:
                    self._emit(QrScannedEvent(parse_code(item)))
                except QrError as exc:
                    log.info("QR code refused: %s", exc)
                    self._emit(QrRefusedEvent(exc.message))
