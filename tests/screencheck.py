"""What a person would see wrong on the kiosk window right now: text cut ("…" or clipped lines, QML's
`truncated`), Chinese left on an English screen (but words that rightly stay Chinese: a card's own data,
the kiosk's name, the 中文 switch), a text or button that runs off the window where nobody can read or reach it.
Shared by the screen gallery test and `python -m bench.walk`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF
from PySide6.QtQuick import QQuickItem, QQuickWindow

from .uitools import _walk, find

HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class ScreenDefects:
    clipped: tuple[str, ...] = ()          # texts cut short
    untranslated: tuple[str, ...] = ()     # Chinese on an English screen
    unreachable: tuple[str, ...] = ()      # texts and buttons partly off the window

    def __bool__(self) -> bool:
        return bool(self.clipped or self.untranslated or self.unreachable)


def kept_in_english(card_text: object, kiosk_name: str) -> set[str]:
    """What an English screen rightly shows in Chinese: the card's own words (`CardText`-like), the
    kiosk's name, the switch back to 中文 and the emblem's 政."""
    words = (getattr(card_text, f) for f in ("name", "address", "nation", "gender", "issuer"))
    return {w for w in words if w} | {kiosk_name, "中文", "政"}


def inside(item: QQuickItem | None, ancestor: QQuickItem) -> bool:
    while item is not None:
        if item == ancestor:
            return True
        item = item.parentItem()
    return False


def in_flickable(item: QQuickItem) -> bool:
    item = item.parentItem()
    while item is not None:
        if item.inherits("QQuickFlickable"):
            return True
        item = item.parentItem()
    return False


def screen_defects(win: QQuickWindow, english: bool, keep: Iterable[str] = ()) -> ScreenDefects:
    """`keep`: Chinese words an English screen rightly shows."""
    keyboard = find(win, "keyboard")          # its own keys (拼音 candidates) are the input method's
    items = [i for i in _walk(win.contentItem()) if i.isVisible() and not inside(i, keyboard)]
    texts = [i for i in items if i.inherits("QQuickText") and i.property("text")]
    clipped = tuple(i.property("text") for i in texts if i.property("truncated"))
    untranslated: tuple[str, ...] = ()
    if english:
        allowed = [k for k in keep if k]

        def without_allowed(t: str) -> str:
            for word in allowed:
                t = t.replace(word, "")
            return t
        untranslated = tuple(t for t in (i.property("text") for i in texts) if HAN.search(without_allowed(t)))
    unreachable = []               # beyond the window's sides, or its bottom unless in something that scrolls
    for i in items:
        if not (i.inherits("QQuickAbstractButton") or i in texts) or i.width() <= 0 or inside_popup(i):
            continue
        top_left = i.mapToScene(QPointF(0, 0))
        bottom_right = i.mapToScene(QPointF(i.width(), i.height()))
        sideways = top_left.x() < -1 or bottom_right.x() > win.width() + 1
        below = not in_flickable(i) and (top_left.y() < -1 or bottom_right.y() > win.height() + 1)
        if sideways or below:
            unreachable.append(i.property("text") or i.objectName())
    return ScreenDefects(clipped, untranslated, tuple(unreachable))


def inside_popup(item: QQuickItem) -> bool:
    """Popups lie on the overlay, sized by their own rules (a hidden one is not visible anyway)."""
    while item is not None:
        if item.inherits("QQuickOverlay"):
            return True
        item = item.parentItem()
    return False
