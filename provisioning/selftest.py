"""A real test per device, with the production drivers: the ID card module's SAM (and a card read if a
card lies on it), the camera's frames, a test page through CUPS to completion, a test receipt, the
PC/SC reader, the platform with this kiosk's token. The result is a pass/fail table."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from drivers.camera.sources import source_from_spec
from drivers.idcard.reader import IdCardReader, ReaderError
from drivers.printer.cups_printer import CupsPrinter
from drivers.printer.escpos_printer import EscPosPrinter
from drivers.serialport import PORT_ERRORS
from kiosk.config import Config
from kiosk.documents import test_page
from kiosk.platform_client import PlatformClient, PlatformError

from .detect import Found, SerialKind


@dataclass(frozen=True)
class TestResult:
    device: str              # idcard, camera, a4printer, receiptprinter, sscard, qrscanner, platform
    target: str              # which one (path, queue, reader name, URL)
    ok: bool
    detail: str
    seconds: float


def _timed(device: str, target: str, check: Callable[[], str]) -> TestResult:
    start = time.monotonic()
    try:
        detail = check()
        ok = True
    except Exception as exc:                 # every failure becomes a row in the table, with its words
        detail, ok = f"{type(exc).__name__}: {exc}", False
    return TestResult(device, target, ok, detail, round(time.monotonic() - start, 3))


def on_host(root: Path, path: str) -> str:
    """A kiosk path opened from the provisioning tool, which may work on a temporary root."""
    return str(root / path.lstrip("/")) if path.startswith("/") else path


def check_idcard(port: str, baud: int) -> str:
    reader = IdCardReader(port, baud)
    reader.open()
    try:
        reader.sam_status()
        words = f"SAM {reader.sam_id()} ok"
        if reader.find_card():
            reader.read_card()                 # read in full; nothing of it is shown or kept
            words += ", card read ok"
        else:
            words += ", no card on the pad (place one to test a read)"
        return words
    except ReaderError as exc:
        raise RuntimeError(exc.message[1]) from None
    finally:
        reader.close()


def check_camera(spec: str, cfg: Config, frames: int = 10, timeout_s: float = 5.0) -> str:
    source = source_from_spec(spec, cfg.camera.width, cfg.camera.height, cfg.camera.fps)
    source.open()
    try:
        start, got, shape = time.monotonic(), 0, None
        while got < frames and time.monotonic() - start < timeout_s:
            frame = source.read()
            if frame is not None:
                got, shape = got + 1, frame.shape
        if got < frames:
            raise RuntimeError(f"only {got} frames in {timeout_s:.0f} s")
        return f"{shape[1]}x{shape[0]}, {got / (time.monotonic() - start):.0f} fps"   # type: ignore[index]
    finally:
        source.close()


def _qt_application() -> None:
    """Qt as the kiosk has it (fonts included), also from a technician's shell without a display."""
    import os

    from ui.application import create_application
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    create_application()


def check_cups(queue: str, server: str | None, kiosk_name: str) -> str:
    from launcher.printing import CupsPrintService
    _qt_application()                          # QPdfWriter lays out the page with Qt's fonts
    outcome = CupsPrintService(CupsPrinter(queue, server=server), timeout_s=60).print_document(
        test_page(kiosk_name=kiosk_name, now=dt.datetime.now(dt.timezone.utc)))
    if not outcome.ok:
        raise RuntimeError(outcome.message_code)
    return "test page printed"


def check_receipt(port: str, baud: int, kiosk_name: str) -> str:
    from launcher.printing import EscPosPrintService
    printer = EscPosPrinter(port, baud)
    try:
        status = printer.status()
        outcome = EscPosPrintService(printer).print_document(
            test_page(kiosk_name=kiosk_name, now=dt.datetime.now(dt.timezone.utc)))
        if not outcome.ok:
            raise RuntimeError(outcome.message_code)
        return "test receipt printed" + (", paper low" if status.code.value == "MEDIA_LOW" else "")
    finally:
        printer.close()


def check_pcsc(reader: str) -> str:
    from drivers.smartcard.reader import list_readers
    if reader not in list_readers():
        raise RuntimeError("reader not listed by pcscd")
    return "listed by pcscd"


def check_qrscanner(port: str, baud: int) -> str:
    import serial
    try:
        serial.Serial(port, baud, timeout=0).close()
    except PORT_ERRORS as exc:
        raise RuntimeError(str(exc)) from None
    return "port opens (scan a code in `detect --scan-wait` to test reading)"


def check_screen_text() -> str:
    """The public reads Chinese: a CJK font, found as the kiosk finds it (Qt's font database), and the
    zh_CN.UTF-8 locale kiosk.env names."""
    from ui.application import cjk_family
    _qt_application()
    family = cjk_family()
    if family is None:
        raise RuntimeError("no CJK font (Debian: fonts-noto-cjk): Chinese would show as boxes")
    locales = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=60).stdout.lower().split()
    if "zh_cn.utf8" not in locales:
        raise RuntimeError("locale zh_CN.UTF-8 missing (enable it in /etc/locale.gen, run locale-gen)")
    return f"{family}, zh_CN.UTF-8"


def check_platform(client: PlatformClient) -> str:
    try:
        fetched = client.fetch_catalog()
    except PlatformError as exc:
        raise RuntimeError(exc.detail) from None
    items = len(fetched.catalog.items) if fetched.catalog else 0
    return f"enrolled as {client.device_id() or '?'}, catalog {items} items"


def selftest(found: Found, cfg: Config, root: Path = Path("/"), *, cups_server: str | None = None,
             cups_queues: tuple[str, ...] = (), client: PlatformClient | None = None) -> list[TestResult]:
    """Test what was found (CUPS: only the queues named, a test page costs paper)."""
    results: list[TestResult] = []
    for dev in found.serial:
        port = on_host(root, dev.path)
        if dev.kind is SerialKind.IDCARD:
            results.append(_timed("idcard", dev.path, lambda: check_idcard(port, dev.baud)))
        elif dev.kind is SerialKind.RECEIPT_PRINTER:
            results.append(_timed("receiptprinter", dev.path, lambda: check_receipt(port, dev.baud, cfg.kiosk.name)))
        elif dev.kind is SerialKind.QR_SCANNER:
            results.append(_timed("qrscanner", dev.path, lambda: check_qrscanner(port, dev.baud or 9600)))
    for reader in found.pcsc_readers:
        results.append(_timed("sscard", reader, lambda: check_pcsc(reader)))
    for cam in found.cameras:
        results.append(_timed("camera", cam.source, lambda: check_camera(on_host(root, cam.source)
                                                                         if cam.source.startswith("/") else cam.source,
                                                                         cfg)))
    for queue in cups_queues:
        results.append(_timed("a4printer", queue, lambda: check_cups(queue, cups_server, cfg.kiosk.name)))
    if client is not None:
        results.append(_timed("platform", cfg.platform.url, lambda: check_platform(client)))
    if root == Path("/"):                    # fonts and locales of the box itself, not of a build host
        results.append(_timed("screen", "CJK font, zh_CN.UTF-8", check_screen_text))
    return results
