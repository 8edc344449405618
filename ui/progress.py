"""办件查询: an application's progress by its number (typed, or a receipt's QR code) or every application
of the person whose card is presented on this screen. A home-level screen: no session is started and
the identity is used for one request only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from api_schema.models import ApplicationProgress, ProgressStage
from kiosk.identity import Identity
from kiosk.messages import STATUS_TEXT, message, pick
from kiosk.service import Outcome

from .session_view import item_name, local

if TYPE_CHECKING:
    from .viewmodel import KioskViewModel


def _stage(stage: ProgressStage, lang: str) -> str:
    """The stage in the screen's language: the platform names it in Chinese, and says which status it is."""
    if lang == "en" and stage.status is not None:
        return pick(STATUS_TEXT[stage.status.value], lang)
    return stage.stage


class ProgressViewModel(QObject):
    changed = Signal()

    def __init__(self, kiosk: KioskViewModel) -> None:
        super().__init__(kiosk)
        self.kiosk = kiosk
        self._shown: dict[str, Any] = {}             # the application shown
        self._found: list[dict[str, Any]] = []       # all found (a query by identity may find several)
        self._message = ""
        self._busy = False

    shown = Property("QVariantMap", lambda self: self._shown, notify=changed)
    found = Property("QVariantList", lambda self: self._found, notify=changed)
    message = Property(str, lambda self: self._message, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)

    def clear(self) -> None:
        self._shown, self._found, self._message = {}, [], ""
        self.changed.emit()

    @Slot(str)
    def query(self, number: str) -> None:
        service = self.kiosk.service
        self._run(lambda: service.progress(number),
                  lambda result: self._show(result[0], [result[1]] if result[1] is not None else []))

    def query_identity(self, identity: Identity) -> None:
        service = self.kiosk.service
        self._run(lambda: service.progress_of(identity), lambda result: self._show(*result))

    @Slot(int)
    def show(self, index: int) -> None:
        """One of several applications found by identity (-1: back to the list)."""
        self._shown = self._found[index] if 0 <= index < len(self._found) else {}
        self.changed.emit()

    def _run(self, work: Any, then: Any) -> None:
        if self._busy:
            return
        self._busy = True
        self.changed.emit()

        def done(result: Any) -> None:
            self._busy = False
            then(result)
            self.changed.emit()

        def failed(exc: Exception) -> None:
            self._busy = False
            self._message = message("platform_error", self.kiosk.lang)
            self.changed.emit()
        self.kiosk.tasks.run(work, done, failed)

    def _show(self, outcome: Outcome, found: list[ApplicationProgress]) -> None:
        lang, catalog = self.kiosk.lang, self.kiosk.service.catalog
        code = "progress_not_found" if outcome.message_code == "platform_rejected" else outcome.message_code
        self._message = "" if found else message(code, lang)
        self._found = [{
            "applicationNo": p.application_no, "itemName": item_name(p.item_code, p.item_name, lang, catalog),
            "status": pick(STATUS_TEXT[p.status.value], lang),
            "stages": [{"stage": _stage(s, lang), "at": s.at.astimezone().strftime("%Y-%m-%d %H:%M"),
                        "note": local(s.note, s.note_en, lang)} for s in p.stages],
            "bundleNo": p.bundle_no,
            # 一件事: each member's own progress, in one place
            "members": [{"applicationNo": m.application_no, "itemName": item_name(m.item_code, m.item_name, lang, catalog),
                         "status": pick(STATUS_TEXT[m.status.value], lang),
                         "last": m.stages[-1].stage if m.stages else ""} for m in p.members]} for p in found]
        self._shown = self._found[0] if len(self._found) == 1 else {}
