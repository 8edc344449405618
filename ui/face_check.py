"""The real-person check on screen (实人核验): consent, a live mirrored preview with the face box and the
current prompt, the decision, and the item's non-face ways. The rules are kiosk.verification.check's;
this module only moves frames and words.

Threads: the camera monitor fills frames on its own thread; one worker per attempt feeds them to the
Verifier, draws the preview image and, when the challenge is done, makes the decision — the GUI thread
only swaps a ready QImage in (`CameraPreview`) and applies the result."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
from PySide6.QtCore import Property, QObject, QSize, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

from api_schema.models import SmsSent
from drivers.camera.monitor import CameraMonitor
from kiosk.messages import message
from kiosk.service import Outcome
from kiosk.verification.check import CheckPhase, FaceCheck, FacePolicy, WhyAlternatives
from kiosk.verification.face import FaceEngine
from kiosk.verification.pipeline import Decision, Descriptors, Prompt, Verifier

if TYPE_CHECKING:
    from .viewmodel import KioskViewModel

log = logging.getLogger("ui.face_check")
PREVIEW_WIDTH = 480
ATTEMPT_SLACK_S = 2.0         # past the steps' limits before the wall-clock bound (a frame in flight)


class LatestPicture:
    """The newest preview picture, shared by the attempt thread (writes) and the image provider (reads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._image = self._blank()

    @staticmethod
    def _blank() -> QImage:
        image = QImage(PREVIEW_WIDTH, PREVIEW_WIDTH * 3 // 4, QImage.Format.Format_RGB888)
        image.fill(0x202020)
        return image

    def show(self, image: QImage) -> None:
        with self._lock:
            self._image = image

    def clear(self) -> None:
        self.show(self._blank())

    def get(self) -> QImage:
        with self._lock:
            return self._image


class CameraPreview(QQuickImageProvider):
    """`image://camera/<n>` for QML (owned by the QML engine, so it only reads a LatestPicture)."""

    def __init__(self, picture: LatestPicture) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self.picture = picture

    def requestImage(self, _id: str, size: QSize, _requested: QSize) -> QImage:  # noqa: N802 (Qt's name)
        image = self.picture.get()
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image


def preview_image(bgr: np.ndarray, face: Any) -> QImage:
    """Scaled, the face framed, mirrored (people expect a mirror), as an independent QImage."""
    scale = PREVIEW_WIDTH / bgr.shape[1]
    small = cv2.resize(bgr, (PREVIEW_WIDTH, int(bgr.shape[0] * scale)))
    if face is not None:
        cv2.rectangle(small, (int(face.left * scale), int(face.top * scale)),
                      (int(face.right * scale), int(face.bottom * scale)), (80, 200, 60), 3)
    rgb = cv2.cvtColor(cv2.flip(small, 1), cv2.COLOR_BGR2RGB)
    return QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888).copy()


def card_photo_rgb(photo_bmp: bytes) -> np.ndarray | None:
    image = cv2.imdecode(np.frombuffer(photo_bmp, np.uint8), cv2.IMREAD_COLOR)
    return None if image is None else cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


class _Attempt(threading.Thread):
    """One attempt: frames → Verifier → preview, then the decision; all on this thread."""

    def __init__(self, vm: "FaceCheckViewModel", camera: CameraMonitor, verifier: Verifier) -> None:
        super().__init__(name="face-attempt", daemon=True)
        self.vm, self.camera, self.verifier = vm, camera, verifier
        self.stop = threading.Event()

    def run(self) -> None:
        seq, prompt = 0, None
        # The steps' limits run on the frames' clock, checked as each frame is fed; this bound holds
        # however slowly frames come through (a loaded machine): the attempt always decides.
        deadline = time.monotonic() + self.verifier.time_limit_s + ATTEMPT_SLACK_S
        try:
            while not self.stop.is_set() and not self.verifier.finished:
                if time.monotonic() > deadline:
                    self.verifier.expire()
                    break
                frame = self.camera.wait_frame(seq, timeout_s=0.5)
                if frame is None:
                    if self.camera.latest() is None and not self.stop.is_set():
                        self.vm._lost.emit(self)
                        return
                    continue
                seq = frame.seq
                now = self.verifier.feed(frame.image, frame.at)
                self.vm.preview.show(preview_image(frame.image, self.verifier.face))
                self.vm._frame.emit((self, now.value if now is not prompt else ""))
                prompt = now
            if self.stop.is_set():
                return
            self.vm._frame.emit((self, Prompt.DONE.value))
            decision = self.verifier.decide(dt.datetime.now(dt.timezone.utc))
            if not self.stop.is_set():
                self.vm._decided.emit((self, decision))
        finally:
            self.verifier.discard()          # idempotent: nothing biometric outlives the attempt
            self.vm.preview.clear()


class FaceCheckViewModel(QObject):
    changed = Signal()
    promptChanged = Signal()           # a new prompt: spoken
    frameReady = Signal()
    # From the attempt thread, each carrying the attempt: a late signal of an abandoned one is ignored.
    _frame = Signal(object)            # (attempt, new prompt or "")
    _decided = Signal(object)          # (attempt, Decision)
    _lost = Signal(object)             # attempt

    def __init__(self, kiosk: KioskViewModel, camera: CameraMonitor | None, policy: FacePolicy) -> None:
        super().__init__(kiosk)
        self.kiosk, self.camera, self.policy = kiosk, camera, policy
        self.preview = LatestPicture()
        self.engine: FaceEngine | None = None
        self.descriptors: Descriptors | None = None
        self.check: FaceCheck | None = None
        self._attempt: _Attempt | None = None
        self._prompt = ""
        self._frames = 0
        self._frame.connect(self._on_frame)
        self._decided.connect(self._on_decided)
        self._lost.connect(self._on_lost)

    def set_engine(self, engine: FaceEngine | None, descriptors: Descriptors | None = None) -> None:
        """Loaded at start-up off the GUI thread; None when the models are missing (said in the log).
        `descriptors`: where the decision's descriptors are computed (a DescriptorProcess in the kiosk:
        dlib holds the GIL while it computes one)."""
        self.engine, self.descriptors = engine, descriptors

    # ------------------------------------------------------------ lifecycle (driven by the kiosk view model)

    def begin(self) -> None:
        s = self.kiosk.service.session
        camera_ok = self.camera is not None and self.kiosk.device_usable("camera")
        self.check = FaceCheck(self.policy, list(s.item.verification_fallback) if s.item else [],
                               face_possible=camera_ok and self.engine is not None,
                               card_photo=bool(s.identity and s.identity.photo_bmp))
        self._prompt = ""
        self._changed()

    def end(self) -> None:
        """Leaving the screen or the session: the attempt stops, its pictures are dropped."""
        self._stop_attempt()
        self.check = None
        self._prompt = ""
        self._sms_id, self._sms_text = "", ""
        self.preview.clear()
        self._changed()

    def _stop_attempt(self) -> None:
        """Never joined on the GUI thread: the attempt sees the flag within a frame (or after a
        decision already running), wipes what it captured and ends; its late signals are ignored."""
        if self._attempt is not None:
            self._attempt.stop.set()
            self._attempt = None

    # ------------------------------------------------------------ the person's choices

    @Slot()
    def agree(self) -> None:
        if self.check is None or self.check.phase is not CheckPhase.CONSENT:
            return
        self.check.agree(dt.datetime.now(dt.timezone.utc))
        self._start_attempt()

    @Slot()
    def decline(self) -> None:
        if self.check is not None:
            self._stop_attempt()
            self.check.decline()
            self._changed()

    @Slot()
    def retry(self) -> None:
        if self.check is not None and self.check.retry():
            self._start_attempt()

    def _start_attempt(self) -> None:
        s = self.kiosk.service.session
        assert self.check is not None and self.engine is not None and self.camera is not None
        card = card_photo_rgb(s.identity.photo_bmp) if s.identity and s.identity.photo_bmp else None
        if card is None:
            self.check.cannot_check(WhyAlternatives.NO_CARD_PHOTO)
            self._changed()
            return
        self._prompt = Prompt.LOOK_AT_CAMERA.value
        self._attempt = _Attempt(self, self.camera, self.check.verifier(self.engine, card, self.descriptors))
        self._attempt.start()
        self._changed()
        self.promptChanged.emit()

    # ------------------------------------------------------------ the SMS way (network: on the task runner)

    def start_sms(self) -> None:
        if self.check is None or not self.check.choose_sms():
            return
        self._sms_id, self._sms_text, self._sms_busy = "", "", True
        self._changed()

        def sent(result: tuple[Outcome, SmsSent | None]) -> None:
            outcome, sms = result
            self._sms_busy = False
            if sms is not None:
                self._sms_id = sms.challenge_id
                self._sms_text = message("sms_sent", self._lang()).replace("%s", sms.mobile_masked)
            else:
                self._sms_text = message(outcome.message_code or "platform_error", self._lang())
            self._changed()
        self.kiosk.tasks.run(self.kiosk.service.send_sms_code, sent, lambda _e: sent((Outcome(False), None)))

    @Slot(str)
    def answerSms(self, code: str) -> None:
        if not self._sms_id or self._sms_busy:
            return
        self._sms_busy = True
        self._changed()
        challenge = self._sms_id

        def done(outcome: Outcome) -> None:
            self._sms_busy = False
            if outcome.ok:
                self.kiosk.apply_verification_outcome(outcome)
                return
            self._sms_text = message(outcome.message_code or "platform_error", self._lang())
            if outcome.message_code in ("sms_no_attempts", "sms_expired"):
                self._sms_id = ""
            self._changed()
        self.kiosk.tasks.run(lambda: self.kiosk.service.answer_sms_code(challenge, code), done,
                             lambda _e: done(Outcome(False)))

    @Slot()
    def backToAlternatives(self) -> None:
        if self.check is not None:
            self.check.back_to_alternatives()
            self._sms_id = ""
            self._changed()

    smsText = Property(str, lambda self: self._sms_text, notify=changed)
    smsBusy = Property(bool, lambda self: self._sms_busy, notify=changed)
    smsReady = Property(bool, lambda self: bool(self._sms_id), notify=changed)
    _sms_id, _sms_text, _sms_busy = "", "", False

    # ------------------------------------------------------------ from the attempt thread

    def _on_frame(self, sent: tuple[_Attempt, str]) -> None:
        attempt, prompt = sent
        if attempt is not self._attempt:
            return
        self._frames += 1
        self.frameReady.emit()
        if prompt and prompt != self._prompt and self.check is not None:
            self._prompt = prompt
            if prompt == Prompt.DONE.value:
                self.check.challenge_done()
            self._changed()
            self.promptChanged.emit()

    def _on_decided(self, sent: tuple[_Attempt, Decision]) -> None:
        attempt, decision = sent
        if attempt is not self._attempt or self.check is None:
            return
        self._attempt = None
        log.info("face check: %s (%s), attempt %d", "passed" if decision.passed else "failed",
                 decision.reason or "-", self.check.attempts)
        result = self.check.decided(decision)
        if result is not None:
            self.kiosk.apply_verification(result)
            return
        self._prompt = ""
        self._changed()
        self.promptChanged.emit()

    def _on_lost(self, attempt: _Attempt) -> None:
        if attempt is self._attempt and self.check is not None:
            self._attempt = None
            self.check.cannot_check(WhyAlternatives.FACE_UNAVAILABLE)
            self._changed()

    # ------------------------------------------------------------ what QML reads

    def _changed(self) -> None:
        self.changed.emit()

    def _lang(self) -> str:
        return self.kiosk.lang

    @property
    def prompt_key(self) -> str:
        """The current prompt's key (a kiosk.verification.pipeline.Prompt value), or "" between checks."""
        return self._prompt

    phase = Property(str, lambda self: self.check.phase.value if self.check else "", notify=changed)
    prompt = Property(str, lambda self: message(self._prompt, self._lang()) if self._prompt else "",
                      notify=changed)
    frame = Property(int, lambda self: self._frames, notify=frameReady)
    attemptsLeft = Property(int, lambda self: self.check.attempts_left if self.check else 0, notify=changed)

    def _get_failure(self) -> str:
        if self.check is None or not self.check.last_reason:
            return ""
        return message(f"face_{self.check.last_reason}", self._lang())

    failure = Property(str, _get_failure, notify=changed)

    def _get_why(self) -> str:
        if self.check is None or self.check.why is None:
            return ""
        return message(f"face_why_{self.check.why.value}", self._lang())

    why = Property(str, _get_why, notify=changed)

    def _get_alternatives(self) -> list[dict[str, str]]:
        if self.check is None:
            return []
        return [{"code": f.value, "text": message(f"fallback_{f.value}", self._lang())} for f in self.check.fallbacks]

    alternatives = Property("QVariantList", _get_alternatives, notify=changed)
