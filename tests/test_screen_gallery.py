"""Every screen of the kiosk, standard and elder mode (大字版), in Chinese and in English, captured from
the real window while a whole service runs (offscreen). The copies in docs/screenshots/ come from here:
`./dev test tests/test_screen_gallery.py` then `cp -r artifacts/gallery/* docs/screenshots/`.
On every screen: no text cut ("…" or clipped lines: QML's `truncated`); in English no Chinese left but
the person's own card data, the kiosk's name and the language switch. Also checks the elder mode's sizes
(headings ≥ 30 pt, body ≥ 18 pt, touch targets ≥ 60 dp)."""

import time

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from drivers.idcard.emulator import sample_card
from drivers.status import DeviceState, DeviceStatus, StatusCode
from kiosk.cards import DeviceChanged
from kiosk.idle import IdleGuard, IdlePolicy

from .screencheck import in_flickable, inside, kept_in_english, screen_defects
from .uitools import _walk, click, find, shot, tap_keypad, type_into

PT_PER_PX = 0.75            # 96 dpi: 1 px = 0.75 pt; 1 dp = 1 px


MODES = ["standard", "elder", "english", "english-elder"]
CARD = sample_card()
NOT_TO_TRANSLATE = kept_in_english(CARD.text, "测试终端")


def check_words(win, english: bool) -> None:
    found = screen_defects(win, english, NOT_TO_TRANSLATE)
    assert not found.clipped, f"text cut on the screen: {found.clipped}"
    assert not found.untranslated, f"Chinese left on an English screen: {found.untranslated}"
    assert not found.unreachable, f"buttons off the window: {found.unreachable}"


@pytest.mark.parametrize("mode", MODES)
def test_every_screen(qtbot, kiosk_ui, id_emulator, platform, artifacts, mode):
    vm, win, service = kiosk_ui
    out = artifacts / "gallery" / mode
    english, elder = mode.startswith("english"), mode.endswith("elder")
    for old in out.glob("*.png"):
        old.unlink()
    seen: list[str] = []

    def snap(name: str, settle: bool = True) -> None:
        seen.append(name)
        if settle:                        # never inside a signal handler: no nested event loop there
            qtbot.wait(50)
        shot(win, out / f"{len(seen):02d}-{name}.png")
        check_words(win, english)

    def at(screen: str, timeout: int = 10000) -> None:
        qtbot.waitUntil(lambda: vm.screen == screen, timeout=timeout)

    # "正在提交" lasts a few milliseconds: captured the moment it is shown.
    vm.changed.connect(lambda: vm.screen == "submitting" and "submitting" not in seen and snap("submitting", settle=False))
    def choose_modes() -> None:          # what a person chooses on the home screen (a session's end resets it)
        if english:
            click(win, "languageToggle")
            qtbot.waitUntil(lambda: vm.lang == "en")
        if elder:
            click(win, "elderToggle")
            qtbot.waitUntil(lambda: vm.elderMode)

    choose_modes()
    snap("home")
    click(win, "tile_personal")
    at("catalog")
    snap("catalog")
    type_into(win, "catalogSearch", "sbzm")
    qtbot.waitUntil(lambda: [i["code"] for i in vm.catalogItems][:1] == ["RS-0101"])
    snap("catalog-pinyin-search-keyboard")
    hide = next(i for i in _walk(find(win, "keyboard")) if "HideKeyboardKey" in i.metaObject().className())
    QTest.mouseClick(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     hide.mapToScene(QPointF(hide.width() / 2, hide.height() / 2)).toPoint())
    qtbot.waitUntil(lambda: not find(win, "keyboard").property("active"))
    click(win, "item_RS-0101")
    at("guide")
    snap("guide")
    click(win, "startButton")
    at("identify")
    snap("identify")
    id_emulator.place(sample_card())
    at("verify")
    snap("verify")
    vm.skipVerification()            # the face check has its own tests and screenshots (test_face_check_ui)
    at("form")
    tap_keypad(win, "mobile", "1380013")
    snap("form-keypad")
    tap_keypad(win, "mobile", "8000")
    click(win, "option_purpose_0")
    click(win, "option_months_1")
    click(win, "toReview")
    at("review")
    snap("review")
    click(win, "submitButton")
    at("result")
    snap("result")
    assert find(win, "phonePickupMain").property("visible")     # no printer here: the phone is a main button
    if elder:
        check_elder_sizes(win)
    number = vm.receipt["applicationNo"]
    click(win, "toRating")
    at("rate")
    snap("rate")
    if elder:
        check_elder_sizes(win)
    normal_idle = vm.idle
    vm.idle = IdleGuard(IdlePolicy(screen_timeout_s=30, warning_s=29.5, idle_limit_s=600), time.monotonic)
    qtbot.waitUntil(lambda: vm.timeWarning > 0, timeout=3000)
    snap("time-warning")
    click(win, "moreTime")
    vm.idle = normal_idle
    click(win, "rate_5")
    at("home")
    id_emulator.remove()
    choose_modes()                       # the session's end reset them: the next person chooses again
    click(win, "tile_progress")
    at("progress")
    type_into(win, "progressNumber", number)
    click(win, "progressQuery")
    qtbot.waitUntil(lambda: vm.tracking.shown.get("applicationNo") == number)
    snap("progress")
    vm.goHome()
    vm.onDeviceEvent(DeviceChanged(DeviceStatus("idcard", DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING)))
    vm._required = frozenset({"idcard"})
    at("outOfService")
    snap("out-of-service")
    vm._required = frozenset()
    vm.onDeviceEvent(DeviceChanged(DeviceStatus("idcard", DeviceState.READY, StatusCode.OK)))
    at("home")
    emblem = find(win, "emblem")
    centre = emblem.mapToScene(QPointF(emblem.width() / 2, emblem.height() / 2)).toPoint()
    QTest.mousePress(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    qtbot.wait(2300)
    QTest.mouseRelease(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    at("technician")
    snap("technician-pin")
    for key in "246813":
        click(win, f"pin_{key}")
    click(win, "pin_ok")
    at("maintenance")
    qtbot.waitUntil(lambda: "queued" in vm.maintenance_vm.data)
    snap("maintenance")

    assert "submitting" in seen


def check_elder_sizes(win):
    """适老化 on a screen with headings, body text and buttons (the rating screen): the largest text
    (the heading) ≥ 30 pt, no text below 18 pt, every button ≥ 60 × 60 dp."""
    keyboard = find(win, "keyboard")
    assert not keyboard.property("active")
    items = [i for i in _walk(win.contentItem())       # the closed keyboard is below the screen's edge
             if i.isVisible() and i.width() > 0 and not inside(i, keyboard)]
    sizes = [i.property("font").pixelSize() * PT_PER_PX for i in items
             if i.inherits("QQuickText") and i.property("text")]
    assert max(sizes) >= 30, max(sizes)
    small = [(i.property("text"), i.property("font").pixelSize()) for i in items
             if i.inherits("QQuickText") and i.property("text") and i.property("font").pixelSize() * PT_PER_PX < 18]
    assert min(sizes) >= 18, f"text below 18 pt in elder mode: {small}"
    buttons = [i for i in items if i.inherits("QQuickAbstractButton")]
    assert buttons and all(b.width() >= 60 and b.height() >= 60 for b in buttons), \
        [(b.property("text"), b.width(), b.height()) for b in buttons if b.width() < 60 or b.height() < 60]
    # nothing to touch hidden under the status bar: larger texts must not push a screen's buttons off it
    # (content that scrolls may run on below: it is reached by scrolling; popups lie above the bar)
    bar, screen = find(win, "statusBar"), find(win, "screenLoader")
    top = bar.mapToScene(QPointF(0, 0)).y() if bar.isVisible() else win.height()
    under = [b.property("text") for b in buttons if inside(b, screen) and not in_flickable(b)
             and b.mapToScene(QPointF(0, b.height())).y() > top + 1]
    assert not under, f"buttons under the status bar: {under}"
