"""The real-person check in the kiosk window: the production camera monitor plays the live performer's
video, the GA 467 emulator's card carries a chip photo (decoded by the emulator decoder), the real face
models decide. Consent first; the preview runs at camera rate; the card owner passes to the form;
someone else's card is refused, retried, then sent to the item's non-face ways; a declined check and a
card without a readable photo go there at once. Screenshots of each phase in artifacts/screens/."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from drivers.camera.monitor import CameraMonitor
from drivers.idcard.emulator import sample_card
from drivers.idcard.photo import EmulatorPhotoDecoder
from kiosk.config import FaceSection
from kiosk.session import VerificationMethod
from kiosk.verification.check import FacePolicy
from kiosk.verification.face import FaceEngine
from launcher import demo_person
from launcher.demo import FACE_VIDEO, PORTRAIT_FRAME, portrait_from_video
from launcher.demo_person import PromptedCamera

from .facetools import FACES
from .test_screen_gallery import check_elder_sizes
from .uitools import click, elder_mode, find, shot


@pytest.fixture(scope="module")
def engine() -> FaceEngine:
    return FaceEngine()


@pytest.fixture(scope="module")
def descriptors():
    from kiosk.verification.descriptors import DescriptorProcess
    proc = DescriptorProcess()
    yield proc
    proc.close()


@pytest.fixture(scope="module")
def performer(tmp_path_factory) -> Path:
    out = portrait_from_video(FACE_VIDEO, PORTRAIT_FRAME, tmp_path_factory.mktemp("portrait") / "p.jpg")
    assert out is not None
    return out


@pytest.fixture
def face_ui(qtbot, kiosk_window, pty_pair, id_emulator, engine, descriptors):
    """The window with a camera (the video, the demo's segment) and the ID card reader (with photos)."""
    from drivers.idcard.reader import IdCardMonitor
    from kiosk.cards import DeviceChanged, from_reader_event
    from ui.bridge import DeviceBridge

    def make(max_attempts: int = 3):
        bridge = DeviceBridge()
        # the live recording answering what the screen asks (the shipped hold and response timing)
        demo_person.load()                        # prepared once (seconds), not inside the camera's open()
        person = PromptedCamera()
        camera = CameraMonitor(person, lambda e: bridge.post(DeviceChanged(e.status)))
        # the shipped threshold, pool, steps and timing; only the attempts are the test's (to reach the last)
        policy = dataclasses.replace(FacePolicy.from_section(FaceSection()), max_attempts=max_attempts)
        vm, ui = kiosk_window(camera=camera, face_policy=policy)
        person.prompt = lambda: vm.face.prompt_key
        vm.face.set_engine(engine, descriptors)
        bridge.event.connect(vm.onDeviceEvent)
        decoder = EmulatorPhotoDecoder()
        reader = IdCardMonitor(str(pty_pair.host_path), lambda e: bridge.post(from_reader_event(e, decoder)),
                               poll_interval_s=0.05)
        camera.start()
        reader.start()
        started.extend([camera, reader])
        qtbot.waitUntil(lambda: vm.readerReady and vm.device_usable("camera"), timeout=10000)
        return vm, ui.window
    started: list = []
    yield make
    for monitor in started:
        monitor.stop()


def to_verify(qtbot, vm, id_emulator, card, item: str = "RS-0101") -> None:
    vm.chooseItem(item)
    vm.startService()
    id_emulator.place(card)
    qtbot.waitUntil(lambda: vm.screen == "verify", timeout=10000)


def _elder(qtbot, vm, win, mode: str) -> str:
    """Switch to elder mode (大字版) for the elder variant; the screenshot names' suffix."""
    if mode == "elder":
        elder_mode(qtbot, vm, win)
    return "-elder" if mode == "elder" else ""


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_the_card_owner_passes_with_a_live_preview(qtbot, face_ui, id_emulator, performer, artifacts, mode):
    vm, win = face_ui()
    out = artifacts / "gallery" / "verify"
    to_verify(qtbot, vm, id_emulator, sample_card(portrait=performer))
    suffix = _elder(qtbot, vm, win, mode)
    assert vm.face.phase == "consent" and vm.face.frame == 0      # nothing captured before consent
    if not suffix:
        shot(win, out / "05a-verify-consent.png")
    done_at: list[tuple[float, int]] = []
    vm.face.promptChanged.connect(lambda: done_at.append((time.monotonic(), vm.face.frame))
                                  if vm.face.phase == "deciding" else None)
    click(win, "faceAgree")
    qtbot.waitUntil(lambda: vm.face.frame >= 3, timeout=5000)
    assert vm.face.phase == "capturing" and vm.face.prompt
    assert find(win, "facePrompt").property("text") == vm.face.prompt
    shot(win, out / f"05b-verify-live{suffix}.png")
    if suffix:
        check_elder_sizes(win)
    qtbot.waitUntil(lambda: vm.screen == "form", timeout=20000)
    result = vm.service.session.verification
    assert result.method is VerificationMethod.FACE and result.passed and result.consent
    assert result.score is not None and result.score <= FaceSection().threshold == result.threshold
    assert len(result.liveness_steps) == FaceSection().challenge_steps
    assert all(s.endswith(":passed") for s in result.liveness_steps)
    record = vm.service.session.verification.record(result.at)
    assert "image" not in record.model_dump_json() and record.method == "face"
    assert vm.face.check is None                                     # the screen's state went with it
    (_, frames), = done_at
    # the preview stayed live through the whole challenge (its rate is measured by bench.face, not here:
    # a loaded 2-core CI machine is no place for a speed threshold)
    assert frames > 3 + FaceSection().challenge_steps


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_someone_elses_card_is_refused_then_other_ways(qtbot, face_ui, id_emulator, artifacts, mode):
    vm, win = face_ui(max_attempts=2)
    out = artifacts / "gallery" / "verify"
    to_verify(qtbot, vm, id_emulator, sample_card(portrait=FACES / "obama.jpg"))
    suffix = _elder(qtbot, vm, win, mode)
    click(win, "faceAgree")
    qtbot.waitUntil(lambda: vm.face.phase == "failed", timeout=20000)
    assert vm.face.failure == "人脸与证件照片不一致。" and vm.face.attemptsLeft == 1
    assert vm.screen == "verify"
    shot(win, out / f"05c-verify-failed{suffix}.png")
    click(win, "faceRetry")
    qtbot.waitUntil(lambda: vm.face.phase == "alternatives", timeout=20000)
    assert vm.face.why.startswith("多次核验未通过")
    assert [a["code"] for a in vm.face.alternatives] == ["sms", "staff"]
    shot(win, out / f"05d-verify-alternatives{suffix}.png")
    if suffix:
        check_elder_sizes(win)
    click(win, "fallback_staff")
    qtbot.waitUntil(lambda: vm.screen == "home")
    assert "人工窗口" in vm.message and vm.service.session.identity is None


def test_declined_goes_to_the_items_own_other_ways(qtbot, face_ui, id_emulator, performer, artifacts):
    vm, win = face_ui()
    out = artifacts / "gallery" / "verify"
    to_verify(qtbot, vm, id_emulator, sample_card(portrait=performer), item="RS-0102")   # pension check
    elder_mode(qtbot, vm, win)
    shot(win, out / "05f-verify-consent-elder.png")
    click(win, "faceDecline")
    qtbot.waitUntil(lambda: vm.face.phase == "alternatives")
    shot(win, out / "05g-verify-declined-elder.png")
    assert vm.face.frame == 0 and vm.face.why.startswith("您选择了不刷脸")
    assert [a["code"] for a in vm.face.alternatives] == ["staff"]     # proving one is alive: no SMS way


def test_a_card_without_a_readable_photo_offers_other_ways_at_once(qtbot, face_ui, id_emulator):
    vm, win = face_ui()
    to_verify(qtbot, vm, id_emulator, sample_card())                 # no portrait: an empty WLT field
    assert vm.face.phase == "alternatives" and vm.face.why.startswith("本机无法读取证件照片")


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_the_sms_way_verifies_by_a_code_sent_to_the_number_on_record(qtbot, face_ui, id_emulator, performer,
                                                                     platform, artifacts, mode):
    from .helpers import ID_NUMBER
    platform.register_person(ID_NUMBER, "13900139000")
    vm, win = face_ui()
    to_verify(qtbot, vm, id_emulator, sample_card(portrait=performer))
    suffix = _elder(qtbot, vm, win, mode)
    click(win, "faceDecline")
    qtbot.waitUntil(lambda: vm.face.phase == "alternatives")
    qtbot.wait(50)                    # the buttons just made: laid out before a finger finds them
    click(win, "fallback_sms")
    qtbot.waitUntil(lambda: bool(vm.face.smsReady or vm.face.smsText), timeout=10000)
    assert vm.face.smsReady, (vm.face.phase, vm.face.smsText)
    assert "139****9000" in vm.face.smsText and "13900139000" not in vm.face.smsText
    text = platform.last_sms("13900139000")
    code = text.split("验证码 ")[1][:6]
    wrong = "000000" if code != "000000" else "111111"
    for digit in wrong:
        click(win, f"smsPad_{digit}")
    shot(win, artifacts / "gallery" / "verify" / f"05e-verify-sms{suffix}.png")
    if suffix:
        check_elder_sizes(win)
    click(win, "smsConfirm")
    qtbot.waitUntil(lambda: vm.face.smsText.startswith("验证码不正确"), timeout=10000)
    assert vm.screen == "verify"
    click(win, "smsPad_clear")
    for digit in code:
        click(win, f"smsPad_{digit}")
    click(win, "smsConfirm")
    qtbot.waitUntil(lambda: vm.screen == "form", timeout=10000)
    result = vm.service.session.verification
    assert result.method is VerificationMethod.SMS and result.passed and result.score is None


def test_no_number_on_record_says_so(qtbot, face_ui, id_emulator, performer):
    vm, win = face_ui()
    card = sample_card(portrait=performer)
    vm.chooseItem("RS-0101")
    vm.startService()
    id_emulator.place(card)
    qtbot.waitUntil(lambda: vm.screen == "verify", timeout=10000)
    vm.service.session.identity = dataclasses.replace(vm.service.session.identity, id_number="110101199003070011")
    click(win, "faceDecline")
    qtbot.waitUntil(lambda: vm.face.phase == "alternatives")
    qtbot.wait(50)
    click(win, "fallback_sms")
    qtbot.waitUntil(lambda: vm.face.smsText.startswith("平台没有您预留的手机号码"), timeout=10000)
    assert not vm.face.smsReady
