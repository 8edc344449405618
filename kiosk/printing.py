"""What the core needs from a printer, and what it tells the person. The driver (drivers/printer) and
the PDF renderer (ui/documents_pdf) are wired in by the launcher."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from drivers.status import DeviceStatus

from .documents import Document
from .paper import PaperEstimate


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    message_code: str            # kiosk.messages: print_done, print_paper_out, print_failed, ...


class Printer(Protocol):
    # Whether it can print an A4 PDF (the platform's certificates): a thermal receipt printer cannot,
    # and then the screens offer the certificate by phone instead of a print button that leads nowhere.
    prints_pdf: bool

    def status(self) -> DeviceStatus: ...

    def print_document(self, doc: Document) -> PrintOutcome:
        """Render, print and wait for the end of the job; never retried (the person decides to
        reprint). Blocking: called on a worker thread."""
        ...

    def print_pdf(self, data: bytes, kind: str, cover: Document | None = None) -> PrintOutcome:
        """A PDF made elsewhere (the platform's certificate), printed as it is; `cover` in front of it
        in the same job where the printer is set to print covers."""
        ...

    def resume(self) -> bool:
        """A technician refilled the paper: start what the printer system stopped. True if anything was."""
        ...

    def refilled(self) -> None:
        """Start the paper count again (the technician refilled)."""
        ...

    def paper(self) -> dict[str, PaperEstimate]:
        """Counted paper left, per printer."""
        ...
