"""The social security card driver on pyscard's PC/SC layer (pcscd).

`SocialSecurityReader.read()` selects SSSE, reads EF05 and EF06, handling 61xx (GET RESPONSE) and
6Cxx (resend with the right Le), which pyscard leaves to the application. `SmartCardMonitor` owns
a PC/SC context on its own thread, waits for insertions with SCardGetStatusChange, reads each card
once, reports removal, and re-establishes the context when pcscd restarts or the reader vanishes.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable, Union

from smartcard import scard

from ..monitor import DeviceMonitor
from ..status import DeviceState, DeviceStatus, StatusCode
from .protocol import (
    EF05, EF05_RECORDS, EF06, EF06_RECORDS, CardError, SocialSecurityCard, decode_card, get_response, read_record,
    select_aid, select_file, split_sw, tlv_value,
)

log = logging.getLogger("drivers.smartcard")
DEVICE = "sscard"
# PC/SC answers that mean "the service or the reader is gone": start over with a new context.
_LOST = {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED, scard.SCARD_E_NO_READERS_AVAILABLE,
         scard.SCARD_E_UNKNOWN_READER, scard.SCARD_E_READER_UNAVAILABLE, scard.SCARD_E_INVALID_HANDLE,
         getattr(scard, "SCARD_E_INVALID_CONTEXT", 0x80100003)}


class PcscError(Exception):
    def __init__(self, where: str, hresult: int) -> None:
        super().__init__(f"{where}: {scard.SCardGetErrorMessage(hresult)} (0x{hresult & 0xFFFFFFFF:08X})")
        self.hresult = hresult

    @property
    def lost(self) -> bool:
        return self.hresult in _LOST


def _check(where: str, hresult: int) -> None:
    if hresult != scard.SCARD_S_SUCCESS:
        raise PcscError(where, hresult)


def list_readers() -> list[str]:
    """The PC/SC readers pcscd knows ([] when pcscd is not running)."""
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return []
    try:
        hresult, readers = scard.SCardListReaders(context, [])
        return list(readers) if hresult == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(context)


class CardSession:
    """One connected card: APDUs with the 61xx / 6Cxx rules applied."""

    def __init__(self, context: int, reader: str) -> None:
        hresult, self._card, self._protocol = scard.SCardConnect(
            context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        _check("connect", hresult)

    def close(self) -> None:
        scard.SCardDisconnect(self._card, scard.SCARD_UNPOWER_CARD)

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        hresult, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        _check("transmit", hresult)
        data, sw = split_sw(bytes(response))
        if sw >> 8 == 0x6C and len(apdu) == 5:          # wrong Le: the card says the right one
            return self.transmit(apdu[:4] + bytes([sw & 0xFF]))
        while sw >> 8 == 0x61:                          # more data waiting: GET RESPONSE
            more, sw = self.transmit(get_response(sw & 0xFF))
            data += more
        return data, sw

    def expect(self, apdu: bytes) -> bytes:
        data, sw = self.transmit(apdu)
        if sw != 0x9000:
            raise CardError(f"APDU {apdu[:4].hex()} answered {sw:04X}", sw)
        return data

    def read_ssse(self) -> SocialSecurityCard:
        self.expect(select_aid())
        values: dict[int, dict[str, bytes]] = {}
        for ef, records in ((EF05, EF05_RECORDS), (EF06, EF06_RECORDS)):
            self.expect(select_file(ef))
            values[ef] = {name: tlv_value(self.expect(read_record(number, 2 + size)), tag)
                          for name, (number, tag, size) in records.items()}
        return decode_card(values[EF05], values[EF06])


# ------------------------------------------------------------------ events

@dataclass(frozen=True)
class SsCardReadEvent:
    card: SocialSecurityCard


@dataclass(frozen=True)
class SsCardRemovedEvent:
    pass


@dataclass(frozen=True)
class SsCardFailedEvent:
    message: tuple[str, str]
    detail: str


@dataclass(frozen=True)
class SsStatusEvent:
    status: DeviceStatus


SsCardEvent = Union[SsCardReadEvent, SsCardRemovedEvent, SsCardFailedEvent, SsStatusEvent]


class SmartCardMonitor(DeviceMonitor):
    device = DEVICE
    # After pcscd or the reader comes back, how long a card read before may take to be reported again
    # before it counts as taken (readers report a card a moment after they are enumerated).
    REAPPEAR_S = 3.0

    def __init__(self, reader: str, on_event: Callable[[SsCardEvent], None], wait_ms: int = 300,
                 retry_s: float = 1.0) -> None:
        super().__init__(on_event, SsStatusEvent, log)
        self.reader = reader
        self._wait_ms = wait_ms
        self._retry_s = retry_s
        # Outlives a lost context (pcscd restarted, the reader replugged): the card read before is compared
        # with what the reader says when it is back — taken meanwhile is a removal; still there is the
        # same card (not read again: that would be a second person). Forgetting it lost the removal.
        self._present = False

    def _run(self) -> None:
        while not self._stop.is_set():
            context = None
            try:
                hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
                _check("establish context", hresult)
                self._watch(context)
            except PcscError as exc:
                self._set_status(DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING, str(exc))
            except Exception:  # the device thread outlives any surprise
                log.exception("social security card reader: unexpected failure")
                self._set_status(DeviceState.UNAVAILABLE, StatusCode.HARDWARE_ERROR, "unexpected driver failure")
            finally:
                if context is not None:
                    scard.SCardReleaseContext(context)
            self._stop.wait(self._retry_s)

    def _watch(self, context: int) -> None:
        """Until the context is lost: wait for state changes of the reader, read inserted cards."""
        hresult, readers = scard.SCardListReaders(context, [])
        _check("list readers", hresult)
        if self.reader not in readers:
            raise PcscError("find reader", scard.SCARD_E_UNKNOWN_READER)
        self._set_status(DeviceState.READY, StatusCode.OK)
        state = scard.SCARD_STATE_UNAWARE
        # a card read before the context was lost: a reader just back may not show it at once
        reappear_by = time.monotonic() + self.REAPPEAR_S if self._present else None
        while not self._stop.is_set():
            hresult, states = scard.SCardGetStatusChange(context, self._wait_ms, [(self.reader, state)])
            if hresult == scard.SCARD_E_TIMEOUT:
                if reappear_by is not None and time.monotonic() >= reappear_by:    # it did not: taken
                    reappear_by, self._present = None, False
                    self._emit(SsCardRemovedEvent())
                continue
            _check("status change", hresult)
            _, event_state, _atr = states[0]
            state = event_state & ~scard.SCARD_STATE_CHANGED
            if event_state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                raise PcscError("reader state", scard.SCARD_E_READER_UNAVAILABLE)
            now_present = bool(event_state & scard.SCARD_STATE_PRESENT)
            if reappear_by is not None:
                if now_present or time.monotonic() < reappear_by:   # back (the same card), or not yet
                    reappear_by = None if now_present else reappear_by
                    continue
                reappear_by = None
            was_present, self._present = self._present, now_present
            if now_present and not was_present:
                self._read(context)
            elif was_present and not now_present:
                self._emit(SsCardRemovedEvent())

    def _read(self, context: int) -> None:
        self._set_status(DeviceState.BUSY, StatusCode.OK)
        session = None
        try:
            session = CardSession(context, self.reader)
            card = session.read_ssse()
        except CardError as exc:
            self._emit(SsCardFailedEvent(exc.message, str(exc)))
            return
        except PcscError as exc:
            if exc.lost:                   # never read: read it when the reader is back
                self._present = False
                raise
            self._emit(SsCardFailedEvent(("读取社保卡失败，请重新插卡", "reading the card failed; insert it again"),
                                         str(exc)))
            return
        finally:
            if session is not None:
                session.close()
            self._set_status(DeviceState.READY, StatusCode.OK)
        self._emit(SsCardReadEvent(card))
