"""Scanner lines and the codes the kiosk accepts: pure bytes in, values out.

Scanners send each code followed by CR, LF or CR LF. Accepted codes:
- `eid:<token>`      an electronic ID card (电子身份证) code, resolved by the platform
- `esscard:<token>`  an electronic social security card (电子社保卡) code, resolved by the platform
- `ZW` + 14 digits (`YJS` + 14 for a 一件事 bundle), or a URL ending in `/t/…` (with the platform's check
  code `?v=…`): a receipt's tracking code (办件号)
Anything else is refused with a clear message: a kiosk never acts on an arbitrary URL or text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

MAX_LINE = 2048


class QrError(Exception):
    def __init__(self, detail: str, message: tuple[str, str]) -> None:
        super().__init__(detail)
        self.message = message


UNKNOWN = ("无法识别该二维码，请出示电子身份证、电子社保卡或回执上的二维码",
           "this QR code is not one the kiosk accepts (e-ID, e-social security card or a receipt)")


class QrKind(str, Enum):
    E_ID = "eid"
    E_SSCARD = "esscard"
    RECEIPT = "receipt"


@dataclass(frozen=True)
class QrCode:
    kind: QrKind
    value: str = field(repr=False)     # a token stands for a person: never printed


_TOKEN = re.compile(r"^(eid|esscard):([A-Za-z0-9_-]{16,512})$")
_RECEIPT = re.compile(r"^(?:https://[^\s/]+(?:/[^\s/]+)*/t/)?((?:ZW|YJS)\d{14})(?:\?v=[A-Z2-7]{6,16})?$")


def parse_code(text: str) -> QrCode:
    text = text.strip()
    match = _TOKEN.match(text)
    if match:
        return QrCode(QrKind(match.group(1)), match.group(2))
    match = _RECEIPT.match(text)
    if match:
        return QrCode(QrKind.RECEIPT, match.group(1))
    raise QrError("unknown code", UNKNOWN)


class LineBuffer:
    """Splits the scanner's byte stream into lines (CR, LF or CR LF); bounded, never raises on
    input: a line too long or not UTF-8 comes out as a QrError value."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._overflow = False

    def feed(self, data: bytes) -> list[str | QrError]:
        out: list[str | QrError] = []
        for byte in data:
            if byte in (0x0D, 0x0A):
                if self._overflow:
                    out.append(QrError("line too long", UNKNOWN))
                elif self._buf:
                    out.append(self._decode(bytes(self._buf)))
                self._buf.clear()
                self._overflow = False
            elif len(self._buf) >= MAX_LINE:
                self._overflow = True
            else:
                self._buf.append(byte)
        return out

    @staticmethod
    def _decode(raw: bytes) -> str | QrError:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return QrError("line is not UTF-8", UNKNOWN)
