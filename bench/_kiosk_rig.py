"""A whole kiosk in this process for the UI benchmarks: the reference platform as a real process, a
GA 467 emulator on a socat pty read by the production monitor thread, the encrypted outbox, the view
model and the real QML window (offscreen unless a DISPLAY is set), driven by real mouse events."""

from __future__ import annotations

import os
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402

from drivers.camera.monitor import CameraMonitor  # noqa: E402
from drivers.idcard.emulator import Fault, Ga467Emulator, sample_card  # noqa: E402
from drivers.idcard.photo import EmulatorPhotoDecoder  # noqa: E402
from drivers.idcard.reader import IdCardMonitor  # noqa: E402
from drivers.printer.escpos import PaperState  # noqa: E402
from drivers.printer.escpos_emulator import EscPosEmulator  # noqa: E402
from drivers.printer.escpos_printer import EscPosPrinter  # noqa: E402
from drivers.ptypair import PtyPair  # noqa: E402
from kiosk.cards import DeviceChanged, DocumentRemoved, from_reader_event  # noqa: E402
from kiosk.config import FaceSection  # noqa: E402
from kiosk.service import KioskService  # noqa: E402
from kiosk.sync import SyncWorker  # noqa: E402
from kiosk.verification.check import FacePolicy  # noqa: E402
from kiosk.verification.descriptors import DescriptorProcess  # noqa: E402
from kiosk.verification.face import FaceEngine  # noqa: E402
from launcher import demo_person  # noqa: E402
from launcher.demo import FACE_VIDEO, PORTRAIT_FRAME, portrait_from_video  # noqa: E402
from launcher.demo_person import PromptedCamera  # noqa: E402
from launcher.printing import EscPosPrintService, RoutedPrinter  # noqa: E402
from platform_server.runner import PlatformProcess  # noqa: E402
from offline_cache.crypto import Sealer, load_or_create_key  # noqa: E402
from offline_cache.outbox import Outbox  # noqa: E402
from tests.uitools import click, find, tap_keypad, type_into  # noqa: E402
from ui.app import KioskWindow  # noqa: E402
from ui.application import create_application  # noqa: E402
from ui.bridge import DeviceBridge  # noqa: E402
from ui.viewmodel import KioskViewModel  # noqa: E402

from ._platform import enrolled_platform  # noqa: E402


FACE_ITEMS = frozenset({"RS-0101"})       # of the items a session walks, those that check the face
SEARCH = {"RS-0101": "社保参保", "YB-0601": "医保参保"}     # what a person types to find them


class SessionFailed(RuntimeError):
    pass


class CardLost(SessionFailed):
    """A card left on the reader after the visit: not asked for, or its removal not seen."""


@dataclass(frozen=True)
class Visit:
    """One person's visit as a session walks it."""
    item: str = ""               # "": the rig's kind (a face item, or a card-only one)
    english: bool = False
    elder: bool = False          # 大字版
    offline: bool = False        # the platform is down: the application is queued
    paper_out: bool = False      # the receipt printer is out of paper: printing says so
    reader_outage: bool = False  # the ID card reader goes silent with the card left on it, then comes back


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0, what: str = "") -> None:
    """Process events (the GUI thread keeps running) until the condition holds."""
    deadline = QDeadlineTimer(int(timeout_s * 1000))
    while not condition():
        if deadline.hasExpired():
            raise SessionFailed(f"timed out waiting for {what or condition}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


class KioskRig:
    """`face`: the service is a face item (社保参保证明) checked by the real pipeline on the camera
    stand-in (the demo's video segment and card photo); otherwise a card-only item (医保参保凭证)."""

    def __init__(self, face: bool = True) -> None:
        self.face = face
        self._stack = ExitStack()
        self._tmp = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="kiosk-bench-")))
        self.app = create_application()
        self.platform, client = self._stack.enter_context(enrolled_platform(self._tmp))
        key = load_or_create_key(self._tmp / "store.key", "aes-256-gcm", create=True)
        self.outbox = Outbox(self._tmp / "kiosk.db", Sealer(key))
        self._stack.callback(self.outbox.close)
        service = KioskService(client, SyncWorker(self.outbox, client))
        pty = self._stack.enter_context(PtyPair(self._tmp / "idcard"))
        # 0.4 s: a real module's RF and crypto work for one read (as in the demo)
        self.emulator = Ga467Emulator(str(pty.device_path), processing_delay_s=0.4).start()
        self._stack.callback(self.emulator.stop)
        printer_pty = self._stack.enter_context(PtyPair(self._tmp / "receipt"))
        self.receipt_printer = EscPosEmulator(str(printer_pty.device_path)).start()
        self._stack.callback(self.receipt_printer.stop)
        escpos = EscPosPrinter(str(printer_pty.host_path))
        self._stack.callback(escpos.close)
        self.bridge = DeviceBridge()
        camera = None
        if face:
            demo_person.load()
            # the live recording answering what the screen asks (the shipped hold and response timing)
            person = PromptedCamera()
            camera = CameraMonitor(person, lambda e: self.bridge.post(DeviceChanged(e.status)))
        policy = FacePolicy.from_section(FaceSection())          # what ships: threshold, pool, steps, timing
        # the longest one attempt of the shipped check may take: every step to its time limit, and slack
        self.attempt_bound_s = policy.count * policy.step_time_limit_s + 15
        self.face_retries: list[str] = []        # each failed attempt's reason (the person tapped 再试一次)
        self.vm = KioskViewModel(service, printer=RoutedPrinter(None, EscPosPrintService(escpos)),
                                 camera=camera, face_policy=policy)
        if face:
            person.prompt = lambda: self.vm.face.prompt_key
            descriptors = DescriptorProcess()
            self._stack.callback(descriptors.close)
            self.vm.face.set_engine(FaceEngine(), descriptors)
        self.bridge.event.connect(self.vm.onDeviceEvent)
        if camera is not None:                  # started once its status has somewhere to go
            camera.start()
            self._stack.callback(camera.stop)
        self.removals = 0
        self.bridge.event.connect(self._count_removals)
        decoder = EmulatorPhotoDecoder()
        self.monitor = IdCardMonitor(str(pty.host_path), lambda e: self.bridge.post(from_reader_event(e, decoder)),
                                     poll_interval_s=0.1)
        self.monitor.start()
        self._stack.callback(self.monitor.stop)
        self.ui = KioskWindow(self.vm, fullscreen=False, voice_engine="mock")
        self.ui.window.resize(1280, 800)
        self._stack.callback(self.ui.close)
        self._stack.callback(self.vm.tasks.wait)
        self.vm.loadCatalog()
        wait_until(lambda: self.vm.catalogReady and self.vm.readerReady
                   and (not face or self.vm.device_usable("camera")), 20, "catalog, reader and camera")
        portrait = portrait_from_video(FACE_VIDEO, PORTRAIT_FRAME, self._tmp / "portrait.jpg") if face else None
        self.card = sample_card(portrait=portrait)

    @property
    def window(self):  # noqa: ANN201
        return self.ui.window

    def session(self, on_touch: Callable[[], None] = lambda: None,
                on_screen: Callable[[str], None] = lambda screen: None, visit: Visit = Visit(),
                look: Callable[[str], None] = lambda moment: None) -> None:
        """One person's whole service by touch: home (their language and text size chosen), catalog, guide,
        ID card, verification, form (mobile by keypad), review, submit to the platform (or queued when it is
        down), result, receipt printed (or the printer's refusal said), rating, home — the card left on the
        reader until the screen asks for it. `on_touch` runs just before each touch that changes the screen,
        `on_screen` once the new screen is there; `look` there and at other moments worth a look."""
        vm, win = self.vm, self.window

        def at(screen: str) -> None:
            on_screen(screen)
            look(screen)
        item = visit.item or ("RS-0101" if self.face else "YB-0601")
        face = item in FACE_ITEMS

        def tap(name: str) -> None:
            on_touch()
            try:
                click(win, name)
            except AssertionError as exc:          # not on the screen, hidden or disabled
                raise SessionFailed(str(exc)) from None

        def tap_then(name: str, screen: str, timeout_s: float = 10.0) -> None:
            tap(name)
            wait_until(lambda: vm.screen == screen, timeout_s, screen)
            at(screen)

        if (vm.lang == "en") != visit.english:
            click(win, "languageToggle")
            wait_until(lambda: (vm.lang == "en") == visit.english, 5, "the language")
        if vm.elderMode != visit.elder:
            click(win, "elderToggle")
            wait_until(lambda: vm.elderMode == visit.elder, 5, "大字版")
        look("home")
        tap_then("tile_personal", "catalog")
        type_into(win, "catalogSearch", SEARCH[item])    # few results: in 大字版 the list shows two or three
        wait_until(lambda: any(i["code"] == item for i in vm.catalogItems), 5, "the search")
        QGuiApplication.inputMethod().hide()      # as the keyboard's hide key: the list under it is reachable
        wait_until(lambda: not find(win, "keyboard").property("active"), 5, "the keyboard closed")
        tap_then(f"item_{item}", "guide")
        tap_then("startButton", "identify")
        self.emulator.place(self.card)
        if face:
            wait_until(lambda: vm.screen == "verify", 10, "the card read")
            at("verify")
            click(win, "faceAgree")   # consent (not a timed touch: the screen changes when the check decides)
            self._face_check(win)
        else:
            wait_until(lambda: vm.screen == "form", 10, "the card read")
        at("form")
        tap_keypad(win, "mobile", "13800138000")
        if item == "RS-0101":
            click(win, "option_purpose_0")
            click(win, "option_months_1")
        tap_then("toReview", "review")
        tap("submitButton")
        wait_until(lambda: vm.screen == "result", 15, "the platform's answer")
        at("result")
        if bool(vm.receipt.get("queued")) != visit.offline:
            raise SessionFailed("queued while the platform was up" if vm.receipt.get("queued")
                                else "taken while the platform was down")
        self.receipt_printer.set_paper(PaperState.EMPTY if visit.paper_out else PaperState.OK)
        click(win, "printReceipt")                   # the receipt on the ESC/POS printer (emulated)
        wait_until(lambda: not vm.printing.busy and vm.printing.message != "", 10, "the receipt printed")
        if vm.printing.ok == visit.paper_out:
            raise SessionFailed(f"printing with paper {'out' if visit.paper_out else 'in'}: {vm.printing.message}")
        look("result-printed")
        if visit.offline:                 # not yet with the platform: nothing to rate yet
            tap_then("finishButton", "home")
        else:
            tap_then("toRating", "rate")
            tap_then("rate_5", "home")
        try:
            wait_until(lambda: bool(vm.takeCards), 3, "the screen asking for the card left on the reader")
            look("home-take-card")
            removed = self.removals
            if visit.reader_outage:          # the module stops answering; the card is taken meanwhile
                self.emulator.fault = Fault.SILENT
                wait_until(lambda: not vm.readerReady, 10, "the reader noticed silent")
                self.emulator.remove()
                self.emulator.fault = Fault.NONE
                wait_until(lambda: vm.readerReady, 10, "the reader back")
            else:
                self.emulator.remove()
            wait_until(lambda: self.removals > removed, 5, "the reader noticing the card is gone")
            wait_until(lambda: not vm.takeCards, 3, "the request for the card withdrawn")
        except SessionFailed as exc:
            raise CardLost(str(exc)) from None

    def _count_removals(self, event: object) -> None:
        if isinstance(event, DocumentRemoved):
            self.removals += 1

    def platform_down(self) -> None:
        """The platform stops answering (its port closed): the kiosk queues."""
        self._port = self.platform.port
        self.platform.stop()

    def platform_up(self) -> None:
        """Back on the same port and database: the queue drains."""
        self.platform = PlatformProcess(self._tmp, port=self._port)
        self._stack.callback(self.platform.stop)

    def _face_check(self, win) -> None:  # noqa: ANN001
        """The person in front of the camera until the check decides; after a failed attempt they tap
        再试一次 as the screen invites, until the check passes or offers the other ways."""
        vm = self.vm
        while True:
            wait_until(lambda: vm.screen != "verify" or vm.face.phase in ("failed", "alternatives"),
                       self.attempt_bound_s, "the face check deciding an attempt")
            if vm.screen != "verify":
                break
            reason = vm.face.check.last_reason if vm.face.check else ""
            if vm.face.phase == "alternatives":
                raise SessionFailed(f"the face check failed every attempt (the last: {reason or '-'})")
            self.face_retries.append(reason)
            click(win, "faceRetry")
            wait_until(lambda: vm.face.phase != "failed", 5, "another attempt")
        if vm.screen != "form":
            raise SessionFailed(f"the face check did not pass (now on {vm.screen})")

    def reset(self) -> None:
        """After a failed session: home, no card on the reader."""
        self.emulator.remove()
        self.vm.finish()                 # 结束办理: the session ends wherever it was
        self.vm.goHome()
        wait_until(lambda: self.vm.screen in ("home", "outOfService"), 10, "home")

    def close(self) -> None:
        self._stack.close()
