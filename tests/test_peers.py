"""The real services the suite stands on are really there: cupsd prints, pcscd sees the vpcd reader."""

import os
import subprocess
import time

import cups as pycups


def test_cupsd_prints_a_pdf_through_cups_pdf(cups, tmp_path):
    os.environ.update(cups.env())
    pycups.setServer(str(cups.socket))
    conn = pycups.Connection()
    assert cups.pdf_queue in conn.getPrinters()
    doc = tmp_path / "hello.pdf"                  # a PDF, as the kiosk prints
    from reportlab.pdfgen import canvas
    pdf = canvas.Canvas(str(doc))
    pdf.drawString(100, 700, "hello kiosk")
    pdf.save()
    start = time.time()
    job = conn.printFile(cups.pdf_queue, str(doc), "kiosk-peer-check", {})
    deadline = time.monotonic() + 20
    while conn.getJobAttributes(job)["job-state"] < 7:
        assert time.monotonic() < deadline, "job did not finish"
        time.sleep(0.05)
    assert conn.getJobAttributes(job)["job-state"] == 9       # completed
    outputs = [p for p in cups.pdf_dir.glob(f"*job_{job}.pdf") if p.stat().st_mtime >= start - 1]
    assert outputs, f"no PDF for job {job} in {cups.pdf_dir}"
    text = subprocess.run(["pdftotext", str(outputs[0]), "-"], capture_output=True, text=True).stdout
    assert "hello kiosk" in text
    outputs[0].unlink()


def test_pcscd_lists_the_virtual_reader(pcscd):
    from smartcard.System import readers
    deadline = time.monotonic() + 10
    names: list[str] = []
    while time.monotonic() < deadline:
        names = [str(r) for r in readers()]
        if "Virtual PCD 00 00" in names:
            break
        time.sleep(0.1)
    assert "Virtual PCD 00 00" in names
