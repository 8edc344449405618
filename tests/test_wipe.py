"""The wipe (PRODUCT.md: nothing of the person left behind). A whole session with a known name, ID
number and address, typed with the pinyin keyboard too; after it ends, a search of the view models'
state, the screen, every file under the temporary and home directories, the log output and the
local database's bytes finds none of them. The same search run during the session finds them (so it
can fail)."""

import dataclasses
import io
import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject

from drivers.idcard.emulator import sample_card
from drivers.idcard.reader import IdCardMonitor
from kiosk.cards import from_reader_event
from kiosk.session import Step
from ui.app import KioskWindow
from ui.application import create_application
from ui.bridge import DeviceBridge
from ui.viewmodel import KioskViewModel

from .test_language_input import tap_key
from .uitools import _walk, click, find, tap_keypad

CARD = sample_card().text
SECRETS = {"name": CARD.name, "id number": CARD.id_number, "address": CARD.address, "mobile": "13912345678"}
NEEDLES = {k: [v.encode("utf-8"), v.encode("utf-16-le")] for k, v in SECRETS.items()}


def strings_in(obj, seen=None, depth=0):
    """Every str reachable from obj through containers, dataclasses and plain objects' attributes
    (repr=False fields included: this is what a memory dump would show)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 8:
        return
    seen.add(id(obj))
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, bytes):
        yield obj.decode("utf-8", "replace")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings_in(k, seen, depth + 1)
            yield from strings_in(v, seen, depth + 1)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            yield from strings_in(v, seen, depth + 1)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from strings_in(getattr(obj, f.name), seen, depth + 1)
    elif hasattr(obj, "__dict__") and not isinstance(obj, type) and type(obj).__module__.split(".")[0] in (
            "kiosk", "ui", "api_schema"):
        yield from strings_in(vars(obj), seen, depth + 1)


def qt_property_strings(obj: QObject):
    meta = obj.metaObject()
    for i in range(meta.propertyOffset(), meta.propertyCount()):
        yield from strings_in(obj.property(meta.property(i).name()))


def hits_in_state(vm, ui) -> list[str]:
    found = []
    texts = [*strings_in(vm), *strings_in(vm.service), *qt_property_strings(vm), *qt_property_strings(ui.maintenance),
             *(str(i.property("text")) for i in _walk(ui.window.contentItem()) if i.property("text") is not None)]
    for name in vm.formFieldNames:
        texts.extend(strings_in(vm.fieldInfo(name)))
    for label, secret in SECRETS.items():
        found += [f"{label} in view-model/screen state" for t in texts if secret in t][:1]
    return found


def hits_in_files(root: Path) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{label} in {path}" for label, forms in NEEDLES.items() if any(n in data for n in forms)]
    return found


def test_nothing_of_the_person_survives_the_session(qtbot, qtlog, service, pty_pair, id_emulator, tmp_path, monkeypatch):
    tmp, home = tmp_path / "tmp", tmp_path / "home"
    tmp.mkdir()
    home.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    for var, value in (("TMPDIR", tmp), ("HOME", home), ("XDG_CONFIG_HOME", home / ".config"),
                       ("XDG_CACHE_HOME", home / ".cache"), ("XDG_DATA_HOME", home / ".local/share")):
        monkeypatch.setenv(var, str(value))
    log_text = io.StringIO()
    handler = logging.StreamHandler(log_text)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s %(args)s"))
    root_logger = logging.getLogger()
    root_logger.addHandler(handler)
    old_level = root_logger.level
    root_logger.setLevel(logging.DEBUG)

    create_application()
    vm = KioskViewModel(service)
    bridge = DeviceBridge()
    bridge.event.connect(vm.onDeviceEvent)
    monitor = IdCardMonitor(str(pty_pair.host_path), lambda e: bridge.post(from_reader_event(e)), poll_interval_s=0.05)
    monitor.start()
    ui = KioskWindow(vm, fullscreen=False, voice_engine="mock")
    ui.window.resize(1280, 800)
    try:
        vm.loadCatalog()
        qtbot.waitUntil(lambda: vm.catalogReady, timeout=10000)
        click(ui.window, "tile_personal")
        qtbot.waitUntil(lambda: vm.screen == "catalog")
        # The person's name typed with the pinyin keyboard (the keyboard learns what is chosen).
        click(ui.window, "catalogSearch")
        qtbot.waitUntil(lambda: find(ui.window, "keyboard").property("active") is True)
        for ch in "zhangsanfeng":
            tap_key(qtbot, ui.window, ch)
        qtbot.waitUntil(lambda: any(i.property("text") == CARD.name for i in _walk(find(ui.window, "keyboard"))
                                    if i.isVisible()), timeout=3000)
        candidate = next(i for i in _walk(find(ui.window, "keyboard")) if i.isVisible() and i.property("text") == CARD.name)
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtTest import QTest
        QTest.mouseClick(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         candidate.mapToScene(QPointF(candidate.width() / 2, candidate.height() / 2)).toPoint())
        qtbot.waitUntil(lambda: vm.query == CARD.name)
        vm.setQuery("")
        vm.chooseItem("YB-0601")
        vm.startService()
        id_emulator.place(sample_card())
        qtbot.waitUntil(lambda: vm.screen == "form", timeout=10000)
        tap_keypad(ui.window, "mobile", SECRETS["mobile"])
        click(ui.window, "toReview")
        qtbot.waitUntil(lambda: vm.screen == "review")
        click(ui.window, "submitButton")
        qtbot.waitUntil(lambda: vm.screen == "result", timeout=10000)
        assert hits_in_state(vm, ui), "the search finds nothing even while the session runs: it proves nothing"

        click(ui.window, "finishButton")
        qtbot.waitUntil(lambda: vm.screen == "home")
        id_emulator.remove()
        qtbot.wait(300)                           # the keyboard's and the engine's deferred work
        assert service.session.step is Step.HOME
        found = hits_in_state(vm, ui)
    finally:
        monitor.stop()
        vm.tasks.wait()
        ui.close()
        root_logger.removeHandler(handler)
        root_logger.setLevel(old_level)

    found += hits_in_files(tmp) + hits_in_files(home)
    assert not (home / ".config" / "qtvirtualkeyboard").exists(), "the keyboard's user dictionary went to $HOME"
    db_files = [p for p in tmp_path.glob("kiosk.db*")]
    assert db_files
    for path in db_files:
        data = path.read_bytes()
        found += [f"{label} in {path.name}" for label, forms in NEEDLES.items() if any(n in data for n in forms)]
    logs = log_text.getvalue() + "\n".join(r.message for r in qtlog.records)
    assert "session ended" in logs                     # the log was captured
    found += [f"{label} in the log" for label, secret in SECRETS.items() if secret in logs]
    assert found == []
