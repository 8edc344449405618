"""The 80 mm receipt printer over ESC/POS: bytes as the standard writes them, checked in the emulator's
record (text in GB18030, the QR code, the cut); the paper state read with DLE EOT decides before
anything is sent."""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from drivers.printer.errors import PrintError
from drivers.printer.escpos import (
    COLUMNS, Cut, FrameError, PaperState, PrinterStatus, Qr, Text, decode, encode, parse_status, width, wrap,
)
from drivers.printer.escpos_emulator import EscPosEmulator
from drivers.printer.escpos_printer import EscPosPrinter
from drivers.status import DeviceState, StatusCode


def test_reference_bytes():
    b = encode([Text("回执", bold=True), Qr("ZW20261121000001"), Cut()])
    assert b.startswith(b"\x1b\x40\x1c\x26")                                        # init, Chinese mode on
    assert "回执".encode("gb18030") + b"\n" in b
    assert b"\x1d\x28\x6b\x04\x00\x31\x41\x32\x00" in b                               # QR model 2
    assert b"\x1d\x28\x6b\x13\x00\x31\x50\x30ZW20261121000001" in b                   # store: len + 3 = 0x13
    assert b"\x1d\x28\x6b\x03\x00\x31\x51\x30" in b and b"\x1d\x56\x42\x00" in b       # print QR, feed and cut


def test_status_bytes_from_the_reference():
    assert parse_status(0x12, 0x12) == PrinterStatus(True, PaperState.OK)
    assert parse_status(0x1A, 0x7E) == PrinterStatus(False, PaperState.EMPTY)         # out of paper (reference)
    assert parse_status(0x12, 0x1E).paper is PaperState.LOW
    for bad in (0x00, 0x80, 0x13, 0xFF):
        with pytest.raises(FrameError):
            parse_status(bad, 0x12)


@given(st.text(alphabet=st.sampled_from("张三丰社保参保证明·，ABCxyz0129 "), max_size=120))
def test_wrapping_fits_the_paper_and_loses_nothing(text):
    lines = wrap(text)
    assert "".join(lines) == text and all(width(line) <= COLUMNS for line in lines)
    assert decode(encode([Text(text)])).lines() == [line for line in lines]


@pytest.fixture
def receipt_printer(pty_pair):
    emulator = EscPosEmulator(str(pty_pair.device_path)).start()
    printer = EscPosPrinter(str(pty_pair.host_path))
    yield printer, emulator
    printer.close()
    emulator.stop()


def test_receipt_comes_out_with_text_qr_and_cut(receipt_printer):
    printer, emulator = receipt_printer
    assert printer.status().state is DeviceState.READY
    printer.print_ops([Text("政务服务受理回执", bold=True, align="center"), Text("申请人：张*丰 · 欧阳"),
                       Qr("ZW20261121000001"), Cut()])
    import time
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and ("cut", "") not in emulator.printed().items:
        time.sleep(0.02)
    assert emulator.printed().items == (("text", "政务服务受理回执"), ("text", "申请人：张*丰 · 欧阳"),
                                        ("qr", "ZW20261121000001"), ("cut", ""))


def test_empty_roll_refuses_before_sending_and_low_paper_is_a_warning(receipt_printer):
    printer, emulator = receipt_printer
    emulator.set_paper(PaperState.EMPTY)
    status = printer.status()
    assert (status.state, status.code) == (DeviceState.UNAVAILABLE, StatusCode.MEDIA_EMPTY)
    with pytest.raises(PrintError) as refused:
        printer.print_ops([Text("回执"), Cut()])
    assert refused.value.code is StatusCode.MEDIA_EMPTY and emulator.printed().items == ()
    emulator.set_paper(PaperState.LOW)
    assert (printer.status().state, printer.status().code) == (DeviceState.READY, StatusCode.MEDIA_LOW)


def test_silent_or_unplugged_printer_is_a_status(pty_pair, tmp_path):
    silent = EscPosPrinter(str(pty_pair.host_path), timeout_s=0.2)          # nobody answers at the other end
    assert silent.status().code is StatusCode.NOT_RESPONDING
    silent.close()
    gone = EscPosPrinter(str(tmp_path / "ttyUSB9"))
    assert (gone.status().state, gone.status().code) == (DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING)


def test_acceptance_receipt_goes_to_the_receipt_printer(receipt_printer, artifacts):
    """The routing the kiosk uses: receipts to the 80 mm printer (checklists would go to A4)."""
    import time

    from api_schema.models import ApplicationReceipt, ApplicationStatus
    from kiosk.documents import acceptance_receipt
    from launcher.printing import EscPosPrintService, RoutedPrinter
    from platform_server.seed_catalog import SEED_ITEMS

    printer, emulator = receipt_printer
    item, now = SEED_ITEMS[0], dt.datetime(2026, 11, 21, 12, tzinfo=dt.timezone.utc)
    r = ApplicationReceipt(application_no="ZW20261121000077", item_code=item.code, item_name=item.name,
                           status=ApplicationStatus.ACCEPTED, accepted_at=now, promised_by=now.date(),
                           certificate_available=False, replayed=False)
    doc = acceptance_receipt(item=item, applicant_name="张三丰", id_number="11010519491231002X", kiosk_name="测试终端",
                             now=now, receipt=r)
    outcome = RoutedPrinter(None, EscPosPrintService(printer)).print_document(doc)
    assert outcome.ok and outcome.message_code == "print_done"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and ("cut", "") not in emulator.printed().items:
        time.sleep(0.02)
    printed = emulator.printed()
    assert "办件号：ZW20261121000077" in printed.lines() and ("qr", "ZW20261121000077") in printed.items
    assert "张三丰" not in "".join(printed.lines()) and printed.items[-1] == ("cut", "")
    assert printed.styles[0].align == "center" and printed.styles[0].double and printed.styles[0].bold

    # The emulator's preview: 576 dots wide, the QR code there readable by a camera's decoder
    import cv2
    import numpy as np
    from ui.application import create_application
    from ui.receipt_preview import DOTS, render_preview
    create_application()
    image = render_preview(printed)
    image.save(str(artifacts / "receipt-preview.png"))
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[:, :image.width()]
    assert image.width() == DOTS and (pixels < 128).mean() > 0.02          # ink on the paper
    payload, _, _ = cv2.QRCodeDetectorAruco().detectAndDecode(cv2.copyMakeBorder(pixels, 40, 40, 40, 40,
                                                                            cv2.BORDER_CONSTANT, value=255))
    assert payload == "ZW20261121000077"

    emulator.set_paper(PaperState.EMPTY)
    refused = RoutedPrinter(None, EscPosPrintService(printer)).print_document(doc)
    assert (refused.ok, refused.message_code) == (False, "print_paper_out")


def test_a_usb_printer_class_device_is_driven_without_termios(pty_pair):
    """/dev/usb/lp0 (usblp) is no tty: the driver uses plain reads and writes there. The same bytes and
    DLE EOT answers go through (here over the emulator's line, opened the usblp way)."""
    import time
    from drivers.printer.usblp import is_usblp

    assert is_usblp("/dev/usb/lp0") and not is_usblp(str(pty_pair.host_path))
    emulator = EscPosEmulator(str(pty_pair.device_path)).start()
    printer = EscPosPrinter(str(pty_pair.host_path), transport="usblp")
    try:
        assert printer.usblp and printer.status().state is DeviceState.READY
        printer.print_ops([Text("回执"), Qr("ZW20261122000001"), Cut()])
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and ("cut", "") not in emulator.printed().items:
            time.sleep(0.02)
        assert emulator.printed().items == (("text", "回执"), ("qr", "ZW20261122000001"), ("cut", ""))
        emulator.set_paper(PaperState.EMPTY)
        assert printer.status().code is StatusCode.MEDIA_EMPTY
    finally:
        printer.close()
        emulator.stop()
    gone = EscPosPrinter("/nonexistent/usb/lp9", transport="usblp").status()
    assert (gone.state, gone.code) == (DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING)


def test_the_other_printer_prints_when_the_usual_one_cannot(receipt_printer, cups):
    """Receipt roll empty: the receipt comes out of the A4 printer, and the person is told where.
    A4 out of paper: the checklist comes out of the receipt printer on 80 mm. Decided before anything
    is sent (the usual printer's status), so it is never a second try of a started job."""
    import time
    from api_schema.models import ApplicationReceipt, ApplicationStatus
    from drivers.printer.cups_printer import CupsPrinter
    from kiosk.documents import acceptance_receipt, material_checklist
    from launcher.printing import CupsPrintService, EscPosPrintService, RoutedPrinter
    from platform_server.seed_catalog import SEED_ITEMS
    from ui.application import create_application

    create_application()
    printer, emulator = receipt_printer
    item, now = SEED_ITEMS[0], dt.datetime(2026, 11, 22, 9, tzinfo=dt.timezone.utc)
    paper = cups.add_paper_queue("OtherA4")
    routed = RoutedPrinter(CupsPrintService(CupsPrinter("OtherA4", server=str(cups.socket)), timeout_s=30),
                           EscPosPrintService(printer))
    receipt = acceptance_receipt(item=item, applicant_name="张三丰", id_number="11010519491231002X", kiosk_name="测试终端",
                                 now=now, receipt=ApplicationReceipt(
                                     application_no="ZW20261122000009", item_code=item.code, item_name=item.name,
                                     status=ApplicationStatus.ACCEPTED, accepted_at=now, promised_by=now.date(),
                                     certificate_available=False))
    emulator.set_paper(PaperState.EMPTY)
    outcome = routed.print_document(receipt)
    assert (outcome.ok, outcome.message_code) == (True, "print_done_other")
    assert emulator.printed().items == () and len(list(paper.directory.glob("job-*.pdf"))) == 1

    emulator.set_paper(PaperState.OK)
    assert routed.print_document(receipt).message_code == "print_done"           # back to the usual one
    paper.empty()
    # no IPP face here: the queue only learns of the empty tray from a job, which fails and is said so
    failed = routed.print_document(material_checklist(item, kiosk_name="测试终端", now=now))
    assert (failed.ok, failed.message_code) == (False, "print_paper_out")
    outcome = routed.print_document(material_checklist(item, kiosk_name="测试终端", now=now))
    assert (outcome.ok, outcome.message_code) == (True, "print_done_other")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and emulator.printed().items.count(("cut", "")) < 2:
        time.sleep(0.02)
    assert "一次性告知单" in emulator.printed().lines()
