"""The printers in the shape the core asks for (kiosk.printing.Printer): a document in, an outcome as a
message code out. The A4 printer gets a PDF (ui.documents_pdf) through CUPS; the 80 mm receipt printer
gets ESC/POS; receipts go to the receipt printer when there is one."""

from __future__ import annotations

from drivers.printer.cups_printer import CupsPrinter, JobState
from drivers.printer.errors import PrintError
from drivers.printer.escpos import Cut, Feed, Op, Qr, Text
from drivers.printer.escpos_printer import EscPosPrinter
from drivers.status import DeviceState, DeviceStatus, StatusCode
from kiosk.documents import Document, Heading, Line, Paragraph, QrBlock
from kiosk.paper import PaperEstimate, pdf_pages
from kiosk.printing import PrintOutcome, Printer
from offline_cache.counters import Counters

_FAILED = {StatusCode.MEDIA_EMPTY: "print_paper_out", StatusCode.MEDIA_JAMMED: "print_jammed",
           StatusCode.NOT_RESPONDING: "print_unavailable", StatusCode.NOT_CONFIGURED: "print_unavailable"}


class _Counted:
    """Sheets used since the last refill, counted into the store; the status says MEDIA_LOW when the
    count says so and the device does not know better."""

    counter_name = ""

    def __init__(self, counters: Counters | None, capacity: int) -> None:
        self.counters, self.capacity = counters, capacity

    def estimate(self) -> PaperEstimate | None:
        return PaperEstimate(self.capacity, self.counters.get(self.counter_name)) if self.counters else None

    def paper(self) -> dict[str, PaperEstimate]:
        estimate = self.estimate()
        return {self.counter_name: estimate} if estimate else {}

    def count(self, n: int) -> None:
        if self.counters is not None:
            self.counters.add(self.counter_name, n)
            self.counters.add(f"{self.counter_name}_total", n)    # the lifetime count, never reset

    def refilled(self) -> None:
        if self.counters is not None:
            self.counters.reset(self.counter_name)

    def _with_paper(self, status: DeviceStatus) -> DeviceStatus:
        """Overlaid with the emptiest tray (or roll): one low tray is worth a technician's visit."""
        estimates = self.paper()
        if not estimates:
            return status
        name, lowest = min(estimates.items(), key=lambda kv: kv[1].remaining / max(1, kv[1].capacity))
        overlaid = lowest.overlay(status)
        tray = name.partition(":")[2]
        return overlaid if overlaid is status or not tray else \
            DeviceStatus(overlaid.device, overlaid.state, overlaid.code, f"{tray}: {overlaid.detail}")


class CupsPrintService(_Counted):
    prints_pdf = True
    counter_name = "a4printer"

    def __init__(self, printer: CupsPrinter, timeout_s: float = 60.0, counters: Counters | None = None,
                 capacity: int = 250, certificate_cover: bool = True) -> None:
        super().__init__(counters, capacity)
        self.printer, self.timeout_s, self.certificate_cover = printer, timeout_s, certificate_cover

    def status(self) -> DeviceStatus:
        return self._with_paper(self.printer.status())

    def paper(self) -> dict[str, PaperEstimate]:
        """Per tray as the printer last reported its levels (name "a4printer:tray-1"), else counted."""
        report = self.printer.last_report
        trays = {f"{self.counter_name}:{t.name}": PaperEstimate(t.capacity, t.capacity - t.level, source="printer")
                 for t in (report.trays if report else ()) if t.level is not None and t.capacity}
        return trays or super().paper()

    def print_document(self, doc: Document) -> PrintOutcome:
        from ui.documents_pdf import render_pdf      # Qt: only when something is printed

        return self.print_pdf(render_pdf(doc), doc.kind)

    def print_pdf(self, data: bytes, kind: str, cover: Document | None = None) -> PrintOutcome:
        from ui.documents_pdf import render_pdf      # Qt: only when something is printed

        documents = [render_pdf(cover), data] if cover is not None and self.certificate_cover else [data]
        try:
            job = self.printer.submit(documents, f"kiosk-{kind}")
        except PrintError as exc:
            return PrintOutcome(False, _FAILED.get(exc.code, "print_failed"))
        result = self.printer.wait(job, timeout_s=self.timeout_s)
        if result.ok:
            self.count(sum(pdf_pages(d) for d in documents))
            return PrintOutcome(True, "print_done")
        if result.state is JobState.STOPPED:
            return PrintOutcome(False, _FAILED.get(self.printer.status().code, "print_failed"))
        return PrintOutcome(False, "print_slow" if result.state is JobState.TIMED_OUT else "print_failed")

    def resume(self) -> bool:
        return self.printer.resume()


def receipt_ops(doc: Document) -> list[Op]:
    """A document on 80 mm paper: the same blocks, as lines of text, a native QR code and a cut."""
    ops: list[Op] = [Text(doc.title, bold=True, align="center", double=True), Feed(1)]
    for b in doc.blocks:
        if isinstance(b, Heading):
            ops.append(Text(b.text, bold=True))
        elif isinstance(b, Line):
            ops.append(Text(f"{b.label}：{b.value}"))
        elif isinstance(b, Paragraph):
            ops.append(Text(b.text, bold=b.emphasis))
        elif isinstance(b, QrBlock):
            ops += [Qr(b.payload), Text(b.caption, align="center")]
    if doc.footer:
        ops.append(Text(doc.footer, align="center"))
    return [*ops, Feed(3), Cut()]


class EscPosPrintService(_Counted):
    prints_pdf = False                                     # 80 mm thermal paper
    counter_name = "receiptprinter"

    def __init__(self, printer: EscPosPrinter, counters: Counters | None = None, capacity: int = 300) -> None:
        super().__init__(counters, capacity)
        self.printer = printer

    def status(self) -> DeviceStatus:
        return self._with_paper(self.printer.status())

    def print_document(self, doc: Document) -> PrintOutcome:
        try:
            self.printer.print_ops(receipt_ops(doc))
        except PrintError as exc:
            return PrintOutcome(False, _FAILED.get(exc.code, "print_failed"))
        self.count(1)
        return PrintOutcome(True, "print_done")

    def print_pdf(self, data: bytes, kind: str, cover: Document | None = None) -> PrintOutcome:
        return PrintOutcome(False, "print_needs_a4")       # 80 mm thermal paper cannot carry an A4 certificate

    def resume(self) -> bool:
        return False                                       # nothing is queued: the paper is read before each receipt


class RoutedPrinter:
    """Receipts to the receipt printer, everything else to the A4 printer; either alone does all. When
    the printer a document goes to cannot print now (out of paper, off) and the other one can, the other
    one prints it — decided before anything is sent, so this is never a retry of a started job."""

    def __init__(self, a4: Printer | None, receipt: Printer | None) -> None:
        assert a4 is not None or receipt is not None
        self.a4, self.receipt = a4, receipt
        self.prints_pdf = any(p is not None and p.prints_pdf for p in (a4, receipt))

    def _for(self, doc: Document) -> tuple[Printer, Printer | None]:
        first, second = (self.receipt, self.a4) if doc.kind == "receipt" else (self.a4, self.receipt)
        return (first, second) if first is not None else (second, None)  # type: ignore[return-value]

    def status(self) -> DeviceStatus:
        return (self.a4 or self.receipt).status()  # type: ignore[union-attr]

    def print_document(self, doc: Document) -> PrintOutcome:
        first, other = self._for(doc)
        if other is not None and first.status().state is DeviceState.UNAVAILABLE \
                and other.status().state is not DeviceState.UNAVAILABLE:
            outcome = other.print_document(doc)
            return PrintOutcome(True, "print_done_other") if outcome.ok else outcome
        return first.print_document(doc)

    def print_pdf(self, data: bytes, kind: str, cover: Document | None = None) -> PrintOutcome:
        return (self.a4 or self.receipt).print_pdf(data, kind, cover)  # type: ignore[union-attr]

    def resume(self) -> bool:
        return any([p.resume() for p in (self.a4, self.receipt) if p is not None])

    def paper(self) -> dict[str, PaperEstimate]:
        """Counted paper per printer, for the maintenance screen."""
        return {name: est for p in (self.a4, self.receipt) if p is not None for name, est in p.paper().items()}

    def refilled(self) -> None:
        """The technician refilled every printer's paper (one button: a kiosk is refilled in one visit)."""
        for p in (self.a4, self.receipt):
            if p is not None:
                p.refilled()
