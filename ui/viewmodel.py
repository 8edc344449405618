"""The view model behind every screen: QObject properties and slots that call kiosk.service.

It holds no business rules: what may happen next is the session's decision; this class only turns
the core's state into plain values for QML and runs network work on the task runner.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from api_schema.models import Audience, EvaluationLevel, VerificationFallback
from drivers.camera.monitor import CameraMonitor
from drivers.status import DeviceStatus
from kiosk.availability import Availability, KioskState, ServiceHours, availability
from kiosk.heartbeat import KioskSnapshot
from kiosk.identity import IdentitySourceDevice
from kiosk.idle import IdleGuard, IdlePolicy, IdleState
from kiosk.cards import (
    CardsOnReaders, DeviceChanged, DocumentPresented, DocumentRemoved, DocumentUnreadable, IdentityCodeScanned,
    KioskDeviceEvent,
    ReceiptCodeScanned,
)
from kiosk.printing import Printer
from kiosk.messages import DEVICE_NAMES, message, pick
from kiosk.service import KioskService, Outcome
from kiosk.session import EndReason, Step, VerificationMethod, VerificationResult, WrongStep
from kiosk.verification.check import FacePolicy

from . import session_view
from .enterprise import EnterpriseViewModel
from .face_check import FaceCheckViewModel
from .materials import MaterialsViewModel
from .printing import PrintViewModel
from .progress import ProgressViewModel
from .tasks import TaskRunner

log = logging.getLogger("ui.viewmodel")


class KioskViewModel(QObject):
    changed = Signal()

    def __init__(self, service: KioskService, *, allow_skip_verification: bool = False,
                 idle: IdlePolicy = IdlePolicy(), required_devices: frozenset[str] = frozenset(),
                 hours: ServiceHours = ServiceHours(), elder_mode: bool = False,
                 printer: Printer | None = None, camera: CameraMonitor | None = None,
                 doc_camera: CameraMonitor | None = None,
                 face_policy: FacePolicy = FacePolicy(), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._required, self._configured_hours = required_devices, hours
        self._platform_hours = service.platform_hours()    # kept across restarts; None: the configuration's
        self._hours = hours if self._platform_hours is None else self._platform_hours
        self._maintenance = bool(service.stopped_by())    # out of service (technician, platform), kept across restarts
        self.idle = IdleGuard(idle, time.monotonic)
        self._idle_timer = QTimer(self)
        self._idle_timer.timeout.connect(self._idle_tick)
        self._idle_timer.start(500)
        self.tasks = TaskRunner(self)
        self._allow_skip = allow_skip_verification
        self._home_screen = "home"          # home-level screens the session does not model
        self._lang = "zh"
        self._elder = self._elder_default = elder_mode
        self._query = ""
        self._audience: Audience | None = None
        self._message = ""
        self._load_failed_message = ""      # the band's words a failed catalog load put there
        self._busy = False
        self._catalog_ready = False
        self._catalog_asked = False         # the first catalog load has finished (well or not)
        self._provisioned = True            # enrolled with the platform (the wiring says when not)
        self.cards = CardsOnReaders()       # cards read and not yet taken
        self._take_cards: tuple[IdentitySourceDevice, ...] = ()   # asked for after a visit, until taken
        self._devices: dict[str, DeviceStatus] = {}      # in the order they reported
        self.tracking = ProgressViewModel(self)       # 办件查询
        self.printing = PrintViewModel(self, printer)
        self.face = FaceCheckViewModel(self, camera, face_policy)     # 实人核验
        self.enterprise = EnterpriseViewModel(self)                   # 企业身份核验, 政策通
        self.materials = MaterialsViewModel(self, doc_camera)         # 高拍仪
        self._last_screen = ""
        self._last_form: object = None

    # ------------------------------------------------------------ plumbing

    def _notify(self) -> None:
        """Refresh the snapshot QML reads, then tell QML (its bindings run before any other slot)."""
        self._revision += 1
        form = self.service.session.form
        form_changed, self._last_form = form is not self._last_form, form
        screen = self._current_screen()
        if screen != self._last_screen:
            log.info("screen %s -> %s", self._last_screen or "-", screen)
            if self._last_screen == "verify":
                self.face.end()                  # the attempt stops, its pictures are dropped
            self._last_screen = screen
            self.service.visits.reached(screen, language=self._lang, elder=self._elder)
            if screen == "verify":
                self.face.begin()
            self.idle.reset()                    # a new screen is progress
            self.printing.clear()                # a print's outcome belongs to the screen it was asked on
        if form_changed:
            self.formChanged.emit()
        self.changed.emit()

    # ------------------------------------------------------------ time limits (适老化)

    def userActivity(self) -> None:
        """Any touch or key (from the application's event filter): the screen's time restarts."""
        self.idle.extend()

    @Slot()
    def moreTime(self) -> None:
        """"I need more time"."""
        self.idle.extend()
        self._idle_tick()

    def _idle_tick(self) -> None:
        if self._current_screen() != self._last_screen:      # e.g. opening hours began or ended
            self._notify()
        if self._last_screen in ("", "home", "outOfService"):
            self.idle.reset()
            warning = 0
        else:
            state = self.idle.state()
            if state is IdleState.EXPIRED:
                log.info("session timed out on screen %s", self._last_screen)
                self.service.end(EndReason.TIMEOUT)
                self._session_over()
                return
            warning = int(self.idle.seconds_left() + 0.999) if state is IdleState.WARNING else 0
        if warning != self._warning:
            self._warning = warning
            self._notify()

    timeWarning = Property(int, lambda self: self._warning, notify=changed)
    _warning = 0

    def _apply(self, outcome: Outcome) -> bool:
        self.idle.reset()                        # the person did something in the service
        self._message = message(outcome.message_code, self._lang) if outcome.message_code else ""
        self._notify()
        return outcome.ok

    def _background(self, fn: Any, then: Any) -> None:
        self._busy = True
        self._notify()

        def done(result: Any) -> None:
            self._busy = False
            then(result)
            self._notify()

        def failed(exc: Exception) -> None:
            self._busy = False
            self._message = message("platform_error", self._lang)
            self._notify()

        self.tasks.run(fn, done, failed)

    @Slot()
    def checkSubmissions(self) -> None:
        """Bounded offline, shown before anyone fills a form (checked off the GUI thread)."""
        before = self.service.paused_code

        def done(code: str) -> None:
            if code != before:
                self._notify()
        self.tasks.run(self.service.submissions_paused, done)

    # in the language on the screen now (a switch does not wait for the next check)
    submissionsPaused = Property(str, lambda self: message(self.service.paused_code, self._lang)
                                 if self.service.paused_code else "", notify=changed)
    # The cards to hand back after a visit ("idcard", "sscard"): the screen asks for them, in words and
    # voice, until the readers say they were taken.
    takeCards = Property("QVariantList", lambda self: [d.value for d in self._take_cards], notify=changed)

    @Slot()
    def loadCatalog(self) -> None:
        def done(outcome: Outcome) -> None:
            self._catalog_ready = self.service.catalog is not None
            self._catalog_asked = True
            if outcome.ok:
                if self._message and self._message == self._load_failed_message:
                    self._message = ""                           # what the failed load said is no longer true
                self._load_failed_message = ""
            elif not self.service.client.revoked:                # revoked: the screen says so, once
                self._message = self._load_failed_message = message(outcome.message_code, self._lang)
                QTimer.singleShot(5000, self.loadCatalog)        # try again, quietly
        self._background(self.service.refresh_catalog, done)

    # ------------------------------------------------------------ properties

    def _current_screen(self) -> str:
        step = self.service.session.step
        if step is not Step.HOME:
            return step.value
        if self._home_screen == "home" and self.availability().state is KioskState.OUT_OF_SERVICE:
            return "outOfService"
        return self._home_screen

    def availability(self) -> Availability:
        return availability(self._devices, self._required, catalog_ready=self.service.catalog is not None,
                            hours=self._hours, now=dt.datetime.now(), maintenance=self._maintenance,
                            session_active=self.service.session.step is not Step.HOME,
                            revoked=self.service.client.revoked, catalog_pending=not self._catalog_asked,
                            provisioned=self._provisioned)

    def snapshot(self) -> KioskSnapshot:
        """The state, its reason and the devices, for the heartbeat and the status slip."""
        a = self.availability()
        return KioskSnapshot(a.state.value, a.reason.value if a.reason else "", dict(self._devices), self._required,
                             self.service.paused_code)

    def set_service_hours(self, hours: ServiceHours | None) -> None:
        """The hours the platform set for this kiosk (None: it sets none, the configuration's apply)."""
        if hours == self._platform_hours:        # every minute the same: no store read or write here
            return
        self.service.keep_platform_hours(hours)
        self._platform_hours = hours
        self._hours = self._configured_hours if hours is None else hours
        self._notify()

    def set_maintenance(self, on: bool, by: str = "technician") -> None:
        """The technician's (or the platform's) switch: out of service (reason: maintenance) until
        switched back."""
        if on != self._maintenance:
            self.service.service_state_changed(on, by)
        self._maintenance = on
        self._notify()

    def _get_out_of_service(self) -> dict[str, Any]:
        a = self.availability()
        if a.state is not KioskState.OUT_OF_SERVICE:
            return {}
        return {"reason": a.reason.value if a.reason else "", "hours": self._hours.text(),
                "devices": [self._device_name(n) for n in a.devices]}

    def _device_name(self, device: str) -> str:
        return pick(DEVICE_NAMES.get(device, (device, device)), self._lang)

    outOfService = Property("QVariantMap", _get_out_of_service, notify=changed)

    # The screen QML shows: updated on the GUI thread when `changed` is emitted, never read live
    # from a session that a worker thread may be moving at that moment.
    screen = Property(str, lambda self: self._last_screen or "home", notify=changed)
    lang = Property(str, lambda self: self._lang, notify=changed)
    elderMode = Property(bool, lambda self: self._elder, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    message = Property(str, lambda self: self._message, notify=changed)
    catalogReady = Property(bool, lambda self: self._catalog_ready, notify=changed)
    readerReady = Property(bool, lambda self: "idcard" in self._devices and self._devices["idcard"].usable,
                           notify=changed)

    def _get_devices(self) -> list[dict[str, Any]]:
        order = list(DEVICE_NAMES)
        names = sorted(self._devices, key=lambda n: order.index(n) if n in order else len(order))
        return [{"name": self._device_name(n), "ready": self._devices[n].usable, "code": self._devices[n].code.value}
                for n in names]

    devices = Property("QVariantList", _get_devices, notify=changed)
    query = Property(str, lambda self: self._query, notify=changed)
    kioskName = Property(str, lambda self: self._kiosk_name, notify=changed)
    _kiosk_name = ""

    def set_kiosk_name(self, name: str) -> None:
        self._kiosk_name = name

    def _get_audience(self) -> str:
        return self._audience.value if self._audience else ""

    audience = Property(str, _get_audience, notify=changed)

    def _get_items(self) -> list[dict[str, Any]]:
        if self.service.catalog is None:
            return []
        return [session_view.item_view(i, self._lang) for i in self.service.catalog.search(self._query, self._audience)]

    catalogItems = Property("QVariantList", _get_items, notify=changed)

    def _get_item(self) -> dict[str, Any]:
        item = self.service.session.item
        return session_view.item_view(item, self._lang, self.service.catalog) if item else {}

    item = Property("QVariantMap", _get_item, notify=changed)

    # The form's delegates must survive keystrokes (focus, cursor): the list of names changes only
    # with the form itself; each delegate reads its field through fieldInfo(), re-read on `revision`.
    formChanged = Signal()

    def _get_field_names(self) -> list[str]:
        form = self.service.session.form
        return [f.name for f in form.fields] if form else []

    formFieldNames = Property("QVariantList", _get_field_names, notify=formChanged)
    revision = Property(int, lambda self: self._revision, notify=changed)
    _revision = 0

    @Slot(str, result="QVariantMap")
    def fieldInfo(self, name: str) -> dict[str, Any]:
        return session_view.field_info(self.service.session, name, self._lang)

    deferrableMaterials = Property("QVariantList", lambda self: session_view.deferrable_materials(self.service.session, self._lang),
                                   notify=changed)
    reviewRows = Property("QVariantList", lambda self: session_view.review_rows(self.service.session, self._lang),
                          notify=changed)
    receipt = Property("QVariantMap", lambda self: session_view.receipt(self.service.session, self._lang,
                                                                           catalog=self.service.catalog),
                       notify=changed)

    # ------------------------------------------------------------ home-level navigation

    def show_home_screen(self, name: str, message_text: str = "") -> None:
        """For the maintenance view model: a home-level screen outside any person's session."""
        self._home_screen, self._message = name, message_text
        self._notify()

    @Slot()
    def goHome(self) -> None:
        if self._home_screen == "progress" and self.cards.left():    # 办件查询 by card: no session, same card
            self._take_cards = self.cards.left()
        self._home_screen, self._query, self._message = "home", "", ""
        self.tracking.clear()
        self.printing.clear()
        self._notify()

    @Slot(str)
    def openCatalog(self, audience: str) -> None:
        self._audience = Audience(audience) if audience else None
        self._home_screen, self._query, self._message = "catalog", "", ""   # a new screen, no old notice
        self._notify()

    @Slot(str)
    def setQuery(self, text: str) -> None:
        self._query = text[:40]              # the field's own limit, kept here too
        self._notify()

    @Slot()
    def openProgress(self) -> None:
        self._home_screen, self._message = "progress", ""
        self.tracking.clear()
        self._notify()

    @Slot()
    def toggleElder(self) -> None:
        self._elder = not self._elder
        self._notify()

    @Slot()
    def toggleLanguage(self) -> None:
        self._lang = "en" if self._lang == "zh" else "zh"
        self._notify()

    # ------------------------------------------------------------ the service flow

    @Slot(str)
    def chooseItem(self, code: str) -> None:
        if self._apply(self.service.choose_item(code)):
            self.checkSubmissions()      # fresh by 开始办理: space freed a moment ago is not refused for a minute

    @Slot()
    def startService(self) -> None:
        self._apply(self.service.begin_application())

    @Slot()
    def back(self) -> None:
        if self.service.session.step is Step.GUIDE:      # leaving a guide ends nothing personal yet
            self.service.end(EndReason.CANCELLED)
            self._home_screen = "catalog"
            self._notify()
            return
        self._apply(self.service.event("back"))

    def apply_verification(self, result: VerificationResult) -> None:
        self._apply(self.service.verified(result))

    def apply_verification_outcome(self, outcome: Outcome) -> None:
        """A verification the service already applied (the SMS way, decided off the GUI thread)."""
        self._apply(outcome)

    def device_usable(self, name: str) -> bool:
        status = self._devices.get(name)
        return status is not None and status.usable

    @Slot(str)
    def useFallback(self, code: str) -> None:
        """A non-face way the item accepts (kiosk.verification.check decides when they are offered)."""
        if code == VerificationFallback.SMS.value:
            self.face.start_sms()
        elif code == VerificationFallback.STAFF.value:
            log.info("verification: sent to a staffed counter")
            self.service.end(EndReason.CANCELLED)
            self._session_over("fallback_staff_go")

    @Slot()
    def skipVerification(self) -> None:
        """Tests of the other screens only (never the demo or `kiosk run`)."""
        if self._allow_skip:
            self.apply_verification(VerificationResult(VerificationMethod.TEST_SKIPPED, True))

    @Slot(str, str)
    def identifyManually(self, name: str, id_number: str) -> None:
        """No card with the person: the typed name and number, checked like a card's; the
        real-person check always follows (kiosk.session)."""
        self._apply(self.service.identify_manually(name, id_number))

    @Slot(str, str)
    def setField(self, name: str, value: str) -> None:
        self.idle.reset()
        self.service.event("set_field", name, value)
        form = self.service.session.form
        if form is not None and not form.errors:
            self._message = ""              # the banner goes once nothing is marked any more
        self._notify()

    @Slot(str, bool)
    def deferMaterial(self, code: str, deferred: bool) -> None:
        self.service.event("defer_material", code, deferred)
        self._notify()

    @Slot()
    def toReview(self) -> None:
        self._apply(self.service.event("to_review"))

    @Slot()
    def submit(self) -> None:
        if self._busy:
            return                          # a double tap must not submit twice
        self._message = ""
        try:
            pending = self.service.start_submit()     # the "submitting" screen shows at once
        except WrongStep:
            return
        self._background(lambda: self.service.deliver(pending), self._apply)

    @Slot()
    def toRating(self) -> None:
        self._apply(self.service.event("to_rating"))

    @Slot(int)
    def rate(self, level: int) -> None:
        chosen = EvaluationLevel(level) if level else None

        def done(outcome: Outcome) -> None:
            self.finish()
        self._background(lambda: self.service.rate(chosen), done)

    @Slot()
    def finish(self) -> None:
        """End the session by the person's choice: everything of it is dropped."""
        self.service.end(EndReason.FINISHED)
        self._session_over()

    # Emitted after every end of a person's session (the screen wipes what it holds: the
    # keyboard's learned words, typed text, the language and size the person chose).
    sessionEnded = Signal()

    def _session_over(self, message_code: str = "") -> None:
        self._take_cards = self.cards.left()          # "请取走您的身份证" until it is taken
        self._lang, self._elder, self._audience = "zh", self._elder_default, None
        self.goHome()
        if message_code:
            self._message = message(message_code, self._lang)
            self._notify()
        self.sessionEnded.emit()

    # ------------------------------------------------------------ devices (GUI thread, via the bridge)

    @Slot(object)
    def onDeviceEvent(self, event: KioskDeviceEvent) -> None:
        if self.cards.seen(event) and self._take_cards:
            self._take_cards = tuple(d for d in self._take_cards if d in self.cards.left())
            self._notify()
        if isinstance(event, DocumentPresented):
            if self._last_screen == "progress":          # 办件查询 by card: no session is started
                self.tracking.query_identity(event.identity)
                return
            self._apply_quiet(self.service.identify(event.identity))
        elif isinstance(event, DocumentUnreadable):
            if self.service.session.step is Step.IDENTIFY:
                self._message = event.message[1] if self._lang == "en" else event.message[0]
                self._notify()
        elif isinstance(event, IdentityCodeScanned):
            if self.service.session.step is Step.IDENTIFY:     # resolved by the platform: off the GUI thread
                self._background(lambda: self.service.identify_qr(event.kind, event.token), self._apply_quiet)
        elif isinstance(event, ReceiptCodeScanned):
            if self.service.session.step is Step.HOME:
                self.openProgress()
                self.tracking.query(event.application_no)
        elif isinstance(event, DeviceChanged):
            self._devices[event.status.device] = event.status
            self._notify()
        elif isinstance(event, DocumentRemoved):
            if self.service.document_removed(event.device):
                self._session_over("card_removed")

    def _apply_quiet(self, outcome: Outcome) -> None:
        """Like _apply, but an event ignored in the wrong step leaves the screen's message alone."""
        if outcome.ok or outcome.message_code:
            self._apply(outcome)

    def set_unprovisioned(self) -> None:
        """Never enrolled: the screen asks for a technician (kiosk-provision) instead of a device fault."""
        self._provisioned = False
        self._notify()

    def report(self, message_code: str) -> None:
        """A notice from the wiring (e.g. not enrolled), shown in the screen's message band."""
        self._message = message(message_code, self._lang)
        self._notify()
