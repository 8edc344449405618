"""Drive a real QQuickWindow with real input events (QTest), and capture it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest


def _walk(item: QQuickItem):
    yield item
    for child in item.childItems():
        yield from _walk(child)


def find(window: QQuickWindow, name: str) -> QQuickItem:
    """By objectName, through the visual tree (Repeater delegates have no QObject parent)."""
    for item in _walk(window.contentItem()):
        if item.objectName() == name:
            return item
    raise AssertionError(f"no item named {name!r} on screen")


def _flickable(item: QQuickItem) -> QQuickItem | None:
    parent = item.parentItem()
    while parent is not None and parent.property("contentY") is None:
        parent = parent.parentItem()
    return parent


def scroll_into_view(item: QQuickItem) -> None:
    """Scroll the enclosing Flickable (as a swipe would) until the whole item is in its viewport."""
    flick = _flickable(item)
    if flick is None:
        return
    in_view = item.mapToItem(flick, QPointF(0, 0)).y()
    if 0 <= in_view and in_view + item.height() <= flick.height():
        return
    top = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
    view = flick.height()
    max_y = max(0.0, flick.property("contentHeight") - view)
    flick.setProperty("contentY", min(max_y, max(0.0, top - view / 3)))


def _centre(item: QQuickItem) -> QPoint:
    return item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()


def click(window: QQuickWindow, name: str) -> None:
    item = find(window, name)
    assert item.isVisible() and item.isEnabled(), f"{name} is not clickable"
    scroll_into_view(item)
    centre = _centre(item)
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)


def hold(qtbot, window: QQuickWindow, name: str, ms: int) -> None:  # noqa: ANN001 (pytest-qt's qtbot)
    """A finger on the item's centre for `ms` milliseconds before it is lifted."""
    item = find(window, name)
    scroll_into_view(item)
    centre = _centre(item)
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    qtbot.wait(ms)
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)


def type_into(window: QQuickWindow, name: str, text: str) -> None:
    """Focus a field by a click, then type: ASCII as key events, Chinese as an input-method commit
    (what the pinyin keyboard delivers once a candidate is chosen)."""
    click(window, name)
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in " -"):
            key = getattr(Qt.Key, f"Key_{ch.upper()}" if ch != " " else "Key_Space", None) \
                if ch != "-" else Qt.Key.Key_Minus
            QGuiApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, ch))
            QGuiApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyRelease, key, Qt.KeyboardModifier.NoModifier, ch))
        else:
            commit = QInputMethodEvent()
            commit.setCommitString(ch)
            QGuiApplication.sendEvent(window.activeFocusItem(), commit)


def shot(window: QQuickWindow, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    assert window.grabWindow().save(str(path)), f"could not save {path}"
    return path


def tap_keypad(window: QQuickWindow, field: str, digits: str) -> None:
    """Fill a digits field as a person does: tap the field, then the on-screen keypad's keys."""
    click(window, f"input_{field}")
    for ch in digits:
        click(window, f"pad_{field}_{ch}")


def elder_mode(qtbot, vm, window: QQuickWindow) -> None:  # noqa: ANN001 (pytest-qt's qtbot, a view model)
    """The person taps 大字版 and the screen changes size."""
    click(window, "elderToggle")
    qtbot.waitUntil(lambda: vm.elderMode)


def close_keyboard(qtbot, window: QQuickWindow) -> None:  # noqa: ANN001
    """The keyboard's hide key: what lies under it can be touched again (in elder mode, half the screen)."""
    QGuiApplication.inputMethod().hide()
    qtbot.waitUntil(lambda: not find(window, "keyboard").property("active"))
    qtbot.wait(100)                      # the screen lays out again (the form gives back the room it took)
