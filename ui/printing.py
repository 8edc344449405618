"""Printing from the screens: the acceptance receipt on the result screen (print and reprint) and the
one-time checklist from a guide. Rendering and the job run on the task runner, never the GUI thread;
the outcome is said in words, with the alternatives when nothing came out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.documents import Document, acceptance_receipt, material_checklist, test_page
from kiosk.messages import message
from kiosk.printing import PrintOutcome, Printer

if TYPE_CHECKING:
    from .viewmodel import KioskViewModel


class PrintViewModel(QObject):
    changed = Signal()

    def __init__(self, kiosk: KioskViewModel, printer: Printer | None) -> None:
        super().__init__(kiosk)
        self.kiosk, self.printer = kiosk, printer
        self._busy, self._message, self._ok = False, "", False

    available = Property(bool, lambda self: self.printer is not None, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    message = Property(str, lambda self: self._message, notify=changed)
    ok = Property(bool, lambda self: self._ok, notify=changed)

    def clear(self) -> None:
        self._message, self._ok = "", False
        self.changed.emit()

    @Slot()
    def receipt(self) -> None:
        s = self.kiosk.service.session
        if s.item is None or s.identity is None or (s.receipt is None and not s.queued_id):
            return
        self._print(acceptance_receipt(
            item=s.item, applicant_name=s.identity.name, id_number=s.identity.id_number,
            kiosk_name=self.kiosk.kioskName, now=dt.datetime.now(dt.timezone.utc), receipt=s.receipt,
            local_ref=(s.queued_id or "")[:8].upper(), enterprise=s.enterprise,
            deferred=[m for m in s.item.materials if m.code in s.deferred_materials]))

    @Slot()
    def checklist(self) -> None:
        item = self.kiosk.service.session.item
        if item is not None:
            self._print(material_checklist(item, kiosk_name=self.kiosk.kioskName, now=dt.datetime.now(dt.timezone.utc)))

    @Slot()
    def testPage(self) -> None:
        """Maintenance: a page with no person's data, to check fonts, QR and paper."""
        doc = test_page(kiosk_name=self.kiosk.kioskName, now=dt.datetime.now(dt.timezone.utc))
        printer = self.printer
        self._run(lambda: printer.print_document(doc))  # type: ignore[union-attr]

    @Slot()
    def refilled(self) -> None:
        """Maintenance, after a refill: the paper count starts again and a stopped queue runs again."""
        printer = self.printer
        if printer is None:
            return

        def work() -> PrintOutcome:
            printer.refilled()
            return PrintOutcome(True, "print_resumed" if printer.resume() else "print_refilled")
        self._run(work)

    def _paper_text(self) -> str:
        if self.printer is None:
            return ""
        names = {"a4printer": "A4 纸", "receiptprinter": "凭条纸"}
        return " · ".join(f"{names.get(n, n)}约剩 {e.remaining}/{e.capacity}" + ("（偏少）" if e.low else "")
                          for n, e in self.printer.paper().items())

    paper = Property(str, _paper_text, notify=changed)

    @Slot()
    def certificate(self) -> None:
        """The platform's certificate PDF, fetched and printed on the task runner."""
        printer, service = self.printer, self.kiosk.service

        def work() -> PrintOutcome:
            outcome, pdf = service.certificate_pdf()
            if pdf is None:
                return PrintOutcome(False, outcome.message_code or "print_failed")
            return printer.print_pdf(pdf, "certificate")  # type: ignore[union-attr]
        self._run(work, "certificate")

    def _print(self, doc: Document) -> None:
        printer = self.printer
        self._run(lambda: printer.print_document(doc), doc.kind)  # type: ignore[union-attr]

    def _run(self, work: Callable[[], PrintOutcome], document: str = "") -> None:
        if self.printer is None or self._busy:
            return
        job = self._audited(work, document) if document else work
        self._busy, self._message = True, ""
        self.changed.emit()

        def done(outcome: PrintOutcome) -> None:
            self._busy, self._ok = False, outcome.ok
            self._message = message(outcome.message_code, self.kiosk.lang)
            self.changed.emit()

        def failed(exc: Exception) -> None:
            done(PrintOutcome(False, "print_failed"))
        self.kiosk.tasks.run(job, done, failed)

    def _audited(self, work: Callable[[], PrintOutcome], document: str) -> Callable[[], PrintOutcome]:
        """A person's printout goes into the audit log with how it went (on the worker, like the job)."""
        service, session = self.kiosk.service, self.kiosk.service.session

        def job() -> PrintOutcome:
            outcome = work()
            service.printed(document, outcome.ok, "" if outcome.ok else outcome.message_code, session)
            return outcome
        return job
