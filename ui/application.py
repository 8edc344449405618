"""The Qt application object, styled for the kiosk: the Basic controls style, a CJK font, the on-screen
keyboard as input method. Light on purpose (Qt only): the start screen is drawn with this alone, before
any of the kiosk's own modules is imported."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtQuickControls2 import QQuickStyle

log = logging.getLogger("ui.application")
CJK_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "Noto Sans SC")


def create_application(argv: list[str] | None = None) -> QGuiApplication:
    """The application object (or the existing one, e.g. pytest-qt's), styled for the kiosk."""
    # The on-screen keyboard (pinyin and English) is an input method: chosen before the application exists.
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    if QQuickStyle.name() != "Basic":      # only before the first QML with Controls is loaded
        QQuickStyle.setStyle("Basic")
    app = QGuiApplication.instance() or QGuiApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("open-gov-kiosk")
    apply_cjk_font(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def cjk_family() -> str | None:
    families = set(QFontDatabase.families())
    return next((f for f in CJK_FAMILIES if f in families), None)


def apply_cjk_font(app: QGuiApplication) -> None:
    family = cjk_family()
    if family is None:
        log.error("no CJK font installed (fonts-noto-cjk or fonts-wqy-microhei): Chinese will show as boxes")
    else:
        font = QFont(family)
        font.setPixelSize(20)
        app.setFont(font)
