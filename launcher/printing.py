"""CupsPrinter in the shape the core asks for (kiosk.printing.Printer): one call that prints and
says how it went, as a message code."""

from __future__ import annotations

from drivers.printer.cups_printer import CupsPrinter, JobState, PrintError
from drivers.status import DeviceStatus, StatusCode
from kiosk.printing import PrintOutcome


class CupsPrintService:
    def __init__(self, printer: CupsPrinter, timeout_s: float = 60.0) -> None:
        self.printer, self.timeout_s = printer, timeout_s

    def status(self) -> DeviceStatus:
        return self.printer.status()

    def print_pdf(self, data: bytes, title: str) -> PrintOutcome:
        try:
            job = self.printer.submit(data, title)
        except PrintError as exc:
            return PrintOutcome(False, "print_unavailable" if exc.code is StatusCode.NOT_RESPONDING else "print_failed")
        result = self.printer.wait(job, timeout_s=self.timeout_s)
        if result.ok:
            return PrintOutcome(True, "print_done")
        if result.state is JobState.STOPPED:
            code = self.printer.status().code
            return PrintOutcome(False, {StatusCode.MEDIA_EMPTY: "print_paper_out",
                                       StatusCode.MEDIA_JAMMED: "print_jammed"}.get(code, "print_failed"))
        if result.state is JobState.TIMED_OUT:
            return PrintOutcome(False, "print_slow")
        return PrintOutcome(False, "print_failed")
