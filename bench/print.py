"""Printing a receipt: render the acceptance receipt to PDF (Qt, CJK font embedded), then submit it to
a real cupsd's cups-pdf queue and follow the job to `completed`.

    python -m bench.print [--runs N]

Baseline in the same run: the same PDF, already on disk, printed with pycups' printFile (the plain
API path) and followed the same way. Goal (issue 7): render + job done <= 1 s. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from api_schema.models import ApplicationReceipt, ApplicationStatus  # noqa: E402
from drivers.printer.cups_printer import CupsPrinter, JobState  # noqa: E402
from kiosk.documents import acceptance_receipt  # noqa: E402
from platform_server.seed_catalog import SEED_ITEMS  # noqa: E402
from tests import peers  # noqa: E402
from ui.application import create_application  # noqa: E402
from ui.documents_pdf import render_pdf  # noqa: E402


def _receipt(n: int):  # noqa: ANN202
    item, now = SEED_ITEMS[0], dt.datetime.now(dt.timezone.utc)
    r = ApplicationReceipt(application_no=f"ZW{now:%Y%m%d}{n:06d}", item_code=item.code, item_name=item.name,
                           status=ApplicationStatus.APPROVED, accepted_at=now, promised_by=now.date(),
                           certificate_available=True, replayed=False)
    return acceptance_receipt(item=item, applicant_name="张三丰", id_number="11010519491231002X",
                              kiosk_name="基准终端", now=now, receipt=r)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    create_application()
    cups = peers.start_cupsd()
    try:
        printer = CupsPrinter(cups.pdf_queue, server=str(cups.socket))
        conn = printer._connection()
        render_ms, job_ms, base_ms = [], [], []
        with tempfile.TemporaryDirectory() as tmp:
            render_pdf(_receipt(0))                              # warm-up: fonts loaded, caches filled
            for n in range(1, args.runs + 1):
                t0 = time.perf_counter()
                pdf = render_pdf(_receipt(n))
                t1 = time.perf_counter()
                result = printer.wait(printer.submit(pdf, "bench-receipt"), timeout_s=60, poll_s=0.01)
                t2 = time.perf_counter()
                assert result.state is JobState.COMPLETED, result
                render_ms.append((t1 - t0) * 1000)
                job_ms.append((t2 - t1) * 1000)
                path = Path(tmp) / "receipt.pdf"                 # the baseline: pycups printFile, same bytes
                path.write_bytes(pdf)
                t3 = time.perf_counter()
                job = conn.printFile(cups.pdf_queue, str(path), "bench-baseline", {})
                assert printer.wait(job, timeout_s=60, poll_s=0.01).state is JobState.COMPLETED
                base_ms.append((time.perf_counter() - t3) * 1000)
    finally:
        cups.stop()
    render, done, base = statistics.median(render_ms), statistics.median(job_ms), statistics.median(base_ms)
    print(json.dumps({"render_ms": round(render, 1), "job_done_ms": round(done, 1), "total_ms": round(render + done, 1),
                      "baseline_printfile_job_done_ms": round(base, 1), "runs": args.runs}))


if __name__ == "__main__":
    main()
