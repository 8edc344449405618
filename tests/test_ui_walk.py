"""A whole service in the kiosk window, driven by real mouse and key events (offscreen Qt), against
the real platform process and the GA 467 emulator on a pty. Saves a screenshot of every screen to
artifacts/screens/ (look at them; the docs keep a copy)."""

import dataclasses
import time

import pytest

from drivers.idcard.emulator import sample_card
from kiosk.platform_client import PlatformClient
from platform_server.runner import free_port

from api_schema.validators import mask_id_number

from .helpers import ID_NUMBER, NAME
from .uitools import click, find, hold, shot, tap_keypad, type_into


def test_whole_service_by_touch(qtbot, kiosk_ui, id_emulator, platform, artifacts):
    vm, win, service = kiosk_ui
    out = artifacts / "screens"
    at = lambda screen: qtbot.waitUntil(lambda: vm.screen == screen, timeout=10000)  # noqa: E731

    shot(win, out / "01-home.png")
    click(win, "tile_personal")
    at("catalog")
    type_into(win, "catalogSearch", "参保证明")
    qtbot.waitUntil(lambda: [i["code"] for i in vm.catalogItems][:1] == ["RS-0101"])
    shot(win, out / "02-catalog-search.png")
    click(win, "item_RS-0101")
    at("guide")
    shot(win, out / "03-guide.png")
    click(win, "startButton")
    at("identify")
    shot(win, out / "04-identify.png")

    id_emulator.place(sample_card())
    at("verify")
    shot(win, out / "05-verify.png")
    vm.skipVerification()            # the face check has its own tests and screenshots (test_face_check_ui)
    at("form")
    assert vm.fieldInfo("applicant_name")["value"] == NAME and vm.fieldInfo("id_number")["locked"]
    click(win, "toReview")                         # nothing chosen yet: errors shown, no step change
    qtbot.waitUntil(lambda: vm.fieldInfo("mobile")["error"] != "")
    assert vm.screen == "form"
    tap_keypad(win, "mobile", "13800138000")
    click(win, "option_purpose_0")
    click(win, "option_months_1")
    qtbot.waitUntil(lambda: vm.fieldInfo("months")["value"] == "24")
    shot(win, out / "06-form.png")
    click(win, "toReview")
    at("review")
    rows = {r["label"]: r["value"] for r in vm.reviewRows}
    assert rows["公民身份号码"] == "110105********002X" and rows["手机号码"] == "13800138000"
    shot(win, out / "07-review.png")

    click(win, "submitButton")
    at("result")
    number = vm.receipt["applicationNo"]
    assert number.startswith("ZW") and find(win, "applicationNo").property("text") == number
    assert platform.count_applications(service.session.idempotency_key) == 1
    shot(win, out / "08-result.png")
    click(win, "toRating")
    at("rate")
    shot(win, out / "09-rate.png")
    click(win, "rate_5")
    at("home")

    # wiped: nothing of the person is left in the view model
    assert vm.formFieldNames == [] and vm.reviewRows == [] and vm.receipt == {} and vm.item == {}
    state = repr(service.session.__dict__)
    assert NAME not in state and ID_NUMBER not in state

    click(win, "tile_progress")
    at("progress")
    type_into(win, "progressNumber", number)
    click(win, "progressQuery")
    qtbot.waitUntil(lambda: vm.tracking.shown.get("applicationNo") == number, timeout=10000)
    assert [s["stage"] for s in vm.tracking.shown["stages"]] == ["已受理", "已办结（准予）"]
    shot(win, out / "10-progress.png")

    # 办件查询 by the card: the same person's applications, no session started, nothing kept after.
    vm.goHome()
    click(win, "tile_progress")
    at("progress")
    id_emulator.remove()
    qtbot.wait(300)
    id_emulator.place(sample_card())
    found = lambda: [a["applicationNo"] for a in vm.tracking.found]  # noqa: E731
    qtbot.waitUntil(lambda: number in found(), timeout=10000)         # (other tests applied for this card too)
    if len(found()) > 1:
        shot(win, out / "10-progress-by-card-list.png")
        click(win, f"found_{found().index(number)}")
    qtbot.waitUntil(lambda: vm.tracking.shown.get("applicationNo") == number)
    assert service.session.step.value == "home" and service.session.identity is None
    shot(win, out / "10-progress-by-card.png")
    click(win, "finishButton")
    at("home")
    assert vm.tracking.shown == {} and vm.tracking.found == []


def test_elder_mode_scales_text_and_targets(qtbot, kiosk_ui, artifacts):
    vm, win, _ = kiosk_ui
    tile = find(win, "tile_personal")
    button = find(win, "elderToggle")
    normal_height = button.height()
    click(win, "elderToggle")
    qtbot.waitUntil(lambda: vm.elderMode)
    qtbot.waitUntil(lambda: button.height() >= 100)        # touch target grows (layouts apply on polish)
    assert button.height() > normal_height
    assert tile.height() > 0
    shot(win, artifacts / "screens" / "11-home-elder.png")
    click(win, "tile_personal")
    qtbot.waitUntil(lambda: vm.screen == "catalog")
    shot(win, artifacts / "screens" / "12-catalog-elder.png")


def test_a_slow_press_is_still_a_tap(qtbot, kiosk_ui):
    """An older person presses a tile and holds it a second and a half before letting go (or a busy screen
    handles the release late): it opens, as a button would — not lost as a "long press" nobody asked for."""
    vm, win, _ = kiosk_ui
    for tile, screen in (("tile_progress", "progress"), ("tile_personal", "catalog")):
        hold(qtbot, win, tile, 1500)
        qtbot.waitUntil(lambda: vm.screen == screen, timeout=3000)  # noqa: B023 (waited on here)
        vm.goHome()
        qtbot.waitUntil(lambda: vm.screen == "home")
    vm.openCatalog("personal")
    qtbot.waitUntil(lambda: vm.catalogItems != [])
    hold(qtbot, win, "item_RS-0101", 1500)
    qtbot.waitUntil(lambda: vm.screen == "guide", timeout=3000)
    hold(qtbot, win, "startButton", 1500)                            # a button (Qt Quick Controls) too
    qtbot.waitUntil(lambda: vm.screen == "identify", timeout=3000)


def test_expired_card_message_on_screen(qtbot, kiosk_ui, id_emulator, artifacts):
    vm, win, _ = kiosk_ui
    click(win, "tile_personal")
    qtbot.waitUntil(lambda: vm.screen == "catalog")
    type_into(win, "catalogSearch", "医保")
    click(win, "item_YB-0601")
    qtbot.waitUntil(lambda: vm.screen == "guide")
    click(win, "startButton")
    qtbot.waitUntil(lambda: vm.screen == "identify")
    id_emulator.place(sample_card(expired=True))
    qtbot.waitUntil(lambda: "过有效期" in vm.message, timeout=10000)
    assert vm.screen == "identify"
    shot(win, artifacts / "screens" / "13-identify-expired.png")


def to_review_of(qtbot, vm, win, id_emulator) -> None:
    click(win, "tile_personal")
    qtbot.waitUntil(lambda: vm.screen == "catalog")
    type_into(win, "catalogSearch", "医保")
    click(win, "item_YB-0601")
    qtbot.waitUntil(lambda: vm.screen == "guide")
    click(win, "startButton")
    id_emulator.place(sample_card())
    qtbot.waitUntil(lambda: vm.screen == "form", timeout=10000)
    tap_keypad(win, "mobile", "13800138000")
    click(win, "toReview")
    qtbot.waitUntil(lambda: vm.screen == "review")


def test_dead_platform_gives_an_honest_queued_result(qtbot, kiosk_ui, id_emulator, platform_cfg, platform, artifacts):
    """Submit with the platform gone: the result says "saved, will be submitted" (no 办件号 yet),
    and the outbox delivers it exactly once when the platform is back."""
    vm, win, service = kiosk_ui
    to_review_of(qtbot, vm, win, id_emulator)
    good = service.sync.client
    service.sync.client = PlatformClient(dataclasses.replace(platform_cfg, url=f"http://127.0.0.1:{free_port()}",
                                                             connect_timeout_s=0.5))
    click(win, "submitButton")
    qtbot.waitUntil(lambda: vm.screen == "result", timeout=10000)
    assert vm.receipt["queued"] and "自动提交" in find(win, "resultTitle").property("text")
    assert not find(win, "toRating").isVisible()         # nothing to rate before the platform has it
    key = service.session.queued_id
    shot(win, artifacts / "screens" / "14-result-queued.png")
    service.sync.client = good
    time.sleep(0.25)
    assert service.sync.sync_once().done == 1 and platform.count_applications(key) == 1


def test_offline_bounds_refuse_and_keep_everything(qtbot, kiosk_ui, id_emulator, artifacts):
    """Past the offline bounds new submissions are refused with the reason, entries kept."""
    from offline_cache.outbox import Bounds
    vm, win, service = kiosk_ui
    to_review_of(qtbot, vm, win, id_emulator)
    service.sync.outbox.bounds = Bounds(max_queue=0)
    click(win, "submitButton")
    qtbot.waitUntil(lambda: "暂停受理新申请" in vm.message, timeout=10000)
    assert vm.screen == "review" and {r["label"]: r["value"] for r in vm.reviewRows}["手机号码"] == "13800138000"
    vm.checkSubmissions()                       # the status bar says so on every screen, before anyone types
    qtbot.waitUntil(lambda: find(win, "submissionsPaused").isVisible(), timeout=5000)
    shot(win, artifacts / "screens" / "16-review-offline-refused.png")


def test_a_guide_opened_after_the_bound_is_lifted_accepts_at_once(qtbot, kiosk_window):
    """The technician freed the disk (here: the queue's bound lifted) between two of the kiosk's periodic
    checks: the next person who opens a guide is not refused for the rest of the minute."""
    from offline_cache.outbox import Bounds
    vm, _ = kiosk_window()
    outbox = vm.service.sync.outbox
    outbox.bounds = Bounds(max_queue=0)
    vm.checkSubmissions()
    qtbot.waitUntil(lambda: vm.submissionsPaused != "", timeout=5000)
    outbox.bounds = Bounds()
    vm.openCatalog("personal")
    vm.chooseItem("RS-0101")
    qtbot.waitUntil(lambda: vm.submissionsPaused == "", timeout=5000)
    vm.startService()
    assert vm.screen != "guide" and "暂停受理" not in vm.message


@pytest.fixture
def other_devices(qtbot, kiosk_ui, pcscd, tmp_path):
    """The social security card reader (real pcscd + vpcd) and a QR scanner (pty) wired like `kiosk run`."""
    from drivers.ptypair import PtyPair
    from drivers.qrscanner.emulator import QrScannerEmulator
    from drivers.smartcard.emulator import SocialSecurityCardEmulator
    from kiosk.config import Config, with_overrides
    from launcher.wiring import device_monitors
    from ui.bridge import DeviceBridge

    vm, win, service = kiosk_ui
    pair = PtyPair(tmp_path / "qr")
    cfg = with_overrides(Config(), sscard={"reader": "Virtual PCD 00 00"}, qrscanner={"port": str(pair.host_path)})
    bridge = DeviceBridge()
    bridge.event.connect(vm.onDeviceEvent)
    monitors = device_monitors(cfg, bridge.post)
    for m in monitors.values():
        m.start()
    qtbot.waitUntil(lambda: {d["name"]: d["ready"] for d in vm.devices}.get("社保卡读卡器") is True, timeout=10000)
    sscard = SocialSecurityCardEmulator(port=pcscd.vpcd_port)
    qr = QrScannerEmulator(str(pair.device_path))
    yield sscard, qr
    sscard.remove()
    qr.close()
    for m in monitors.values():
        m.stop()
    pair.close()
    time.sleep(0.6)            # let pcscd notice the card left before the next test inserts one


def start_service(qtbot, vm, win, search: str, code: str) -> None:
    click(win, "tile_personal")
    qtbot.waitUntil(lambda: vm.screen == "catalog")
    type_into(win, "catalogSearch", search)
    click(win, f"item_{code}")
    qtbot.waitUntil(lambda: vm.screen == "guide")
    click(win, "startButton")
    qtbot.waitUntil(lambda: vm.screen == "identify")


def test_identify_by_social_security_card(qtbot, kiosk_ui, other_devices, artifacts):
    vm, win, service = kiosk_ui
    sscard, _ = other_devices
    start_service(qtbot, vm, win, "医保", "YB-0601")
    shot(win, artifacts / "screens" / "15-identify-devices.png")
    sscard.insert()
    qtbot.waitUntil(lambda: vm.screen == "form", timeout=15000)
    assert service.session.identity.card_type.value == "social_security"
    assert service.session.form.values["id_number"] == ID_NUMBER
    assert vm.fieldInfo("id_number")["value"] == mask_id_number(ID_NUMBER)     # shown masked, used whole


def test_identify_by_e_id_code(qtbot, kiosk_ui, other_devices, platform):
    vm, win, service = kiosk_ui
    _, qr = other_devices
    start_service(qtbot, vm, win, "医保", "YB-0601")
    qr.scan("https://example.com/not-ours")
    qtbot.waitUntil(lambda: "无法识别" in vm.message, timeout=10000)
    qr.scan("eid:" + platform.qr_token("eid", NAME, ID_NUMBER))
    qtbot.waitUntil(lambda: vm.screen == "form", timeout=10000)
    assert service.session.identity.card_type.value == "e_id" and vm.message == ""


def test_maintenance_by_long_press_and_pin(qtbot, kiosk_ui, artifacts):
    """The hidden technician entry: a 2 s press on the emblem, a PIN, then the queue as it is."""
    from .test_outbox import application
    vm, win, service = kiosk_ui
    service.sync.outbox.enqueue("application", application("123"))     # the platform will refuse it
    service.sync.outbox.enqueue("application", application())
    hold(qtbot, win, "emblem", 2300)
    qtbot.waitUntil(lambda: vm.screen == "technician")
    for key in "1111":
        click(win, f"pin_{key}")
    click(win, "pin_ok")
    qtbot.waitUntil(lambda: vm.message == "PIN 错误")
    shot(win, artifacts / "screens" / "17-technician-pin.png")
    for key in "246813":
        click(win, f"pin_{key}")
    click(win, "pin_ok")
    qtbot.waitUntil(lambda: vm.screen == "maintenance")
    mvm = vm.maintenance_vm
    qtbot.waitUntil(lambda: mvm.data.get("queued") == 2)
    click(win, "syncNow")
    qtbot.waitUntil(lambda: mvm.data.get("parked") == 1 and mvm.data.get("queued") == 0, timeout=10000)
    assert mvm.data["parkedItems"][0]["code"] == "form_invalid"
    assert NAME not in repr(mvm.data) and ID_NUMBER not in repr(mvm.data)
    shot(win, artifacts / "screens" / "17-maintenance.png")


def test_time_limit_warns_extends_and_wipes(qtbot, kiosk_ui, artifacts):
    """适老化: a warning with "I need more time" before the limit; an abandoned session is wiped."""
    from kiosk.idle import IdleGuard, IdlePolicy
    vm, win, service = kiosk_ui
    vm.idle = IdleGuard(IdlePolicy(screen_timeout_s=4, warning_s=3, idle_limit_s=60), time.monotonic)
    click(win, "tile_personal")
    qtbot.waitUntil(lambda: vm.screen == "catalog")
    click(win, "item_RS-0101")
    qtbot.waitUntil(lambda: vm.screen == "guide")
    qtbot.waitUntil(lambda: vm.timeWarning > 0, timeout=5000)
    assert find(win, "timeWarning").isVisible()
    shot(win, artifacts / "screens" / "18-time-warning.png")
    click(win, "moreTime")
    qtbot.waitUntil(lambda: vm.timeWarning == 0, timeout=2000)
    assert vm.screen == "guide"                          # more time: nothing lost
    qtbot.waitUntil(lambda: vm.screen == "home", timeout=10000)   # then nobody answers: wiped
    assert service.session.item is None and vm.item == {}


def test_manual_entry_needs_the_real_person_check(qtbot, kiosk_ui, artifacts):
    """No card with the person: name by the keyboard, number by the keypad (with X); even for an item
    that only asks for the card, a typed identity goes on to the real-person check."""
    vm, win, service = kiosk_ui
    start_service(qtbot, vm, win, "医保", "YB-0601")
    click(win, "manualToggle")
    type_into(win, "manualName", NAME)
    click(win, "manualNumber")
    for ch in "11010519491231002":
        click(win, f"manualPad_{ch}")
    click(win, "manualPad_X")
    shot(win, artifacts / "screens" / "19-identify-manual.png")
    click(win, "manualOk")
    qtbot.waitUntil(lambda: vm.screen == "verify")
    assert service.session.identity.card_type.value == "manual"
