"""`status-slip`: the kiosk's state on paper, for the technician (any time, also while the kiosk
runs: each device is asked once, quickly, with the production drivers)."""

from __future__ import annotations

from pathlib import Path

from drivers.idcard.reader import IdCardReader, ReaderError
from drivers.printer.cups_printer import CupsPrinter
from drivers.printer.escpos_printer import EscPosPrinter
from drivers.serialport import PORT_ERRORS
from drivers.status import DeviceState, DeviceStatus, StatusCode
from kiosk.config import Config, required_devices, with_overrides
from kiosk.heartbeat import KioskSnapshot
from kiosk.ops_report import slip_document
from kiosk.platform_client import PlatformClient
from kiosk.printing import PrintOutcome
from kiosk.storage import StoreUnavailable, open_outbox

from .selftest import on_host


def _idcard(port: str, baud: int) -> DeviceStatus:
    reader = IdCardReader(port, baud)
    try:
        reader.open()
        reader.sam_status()
        return DeviceStatus("idcard", DeviceState.READY, StatusCode.OK)
    except (ReaderError, *PORT_ERRORS) as exc:
        return DeviceStatus("idcard", DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING, str(exc))
    finally:
        reader.close()


def device_states(cfg: Config, root: Path, cups_server: str | None = None) -> dict[str, DeviceStatus]:
    states: dict[str, DeviceStatus] = {}
    if cfg.idcard.port:
        states["idcard"] = _idcard(on_host(root, cfg.idcard.port), cfg.idcard.baud)
    if cfg.receipt_printer.port:
        printer = EscPosPrinter(on_host(root, cfg.receipt_printer.port), cfg.receipt_printer.baud)
        states["receiptprinter"] = printer.status()
        printer.close()
    if cfg.printer.queue:
        states["a4printer"] = CupsPrinter(cfg.printer.queue, server=cups_server or cfg.printer.server or None).status()
    return states


def print_status_slip(cfg: Config, host_cfg: Config, root: Path, cups_server: str | None = None) -> PrintOutcome:
    """`cfg`: as the kiosk sees it; `host_cfg`: its paths as this tool opens them."""
    from launcher.wiring import printer_from_config

    states = device_states(cfg, root, cups_server)
    client = PlatformClient(host_cfg.platform)
    try:
        box = open_outbox(host_cfg)
        stats = box.stats()
        box.close()
        depth, last = stats.depth, stats.last_good_sync
    except StoreUnavailable:
        depth, last = 0, None
    doc = slip_document(KioskSnapshot("", "", states, required_devices(cfg)), kiosk_id=client.device_id(),
                        kiosk_name=cfg.kiosk.name, platform_url=cfg.platform.url, queue_depth=depth, last_sync=last)
    client.close()
    port = on_host(root, cfg.receipt_printer.port) if cfg.receipt_printer.port else ""
    printer = printer_from_config(with_overrides(cfg, receipt_printer={"port": port},
                                                 printer={"server": cups_server or cfg.printer.server}))
    if printer is None:
        return PrintOutcome(False, "print_unavailable")
    return printer.print_document(doc)
