"""The kiosk window: Main.qml with the view models as its context properties."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTranslator, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow  # noqa: F401  (makes rootObjects() QQuickWindows, not QWindows)

from drivers.status import DeviceState, DeviceStatus, StatusCode
from kiosk.cards import DeviceChanged
from kiosk.technician import PinCheck

from .face_check import CameraPreview
from .lockdown import Lockdown
from .maintenance import MaintenanceViewModel
from .printing import PickupQr
from .viewmodel import KioskViewModel
from .voice import Voice

log = logging.getLogger("ui.app")
QML_DIR = Path(__file__).with_name("qml")
ENGLISH_QM = Path(__file__).with_name("i18n") / "kiosk_en.qm"


class UiLoadError(RuntimeError):
    pass


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

    def __init__(self, vm: KioskViewModel, *, fullscreen: bool, pins: PinCheck | None = None,
                 voice_engine: str = "", voice_prepare: Callable[[], None] | None = None) -> None:
        self.vm = vm                      # the context properties must outlive the engine's bindings
        self.voice = Voice(voice_engine, voice_prepare)
        self.voice.ready.connect(self._voice_ready)
        self.maintenance = MaintenanceViewModel(vm, pins or PinCheck(""))
        self.activity = _ActivityFilter(vm)
        QGuiApplication.instance().installEventFilter(self.activity)
        self.engine = QQmlApplicationEngine()
        self.english = QTranslator()
        if not self.english.load(str(ENGLISH_QM)):
            log.error("English texts missing (%s): the English switch will show Chinese", ENGLISH_QM)
        self._lang = "zh"
        vm.changed.connect(self._follow_language)
        # The pinyin keyboard learns what is typed (its user dictionary, under the config location):
        # kept in a private directory, reset after every session and removed on exit, never in the
        # home directory. Its plugin reads the location before any QML setting could apply, so the
        # config location itself is moved (nothing else of ours uses it).
        self.keyboard_data = tempfile.TemporaryDirectory(prefix="kiosk-keyboard-")
        self._config_home = os.environ.get("XDG_CONFIG_HOME")
        os.environ["XDG_CONFIG_HOME"] = self.keyboard_data.name
        self.engine.rootContext().setContextProperty("kiosk", vm)
        self.engine.rootContext().setContextProperty("voice", self.voice)
        self.engine.rootContext().setContextProperty("tracking", vm.tracking)
        self.engine.rootContext().setContextProperty("printing", vm.printing)
        self.engine.rootContext().setContextProperty("maintenance", self.maintenance)
        self.engine.rootContext().setContextProperty("faceCheck", vm.face)
        self.engine.rootContext().setContextProperty("enterprise", vm.enterprise)
        self.engine.addImageProvider("camera", CameraPreview(vm.face.preview))
        self.engine.addImageProvider("doccamera", CameraPreview(vm.materials.preview))
        self.engine.addImageProvider("pickupqr", PickupQr(vm.printing))
        self.engine.rootContext().setContextProperty("materials", vm.materials)
        self.engine.load(QUrl.fromLocalFile(str(QML_DIR / "Main.qml")))
        roots = self.engine.rootObjects()
        if not roots:
            raise UiLoadError("Main.qml failed to load (see the QML errors above)")
        self.window: QQuickWindow = roots[0]  # type: ignore[assignment]
        self.lockdown = Lockdown(self.window) if fullscreen else None
        if self.lockdown is None:
            self.window.show()

    def _voice_ready(self, ok: bool) -> None:
        # no voice is said like a device that fails: on the status bar for the hall's staff, in the heartbeat
        if not ok:
            self.vm.onDeviceEvent(DeviceChanged(DeviceStatus(
                "voice", DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING, "speech engine unavailable")))

    def _follow_language(self) -> None:
        if self.vm.lang == self._lang:
            return
        self._lang = self.vm.lang
        app = QGuiApplication.instance()
        if self._lang == "en":
            app.installTranslator(self.english)
        else:
            app.removeTranslator(self.english)
        self.engine.retranslate()

    def close(self) -> None:
        if self.lockdown is not None:
            self.lockdown.release()
        self.voice.close()
        self.vm.face.end()
        QGuiApplication.instance().removeEventFilter(self.activity)
        self.window.close()
        self.engine.clearComponentCache()
        del self.engine
        QGuiApplication.instance().removeTranslator(self.english)
        self.keyboard_data.cleanup()
        if self._config_home is None:
            os.environ.pop("XDG_CONFIG_HOME", None)
        else:
            os.environ["XDG_CONFIG_HOME"] = self._config_home
