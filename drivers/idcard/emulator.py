"""A GA 467 SAM module on the device end of a serial line, speaking the real frames.

Answers are paced at the configured baud rate (a pty would deliver them instantly), plus an optional
modelled card-processing delay for the RF/crypto work of a real module. Cards can be placed and
removed; like most modules it reads a card once and then wants it taken away (no 连读).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import serial

from .photo import encode_emulator_wlt, portrait_crop

from .protocol import (
    HEADER_LEN, PHOTO_LEN, PREAMBLE, CardKind, CardText, Command, FrameError, Sw3, body_length, decode_command,
    encode_read, encode_response, encode_text,
)

log = logging.getLogger("drivers.idcard.emulator")
SAM_ID = (5).to_bytes(2, "little") + (1).to_bytes(2, "little") + (20240101).to_bytes(4, "little") \
    + (1).to_bytes(4, "little") + (42).to_bytes(4, "little")   # 05.01-20240101-0000000001-0000000042
_BY_CODE = {c.value: c for c in Command}


class Fault(str, Enum):
    NONE = "none"
    NO_SAM = "no_sam"                 # SAM self-test failed (0x60) on every command
    SILENT = "silent"                 # never answers
    GARBAGE = "garbage"               # answers with random junk
    BAD_CHECKSUM = "bad_checksum"     # answers with a corrupted checksum
    REMOVE_MID_READ = "remove_mid_read"  # the card leaves the field during READ (0x41)


@dataclass
class EmulatedCard:
    text: CardText
    photo_wlt: bytes = field(default=bytes(PHOTO_LEN), repr=False)
    damaged: bool = False            # the SAM cannot authenticate it (0x32)


def sample_card(kind: CardKind = CardKind.RESIDENT, *, expired: bool = False,
                portrait: Path | None = None) -> EmulatedCard:
    """A made-up card with a valid GB 11643 number (the standard's own example number); with
    `portrait`, a face image becomes its chip photo (in the emulator's stand-in WLT format)."""
    today = dt.date.today()
    valid_to = today.replace(year=today.year - 1) if expired else today.replace(year=today.year + 8)
    if kind is CardKind.FOREIGN_PR:
        text = CardText(kind=kind, name_en="SMITH JOHN", name="约翰", gender="男", id_number="USA110079020501",
                        nationality="USA", valid_from=dt.date(2020, 5, 1), valid_to=valid_to,
                        birth_date=dt.date(1979, 2, 5))
    elif kind is CardKind.HMT_PERMIT:
        text = CardText(kind=kind, name="陈大文", gender="男", birth_date=dt.date(1990, 3, 7),
                        address="广东省深圳市福田区福华路88号", id_number="810000199003070015", issuer="深圳市公安局福田分局",
                        valid_from=dt.date(2021, 1, 1), valid_to=valid_to, pass_number="H12345678", issue_count="01")
    else:
        text = CardText(kind=kind, name="张三丰", gender="男", nation="汉", birth_date=dt.date(1949, 12, 31),
                        address="北京市朝阳区建国路1号院2号楼3单元401", id_number="11010519491231002X",
                        issuer="北京市公安局朝阳分局", valid_from=dt.date(2016, 1, 1),
                        valid_to=None if not expired else valid_to)
    if portrait is None:
        return EmulatedCard(text)
    import cv2
    image = cv2.imread(str(portrait))
    if image is None:
        raise ValueError(f"cannot read {portrait}")
    return EmulatedCard(text, encode_emulator_wlt(portrait_crop(image)))


class Ga467Emulator:
    def __init__(self, port: str, baud: int = 115200, processing_delay_s: float = 0.05) -> None:
        self.port, self.baud = port, baud
        self.processing_delay_s = processing_delay_s
        self.fault = Fault.NONE
        self._card: EmulatedCard | None = None
        self._read_done = False          # the current card was read; it must leave before the next read
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._serial = serial.Serial(port, baud, timeout=0.05)
        self._thread = threading.Thread(target=self._run, name="ga467-emulator", daemon=True)
        self.frames_received = 0

    # ------------------------------------------------------------ control

    def start(self) -> "Ga467Emulator":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=3)
        self._serial.close()

    def place(self, card: EmulatedCard) -> None:
        with self._lock:
            self._card, self._read_done = card, False

    def remove(self) -> None:
        with self._lock:
            self._card, self._read_done = None, False

    @property
    def card_present(self) -> bool:
        return self._card is not None

    # ------------------------------------------------------------ wire

    def _run(self) -> None:
        buf = bytearray()
        while not self._stop.is_set():
            try:
                # Block for the first byte only, then take what has arrived: read(512) would wait out
                # the whole timeout for every short command.
                chunk = self._serial.read(1)
                if chunk and self._serial.in_waiting:
                    chunk += self._serial.read(self._serial.in_waiting)
            except (serial.SerialException, OSError):
                return
            if not chunk:
                continue
            buf += chunk
            while True:
                start = buf.find(PREAMBLE)
                if start < 0:
                    del buf[:-4]         # keep a possible partial preamble
                    break
                del buf[:start]
                if len(buf) < HEADER_LEN:
                    break
                try:
                    need = HEADER_LEN + body_length(bytes(buf[:HEADER_LEN]))
                except FrameError:
                    self._send(encode_response(Sw3.HOST_LENGTH_ERROR))
                    del buf[:len(PREAMBLE)]
                    continue
                if len(buf) < need:
                    break
                frame = bytes(buf[:need])
                del buf[:need]
                self._handle(frame)

    def _send(self, frame: bytes) -> None:
        """Write paced at the baud rate: 10 bits per byte on an 8N1 line."""
        start = time.monotonic()
        per_byte = 10.0 / self.baud
        for offset in range(0, len(frame), 64):
            chunk = frame[offset:offset + 64]
            due = start + (offset + len(chunk)) * per_byte
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            try:
                self._serial.write(chunk)
            except (serial.SerialException, OSError):
                return

    def _handle(self, frame: bytes) -> None:
        self.frames_received += 1
        # The host's frame took this long to arrive on a real line (a pty delivers it at once).
        time.sleep(len(frame) * 10.0 / self.baud)
        if self.fault is Fault.SILENT:
            return
        try:
            cmd, para, _ = decode_command(frame)
        except FrameError:
            self._send(encode_response(Sw3.HOST_CHECKSUM_ERROR))
            return
        command = _BY_CODE.get((cmd, para))
        answer = encode_response(Sw3.BAD_COMMAND) if command is None else self._answer(command)
        if self.fault is Fault.GARBAGE:
            answer = bytes((b * 37 + 11) & 0xFF for b in answer)
        elif self.fault is Fault.BAD_CHECKSUM:
            answer = answer[:-1] + bytes([answer[-1] ^ 0xFF])
        self._send(answer)

    def _answer(self, command: Command) -> bytes:
        if self.fault is Fault.NO_SAM:
            return encode_response(Sw3.SAM_SELF_TEST_FAILED)
        if command in (Command.RESET, Command.SAM_STATUS):
            return encode_response(Sw3.SUCCESS)
        if command is Command.SAM_ID:
            return encode_response(Sw3.SUCCESS, SAM_ID)
        with self._lock:
            card, read_done = self._card, self._read_done
        if command is Command.FIND_CARD:
            if card is None or read_done:
                return encode_response(Sw3.NO_CARD)
            return encode_response(Sw3.FIND_SUCCESS, bytes(4))
        if command is Command.SELECT_CARD:
            return encode_response(Sw3.SUCCESS, bytes(8)) if card else encode_response(Sw3.SELECT_FAILED)
        if command is Command.READ_NEW_ADDRESS:
            return encode_response(Sw3.NO_CONTENT) if card else encode_response(Sw3.READ_FAILED)
        # READ_TEXT_PHOTO (and the fingerprint variant, answered without a fingerprint)
        if self.processing_delay_s:
            time.sleep(self.processing_delay_s)
        if card is None:
            return encode_response(Sw3.READ_FAILED)
        if card.damaged:
            return encode_response(Sw3.SAM_REJECTED_CARD)
        if self.fault is Fault.REMOVE_MID_READ:
            self.remove()
            return encode_response(Sw3.READ_FAILED)
        with self._lock:
            self._read_done = True
        return encode_response(Sw3.SUCCESS, encode_read(encode_text(card.text), card.photo_wlt))
