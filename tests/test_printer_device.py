"""The A4 printer's own word, read over IPP from the device: tray levels between jobs, a queue CUPS
stopped for paper started again once the printer says it has paper, a job the printer holds for want
of paper cancelled (never printed late). The printer is the paper simulator: its print path a CUPS
backend on a real cupsd, its IPP face an emulator on 127.0.0.1, both over one paper state."""

import time

import cups as pycups
import pytest

from drivers.printer import ipp
from drivers.printer.cups_printer import CupsPrinter, JobState
from drivers.printer.errors import PrintError
from drivers.printer.ipp_emulator import IppPrinterEmulator
from drivers.printer.ipp_status import Tray, parse_tray, probe
from drivers.status import DeviceState, StatusCode
from kiosk.documents import material_checklist
from platform_server.seed_catalog import SEED_ITEMS
from ui.application import create_application
from ui.documents_pdf import render_pdf

NOW_ITEM = SEED_ITEMS[0]


@pytest.fixture
def sim_printer(cups):
    """make(queue, trays) -> (paper state, CupsPrinter with the device's IPP face as status_uri)."""
    emulators = []

    def make(queue: str, trays: dict[str, int] | None = None):
        paper = cups.add_paper_queue(queue, trays)
        emulators.append(IppPrinterEmulator(paper).start())
        return paper, CupsPrinter(queue, server=str(cups.socket), status_uri=emulators[-1].uri)
    yield make
    for e in emulators:
        e.stop()


def checklist_pdf() -> bytes:
    import datetime as dt
    create_application()
    return render_pdf(material_checklist(NOW_ITEM, kiosk_name="测试终端",
                                         now=dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone.utc)))


def never_prints(printer: CupsPrinter, job: int) -> bool:
    """The job is gone or cancelled (a job being processed is purged once its backend has stopped)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if job not in printer._connection().getJobs(which_jobs="all") or \
                printer.job(job).state in (JobState.CANCELED, JobState.ABORTED):
            return True
        time.sleep(0.1)
    return False


def test_ipp_messages_round_trip_and_libcups_reads_the_emulator(cups, tmp_path):
    from drivers.printer.ipp_emulator import PaperSim
    msg = ipp.Message(ipp.GET_PRINTER_ATTRIBUTES, 7, [(ipp.OPERATION_GROUP, [
        ipp.Attribute(ipp.CHARSET, "attributes-charset", ["utf-8"]),
        ipp.Attribute(ipp.KEYWORD, "requested-attributes", ["printer-state", "printer-input-tray"])])])
    back = ipp.decode(ipp.encode(msg))
    assert (back.code, back.request_id) == (ipp.GET_PRINTER_ATTRIBUTES, 7)
    assert back.attributes(ipp.OPERATION_GROUP)["requested-attributes"] == ["printer-state", "printer-input-tray"]
    with pytest.raises(ipp.IppError):
        ipp.decode(ipp.encode(msg)[:-5])                                  # cut short: no end tag

    paper = PaperSim(tmp_path / "printer").create({"tray-1": 250, "tray-2": 500})
    paper.set_level("tray-1", 0)
    emulator = IppPrinterEmulator(paper).start()
    try:
        # libcups (through pycups) decodes what the emulator says: the wire format is the real one
        host, port = emulator.server.server_address[:2]
        theirs = pycups.Connection(host=host, port=port).getPrinterAttributes(
            uri=emulator.uri, requested_attributes=["printer-state", "printer-state-reasons", "printer-input-tray"])
        ours = probe(emulator.uri)
        assert theirs["printer-state"] == ours.state == 3                 # one tray empty, the other feeds
        assert theirs["printer-state-reasons"] == ["media-low-report"] and ours.reasons == ("media-low-report",)
        assert len(theirs["printer-input-tray"]) == 2
        assert ours.trays == (Tray("tray-1", 0, 250), Tray("tray-2", 500, 500))
    finally:
        emulator.stop()
    with pytest.raises(PrintError) as gone:
        probe(emulator.uri, timeout_s=1)
    assert gone.value.code is StatusCode.NOT_RESPONDING


def test_tray_values_as_printers_write_them():
    assert parse_tray(b"type=sheetFeedAutoRemovableTray;maxcapacity=250;level=40;status=0;name=tray-2;") == \
        Tray("tray-2", 40, 250)
    assert parse_tray("maxcapacity=-2;level=-3;name=by-pass-tray;") == Tray("by-pass-tray", None, None)  # unknown, "some"
    assert parse_tray("garbage") == Tray("tray", None, None)


def test_a_refilled_printer_is_started_again_without_a_technician(sim_printer):
    """Paper out: the backend stops the queue, the job is cancelled. The queue's reasons still say
    media-empty after the refill (CUPS only learns more from the next job), but the printer itself
    says it has paper: the next status poll starts the queue, and the person's reprint comes out once."""
    paper, printer = sim_printer("RefillSim")
    pdf = checklist_pdf()
    paper.empty()
    stopped = printer.submit(pdf, "kiosk-checklist")
    assert printer.wait(stopped, timeout_s=30).state is JobState.STOPPED
    assert printer.status().code is StatusCode.MEDIA_EMPTY
    assert printer._queue()["printer-state"] == 5                      # polls while empty do not start it
    assert printer.status().code is StatusCode.MEDIA_EMPTY

    paper.refill()
    assert printer._queue()["printer-state"] == 5 and "media-empty-error" in printer._queue()["printer-state-reasons"]
    status = printer.status()                                          # the poll: the device says ready
    assert (status.state, status.code) == (DeviceState.READY, StatusCode.OK), status
    assert printer._queue()["printer-state"] == 3
    reprint = printer.submit(pdf, "kiosk-checklist")
    assert printer.wait(reprint, timeout_s=30).ok
    assert sorted(p.name for p in paper.directory.glob("job-*")) == [f"job-{reprint}.pdf"]


def test_a_cleared_jam_restarts_the_queue_but_a_queue_stopped_by_hand_stays_stopped(sim_printer, cups):
    import os
    import subprocess
    paper, printer = sim_printer("JamSim")
    paper.set_fault("media-jam")
    job = printer.submit(checklist_pdf(), "kiosk-checklist")
    assert printer.wait(job, timeout_s=30).state is JobState.STOPPED
    assert printer.status().code is StatusCode.MEDIA_JAMMED
    paper.set_fault("")                                             # the jam cleared at the printer
    assert printer.status().state is DeviceState.READY and printer._queue()["printer-state"] == 3

    other, by_hand = sim_printer("HandSim")
    subprocess.run(["cupsdisable", "HandSim"], env={**os.environ, **cups.env()}, check=True)
    assert printer.status().state is DeviceState.READY
    status = by_hand.status()                                       # the printer is fine, but a person stopped it
    assert (status.state, status.code) == (DeviceState.UNAVAILABLE, StatusCode.HARDWARE_ERROR)
    assert by_hand._queue()["printer-state"] == 5


def test_a_job_the_printer_holds_for_paper_is_cancelled_never_printed_late(sim_printer):
    """IPP and USB printers keep a job waiting for paper (the queue does not stop). The device says
    media-empty: the job is cancelled at once; a refill later prints nothing for the next person."""
    paper, printer = sim_printer("HoldSim")
    (paper.directory / "hold").write_text("")
    paper.empty()
    job = printer.submit(checklist_pdf(), "kiosk-checklist")
    start = time.monotonic()
    result = printer.wait(job, timeout_s=30)
    assert result.state is JobState.STOPPED and "media-empty-error" in result.reasons
    assert time.monotonic() - start < 15                   # at once, not after the 30 s timeout ran out
    assert never_prints(printer, job)
    paper.refill()
    time.sleep(1.5)                                        # the held backend would have printed by now
    assert list(paper.directory.glob("job-*")) == []
    assert printer.status().state is DeviceState.READY


def test_a_job_that_does_not_finish_in_time_is_cancelled(cups):
    """Without the device's word (no IPP face), a held job ends at the timeout: cancelled, not late."""
    paper = cups.add_paper_queue("SlowSim")
    (paper.directory / "hold").write_text("")
    paper.empty()
    printer = CupsPrinter("SlowSim", server=str(cups.socket))
    job = printer.submit(checklist_pdf(), "kiosk-checklist")
    assert printer.wait(job, timeout_s=2).state is JobState.TIMED_OUT
    assert never_prints(printer, job)
    paper.refill()
    time.sleep(1.5)
    assert list(paper.directory.glob("job-*")) == []


def test_paper_per_tray_as_the_printer_reports_it(sim_printer, tmp_path):
    """Two trays: sheets come from tray-1 first; the levels the kiosk shows are the printer's, per
    tray; a low tray makes the status MEDIA_LOW naming the tray; all empty is paper out."""
    from launcher.printing import CupsPrintService
    from offline_cache.counters import Counters
    from offline_cache.db import open_database

    paper, printer = sim_printer("TraySim", {"tray-1": 100, "tray-2": 50})
    service = CupsPrintService(printer, counters=Counters(open_database(tmp_path / "kiosk.db")), capacity=150)
    assert service.status().code is StatusCode.OK
    assert {n: (e.remaining, e.capacity, e.source) for n, e in service.paper().items()} == {
        "a4printer:tray-1": (100, 100, "printer"), "a4printer:tray-2": (50, 50, "printer")}
    paper.set_level("tray-1", 3)
    pdf = checklist_pdf()
    assert service.print_pdf(pdf, "checklist").ok                         # one page, from tray-1
    low = service.status()
    assert (low.state, low.code) == (DeviceState.READY, StatusCode.MEDIA_LOW) and low.detail.startswith("tray-1"), low
    assert service.paper()["a4printer:tray-1"].remaining == 2
    paper.set_level("tray-2", 0)
    paper.set_level("tray-1", 0)
    outcome = service.print_pdf(pdf, "checklist")
    assert (outcome.ok, outcome.message_code) == (False, "print_paper_out")


def test_the_person_reprints_after_a_refill_without_a_technician(qtbot, kiosk_window, sim_printer, artifacts):
    """On the guide: paper out, said so; the printer is refilled; the next poll (as the kiosk's 15 s
    timer does it, off the GUI thread) hears the printer say ready, and the person's second try prints.
    The maintenance screen shows paper per tray as the printer reports it."""
    from launcher.printing import CupsPrintService
    from .uitools import click, find, shot

    paper, printer = sim_printer("GuideRefill", {"tray-1": 250, "tray-2": 20})
    service = CupsPrintService(printer, timeout_s=30)
    vm, ui = kiosk_window(allow_skip_verification=True, printer=service)
    win = ui.window
    paper.set_level("tray-1", 0)
    paper.set_level("tray-2", 0)
    vm.chooseItem("RS-0101")
    qtbot.waitUntil(lambda: vm.screen == "guide")
    click(win, "printChecklist")
    qtbot.waitUntil(lambda: not vm.printing.busy and vm.printing.message != "", timeout=60000)
    assert not vm.printing.ok and "缺纸" in vm.printing.message

    paper.refill()
    polled = []
    vm.tasks.run(service.status, polled.append)
    qtbot.waitUntil(lambda: bool(polled), timeout=10000)
    assert polled[0].state is DeviceState.READY
    click(win, "printChecklist")
    qtbot.waitUntil(lambda: not vm.printing.busy and vm.printing.message != "", timeout=60000)
    assert vm.printing.ok, vm.printing.message
    assert len(list(paper.directory.glob("job-*.pdf"))) == 1

    vm.finish()
    vm.show_home_screen("maintenance")
    qtbot.waitUntil(lambda: vm.screen == "maintenance")
    vm.tasks.run(service.status, polled.append)                    # the next poll; its result refreshes the screen
    qtbot.waitUntil(lambda: len(polled) == 2, timeout=10000)
    vm.printing.changed.emit()
    text = find(win, "paperLeft").property("text")
    assert "A4 纸（tray-1）剩 249/250" in text and "A4 纸（tray-2）剩 20/20" in text, text
    shot(win, artifacts / "screens" / "28-maintenance-trays.png")
