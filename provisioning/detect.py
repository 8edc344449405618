"""What the box sees: serial devices by their stable names, probed for what they are; PC/SC readers;
V4L2 cameras; CUPS queues. Every probe is the production driver's own request.

Probe order on a serial port matters: DLE EOT first (an ID card module discards bytes without its
AA AA AA 96 69 preamble, a scanner ignores input), then the GA 467 SAM status (never sent to a port
that answered as a printer, which would print the frame as text). A QR scanner says nothing until it
scans: the silent ports are listened to while the technician scans any code (interactive, or
`--scan-wait`).

A USB printer-class receipt printer (the kernel's usblp, /dev/usb/lp0) is no serial port: it is asked
DLE EOT the usblp way (drivers/printer/usblp.py) and configured by that name.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import serial

from drivers.idcard.reader import IdCardReader, ReaderError
from drivers.printer.escpos import STATUS_PAPER, STATUS_PRINTER, FrameError, PrinterStatus, parse_status, status_request
from drivers.printer.escpos_printer import EscPosPrinter
from drivers.serialport import PORT_ERRORS

log = logging.getLogger("provisioning.detect")

ESCPOS_BAUDS = (115200, 9600, 19200, 38400)


class SerialKind(str, Enum):
    IDCARD = "idcard"                   # a GA 467 module (SAM answered)
    RECEIPT_PRINTER = "receiptprinter"  # answered DLE EOT like an ESC/POS printer
    QR_SCANNER = "qrscanner"            # sent a line while we listened
    UNKNOWN = "unknown"                 # silent


@dataclass(frozen=True)
class SerialDevice:
    path: str                           # the stable name (/dev/serial/by-id/…), as the kiosk will open it
    kind: SerialKind
    baud: int = 0
    detail: str = ""                    # SAM id, printer paper state, … (never personal data)


@dataclass(frozen=True)
class Camera:
    source: str                         # a /dev/v4l/by-id path or an emulated source spec


@dataclass(frozen=True)
class CupsQueue:
    name: str
    state: str                          # idle / processing / stopped
    reasons: tuple[str, ...] = ()


@dataclass
class Found:
    serial: list[SerialDevice] = field(default_factory=list)
    pcsc_readers: list[str] = field(default_factory=list)
    cameras: list[Camera] = field(default_factory=list)
    cups_queues: list[CupsQueue] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def first(self, kind: SerialKind) -> SerialDevice | None:
        return next((d for d in self.serial if d.kind is kind), None)


def _by_id(root: Path, sub: str, suffix: str = "") -> list[Path]:
    folder = root / sub
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith(suffix))


def kiosk_path(root: Path, path: Path) -> str:
    """The name as the running kiosk sees it (the root stripped: tests provision a temporary root)."""
    return "/" + str(path.relative_to(root)).lstrip("/")


def _printer_status(port: str, baud: int) -> PrinterStatus | None:
    """DLE EOT 1 and 4, each answered by exactly one valid status byte and nothing else: a scanner's
    text can contain a byte that looks like a status ('Z' does), never only such bytes on request."""
    answers: list[int] = []
    with serial.Serial(port, baud, timeout=0.3) as ser:
        time.sleep(0.05)
        ser.reset_input_buffer()
        for n in (STATUS_PRINTER, STATUS_PAPER):
            ser.write(status_request(n))
            answer = ser.read(1)
            time.sleep(0.05)
            if len(answer) != 1 or ser.in_waiting:
                return None
            answers.append(answer[0])
    return parse_status(*answers)              # FrameError when a byte is not a status byte


def probe_escpos(port: str) -> SerialDevice | None:
    for baud in ESCPOS_BAUDS:
        try:
            status = _printer_status(port, baud)
        except (*PORT_ERRORS, FrameError):
            continue
        if status is not None:
            return SerialDevice(port, SerialKind.RECEIPT_PRINTER, baud,
                                f"paper {status.paper.value}, {'online' if status.online else 'offline'}")
    return None


def probe_ga467(port: str) -> SerialDevice | None:
    reader = IdCardReader(port)
    try:
        reader.open()
        baud = reader.probe_baud()
        return SerialDevice(port, SerialKind.IDCARD, baud, f"SAM {reader.sam_id()}")
    except (ReaderError, *PORT_ERRORS):
        return None
    finally:
        reader.close()


def probe_usblp(path: str) -> SerialDevice | None:
    printer = EscPosPrinter(path, transport="usblp", timeout_s=0.3)
    try:
        status = printer.read_status()
    except (*PORT_ERRORS, TimeoutError, FrameError):
        return None
    finally:
        printer.close()
    return SerialDevice(path, SerialKind.RECEIPT_PRINTER, 0,
                        f"usblp, paper {status.paper.value}, {'online' if status.online else 'offline'}")


def detect_usblp(root: Path) -> list[SerialDevice]:
    found = [(p, probe_usblp(str(p))) for p in _by_id(root, "dev/usb") if p.name.startswith("lp")]
    return [SerialDevice(kiosk_path(root, p), d.kind, d.baud, d.detail) for p, d in found if d is not None]


def listen_for_scan(ports: list[str], wait_s: float, baud: int = 9600) -> set[str]:
    """The ports that delivered a terminated line within `wait_s` (the technician scanned a code)."""
    opened: dict[str, serial.Serial] = {}
    for port in ports:
        try:
            opened[port] = serial.Serial(port, baud, timeout=0)
        except PORT_ERRORS:
            continue
    heard: set[str] = set()
    buffers = {p: b"" for p in opened}
    deadline = time.monotonic() + wait_s
    try:
        while opened.keys() - heard and time.monotonic() < deadline:
            for port, ser in opened.items():
                try:
                    buffers[port] += ser.read(256)
                except PORT_ERRORS:
                    continue
                if b"\r" in buffers[port] or b"\n" in buffers[port]:
                    heard.add(port)
            time.sleep(0.02)
    finally:
        for ser in opened.values():
            ser.close()
    return heard


def detect_serial(root: Path, scan_wait_s: float = 0.0) -> list[SerialDevice]:
    names = _by_id(root, "dev/serial/by-id")
    kiosk_names = {str(p): kiosk_path(root, p) for p in names}
    ports = [str(p) for p in names]
    with ThreadPoolExecutor(max(1, len(ports))) as pool:                # ports are independent
        printers = dict(zip(ports, pool.map(probe_escpos, ports)))
        rest = [p for p in ports if printers[p] is None]
        readers = dict(zip(rest, pool.map(probe_ga467, rest)))
    silent = [p for p in rest if readers[p] is None]
    scanners = listen_for_scan(silent, scan_wait_s) if silent and scan_wait_s > 0 else set()
    found: list[SerialDevice] = []
    for port in ports:
        hit = printers.get(port) or readers.get(port)
        if hit is None:
            hit = SerialDevice(port, SerialKind.QR_SCANNER if port in scanners else SerialKind.UNKNOWN,
                               9600 if port in scanners else 0, "" if port in scanners else "silent")
        found.append(SerialDevice(kiosk_names[port], hit.kind, hit.baud, hit.detail))
    return found


def detect_cups(server: str | None) -> list[CupsQueue]:
    import cups
    if server:
        cups.setServer(server)
    conn = cups.Connection()
    states = {3: "idle", 4: "processing", 5: "stopped"}
    return [CupsQueue(name, states.get(a.get("printer-state"), "?"),
                      tuple(r for r in a.get("printer-state-reasons", []) if r != "none"))
            for name, a in sorted(conn.getPrinters().items())]


def detect(root: Path = Path("/"), *, cups_server: str | None = None, scan_wait_s: float = 0.0,
           extra_cameras: tuple[str, ...] = ()) -> Found:
    found = Found()
    found.serial = detect_serial(root, scan_wait_s) + detect_usblp(root)
    try:
        from drivers.smartcard.reader import list_readers
        found.pcsc_readers = list_readers()
    except Exception as exc:          # no pcscd, no libpcsclite: said, not fatal
        found.problems.append(f"PC/SC: {exc}")
    found.cameras = [Camera(kiosk_path(root, p)) for p in _by_id(root, "dev/v4l/by-id", "-video-index0")]
    found.cameras += [Camera(spec) for spec in extra_cameras]
    try:
        found.cups_queues = detect_cups(cups_server)
    except Exception as exc:          # cups.IPPError / RuntimeError when no scheduler answers
        found.problems.append(f"CUPS: {exc}")
    return found
