"""Materials on the form: which paper the item needs, how many pages of each were photographed on the
document camera (高拍仪), and the capture panel — a live preview (converted on a worker, a few times a
second: the page lies still), "拍照" (the page found, flattened, checked for blur on a worker), the last
page removed. The pages stay in the session (memory only) and go with the application."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import cv2
from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from drivers.camera.monitor import CameraMonitor
from kiosk.materials.capture import capturable_materials
from kiosk.materials.scan import CaptureRejected, ScannedPage, scan_page
from kiosk.messages import message

from .face_check import LatestPicture

if TYPE_CHECKING:
    from .viewmodel import KioskViewModel

PREVIEW_WIDTH = 800


def preview_of(bgr: Any) -> QImage:
    scale = PREVIEW_WIDTH / bgr.shape[1]
    rgb = cv2.cvtColor(cv2.resize(bgr, (PREVIEW_WIDTH, int(bgr.shape[0] * scale))), cv2.COLOR_BGR2RGB)
    return QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888).copy()


class MaterialsViewModel(QObject):
    changed = Signal()

    def __init__(self, kiosk: KioskViewModel, camera: CameraMonitor | None) -> None:
        super().__init__(kiosk)
        self.kiosk, self.camera = kiosk, camera
        self.preview = LatestPicture()
        self._capturing, self._message, self._busy, self._frame = "", "", False, 0
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._refresh_preview)
        kiosk.changed.connect(self.changed)
        kiosk.sessionEnded.connect(self.close)

    def _rows(self) -> list[dict[str, Any]]:
        s = self.kiosk.service.session
        if s.item is None or self.camera is None:
            return []
        return [{"code": m.code, "name": m.name, "pages": len(s.scans[m.code].pages) if m.code in s.scans else 0,
                 "deferred": m.code in s.deferred_materials} for m in capturable_materials(s.item)]

    rows = Property("QVariantList", _rows, notify=changed)
    capturing = Property(str, lambda self: self._capturing, notify=changed)
    message = Property(str, lambda self: self._message, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    ok = Property(bool, lambda self: self._ok, notify=changed)           # the message is good news
    _ok = False
    frame = Property(int, lambda self: self._frame, notify=changed)    # bumps the preview's image source

    def _pages(self) -> int:
        scans = self.kiosk.service.session.scans.get(self._capturing)
        return len(scans.pages) if scans else 0

    pages = Property(int, _pages, notify=changed)

    @Slot(str)
    def open(self, code: str) -> None:
        if self.camera is None:
            return
        self._capturing, self._message = code, ""
        self._timer.start()
        self.kiosk.userActivity()
        self.changed.emit()

    @Slot()
    def close(self) -> None:
        self._timer.stop()
        self._capturing, self._message = "", ""
        self.preview.clear()
        self.changed.emit()

    def _refresh_preview(self) -> None:
        frame = self.camera.latest() if self.camera else None
        if frame is None or self._busy:
            return
        self.kiosk.tasks.run(lambda: preview_of(frame.image), self._show)

    def _show(self, image: QImage) -> None:
        if self._capturing:
            self.preview.show(image)
            self._frame += 1
            self.changed.emit()

    @Slot()
    def shoot(self) -> None:
        frame = self.camera.latest() if self.camera else None
        if not self._capturing or self._busy:
            return
        if frame is None:
            self._message = message("scan_no_camera", self.kiosk.lang)
            self.changed.emit()
            return
        self._busy, self._message = True, ""
        self.kiosk.userActivity()
        self.changed.emit()
        code, session = self._capturing, self.kiosk.service.session

        def done(result: ScannedPage | CaptureRejected) -> None:
            self._busy = False
            self._ok = isinstance(result, ScannedPage)
            if isinstance(result, CaptureRejected):
                self._message = message(result.problem.value, self.kiosk.lang)
            elif session is self.kiosk.service.session:          # the person is still the same
                self.kiosk._apply(self.kiosk.service.event("add_page", code, result))
                self._message = message("scan_page_added", self.kiosk.lang).format(n=self._pages())
            self.changed.emit()
        self.kiosk.tasks.run(lambda: _scan(frame.image), done)

    @Slot()
    def removeLast(self) -> None:
        if self._pages():
            self.kiosk._apply(self.kiosk.service.event("remove_page", self._capturing, self._pages() - 1))
            self.changed.emit()


def _scan(bgr: Any) -> ScannedPage | CaptureRejected:
    try:
        return scan_page(bgr)
    except CaptureRejected as exc:          # a value for the GUI thread, not an exception across threads
        return exc
