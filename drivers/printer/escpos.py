"""ESC/POS for an 80 mm thermal receipt printer, as bytes: what the kiosk sends (text in GB18030 with
Chinese mode on, a native QR code, feed and cut) and the real-time status it reads back (DLE EOT).
Pure functions; reference: ../shared/reference/device-protocols.md §3.1.

Our own encoder rather than python-escpos: its MagicEncode sends a string as GB18030 only when it
holds a character in U+4E00–9FA5, so "·" in a name or full-width punctuation alone would go out in a
Western code page; here every text is GB18030 with Chinese mode on, byte for byte predictable."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Union

COLUMNS = 48                      # Font A on 80 mm paper: 48 half-width columns, 24 Chinese characters

INIT = b"\x1b\x40"
CHINESE_ON, CHINESE_OFF = b"\x1c\x26", b"\x1c\x2e"
ALIGN = {"left": b"\x1b\x61\x00", "center": b"\x1b\x61\x01", "right": b"\x1b\x61\x02"}
BOLD_ON, BOLD_OFF = b"\x1b\x45\x01", b"\x1b\x45\x00"
SIZE_NORMAL, SIZE_DOUBLE = b"\x1d\x21\x00", b"\x1d\x21\x11"
FEED_AND_CUT = b"\x1d\x56\x42\x00"
STATUS_PRINTER, STATUS_PAPER = 1, 4


class FrameError(ValueError):
    """Bytes that are not what ESC/POS says they should be."""


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    align: str = "left"
    double: bool = False


@dataclass(frozen=True)
class Qr:
    payload: str
    module_size: int = 6


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    pass


Op = Union[Text, Qr, Feed, Cut]


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    return sum(_columns(ch) for ch in text)


def wrap(text: str, columns: int = COLUMNS) -> list[str]:
    """Lines that fit the paper (a Chinese character takes two columns)."""
    lines, line, used = [], "", 0
    for ch in text:
        w = _columns(ch)
        if used + w > columns:
            lines.append(line)
            line, used = "", 0
        line, used = line + ch, used + w
    return [*lines, line]


def _qr(payload: str, module_size: int) -> bytes:
    data = payload.encode("utf-8")
    store = len(data) + 3
    return (b"\x1d\x28\x6b\x04\x00\x31\x41\x32\x00"                       # model 2
            + b"\x1d\x28\x6b\x03\x00\x31\x43" + bytes([module_size])      # module size
            + b"\x1d\x28\x6b\x03\x00\x31\x45\x31"                         # error correction M
            + b"\x1d\x28\x6b" + bytes([store & 0xFF, store >> 8]) + b"\x31\x50\x30" + data
            + b"\x1d\x28\x6b\x03\x00\x31\x51\x30")                        # print


def encode(ops: list[Op]) -> bytes:
    out = bytearray(INIT + CHINESE_ON)
    for op in ops:
        if isinstance(op, Text):
            columns = COLUMNS // 2 if op.double else COLUMNS
            out += ALIGN[op.align] + (BOLD_ON if op.bold else BOLD_OFF) + (SIZE_DOUBLE if op.double else SIZE_NORMAL)
            for line in wrap(op.text, columns):
                out += line.encode("gb18030", errors="replace") + b"\n"
        elif isinstance(op, Qr):
            out += ALIGN["center"] + _qr(op.payload, op.module_size)
        elif isinstance(op, Feed):
            out += b"\x1b\x64" + bytes([min(op.lines, 255)])
        elif isinstance(op, Cut):
            out += FEED_AND_CUT
    out += ALIGN["left"] + BOLD_OFF + SIZE_NORMAL
    return bytes(out)


def status_request(n: int) -> bytes:
    return b"\x10\x04" + bytes([n])


class PaperState(str, Enum):
    OK = "ok"
    LOW = "low"
    EMPTY = "empty"


@dataclass(frozen=True)
class PrinterStatus:
    online: bool
    paper: PaperState


def check_status_byte(b: int) -> int:
    """A real-time status byte has bit 7 and bit 0 clear and bits 1 and 4 set."""
    if b & 0x81 or (b & 0x12) != 0x12:
        raise FrameError(f"not a DLE EOT status byte: 0x{b:02x}")
    return b


def parse_status(printer_byte: int, paper_byte: int) -> PrinterStatus:
    check_status_byte(printer_byte)
    check_status_byte(paper_byte)
    paper = PaperState.EMPTY if paper_byte & 0x60 else PaperState.LOW if paper_byte & 0x0C else PaperState.OK
    return PrinterStatus(online=not printer_byte & 0x08, paper=paper)


def status_bytes(status: PrinterStatus) -> tuple[int, int]:
    """What a printer answers to DLE EOT 1 and 4 (the emulator's side)."""
    printer = 0x12 | (0x08 if not status.online else 0)
    paper = 0x12 | {PaperState.OK: 0x00, PaperState.LOW: 0x0C, PaperState.EMPTY: 0x6C}[status.paper]
    return printer, paper


# ------------------------------------------------------------------ reading a stream back (emulator, tests)

@dataclass(frozen=True)
class Style:
    align: str = "left"
    bold: bool = False
    double: bool = False


@dataclass(frozen=True)
class Printed:
    """What a stream of ESC/POS bytes put on paper: its text lines, QR payloads and cuts, in order."""
    items: tuple[tuple[str, str], ...]       # ("text", line) | ("qr", payload) | ("cut", "")
    styles: tuple[Style, ...] = ()           # how each item was printed (alignment, bold, double size)

    def lines(self) -> list[str]:
        return [v for k, v in self.items if k == "text"]


_FIXED = {b"\x1b\x40": 0, b"\x1c\x26": 0, b"\x1c\x2e": 0, b"\x1b\x61": 1, b"\x1b\x45": 1, b"\x1d\x21": 1,
          b"\x1b\x64": 1, b"\x1b\x21": 1}


def decode(data: bytes) -> Printed:
    """Our subset of ESC/POS back to what it prints; unknown commands raise FrameError."""
    items: list[tuple[str, str]] = []
    styles: list[Style] = []
    style = Style()
    text = bytearray()
    qr_data = b""
    i = 0

    def add(kind: str, value: str) -> None:
        items.append((kind, value))
        styles.append(style)

    def flush() -> None:
        if text:
            add("text", text.decode("gb18030", errors="replace"))
            text.clear()
    while i < len(data):
        two = data[i:i + 2]
        if two in _FIXED:
            param = data[i + 2] if _FIXED[two] and i + 2 < len(data) else 0
            if two == INIT:
                style = Style()
            elif two == b"\x1b\x61":
                style = Style({0: "left", 1: "center", 2: "right"}.get(param % 48, "left"), style.bold, style.double)
            elif two == b"\x1b\x45":
                style = Style(style.align, bool(param & 1), style.double)
            elif two == b"\x1d\x21":
                style = Style(style.align, style.bold, param != 0)
            i += 2 + _FIXED[two]
        elif two == b"\x1d\x56":
            flush()
            i += 4 if data[i + 2:i + 3] in (b"\x41", b"\x42") else 3
            add("cut", "")
        elif two == b"\x1d\x28" and data[i + 2:i + 3] == b"\x6b":
            if i + 5 > len(data):
                raise FrameError(f"GS ( k at {i} cut short")
            length = data[i + 3] | data[i + 4] << 8
            body = data[i + 5:i + 5 + length]
            if body[:3] == b"\x31\x50\x30":
                qr_data = body[3:]
            elif body[:2] == b"\x31\x51":
                add("qr", qr_data.decode("utf-8", errors="replace"))   # the printer prints what it got
            i += 5 + length
        elif data[i] == 0x0A:                  # a line, empty ones included
            add("text", text.decode("gb18030", errors="replace"))
            text.clear()
            i += 1
        elif data[i] < 0x20:
            raise FrameError(f"unknown control byte 0x{data[i]:02x} at {i}")
        else:
            text.append(data[i])
            i += 1
    flush()
    return Printed(tuple(items), tuple(styles))
