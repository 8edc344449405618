"""Build a running kiosk from a configuration: platform client, core service, device monitors, UI."""

from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

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

from .printing import CupsPrintService, EscPosPrintService, RoutedPrinter

log = logging.getLogger("launcher")


class Monitor(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...


@dataclass
class RunOptions:
    allow_skip_verification: bool = False       # the demo only
    first_frame_exit: bool = False               # bench.startup: print FIRST_FRAME and quit
    after_window: Callable[[object], None] | None = None   # hook for the demo's control panel
    camera_source: FrameSource | None = None     # the demo's person in front of the camera, not [camera] source


def run_kiosk(cfg: Config, opts: RunOptions) -> int:
    from PySide6.QtCore import QTimer

    from ui.app import KioskWindow, create_application
    from ui.bridge import DeviceBridge
    from ui.viewmodel import KioskViewModel

    from .operations import Operations
    from .sdnotify import Watchdog, notify, watchdog_interval_s

    app = create_application()
    client = PlatformClient(cfg.platform)
    try:
        outbox = open_outbox(cfg)
        audit = AuditLog.open(Path(cfg.kiosk.state_dir))
    except (StoreUnavailable, AuditError) as exc:
        raise ConfigError(f"store: {exc}") from None
    sync = SyncWorker(outbox, client)
    service = KioskService(client, sync, audit=audit)
    counters = Counters(outbox.conn, outbox.lock)
    printer = printer_from_config(cfg, counters)
    bridge = DeviceBridge()
    monitors = device_monitors(cfg, bridge.post, opts.camera_source)
    camera, doc_camera = monitors.get("camera"), monitors.get("doccamera")
    vm = KioskViewModel(service, allow_skip_verification=opts.allow_skip_verification, printer=printer,
                        idle=IdlePolicy(cfg.ui.screen_timeout_s, 20.0, cfg.ui.idle_limit_s),
                        required_devices=required_devices(cfg), hours=ServiceHours.parse(cfg.ui.service_hours),
                        elder_mode=cfg.ui.elder_mode, camera=camera if isinstance(camera, CameraMonitor) else None,
                        doc_camera=doc_camera if isinstance(doc_camera, CameraMonitor) else None,
                        face_policy=face_policy(cfg))
    vm.set_kiosk_name(cfg.kiosk.name)
    vm.printing.track_base_url = cfg.platform.public_url
    bridge.event.connect(vm.onDeviceEvent)
    for name, section in (("idcard", cfg.idcard), ("sscard", cfg.sscard), ("qrscanner", cfg.qrscanner),
                          ("camera", cfg.camera), ("doccamera", cfg.doc_camera)):
        if name not in monitors and section.required:
            vm.onDeviceEvent(DeviceChanged(DeviceStatus(name, DeviceState.UNAVAILABLE, StatusCode.NOT_CONFIGURED)))

    speech = _OwnSpeechd()
    window = KioskWindow(vm, fullscreen=cfg.ui.fullscreen, pins=PinCheck(cfg.ui.technician_pin_hash,
                                                                             Path(cfg.kiosk.state_dir) / "technician-lockout.json"),
                         voice_engine=cfg.ui.voice_engine,
                         voice_prepare=speech.start if cfg.ui.voice_engine == "speechd" else None)
    if opts.first_frame_exit:
        def first_frame() -> None:
            print(f"FIRST_FRAME {time.monotonic():.6f}", flush=True)
            QTimer.singleShot(0, lambda: app.exit(0))
        window.window.frameSwapped.connect(first_frame)
    # systemd: ready once the first frame is shown; then the watchdog, pinged from this event loop
    interval = watchdog_interval_s()
    watchdog = Watchdog(interval, app) if interval else None

    def ready() -> None:
        window.window.frameSwapped.disconnect(ready)
        notify("READY=1\nSTATUS=serving")
        if watchdog is not None:
            watchdog.start()
    window.window.frameSwapped.connect(ready)
    if opts.after_window:
        opts.after_window(window)
    for monitor in monitors.values():
        monitor.start()
    if camera is not None:                          # ~1 s of model loading, off the GUI thread
        QTimer.singleShot(0, lambda: vm.tasks.run(load_face_engine, lambda m: vm.face.set_engine(*(m or (None, None)))))
    if client.is_enrolled():
        QTimer.singleShot(0, vm.loadCatalog)        # off the GUI thread, after the first frame
        sync.start(cfg.store.sync_interval_s, cfg.store.retention_days * 86400)
        Operations(vm, HeartbeatSender(client, outbox, counters, audit), interval_s=cfg.kiosk.heartbeat_interval_s,
                   kiosk_name=cfg.kiosk.name, platform_url=cfg.platform.url).start()
    else:
        log.error("kiosk not enrolled: no device token at %s", cfg.platform.key_file)
        vm.set_unprovisioned()
    # Printers have no push: their state is asked for every 15 s, off the GUI thread.
    polled = [p for p in (printer.a4, printer.receipt) if p is not None] if printer is not None else []
    def poll_printers() -> None:
        for p in polled:
            vm.tasks.run(p.status, on_printer_status)

    def on_printer_status(status: DeviceStatus) -> None:
        vm.onDeviceEvent(DeviceChanged(status))
        vm.printing.changed.emit()               # paper left per tray, as the printer just said

    printer_poll = QTimer(app)
    printer_poll.timeout.connect(poll_printers)
    printer_poll.start(15_000)
    QTimer.singleShot(0, poll_printers)
    for name, section, present in (("a4printer", cfg.printer, cfg.printer.queue),
                                   ("receiptprinter", cfg.receipt_printer, cfg.receipt_printer.port)):
        if section.required and not present:
            vm.onDeviceEvent(DeviceChanged(DeviceStatus(name, DeviceState.UNAVAILABLE, StatusCode.NOT_CONFIGURED)))
    paused_check = QTimer(app)                      # bounded offline, said before anyone fills a form
    paused_check.timeout.connect(vm.checkSubmissions)
    paused_check.start(60_000)
    QTimer.singleShot(0, vm.checkSubmissions)
    quit_on_signals(app)
    try:
        return app.exec()
    finally:
        notify("STOPPING=1")
        if watchdog is not None:
            watchdog.stop()
        window.close()                              # the lockdown, the voice thread, the keyboard's data
        speech.stop()
        for monitor in monitors.values():
            monitor.stop()
        vm.tasks.wait(5000)
        if isinstance(vm.face.descriptors, DescriptorProcess):
            vm.face.descriptors.close()
        sync.stop()
        audit.close()
        outbox.close()
        client.close()


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


def quit_on_signals(app: object) -> None:
    """SIGTERM (systemd, the tests) and SIGINT leave the event loop normally, so every device
    thread, emulator and child process is stopped by the `finally` blocks. Qt's loop runs no Python
    code by itself: a short timer lets the interpreter deliver the signal."""
    import signal

    from PySide6.QtCore import QTimer
    for sig in (signal.SIGTERM, signal.SIGINT):
        # exit(), not quit(): quit() first asks the windows to close, and the locked window refuses
        signal.signal(sig, lambda *_: app.exit(0))  # type: ignore[attr-defined]
    timer = QTimer(app)  # type: ignore[arg-type]
    timer.timeout.connect(lambda: None)
    timer.start(200)


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


def has_display() -> bool:
    import os
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or platform.startswith(
        ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"))


NO_DISPLAY = """没有可用的显示器 / No display found.

The kiosk needs a screen. On a machine without one, start a virtual display first:
    Xvfb :99 -screen 0 1280x800x24 -nolisten tcp &
    DISPLAY=:99 ./dev demo
and take a screenshot with:  DISPLAY=:99 import -window root shot.png
"""


def require_display() -> bool:
    if has_display():
        return True
    sys.stderr.write(NO_DISPLAY)
    return False
