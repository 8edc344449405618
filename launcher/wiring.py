"""Build a running kiosk from a configuration: platform client, core service, device monitors, UI.
Imported behind the start screen (launcher/startup.py): everything heavy is imported from here."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from drivers.camera.monitor import CameraMonitor
from drivers.camera.sources import FrameSource, source_from_spec
from drivers.idcard.reader import IdCardMonitor
from drivers.qrscanner.scanner import QrScannerMonitor
from drivers.printer.cups_printer import CupsPrinter
from drivers.printer.escpos_printer import EscPosPrinter
from drivers.smartcard.reader import SmartCardMonitor
from drivers.speechd import Speechd, start_speechd
from drivers.status import DeviceState, DeviceStatus, StatusCode
from kiosk.cards import (
    DeviceChanged, from_qr_event, from_reader_event, from_sscard_event, photo_decoder_from_config,
)
from kiosk.activity import ActivityFile
from kiosk.audit import AuditError, AuditLog
from kiosk.availability import ServiceHours
from kiosk.config import Config, ConfigError, required_devices
from kiosk.heartbeat import HeartbeatSender
from kiosk.platform_client import PlatformClient
from kiosk.service import KioskService
from kiosk.storage import StoreUnavailable, open_outbox
from kiosk.sync import SyncWorker
from kiosk.idle import IdlePolicy
from kiosk.technician import PinCheck
from kiosk.verification.check import FacePolicy
from kiosk.verification.descriptors import DescriptorProcess
from kiosk.verification.face import FaceEngine, FaceModelsMissing
from offline_cache.counters import Counters
from ui.app import KioskWindow
from ui.bridge import DeviceBridge
from ui.viewmodel import KioskViewModel

from .operations import Operations
from .printing import CupsPrintService, EscPosPrintService, RoutedPrinter
from .options import RunOptions

log = logging.getLogger("launcher")


class Monitor(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...


class AssembledKiosk:
    """Everything of a running kiosk — platform client, store, service, device monitors, the window —
    built on the GUI thread. The window is drawn first; the devices, the face models, the catalog, the
    outbox's sync and the heartbeat start behind its first frame (`on_drawn` is told of it)."""

    def __init__(self, app: QGuiApplication, cfg: Config, opts: RunOptions, on_drawn: Callable[[], None]) -> None:
        self.app, self.cfg, self._on_drawn = app, cfg, on_drawn
        self.client = client = PlatformClient(cfg.platform)
        try:
            self.outbox = outbox = open_outbox(cfg)
            self.audit = audit = AuditLog.open(Path(cfg.kiosk.state_dir))
        except (StoreUnavailable, AuditError) as exc:
            raise ConfigError(f"store: {exc}") from None
        self.sync = SyncWorker(outbox, client)
        service = KioskService(client, self.sync, audit=audit)
        self.counters = Counters(outbox.conn, outbox.lock)
        self.printer = printer = printer_from_config(cfg, self.counters)
        self.bridge = DeviceBridge()
        self.monitors = monitors = device_monitors(cfg, self.bridge.post, opts.camera_source)
        camera, doc_camera = monitors.get("camera"), monitors.get("doccamera")
        self.vm = vm = KioskViewModel(
            service, allow_skip_verification=opts.allow_skip_verification, printer=printer,
            idle=IdlePolicy(cfg.ui.screen_timeout_s, 20.0, cfg.ui.idle_limit_s), required_devices=required_devices(cfg),
            hours=ServiceHours.parse(cfg.ui.service_hours), elder_mode=cfg.ui.elder_mode,
            camera=camera if isinstance(camera, CameraMonitor) else None,
            doc_camera=doc_camera if isinstance(doc_camera, CameraMonitor) else None, face_policy=face_policy(cfg))
        vm.set_kiosk_name(cfg.kiosk.name)
        vm.printing.track_base_url = cfg.platform.public_url
        self.bridge.event.connect(vm.onDeviceEvent)
        for name, section in (("idcard", cfg.idcard), ("sscard", cfg.sscard), ("qrscanner", cfg.qrscanner),
                              ("camera", cfg.camera), ("doccamera", cfg.doc_camera)):
            if name not in monitors and section.required:
                vm.onDeviceEvent(DeviceChanged(DeviceStatus(name, DeviceState.UNAVAILABLE, StatusCode.NOT_CONFIGURED)))
        for name, section, present in (("a4printer", cfg.printer, cfg.printer.queue),
                                       ("receiptprinter", cfg.receipt_printer, cfg.receipt_printer.port)):
            if section.required and not present:
                vm.onDeviceEvent(DeviceChanged(DeviceStatus(name, DeviceState.UNAVAILABLE, StatusCode.NOT_CONFIGURED)))
        if not client.is_enrolled():
            log.error("kiosk not enrolled: no device token at %s", cfg.platform.key_file)
            vm.set_unprovisioned()
        self.speech = _OwnSpeechd()
        self.window = KioskWindow(vm, fullscreen=cfg.ui.fullscreen,
                                  pins=PinCheck(cfg.ui.technician_pin_hash,
                                                Path(cfg.kiosk.state_dir) / "technician-lockout.json"),
                                  voice_engine=cfg.ui.voice_engine,
                                  voice_prepare=self.speech.start if cfg.ui.voice_engine == "speechd" else None)
        self._behind_started = False
        self.window.window.frameSwapped.connect(self._drawn)     # every frame: a flag, since disconnecting
        if opts.after_window:                                     # a slot from the render thread's signal fails
            opts.after_window(self.window)

    def _drawn(self) -> None:
        if self._behind_started:
            return
        self._behind_started = True
        self._start_behind_the_window()
        self._on_drawn()

    def _start_behind_the_window(self) -> None:
        cfg, vm = self.cfg, self.vm
        for monitor in self.monitors.values():
            monitor.start()
        if "camera" in self.monitors:               # ~1 s of model loading, off the GUI thread
            vm.tasks.run(load_face_engine, lambda m: vm.face.set_engine(*(m or (None, None))))
        if self.client.is_enrolled():
            vm.loadCatalog()                        # off the GUI thread
            self.sync.start(cfg.store.sync_interval_s, cfg.store.retention_days * 86400)
            Operations(vm, HeartbeatSender(self.client, self.outbox, self.counters, self.audit,
                                           ActivityFile(Path(cfg.kiosk.state_dir))),
                       interval_s=cfg.kiosk.heartbeat_interval_s, kiosk_name=cfg.kiosk.name,
                       platform_url=cfg.platform.url, work_orders=self.window.maintenance.set_work_orders).start()
        # Printers have no push: their state is asked for every 15 s, off the GUI thread.
        polled = [p for p in (self.printer.a4, self.printer.receipt) if p is not None] if self.printer else []

        def poll_printers() -> None:
            for p in polled:
                vm.tasks.run(p.status, on_printer_status)

        def on_printer_status(status: DeviceStatus) -> None:
            vm.onDeviceEvent(DeviceChanged(status))
            vm.printing.changed.emit()               # paper left per tray, as the printer just said

        self.printer_poll = QTimer(self.app)
        self.printer_poll.timeout.connect(poll_printers)
        self.printer_poll.start(15_000)
        poll_printers()
        self.paused_check = QTimer(self.app)        # bounded offline, said before anyone fills a form
        self.paused_check.timeout.connect(vm.checkSubmissions)
        self.paused_check.start(60_000)
        vm.checkSubmissions()

    def close(self) -> None:
        self.window.close()                         # the lockdown, the voice thread, the keyboard's data
        self.speech.stop()
        for monitor in self.monitors.values():
            monitor.stop()
        self.vm.tasks.wait(5000)
        if isinstance(self.vm.face.descriptors, DescriptorProcess):
            self.vm.face.descriptors.close()
        self.sync.stop()
        self.audit.close()
        self.outbox.close()
        self.client.close()


def face_policy(cfg: Config) -> FacePolicy:
    return FacePolicy.from_section(cfg.face)


def load_face_engine() -> tuple[FaceEngine, DescriptorProcess] | None:
    """The face models, from installed packages only (and the descriptor process, which loads its
    own). Missing ones are said once, at start-up; face items then offer their non-face ways (never a
    crash in the middle of someone's check)."""
    try:
        return FaceEngine(), DescriptorProcess()
    except FaceModelsMissing as exc:
        log.error("face check unavailable: %s", exc)
        return None


def printer_from_config(cfg: Config, counters: Counters | None = None) -> RoutedPrinter | None:
    a4 = CupsPrintService(CupsPrinter(cfg.printer.queue, server=cfg.printer.server or None,
                                      status_uri=cfg.printer.status_uri or None,
                                      tls_pin_sha256=cfg.printer.tls_pin_sha256), counters=counters,
                          capacity=cfg.printer.sheets_per_refill,
                          certificate_cover=cfg.printer.certificate_cover) if cfg.printer.queue else None
    receipt = EscPosPrintService(EscPosPrinter(cfg.receipt_printer.port, cfg.receipt_printer.baud,
                                               transport=cfg.receipt_printer.transport), counters=counters,
                                 capacity=cfg.receipt_printer.receipts_per_roll) if cfg.receipt_printer.port else None
    return RoutedPrinter(a4, receipt) if a4 or receipt else None


class _OwnSpeechd:
    """The speech-dispatcher the voice guidance talks to: one given by SPEECHD_ADDRESS (a system
    service), else our own, started on the voice thread (never libspeechd's auto-spawned one: it
    outlives the kiosk, keeps its pipes, and hangs where there is no sound server)."""

    def __init__(self) -> None:
        self.daemon: Speechd | None = None

    def start(self) -> None:
        if os.environ.get("SPEECHD_ADDRESS"):
            return
        self.daemon = start_speechd()
        os.environ["SPEECHD_ADDRESS"] = self.daemon.address

    def stop(self) -> None:
        if self.daemon is not None:
            self.daemon.stop()


def device_monitors(cfg: Config, post: Callable[[object], None],
                    camera_source: FrameSource | None = None) -> dict[str, Monitor]:
    """One monitor thread per configured device; each translates its driver's events into the
    core's vocabulary on its own thread (photo decoding included) and posts them. `camera_source`
    (the demo's) stands in for the `[camera] source` spec."""
    monitors: dict[str, Monitor] = {}
    if cfg.idcard.port:
        decoder = photo_decoder_from_config(cfg.idcard.photo_decoder, cfg.idcard.photo_symbol)
        if not decoder.available:
            log.warning("no chip photo decoder configured: face checks will use the non-face path")
        monitors["idcard"] = IdCardMonitor(cfg.idcard.port, lambda e: post(from_reader_event(e, decoder)),
                                           baud=cfg.idcard.baud, poll_interval_s=cfg.idcard.poll_interval_s)
    if cfg.sscard.reader:
        monitors["sscard"] = SmartCardMonitor(cfg.sscard.reader, lambda e: post(from_sscard_event(e)))
    if camera_source is not None:
        monitors["camera"] = CameraMonitor(camera_source, lambda e: post(DeviceChanged(e.status)))
    for device, key, section in (("camera", "camera", cfg.camera), ("doccamera", "doc_camera", cfg.doc_camera)):
        if section.source and device not in monitors:
            try:
                source = source_from_spec(section.source, section.width, section.height, section.fps)
            except ValueError as exc:
                raise ConfigError(f"{key}.source: {exc}") from None
            monitors[device] = CameraMonitor(source, lambda e: post(DeviceChanged(e.status)), device=device)
    if cfg.qrscanner.port:
        monitors["qrscanner"] = QrScannerMonitor(cfg.qrscanner.port, lambda e: post(from_qr_event(e)),
                                                 baud=cfg.qrscanner.baud)
    return monitors
