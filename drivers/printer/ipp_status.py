"""How the printer device itself says it is: state, reasons and paper per tray, read over IPP from the
device (an IPP Everywhere network printer, or a USB one through ipp-usb at ipp://localhost:60000).

The CUPS queue cannot tell this between jobs: its reasons are what the backend said during the last
job, so a refilled printer still shows "media-empty" there until something prints."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..status import StatusCode
from .errors import PrintError
from .ipp import IppError, get_printer_attributes

IPP_SCHEMES = ("ipp", "ipps")
_ASKED = ["printer-state", "printer-state-reasons", "printer-is-accepting-jobs", "printer-input-tray",
          "printer-state-message"]


@dataclass(frozen=True)
class Tray:
    """One input tray (PWG 5100.13 printer-input-tray). level/capacity None: the printer does not know
    (it may say -2 "unknown" or -3 "some left")."""
    name: str
    level: int | None
    capacity: int | None


@dataclass(frozen=True)
class DeviceReport:
    state: int                       # 3 idle, 4 processing, 5 stopped
    reasons: tuple[str, ...]
    accepting: bool
    trays: tuple[Tray, ...] = ()
    message: str = ""


def keyword(reason: str) -> str:
    """A printer-state-reasons value without its -report/-warning/-error severity."""
    for suffix in ("-report", "-warning", "-error"):
        if reason.endswith(suffix):
            return reason[: -len(suffix)]
    return reason


def parse_tray(value: str | bytes) -> Tray:
    """"type=sheetFeedAutoRemovableTray;maxcapacity=250;level=125;status=0;name=tray-1;" → Tray."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    fields = dict(part.split("=", 1) for part in text.split(";") if "=" in part)

    def number(key: str) -> int | None:
        try:
            n = int(fields.get(key, ""))
        except ValueError:
            return None
        return n if n >= 0 else None            # -1 other, -2 unknown, -3 "at least one"
    return Tray(fields.get("name", "") or "tray", number("level"), number("maxcapacity"))


def is_ipp(uri: str) -> bool:
    return urlsplit(uri).scheme in IPP_SCHEMES


def probe(uri: str, timeout_s: float = 2.0, pin_sha256: str = "") -> DeviceReport:
    """Ask the device. A printer that does not answer is NOT_RESPONDING (switched off, cable out), and
    so is one showing another certificate than the pinned one (its answer is not believed)."""
    try:
        attrs = get_printer_attributes(uri, _ASKED, timeout_s=timeout_s, pin_sha256=pin_sha256)
    except (OSError, IppError) as exc:
        raise PrintError(StatusCode.NOT_RESPONDING, f"printer at {urlsplit(uri).hostname} does not answer: {exc}") \
            from None
    state = attrs.get("printer-state", [3])[0]
    accepting = attrs.get("printer-is-accepting-jobs", [True])[0]
    message = attrs.get("printer-state-message", [""])[0]
    return DeviceReport(
        state=state if isinstance(state, int) else 3,
        reasons=tuple(str(r) for r in attrs.get("printer-state-reasons", []) if r not in ("none", "")),
        accepting=bool(accepting),
        trays=tuple(parse_tray(v) for v in attrs.get("printer-input-tray", []) if isinstance(v, (str, bytes))),
        message=message if isinstance(message, str) else "")
