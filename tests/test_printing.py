"""Documents to paper: the acceptance receipt and the checklist rendered to PDF (CJK font embedded)
and printed through a real cupsd to the cups-pdf queue; the CUPS status vocabulary mapped to the
kiosk's device status."""

import datetime as dt
import subprocess
import time

import pytest

from api_schema.models import ApplicationReceipt, ApplicationStatus
from drivers.printer.cups_printer import CupsPrinter, JobState, status_from_cups
from drivers.status import DeviceState, StatusCode
from kiosk.documents import PageFormat, acceptance_receipt, certificate_cover, material_checklist, mask_name
from platform_server.seed_catalog import SEED_ITEMS
from ui.application import create_application
from ui.documents_pdf import render_pdf

from .helpers import ID_NUMBER, NAME

ITEM = SEED_ITEMS[0]
NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)
RECEIPT = ApplicationReceipt(application_no="ZW20261121000042", item_code=ITEM.code, item_name=ITEM.name,
                             status=ApplicationStatus.APPROVED, accepted_at=NOW, promised_by=NOW.date(),
                             certificate_available=True, replayed=False, tracking_tag="K3Q7ZB2MXA")


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_receipt_says_what_matters_and_masks_the_person():
    doc = acceptance_receipt(item=ITEM, applicant_name=NAME, id_number=ID_NUMBER, kiosk_name="测试终端", now=NOW,
                             receipt=RECEIPT)
    text = doc.text()
    assert "ZW20261121000042" in text and ITEM.name in text and "已提交至政务服务平台" in text
    assert NAME not in text and ID_NUMBER not in text
    assert mask_name(NAME) in text and "110105********002X" in text
    queued = acceptance_receipt(item=ITEM, applicant_name=NAME, id_number=ID_NUMBER, kiosk_name="测试终端", now=NOW,
                                local_ref="AB12CD34")
    assert "尚未提交" in queued.text() and "AB12CD34" in queued.text() and "办件号：" not in queued.text()
    assert [mask_name(n) for n in ("李四", "欧阳娜娜", "张")] == ["李*", "欧**娜", "张"]
    # the QR code: the number alone, or with a public address the platform's page and its check code,
    # which the kiosk's own scanner reads back as the number
    from drivers.qrscanner.protocol import parse_code
    from kiosk.documents import QrBlock
    assert [b.payload for b in doc.blocks if isinstance(b, QrBlock)] == ["ZW20261121000042"]
    linked = acceptance_receipt(item=ITEM, applicant_name=NAME, id_number=ID_NUMBER, kiosk_name="测试终端", now=NOW,
                                receipt=RECEIPT, track_base_url="https://zwfw.example.gov.cn/")
    payload = [b.payload for b in linked.blocks if isinstance(b, QrBlock)][0]
    assert payload == "https://zwfw.example.gov.cn/t/ZW20261121000042?v=K3Q7ZB2MXA"
    assert parse_code(payload).value == "ZW20261121000042"


@pytest.mark.parametrize("page", list(PageFormat))
def test_receipt_pdf_embeds_its_font_and_its_text_reads_back(tmp_path, page):
    create_application()
    doc = acceptance_receipt(item=ITEM, applicant_name=NAME, id_number=ID_NUMBER, kiosk_name="测试终端", now=NOW,
                             receipt=RECEIPT, page=page)
    path = tmp_path / "receipt.pdf"
    path.write_bytes(render_pdf(doc))
    text = pdf_text(path)
    for expected in ("政务服务受理回执", ITEM.name, "ZW20261121000042", "已提交至政务服务平台", "受理部门"):
        assert expected in text, (expected, text)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts      # the "emb" column


def test_receipt_and_checklist_print_through_cups(cups, tmp_path):
    create_application()
    printer = CupsPrinter(cups.pdf_queue, server=str(cups.socket))
    assert printer.status().state is DeviceState.READY
    for doc in (acceptance_receipt(item=ITEM, applicant_name=NAME, id_number=ID_NUMBER, kiosk_name="测试终端",
                                   now=NOW, receipt=RECEIPT),
                material_checklist(ITEM, kiosk_name="测试终端", now=NOW)):
        start = time.time()
        job = printer.submit(render_pdf(doc), f"kiosk-{doc.kind}")
        result = printer.wait(job, timeout_s=60)
        assert result.state is JobState.COMPLETED, result
        deadline = time.monotonic() + 10
        outputs = []
        while not outputs and time.monotonic() < deadline:
            outputs = [p for p in cups.pdf_dir.glob(f"*job_{job}.pdf") if p.stat().st_mtime >= start - 1]
            time.sleep(0.1)
        assert outputs, f"cups-pdf wrote nothing for job {job}"
        # What came out is what went in, page for page. (Its text cannot be read back: cups-pdf takes
        # PostScript, and Ghostscript's ps2write turns the CJK font into Type 3 glyphs without a
        # Unicode map; the document's own text is checked above, before CUPS.)
        sent = tmp_path / f"{doc.kind}.pdf"
        sent.write_bytes(render_pdf(doc))
        assert page_difference(sent, outputs[0], tmp_path) < 0.1


def page_difference(a, b, tmp_path, cell: int = 6) -> float:
    """Of the 6 × 6 px cells (first pages at 40 dpi) inked on either PDF, the share whose ink differs
    clearly: small glyph rasterisation differences vanish, moved or missing text does not."""
    from PySide6.QtGui import QImage

    images = []
    for n, pdf in enumerate((a, b)):
        stem = tmp_path / f"page{n}"
        subprocess.run(["pdftoppm", "-r", "40", "-gray", "-singlefile", "-png", str(pdf), str(stem)], check=True,
                       capture_output=True)
        images.append(QImage(f"{stem}.png"))
    first, second = images
    assert first.size() == second.size(), (first.size(), second.size())

    def cells(img):
        return [sum(img.pixelColor(x, y).value() for y in range(cy, cy + cell) for x in range(cx, cx + cell)) / cell ** 2
                for cy in range(0, img.height() - cell + 1, cell) for cx in range(0, img.width() - cell + 1, cell)]
    inked = [(u, v) for u, v in zip(cells(first), cells(second)) if min(u, v) < 240]
    return sum(1 for u, v in inked if abs(u - v) > 48) / max(1, len(inked))


def test_unknown_queue_and_dead_scheduler_are_statuses_not_crashes(cups, tmp_path):
    assert CupsPrinter("NoSuchQueue", server=str(cups.socket)).status().code is StatusCode.NOT_CONFIGURED
    dead = CupsPrinter("Any", server=str(tmp_path / "no-cupsd.sock")).status()
    assert (dead.state, dead.code) == (DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING)


@pytest.mark.parametrize("state,reasons,accepting,expected", [
    (3, ["none"], 1, (DeviceState.READY, StatusCode.OK)),
    (4, ["none"], 1, (DeviceState.BUSY, StatusCode.OK)),
    (3, ["media-low-report"], 1, (DeviceState.READY, StatusCode.MEDIA_LOW)),
    (3, ["toner-low-report"], 1, (DeviceState.READY, StatusCode.MEDIA_LOW)),
    (5, ["media-empty-error"], 1, (DeviceState.UNAVAILABLE, StatusCode.MEDIA_EMPTY)),
    (5, ["media-jam-error", "media-empty-warning"], 1, (DeviceState.UNAVAILABLE, StatusCode.MEDIA_JAMMED)),
    (5, ["offline-report"], 1, (DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING)),
    (3, ["cover-open-error"], 1, (DeviceState.UNAVAILABLE, StatusCode.HARDWARE_ERROR)),
    (5, ["paused"], 1, (DeviceState.UNAVAILABLE, StatusCode.HARDWARE_ERROR)),
    (3, ["none"], 0, (DeviceState.UNAVAILABLE, StatusCode.HARDWARE_ERROR)),
    # a tray empty while another feeds: the printer carries on
    (3, ["media-empty-report"], 1, (DeviceState.READY, StatusCode.OK)),
    (4, ["media-empty-warning", "media-low-report"], 1, (DeviceState.BUSY, StatusCode.MEDIA_LOW)),
    (5, ["media-empty-report"], 1, (DeviceState.UNAVAILABLE, StatusCode.MEDIA_EMPTY)),
    (3, ["media-needed"], 1, (DeviceState.UNAVAILABLE, StatusCode.MEDIA_EMPTY)),
])
def test_cups_states_and_reasons_map_to_device_status(state, reasons, accepting, expected):
    s = status_from_cups("a4printer", {"printer-state": state, "printer-state-reasons": reasons,
                                       "printer-is-accepting-jobs": accepting})
    assert (s.state, s.code) == expected


def test_paper_out_stops_tells_and_never_prints_late(cups, tmp_path):
    """The printer runs out of paper: the job is reported STOPPED and cancelled (so it cannot come out
    later for someone else), the status says MEDIA_EMPTY; after a refill the queue is started again
    and a reprint — a new job, asked for by the person — comes out once."""
    create_application()
    paper = cups.add_paper_queue("PaperSim")
    printer = CupsPrinter("PaperSim", server=str(cups.socket))
    pdf = render_pdf(material_checklist(ITEM, kiosk_name="测试终端", now=NOW))
    assert printer.wait(printer.submit(pdf, "kiosk-checklist"), timeout_s=30).ok

    paper.empty()
    job = printer.submit(pdf, "kiosk-checklist")
    result = printer.wait(job, timeout_s=30)
    assert result.state is JobState.STOPPED
    status = printer.status()
    assert (status.state, status.code) == (DeviceState.UNAVAILABLE, StatusCode.MEDIA_EMPTY)
    assert job not in printer._connection().getJobs(which_jobs="all")    # purged: cannot come out later

    paper.refill()
    assert printer.resume()
    assert not printer.resume()                                         # already running
    reprint = printer.submit(pdf, "kiosk-checklist")
    assert printer.wait(reprint, timeout_s=30).ok
    assert sorted(p.name for p in paper.directory.glob("job-*")) == sorted([f"job-{job - 1}.pdf", f"job-{reprint}.pdf"])
    assert printer.status().state is DeviceState.READY


@pytest.fixture
def printing_ui(kiosk_window, cups):
    """The kiosk window with the A4 printer on a real cupsd: cups-pdf, or the paper simulator."""
    from launcher.printing import CupsPrintService

    def make(queue: str):
        vm, ui = kiosk_window(allow_skip_verification=True,
                              printer=CupsPrintService(CupsPrinter(queue, server=str(cups.socket)), timeout_s=30))
        vm.set_kiosk_name("测试终端")
        return vm, ui.window
    return make


def to_result(qtbot, vm, win):
    from .helpers import identity
    from .uitools import click, tap_keypad
    vm.chooseItem("YB-0601")
    vm.startService()
    assert vm.service.identify(identity()).ok
    vm._notify()
    qtbot.waitUntil(lambda: vm.screen == "form")
    tap_keypad(win, "mobile", "13800138000")
    click(win, "toReview")
    qtbot.waitUntil(lambda: vm.screen == "review")
    click(win, "submitButton")
    qtbot.waitUntil(lambda: vm.screen == "result", timeout=10000)


def test_receipt_printed_from_the_result_screen_and_reprinted(qtbot, printing_ui, cups, artifacts):
    from .uitools import click, find, shot
    vm, win = printing_ui(cups.pdf_queue)
    to_result(qtbot, vm, win)
    number = vm.receipt["applicationNo"]
    start = time.time()
    click(win, "printReceipt")
    qtbot.waitUntil(lambda: not vm.printing.busy and vm.printing.message != "", timeout=60000)
    assert vm.printing.ok and "已打印" in find(win, "printMessage").property("text")
    shot(win, artifacts / "screens" / "25-result-printed.png")
    assert find(win, "printReceipt").property("text") == "重新打印回执"
    click(win, "printReceipt")                                          # a reprint is the person's choice
    qtbot.waitUntil(lambda: not vm.printing.busy and vm.printing.ok, timeout=60000)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len([p for p in cups.pdf_dir.glob("kiosk-receipt*.pdf")
                                               if p.stat().st_mtime >= start - 1]) < 2:
        time.sleep(0.1)
    assert len([p for p in cups.pdf_dir.glob("kiosk-receipt*.pdf") if p.stat().st_mtime >= start - 1]) == 2
    assert number


def test_paper_out_on_the_guide_says_so_and_offers_the_alternatives(qtbot, printing_ui, cups, artifacts):
    from .uitools import click, find, shot
    paper = cups.add_paper_queue("GuidePaper")
    paper.empty()
    vm, win = printing_ui("GuidePaper")
    vm.chooseItem("RS-0101")
    qtbot.waitUntil(lambda: vm.screen == "guide")
    click(win, "printChecklist")
    qtbot.waitUntil(lambda: not vm.printing.busy and vm.printing.message != "", timeout=60000)
    assert not vm.printing.ok and "缺纸" in find(win, "printMessage").property("text")
    assert list(paper.directory.glob("job-*")) == []
    shot(win, artifacts / "screens" / "26-guide-paper-out.png")


def test_certificate_of_an_instant_item_printed_as_the_platform_made_it(qtbot, printing_ui, cups, tmp_path):
    """One job, two documents: the kiosk's cover (masked person, 办件号, pages that follow) and the
    platform's certificate as it is."""
    from .uitools import click
    paper = cups.add_paper_queue("CertPaper")
    vm, win = printing_ui("CertPaper")
    to_result(qtbot, vm, win)
    assert vm.receipt["certificate"]
    number = vm.receipt["applicationNo"]
    click(win, "printCertificate")
    qtbot.waitUntil(lambda: not vm.printing.busy and vm.printing.message != "", timeout=60000)
    assert vm.printing.ok, vm.printing.message
    first = [p for p in paper.directory.glob("job-*") if ".doc" not in p.name]
    assert len(first) == 1
    job = first[0].name[len("job-"):-len(".pdf")]
    assert sorted(p.name for p in paper.directory.glob("job-*")) == [f"job-{job}.doc2.pdf", f"job-{job}.pdf"]
    cover, certificate = pdf_text(first[0]), pdf_text(paper.directory / f"job-{job}.doc2.pdf")   # one job, two documents
    assert "证明文件封面" in cover and number in cover and "本封面后共 1 页" in cover and NAME not in cover
    assert mask_name(NAME) in cover and "110105********002X" in cover
    (tmp_path / "platform.pdf").write_bytes(vm.service.client.certificate(number, vm.service.person_grant()))
    assert certificate == pdf_text(tmp_path / "platform.pdf") and NAME in certificate    # as the platform made it


def test_certificate_cover_can_be_turned_off(cups):
    from launcher.printing import CupsPrintService
    create_application()
    paper = cups.add_paper_queue("NoCover")
    service = CupsPrintService(CupsPrinter("NoCover", server=str(cups.socket)), timeout_s=30, certificate_cover=False)
    pdf = render_pdf(material_checklist(ITEM, kiosk_name="测试终端", now=NOW))
    cover = certificate_cover(item=ITEM, receipt=RECEIPT, applicant_name=NAME, id_number=ID_NUMBER,
                              kiosk_name="测试终端", now=NOW, certificate_pages=1)
    assert service.print_pdf(pdf, "certificate", cover).ok
    assert [p.read_bytes() for p in paper.directory.glob("job-*")] == [pdf]


def test_technician_resumes_after_refill_and_prints_a_test_page(qtbot, printing_ui, cups, artifacts):
    from .uitools import click, shot
    paper = cups.add_paper_queue("MaintPaper")
    vm, win = printing_ui("MaintPaper")
    paper.empty()
    vm.chooseItem("RS-0101")
    qtbot.waitUntil(lambda: vm.screen == "guide")
    click(win, "printChecklist")
    qtbot.waitUntil(lambda: not vm.printing.busy and vm.printing.message != "", timeout=60000)
    assert not vm.printing.ok
    vm.finish()
    paper.refill()                                               # the technician refills
    vm.show_home_screen("maintenance")
    qtbot.waitUntil(lambda: vm.screen == "maintenance")
    click(win, "resumePrinting")
    qtbot.waitUntil(lambda: not vm.printing.busy and vm.printing.message != "", timeout=30000)
    assert vm.printing.ok and "已恢复" in vm.printing.message
    click(win, "testPrint")
    qtbot.waitUntil(lambda: not vm.printing.busy and "已打印" in vm.printing.message, timeout=60000)
    assert len(list(paper.directory.glob("job-*"))) == 1                # the test page; the stopped job never came out
    shot(win, artifacts / "screens" / "27-maintenance-printing.png")


def test_paper_is_counted_across_restarts_and_warns_before_it_runs_out(cups, tmp_path):
    from launcher.printing import CupsPrintService
    from offline_cache.db import open_database
    from offline_cache.counters import Counters

    create_application()
    db = tmp_path / "kiosk.db"
    service = CupsPrintService(CupsPrinter(cups.pdf_queue, server=str(cups.socket)),
                               counters=Counters(open_database(db)), capacity=3)
    checklist = material_checklist(ITEM, kiosk_name="测试终端", now=NOW)
    assert service.status().code is StatusCode.OK
    assert service.print_document(checklist).ok and service.print_document(checklist).ok
    again = CupsPrintService(CupsPrinter(cups.pdf_queue, server=str(cups.socket)),
                             counters=Counters(open_database(db)), capacity=3)      # after a restart
    assert again.estimate().remaining == 1
    low = again.status()
    assert (low.state, low.code) == (DeviceState.READY, StatusCode.MEDIA_LOW) and "counted" in low.detail
    again.refilled()
    assert again.paper()["a4printer"].remaining == 3 and again.status().code is StatusCode.OK


def test_certificate_to_the_phone_when_the_printer_is_out_of_paper(qtbot, printing_ui, cups, artifacts, tmp_path):
    """The A4 printer has no paper: the certificate cannot be printed, the result screen offers the
    phone. The QR code on screen is the platform's download link; a phone (here: requests, no token)
    gets the certificate PDF with it; leaving the screen takes the code away."""
    import cv2
    import numpy as np
    import requests
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage
    from ui.printing import PickupQr
    from .uitools import click, find, shot

    paper = cups.add_paper_queue("PickupPaper")
    paper.empty()
    vm, win = printing_ui("PickupPaper")
    to_result(qtbot, vm, win)
    click(win, "printCertificate")
    qtbot.waitUntil(lambda: not vm.printing.busy and vm.printing.message != "", timeout=60000)
    assert not vm.printing.ok and "缺纸" in vm.printing.message
    assert find(win, "pickupCard").property("visible")
    assert find(win, "printReceipt").property("text") == "打印回执"    # nothing was printed here
    shot(win, artifacts / "screens" / "29-result-certificate-paper-out.png")
    click(win, "phonePickup")
    qtbot.waitUntil(lambda: vm.printing.pickupShown, timeout=10000)
    qtbot.waitUntil(lambda: find(win, "pickupQr") is not None and find(win, "pickupQr").property("paintedWidth") > 100)
    hint = find(win, "pickupHint").property("text")
    assert f"{vm.printing.pickupUntil} 前有效" in hint and "请勿让他人拍摄" in hint
    shot(win, artifacts / "screens" / "30-result-phone-pickup.png")

    image = PickupQr(vm.printing).requestImage("1", QSize(), QSize(400, 400)).convertToFormat(
        QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[:, :image.width()]
    url, _, _ = cv2.QRCodeDetectorAruco().detectAndDecode(pixels.copy())
    assert url and url == vm.printing.pickup_url
    pdf = requests.get(url, timeout=10)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    (tmp_path / "phone.pdf").write_bytes(pdf.content)
    assert vm.receipt["applicationNo"] in pdf_text(tmp_path / "phone.pdf")

    click(win, "closePickup")
    assert not vm.printing.pickupShown and vm.printing.pickup_url == ""
    click(win, "phonePickup")                                          # a new code: a new link
    qtbot.waitUntil(lambda: vm.printing.pickupShown, timeout=10000)
    assert vm.printing.pickup_url != url
    click(win, "closePickup")
    base, vm.service.client.base = vm.service.client.base, "http://127.0.0.1:9"     # the network goes down
    try:
        click(win, "phonePickup")
        qtbot.waitUntil(lambda: not vm.printing.busy and vm.printing.message != "", timeout=30000)
        assert not vm.printing.pickupShown and "暂时无法生成下载二维码" in vm.printing.message
    finally:
        vm.service.client.base = base
    vm.finish()                                                        # the session ends: the code goes with it
    qtbot.waitUntil(lambda: vm.screen != "result")
    assert vm.printing.pickup_url == "" and not vm.printing.pickupShown


def test_with_only_a_receipt_printer_the_certificate_goes_to_the_phone(qtbot, kiosk_window, pty_pair):
    """No A4 printer (a thermal receipt printer only): 打印证明 is not offered — it would fetch the
    certificate and then say this kiosk cannot print it — and the catalog does not promise 可当场打印;
    the phone download is the main button."""
    from drivers.printer.escpos_emulator import EscPosEmulator
    from drivers.printer.escpos_printer import EscPosPrinter
    from launcher.printing import EscPosPrintService, RoutedPrinter

    from .uitools import _walk, find

    emulator = EscPosEmulator(str(pty_pair.device_path)).start()
    try:
        printer = RoutedPrinter(None, EscPosPrintService(EscPosPrinter(str(pty_pair.host_path))))
        vm, ui = kiosk_window(allow_skip_verification=True, printer=printer)
        assert vm.printing.available and not vm.printing.certificates
        to_result(qtbot, vm, ui.window)
        assert vm.receipt["certificate"]
        assert not find(ui.window, "printCertificate").property("visible")
        assert find(ui.window, "phonePickupMain").property("visible")
        assert find(ui.window, "printReceipt").property("visible")       # the receipt still prints
        vm.finish()
        vm.openCatalog("")
        qtbot.waitUntil(lambda: vm.screen == "catalog")
        qtbot.wait(200)
        texts = [i.property("text") for i in _walk(ui.window.contentItem()) if i.isVisible() and i.property("text")]
        assert "秒批 · 手机下载" in texts and "秒批 · 可当场打印" not in texts
        vm.tasks.wait()
    finally:
        emulator.stop()
