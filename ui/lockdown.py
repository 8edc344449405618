"""Kiosk lockdown: nothing a keyboard or a stray gesture can do takes a person out of the kiosk.

Frameless fullscreen, no cursor, every key combination that could leave or reshape the application
(Alt+F4, Alt+Tab, Ctrl+Q, Ctrl+W, Escape, F11, any Ctrl/Alt/Meta chord, function keys) swallowed, and
close requests refused. The appliance runs without a window manager, so no WM shortcut exists either;
Ctrl+Alt+Backspace/VT switching are the X server's and are disabled by provisioning."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QKeyEvent, QWindow

log = logging.getLogger("ui.lockdown")

_CHORD = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
_FUNCTION_KEYS = frozenset(range(Qt.Key.Key_F1.value, Qt.Key.Key_F35.value + 1))
_ALWAYS = frozenset({Qt.Key.Key_Escape.value, Qt.Key.Key_Super_L.value, Qt.Key.Key_Super_R.value,
                     Qt.Key.Key_Menu.value, Qt.Key.Key_Close.value, Qt.Key.Key_Launch0.value})


_MODIFIERS = frozenset({Qt.Key.Key_Control.value, Qt.Key.Key_Alt.value, Qt.Key.Key_Shift.value, Qt.Key.Key_Meta.value,
                        Qt.Key.Key_AltGr.value})


def is_escape_key(event: QKeyEvent) -> bool:
    """A key that could leave the kiosk. Typing (letters, digits, Shift, Backspace, Enter) is not, and
    a modifier pressed alone does nothing until the chord's key comes."""
    key = event.key()
    if key in _MODIFIERS:
        return False
    return key in _ALWAYS or key in _FUNCTION_KEYS or bool(event.modifiers() & _CHORD)


class Lockdown(QObject):
    _KEYS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)

    def __init__(self, window: QWindow) -> None:
        super().__init__()
        self.window = window
        self.ignored = 0                    # for the technician's log and the tests
        window.setFlag(Qt.WindowType.FramelessWindowHint, True)
        window.setFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        QGuiApplication.instance().installEventFilter(self)
        window.showFullScreen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind in self._KEYS and is_escape_key(event):  # type: ignore[arg-type]
            if kind is QEvent.Type.KeyPress:
                self.ignored += 1
                log.info("lockdown: ignored key %s", _describe(event))  # type: ignore[arg-type]
            return True
        if kind is QEvent.Type.Close and watched is self.window:
            # From the window system (a WM's close button or Alt+F4, a polite WM_DELETE_WINDOW) or
            # QGuiApplication.quit(), which asks every window first: the launcher leaves with exit().
            log.info("lockdown: refused a request to close the window")
            event.ignore()
            return True
        if kind is QEvent.Type.WindowStateChange and watched is self.window \
                and not self.window.windowStates() & Qt.WindowState.WindowFullScreen:
            self.window.showFullScreen()      # something un-fullscreened us: back
        return False

    def release(self) -> None:
        """For a deliberate shutdown: the window may close again."""
        QGuiApplication.instance().removeEventFilter(self)
        QGuiApplication.restoreOverrideCursor()


def _describe(event: QKeyEvent) -> str:
    # Only the chord's name: the filter never sees typed text (that is not an escape key).
    mods = [n for flag, n in ((Qt.KeyboardModifier.ControlModifier, "Ctrl"), (Qt.KeyboardModifier.AltModifier, "Alt"),
                              (Qt.KeyboardModifier.MetaModifier, "Meta"), (Qt.KeyboardModifier.ShiftModifier, "Shift"))
            if event.modifiers() & flag]
    try:
        key = Qt.Key(event.key()).name.removeprefix("Key_")
    except ValueError:
        key = hex(event.key())
    return "+".join([*mods, key])
