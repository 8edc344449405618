"""The GA 467 reader driver (pyserial) and the monitor thread that owns it.

`IdCardReader` does one command at a time: flush, write, read exactly the 7-byte header, then the
announced length, each within the command's timeout. `IdCardMonitor` owns a reader on its own
thread: SAM status at start, polls for a card, reads it once, requires it to leave the field before
the next read, and reopens the port by itself after an unplug. Results and status leave the thread
as events through a callback; nothing blocks the caller.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable, Union

import serial

from ..monitor import DeviceMonitor
from ..serialport import PORT_ERRORS, close_quietly
from ..status import DeviceState, DeviceStatus, StatusCode
from .protocol import (
    HEADER_LEN, CardRead, Command, FrameError, Response, Sw3, body_length, decode_read, decode_response,
    decode_sam_id, encode_command, status_message,
)

log = logging.getLogger("drivers.idcard")

DEVICE = "idcard"

# Per-command answer timeouts (seconds). Real modules: find/select ~0.1 s, read ~0.5-2 s (RF + crypto).
BAUD_RATES = (115200, 57600, 38400, 19200, 9600)
TIMEOUTS = {
    Command.RESET: 2.0, Command.SAM_STATUS: 1.0, Command.SAM_ID: 1.0, Command.FIND_CARD: 0.5,
    Command.SELECT_CARD: 0.5, Command.READ_TEXT_PHOTO: 3.0, Command.READ_NEW_ADDRESS: 1.5,
    Command.READ_TEXT_PHOTO_FINGERPRINT: 4.0,
}


class ReaderError(Exception):
    """Base of the reader's errors; `message` is (zh, en) for the screen."""

    def __init__(self, detail: str, message: tuple[str, str]) -> None:
        super().__init__(detail)
        self.message = message


class ReaderUnavailable(ReaderError):
    """The port cannot be opened or vanished (unplugged)."""


class ReaderTimeout(ReaderError):
    """No complete answer within the command's timeout (silent or too slow module)."""


class ReaderProtocolError(ReaderError):
    """Bytes that are not a valid frame (garbage, checksum error, truncated)."""


class ReaderStatusError(ReaderError):
    """A valid frame with a failure status word."""

    def __init__(self, sw3: int) -> None:
        super().__init__(f"module status 0x{sw3:02X}", status_message(sw3))
        self.sw3 = sw3


_SILENT = ("读卡器无响应，请联系工作人员", "the card reader does not answer; please ask staff")
_GARBLED = ("读卡器通信错误，请重新放置证件", "card reader communication error; place the card again")
_UNPLUGGED = ("读卡器未连接", "the card reader is not connected")


class IdCardReader:
    def __init__(self, port: str, baud: int = 115200) -> None:
        self.port, self.baud = port, baud
        self._serial: serial.Serial | None = None

    def open(self) -> None:
        try:
            self._serial = serial.Serial(self.port, self.baud, bytesize=8, parity="N", stopbits=1, timeout=0.5,
                                         write_timeout=1.0)
        except PORT_ERRORS as exc:
            raise ReaderUnavailable(f"cannot open {self.port}: {exc}", _UNPLUGGED) from None

    def close(self) -> None:
        close_quietly(self._serial)
        self._serial = None

    @property
    def is_open(self) -> bool:
        return self._serial is not None

    def transact(self, command: Command, data: bytes = b"", timeout: float | None = None) -> Response:
        if self._serial is None:
            raise ReaderUnavailable("reader not open", _UNPLUGGED)
        port = self._serial
        deadline = time.monotonic() + (timeout if timeout is not None else TIMEOUTS[command])
        try:
            port.reset_input_buffer()          # stale bytes of an earlier timed-out answer break framing
            port.write(encode_command(command, data))
            header = self._read_exactly(port, HEADER_LEN, deadline)
            body = self._read_exactly(port, body_length(header), deadline)
        except FrameError as exc:
            raise ReaderProtocolError(f"{command.name}: {exc}", _GARBLED) from None
        except PORT_ERRORS as exc:
            self.close()
            raise ReaderUnavailable(f"{command.name}: port failed: {exc}", _UNPLUGGED) from None
        try:
            return decode_response(header + body)
        except FrameError as exc:
            raise ReaderProtocolError(f"{command.name}: {exc}", _GARBLED) from None

    @staticmethod
    def _read_exactly(port: serial.Serial, size: int, deadline: float) -> bytes:
        buf = bytearray()
        while len(buf) < size:
            left = deadline - time.monotonic()
            # Past the deadline, one last look at what already arrived (timeout 0): a thread held off
            # by CPU load must not call a module silent whose answer is waiting in the buffer.
            port.timeout = max(left, 0.0)
            chunk = port.read(size - len(buf))
            if not chunk and not port.is_open:
                raise serial.SerialException("port closed")
            buf += chunk
            if len(buf) < size and left <= 0:
                raise ReaderTimeout(f"answer incomplete ({len(buf)}/{size} bytes)", _SILENT)
        return bytes(buf)

    def expect(self, command: Command, ok: tuple[int, ...] = (Sw3.SUCCESS,)) -> Response:
        resp = self.transact(command)
        if resp.sw3 not in ok:
            raise ReaderStatusError(resp.sw3)
        return resp

    def sam_status(self) -> None:
        self.expect(Command.SAM_STATUS)

    def sam_id(self) -> str:
        try:
            return decode_sam_id(self.expect(Command.SAM_ID).data)
        except FrameError as exc:
            raise ReaderProtocolError(f"SAM id: {exc}", _GARBLED) from None

    def probe_baud(self, rates: tuple[int, ...] = BAUD_RATES) -> int:
        """Find the module's rate: the configured one first, then the others, SAM status as probe
        (a module may have been re-rated with command 60). Raises the last error if none answers."""
        if self._serial is None:
            raise ReaderUnavailable("reader not open", _UNPLUGGED)
        last: ReaderError | None = None
        for rate in dict.fromkeys((self.baud, *rates)):
            self._serial.baudrate = rate
            try:
                self.transact(Command.SAM_STATUS, timeout=0.5)
            except (ReaderTimeout, ReaderProtocolError) as exc:
                last = exc
                continue
            self.baud = rate
            return rate
        assert last is not None
        raise last

    def find_card(self) -> bool:
        resp = self.transact(Command.FIND_CARD)
        if resp.sw3 == Sw3.FIND_SUCCESS:
            return True
        if resp.sw3 == Sw3.NO_CARD:
            return False
        raise ReaderStatusError(resp.sw3)

    def read_card(self) -> CardRead:
        """Select and read the card that find_card() found."""
        self.expect(Command.SELECT_CARD)
        resp = self.expect(Command.READ_TEXT_PHOTO)
        try:
            return decode_read(resp.data)
        except FrameError as exc:
            raise ReaderProtocolError(f"read payload: {exc}", _GARBLED) from None

    def card_still_present(self) -> bool:
        """After a read: the cheap removal detector (30 03 answers 90/91 while the card is there)."""
        resp = self.transact(Command.READ_NEW_ADDRESS)
        return resp.sw3 in (Sw3.SUCCESS, Sw3.NO_CONTENT)


# ------------------------------------------------------------------ monitor thread

@dataclass(frozen=True)
class CardReadEvent:
    card: CardRead


@dataclass(frozen=True)
class CardRemovedEvent:
    pass


@dataclass(frozen=True)
class ReadFailedEvent:
    message: tuple[str, str]
    detail: str


@dataclass(frozen=True)
class StatusEvent:
    status: DeviceStatus


ReaderEvent = Union[CardReadEvent, CardRemovedEvent, ReadFailedEvent, StatusEvent]


class IdCardMonitor(DeviceMonitor):
    device = DEVICE

    def __init__(self, port: str, on_event: Callable[[ReaderEvent], None], baud: int = 115200,
                 poll_interval_s: float = 0.3, reconnect_interval_s: float = 1.0) -> None:
        super().__init__(on_event, StatusEvent, log)
        self._reader = IdCardReader(port, baud)
        self._poll = poll_interval_s
        self._reconnect = reconnect_interval_s
        self._card_present = False
        self.sam_id = ""

    def stop(self) -> None:
        super().stop()
        self._reader.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if not self._reader.is_open and not self._connect():
                    self._stop.wait(self._reconnect)
                    continue
                self._tick()
            except ReaderUnavailable as exc:
                # a card read before stays "present" until the reader, back, says otherwise (_reconcile)
                self._set_status(DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING, str(exc))
            except ReaderTimeout as exc:
                # A silent module: close and reopen, as after an unplug.
                self._reader.close()
                self._set_status(DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING, str(exc))
            except (ReaderProtocolError, ReaderStatusError) as exc:
                self._emit(ReadFailedEvent(exc.message, str(exc)))
            except Exception:  # the device thread must outlive any surprise: report, reopen, go on
                log.exception("id card reader: unexpected failure")
                self._reader.close()
                self._set_status(DeviceState.UNAVAILABLE, StatusCode.HARDWARE_ERROR, "unexpected driver failure")
            self._stop.wait(self._poll)

    def _connect(self) -> bool:
        try:
            self._reader.open()
            self._reader.probe_baud()
            self._reader.sam_status()
            self.sam_id = self._reader.sam_id()
        except ReaderStatusError as exc:
            self._reader.close()
            self._set_status(DeviceState.UNAVAILABLE, StatusCode.HARDWARE_ERROR, str(exc))
            return False
        except ReaderError as exc:
            self._reader.close()
            self._set_status(DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING, str(exc))
            return False
        if self._card_present:
            self._reconcile()
        self._set_status(DeviceState.READY, StatusCode.OK)
        return True

    def _reconcile(self) -> None:
        """Back after an outage (a silent module, an unplug) with a card read before it: is it still
        there? Forgetting it lost its removal (the kiosk then asked for a card already taken, for ever);
        guessing "gone" would end the session of a person whose card never moved. The cheap presence
        check answers if the module kept its state; a module that was reset finds the card again, and
        selecting it restores the cheap check. Not re-read: the same card, not a new person."""
        present = self._reader.card_still_present() or (self._reader.find_card() and self._select())
        if not present:
            self._card_present = False
            self._emit(CardRemovedEvent())

    def _select(self) -> bool:
        try:
            self._reader.expect(Command.SELECT_CARD)
        except ReaderStatusError:
            return False
        return True

    def _tick(self) -> None:
        if self._card_present:
            if not self._reader.card_still_present():
                self._card_present = False
                self._emit(CardRemovedEvent())
            return
        if not self._reader.find_card():
            return
        self._set_status(DeviceState.BUSY, StatusCode.OK)
        try:
            card = self._reader.read_card()
        finally:
            if self._reader.is_open:
                self._set_status(DeviceState.READY, StatusCode.OK)
        self._card_present = True
        self._emit(CardReadEvent(card))
