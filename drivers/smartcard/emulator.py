"""A social security card presented to the real pcscd through the vsmartcard `vpcd` reader driver.

vpcd listens on TCP (35963 for "Virtual PCD 00 00"); a card is a client of it. Each message is a
2-byte big-endian length plus payload: one byte is a control (0 power off, 1 power on, 2 reset,
4 get ATR, answered with the ATR), anything longer is a command APDU, answered with the response
APDU. Connecting is inserting the card; closing the connection is removing it. The emulator
reconnects by itself while "inserted", so a pcscd restart looks like a real reader coming back.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import struct
import threading
from dataclasses import dataclass

from .protocol import EF06, SSSE_AID, SocialSecurityCard, encode_records

log = logging.getLogger("drivers.smartcard.emulator")
VPCD_PORT = 35963
# T=0, TB1 TC1 present, 8 historical bytes "SSSE-EMU"
ATR = bytes.fromhex("3B680000") + b"SSSE-EMU"


def sample_sscard() -> SocialSecurityCard:
    return SocialSecurityCard(
        card_number="A12345678", region_code="110105", version="3.00", issued=dt.date(2020, 1, 1),
        expires=dt.date(2030, 1, 1), ssn="11010519491231002X", name="张三丰", gender="男", nation_code="01",
        birth_date=dt.date(1949, 12, 31))


@dataclass
class CardBehaviour:
    pin_required: bool = False      # EF06 answers 6982 (security status not satisfied)
    not_ssse: bool = False          # SELECT SSSE answers 6A82: some other card
    get_response: bool = True       # SELECT answers 61xx and the FCI comes by GET RESPONSE


class SocialSecurityCardEmulator:
    def __init__(self, card: SocialSecurityCard | None = None, port: int = VPCD_PORT,
                 behaviour: CardBehaviour | None = None) -> None:
        self.port = port
        self.behaviour = behaviour or CardBehaviour()
        self._records = encode_records(card or sample_sscard())
        self._inserted = threading.Event()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._current: int | None = None
        self._pending = b""
        self.apdus_seen = 0

    # ------------------------------------------------------------ control

    def insert(self) -> None:
        if self._inserted.is_set():
            return
        self._inserted.set()
        self._thread = threading.Thread(target=self._run, name="sscard-emulator", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        self._inserted.clear()
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=3)
            self._thread = None

    @property
    def connected(self) -> bool:
        return self._sock is not None

    # ------------------------------------------------------------ wire

    def _run(self) -> None:
        while self._inserted.is_set():
            try:
                # 127.0.0.1 only: vpcd listens on every interface, the card talks to this machine alone.
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.settimeout(None)
                    self._sock = sock
                    self._serve(sock)
            except OSError:                      # refused (pcscd not there) or reset
                pass
            finally:
                self._sock = None
            if self._inserted.is_set():
                threading.Event().wait(0.2)      # vpcd not there (pcscd restarting): try again

    def _serve(self, sock: socket.socket) -> None:
        while self._inserted.is_set():
            header = self._recv(sock, 2)
            if header is None:
                return
            payload = self._recv(sock, struct.unpack(">H", header)[0])
            if payload is None:
                return
            answer = self._control(payload[0]) if len(payload) == 1 else self._apdu(payload)
            if answer is not None:
                sock.sendall(struct.pack(">H", len(answer)) + answer)

    @staticmethod
    def _recv(sock: socket.socket, size: int) -> bytes | None:
        buf = b""
        while len(buf) < size:
            chunk = sock.recv(size - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def _control(self, code: int) -> bytes | None:
        if code in (0x01, 0x02):                 # power on / reset: back to the MF
            self._current, self._pending = None, b""
        return ATR if code == 0x04 else None

    def _apdu(self, apdu: bytes) -> bytes:
        self.apdus_seen += 1
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[5:5 + apdu[4]] if len(apdu) > 5 else b""
        if cla != 0x00:
            return b"\x6E\x00"
        if ins == 0xA4 and p1 == 0x04:
            if self.behaviour.not_ssse or body != SSSE_AID:
                return b"\x6A\x82"
            self._current = None
            fci = bytes([0x6F, 2 + len(SSSE_AID), 0x84, len(SSSE_AID)]) + SSSE_AID
            if self.behaviour.get_response:
                self._pending = fci
                return bytes([0x61, len(fci)])
            return fci + b"\x90\x00"
        if ins == 0xC0:
            data, self._pending = self._pending, b""
            return data[:p2 or 256] + b"\x90\x00" if data else b"\x6F\x00"
        if ins == 0xA4 and p1 in (0x00, 0x02):
            fid = int.from_bytes(body, "big")
            if fid not in self._records:
                return b"\x6A\x82"
            self._current = fid
            return b"\x90\x00"
        if ins == 0xB2:
            if self._current is None:
                return b"\x69\x86"               # no current EF
            if self._current == EF06 and self.behaviour.pin_required:
                return b"\x69\x82"
            record = self._records[self._current].get(p1) if p2 == 0x04 else None
            if record is None:
                return b"\x6A\x83"
            le = apdu[4] if len(apdu) == 5 else 0
            if le not in (0, len(record)):
                return bytes([0x6C, len(record)])
            return record + b"\x90\x00"
        return b"\x6D\x00"
