"""Chinese input on the touch screen: Qt Virtual Keyboard with pinyin (zh_CN) and English, driven by
taps on its keys in the real window (offscreen), and the digits keypad."""

import re

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from .uitools import _walk, click, find, shot


@pytest.fixture
def window(kiosk_window):
    vm, ui = kiosk_window()
    return vm, ui.window


def keyboard_keys(win):
    panel = find(win, "keyboard")
    return [i for i in _walk(panel) if i.isVisible() and "Key" in i.metaObject().className()
            and i.property("text") is not None]


def tap_key(qtbot, win, text):
    keys = [k for k in keyboard_keys(win) if k.property("text") == text]
    assert keys, f"no key {text!r} on the keyboard: {sorted({k.property('text') for k in keyboard_keys(win)})}"
    key = keys[0]
    centre = key.mapToScene(QPointF(key.width() / 2, key.height() / 2)).toPoint()
    QTest.mousePress(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseRelease(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    qtbot.wait(30)


def test_pinyin_keyboard_opens_for_text_and_types_initials(qtbot, window, artifacts):
    vm, win = window
    click(win, "tile_personal")
    qtbot.waitUntil(lambda: vm.screen == "catalog")
    click(win, "catalogSearch")
    panel = find(win, "keyboard")
    qtbot.waitUntil(lambda: panel.property("active") is True, timeout=3000)
    shot(win, artifacts / "screens" / "21-keyboard-pinyin.png")
    for ch in "shebao":
        tap_key(qtbot, win, ch)
    candidate = next(i for i in _walk(panel) if i.isVisible() and i.property("text") == "社保"
                     and "Text" in i.metaObject().className())
    qtbot.wait(100)
    shot(win, artifacts / "screens" / "22-keyboard-candidates.png")
    centre = candidate.mapToScene(QPointF(candidate.width() / 2, candidate.height() / 2)).toPoint()
    QTest.mouseClick(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    qtbot.waitUntil(lambda: vm.query == "社保", timeout=3000)
    assert vm.catalogItems[0]["code"] == "RS-0101"



def visible_texts(win) -> set[str]:
    return {i.property("text") for i in _walk(win.contentItem()) if i.isVisible() and isinstance(i.property("text"), str)}


def test_english_switch_translates_every_screen_text_and_resets_after_the_session(qtbot, window, artifacts):
    vm, win = window
    assert "您好，请选择要办理的业务" in visible_texts(win)
    click(win, "languageToggle")
    qtbot.waitUntil(lambda: "Welcome. What would you like to do?" in visible_texts(win))
    assert {"Personal services", "Track an application", "Large text", "中文"} <= visible_texts(win)
    shot(win, artifacts / "screens" / "23-home-english.png")
    click(win, "tile_personal")
    qtbot.waitUntil(lambda: vm.screen == "catalog")
    qtbot.waitUntil(lambda: "Social insurance participation certificate" in visible_texts(win))
    click(win, "item_RS-0101")
    qtbot.waitUntil(lambda: vm.screen == "guide")
    assert {"Conditions", "Materials", "Legal basis", "Start"} <= visible_texts(win)
    # the whole guide, the catalog's own words included (summary, conditions, materials, procedure, fees)
    assert [t for t in visible_texts(win) if re.search(r"[\u4e00-\u9fff]", t) and t not in ("中文", "政")] == []   # the switch, the emblem
    assert "Applicant's valid ID document (original × 1) — reading it on this kiosk counts as handing it in" \
        in {t.removeprefix("• ") for t in visible_texts(win)}
    shot(win, artifacts / "screens" / "24-guide-english.png")
    click(win, "finishButton")
    qtbot.waitUntil(lambda: "您好，请选择要办理的业务" in visible_texts(win))   # the next person starts in Chinese
    assert vm.lang == "zh"


def test_every_screen_text_has_english_and_the_compiled_file_is_current(tmp_path):
    """`./dev i18n` was run after the last QML text change: the .ts holds every qsTr() text of the
    QML, each with its English, and kiosk_en.qm is what lrelease makes of it."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    bin_dir = Path(sys.executable).parent
    ts = tmp_path / "kiosk_en.ts"
    shutil.copy(root / "ui" / "i18n" / "kiosk_en.ts", ts)
    subprocess.run([bin_dir / "pyside6-lupdate", *sorted(map(str, (root / "ui" / "qml").glob("*.qml"))), "-no-obsolete",
                    "-locations", "none", "-source-language", "zh_CN", "-target-language", "en_US", "-ts", str(ts)],
                   check=True, capture_output=True)
    assert ts.read_text() == (root / "ui" / "i18n" / "kiosk_en.ts").read_text(), "run ./dev i18n"
    assert 'type="unfinished"' not in ts.read_text(), "a screen text has no English: add it to translate_en.py"
    subprocess.run([bin_dir / "pyside6-lrelease", "-silent", str(ts), "-qm", str(tmp_path / "en.qm")], check=True)
    assert (tmp_path / "en.qm").read_bytes() == (root / "ui" / "i18n" / "kiosk_en.qm").read_bytes(), "run ./dev i18n"
