"""The Qt application and the kiosk window (QML), with a CJK font and the Basic controls style."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QUrl
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow  # noqa: F401  (makes rootObjects() QQuickWindows, not QWindows)
from PySide6.QtQuickControls2 import QQuickStyle

from kiosk.technician import PinCheck

from .lockdown import Lockdown
from .maintenance import MaintenanceViewModel
from .viewmodel import KioskViewModel

log = logging.getLogger("ui.app")
QML_DIR = Path(__file__).with_name("qml")
CJK_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "Noto Sans SC")


class UiLoadError(RuntimeError):
    pass


def create_application(argv: list[str] | None = None) -> QGuiApplication:
    """The application object (or the existing one, e.g. pytest-qt's), styled for the kiosk."""
    if QQuickStyle.name() != "Basic":      # only before the first QML with Controls is loaded
        QQuickStyle.setStyle("Basic")
    app = QGuiApplication.instance() or QGuiApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("open-gov-kiosk")
    apply_cjk_font(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def apply_cjk_font(app: QGuiApplication) -> None:
    families = set(QFontDatabase.families())
    family = next((f for f in CJK_FAMILIES if f in families), None)
    if family is None:
        log.error("no CJK font installed (fonts-noto-cjk or fonts-wqy-microhei): Chinese will show as boxes")
    else:
        font = QFont(family)
        font.setPixelSize(20)
        app.setFont(font)


class _ActivityFilter(QObject):
    """Every touch, click or key anywhere in the application restarts the screen's time limit."""

    _KINDS = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin)

    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.vm = vm

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in self._KINDS:
            self.vm.userActivity()
        return False


class KioskWindow:
    """Main.qml with the view model as the `kiosk` context property."""

    def __init__(self, vm: KioskViewModel, *, fullscreen: bool, pins: PinCheck | None = None) -> None:
        self.vm = vm                      # the context properties must outlive the engine's bindings
        self.maintenance = MaintenanceViewModel(vm, pins or PinCheck(""))
        self.activity = _ActivityFilter(vm)
        QGuiApplication.instance().installEventFilter(self.activity)
        self.engine = QQmlApplicationEngine()
        self.engine.rootContext().setContextProperty("kiosk", vm)
        self.engine.rootContext().setContextProperty("maintenance", self.maintenance)
        self.engine.load(QUrl.fromLocalFile(str(QML_DIR / "Main.qml")))
        roots = self.engine.rootObjects()
        if not roots:
            raise UiLoadError("Main.qml failed to load (see the QML errors above)")
        self.window: QQuickWindow = roots[0]  # type: ignore[assignment]
        self.lockdown = Lockdown(self.window) if fullscreen else None
        if self.lockdown is None:
            self.window.show()

    def close(self) -> None:
        if self.lockdown is not None:
            self.lockdown.release()
        QGuiApplication.instance().removeEventFilter(self.activity)
        self.window.close()
        self.engine.clearComponentCache()
        del self.engine
