"""Lockdown in-process (offscreen): no cursor, close refused, escape chords swallowed, typing untouched.
The real X window version (xdotool key events) is in test_demo_window.py."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest

from ui.app import KioskWindow

from ui.application import create_application
from ui.lockdown import is_escape_key
from ui.viewmodel import KioskViewModel


def key(k, mods=Qt.KeyboardModifier.NoModifier, text=""):
    return QKeyEvent(QEvent.Type.KeyPress, k, mods, text)


def test_escape_keys_are_recognised_and_typing_is_not():
    for k, m in [(Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier), (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                 (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
                 (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier), (Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)]:
        assert is_escape_key(key(k, m)), (k, m)
    for k, m, t in [(Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"), (Qt.Key.Key_X, Qt.KeyboardModifier.ShiftModifier, "X"),
                    (Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier, ""), (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, ""),
                    (Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier, "")]:
        assert not is_escape_key(key(k, m, t)), (k, m)


def test_locked_window(qtbot, service):
    create_application()
    vm = KioskViewModel(service)
    ui = KioskWindow(vm, fullscreen=True)
    try:
        win = ui.window
        qtbot.waitUntil(lambda: win.isVisible())
        assert win.windowStates() & Qt.WindowState.WindowFullScreen
        assert win.flags() & Qt.WindowType.FramelessWindowHint
        assert QGuiApplication.overrideCursor().shape() is Qt.CursorShape.BlankCursor
        assert win.close() is False and win.isVisible()                 # a close request is refused
        before = ui.lockdown.ignored
        for k, m in [(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier), (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)]:
            QTest.keyClick(win, k, m)
        assert ui.lockdown.ignored == before + 2
        win.showNormal()                                                 # anything un-fullscreening us
        qtbot.waitUntil(lambda: bool(win.windowStates() & Qt.WindowState.WindowFullScreen), timeout=2000)
    finally:
        vm.tasks.wait()
        ui.close()
    assert QGuiApplication.overrideCursor() is None                     # released for a deliberate shutdown
