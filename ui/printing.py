"""Printing from the screens: the acceptance receipt on the result screen (print and reprint) and the
one-time checklist from a guide. Rendering and the job run on the task runner, never the GUI thread;
the outcome is said in words, with the alternatives when nothing came out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Property, QObject, QSize, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

from api_schema.models import PickupLink

from kiosk.documents import Document, acceptance_receipt, certificate_cover, material_checklist, test_page
from kiosk.messages import message
from kiosk.paper import PaperEstimate, pdf_pages
from kiosk.printing import PrintOutcome, Printer

from .documents_pdf import paint_qr

if TYPE_CHECKING:
    from .viewmodel import KioskViewModel


class PrintViewModel(QObject):
    changed = Signal()

    def __init__(self, kiosk: KioskViewModel, printer: Printer | None) -> None:
        super().__init__(kiosk)
        self.kiosk, self.printer = kiosk, printer
        self._busy, self._message, self._ok = False, "", False
        self.pickup_url, self._pickup_until, self._pickup_serial = "", "", 0
        self._receipt_printed = False          # on this screen: the receipt button then says "reprint"
        self.track_base_url = ""               # [platform] public_url: the receipts' QR codes open the platform's page

    available = Property(bool, lambda self: self.printer is not None, notify=changed)
    # a certificate can be printed here (an A4 printer): else the phone is the main way to it
    certificates = Property(bool, lambda self: self.printer is not None and self.printer.prints_pdf, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    message = Property(str, lambda self: self._message, notify=changed)
    ok = Property(bool, lambda self: self._ok, notify=changed)
    receiptPrinted = Property(bool, lambda self: self._receipt_printed, notify=changed)

    # the phone pickup code (手机扫码下载): shown on the result screen only, gone with the screen
    pickupShown = Property(bool, lambda self: bool(self.pickup_url), notify=changed)
    pickupUntil = Property(str, lambda self: self._pickup_until, notify=changed)
    pickupSerial = Property(int, lambda self: self._pickup_serial, notify=changed)   # a new image URL per link

    def clear(self) -> None:
        self._message, self._ok, self._receipt_printed = "", False, False
        self.closePickup()

    @Slot()
    def closePickup(self) -> None:
        self.pickup_url, self._pickup_until = "", ""
        self.changed.emit()

    @Slot()
    def phonePickup(self) -> None:
        """Ask the platform for a download link for the certificate and show it as a QR code."""
        if self._busy:
            return
        service = self.kiosk.service
        self._busy, self._message = True, ""
        self.changed.emit()

        def done(link: PickupLink | None) -> None:
            self._busy, self._ok = False, link is not None
            if link is not None:
                self.pickup_url, self._pickup_serial = link.url, self._pickup_serial + 1
                self._pickup_until = link.expires_at.astimezone().strftime("%H:%M")
            self._message = "" if link is not None else message("pickup_failed", self.kiosk.lang)  # the panel says it
            self.changed.emit()
        self.kiosk.tasks.run(lambda: service.certificate_pickup()[1], done, lambda exc: done(None))

    @Slot()
    def receipt(self) -> None:
        s = self.kiosk.service.session
        if s.item is None or s.identity is None or (s.receipt is None and not s.queued_id):
            return
        self._print(acceptance_receipt(
            item=s.item, applicant_name=s.identity.name, id_number=s.identity.id_number,
            kiosk_name=self.kiosk.kioskName, now=dt.datetime.now(dt.timezone.utc), receipt=s.receipt,
            local_ref=(s.queued_id or "")[:8].upper(), enterprise=s.enterprise, track_base_url=self.track_base_url,
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
        """Paper left per printer (per tray where the printer reports its levels), for the technician."""
        if self.printer is None:
            return ""
        en = self.kiosk.lang.startswith("en")
        names = {"a4printer": ("A4 纸", "A4 paper"), "receiptprinter": ("凭条纸", "Receipt roll")}

        def one(name: str, e: PaperEstimate) -> str:
            printer, _, tray = name.partition(":")
            label = names.get(printer, (printer, printer))[en] + (f" ({tray})" if en and tray else f"（{tray}）" if tray else "")
            left = f"{e.remaining}/{e.capacity}"
            if en:
                return f"{label}: {'' if e.source == 'printer' else 'about '}{left} left" + (" (low)" if e.low else "")
            return f"{label}{'剩' if e.source == 'printer' else '约剩'} {left}" + ("（偏少）" if e.low else "")
        return " · ".join(one(n, e) for n, e in self.printer.paper().items())

    paper = Property(str, _paper_text, notify=changed)

    @Slot()
    def certificate(self) -> None:
        """The platform's certificate PDF, fetched and printed on the task runner behind its cover."""
        printer, service, s = self.printer, self.kiosk.service, self.kiosk.service.session
        if s.item is None or s.receipt is None or s.identity is None:
            return
        item, receipt, name, id_number, kiosk_name, track = s.item, s.receipt, s.identity.name, s.identity.id_number, \
            self.kiosk.kioskName, self.track_base_url    # taken now, on the GUI thread: the session may end meanwhile

        def work() -> PrintOutcome:
            outcome, pdf = service.certificate_pdf()
            if pdf is None:
                return PrintOutcome(False, outcome.message_code or "print_failed")
            cover = certificate_cover(item=item, receipt=receipt, applicant_name=name, id_number=id_number,
                                      kiosk_name=kiosk_name, now=dt.datetime.now(dt.timezone.utc),
                                      certificate_pages=pdf_pages(pdf), track_base_url=track)
            return printer.print_pdf(pdf, "certificate", cover)  # type: ignore[union-attr]
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
            self._receipt_printed = self._receipt_printed or (outcome.ok and document == "receipt")
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


class PickupQr(QQuickImageProvider):
    """`image://pickupqr/<n>`: the current pickup link as a QR code with its quiet zone. The link is
    read from the view model, never carried in the image URL (QML logs and caches those)."""

    def __init__(self, printing: PrintViewModel) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self.printing = printing

    def requestImage(self, _id: str, size: QSize, requested: QSize) -> QImage:  # noqa: N802 (Qt's name)
        side = max(requested.width(), requested.height(), 360)
        image = QImage(side, side, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        if self.printing.pickup_url:
            painter = QPainter(image)
            quiet = side // 10
            paint_qr(painter, self.printing.pickup_url, quiet, quiet, side - 2 * quiet)
            painter.end()
        size.setWidth(side)
        size.setHeight(side)
        return image
