"""A full non-interactive provisioning run, timed: `kiosk-provision all` on a fresh temporary root with
the emulated devices plugged in (GA 467 module, ESC/POS printer, QR scanner on ptys under
/dev/serial/by-id, the PC/SC virtual reader on a real pcscd, the shared video as camera, the real
cupsd's cups-pdf queue) against the real reference platform.

    python -m bench.provision [--runs N]

Baseline in the same run: the bare protocol cost of the same devices when one already knows which port
is which (one SAM status, one DLE EOT pair, one camera frame): what detection adds on top is the
probing of unknown ports and the wait for the technician's scan. Goal (issue 8): a fresh box to a
working kiosk in ten minutes, of which the tool's own share should be well under one.
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from drivers.camera.sources import source_from_spec
from drivers.idcard.reader import IdCardReader
from drivers.printer.escpos_printer import EscPosPrinter
from drivers.smartcard.pcscd import ensure_pcscd
from launcher.demo import DEMO_CAMERA
from platform_server.runner import PlatformProcess
from tests import peers
from tests.provision_box import IDCARD_ID, PRINTER_ID, EmulatedBox


def _baseline(box: EmulatedBox) -> float:
    t0 = time.perf_counter()
    reader = IdCardReader(str(box.root / "dev/serial/by-id" / IDCARD_ID))
    reader.open()
    reader.sam_status()
    reader.close()
    printer = EscPosPrinter(str(box.root / "dev/serial/by-id" / PRINTER_ID))
    printer.read_status()
    printer.close()
    camera = source_from_spec(DEMO_CAMERA)
    camera.open()
    camera.read()
    camera.close()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cups = peers.start_cupsd()
    pcscd = ensure_pcscd()
    runs: list[dict[str, float]] = []
    baselines: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-provision-") as tmp:
        (Path(tmp) / "platform").mkdir()
        platform = PlatformProcess(Path(tmp) / "platform")
        try:
            for n in range(args.runs):
                box = EmulatedBox(Path(tmp) / f"root{n}")
                try:
                    baselines.append(_baseline(box))
                    box.keep_scanning()
                    cmd = [sys.executable, "-m", "provisioning.cli", "--root", str(box.root), "--yes", "--json",
                           "--cups-server", str(cups.socket), "--cups-queue", cups.pdf_queue, "--scan-wait", "10",
                           "--camera", DEMO_CAMERA, "all", "--code", platform.pairing_code(),
                           "--name", f"基准终端 {n}", "--platform", platform.url]
                    t0 = time.perf_counter()
                    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                                         env={**os.environ, **cups.env()})
                    wall = time.perf_counter() - t0
                    summary = json.loads(out.stdout.strip().splitlines()[-1])
                    if not summary["ok"]:
                        raise SystemExit(f"provisioning failed: {out.stdout}{out.stderr}")
                    runs.append({**{k: summary[k] for k in ("detect_s", "configure_s", "install_s", "enrol_s",
                                                            "selftest_s", "total_s")}, "wall_s": wall})
                    print(f"run {n}: " + ", ".join(f"{k} {v:.2f}" for k, v in runs[-1].items()), file=sys.stderr)
                finally:
                    box.close()
        finally:
            platform.stop()
            pcscd.stop()
            cups.stop()
    med = {k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]}
    print(json.dumps({"detect_s": med["detect_s"], "selftest_s": med["selftest_s"], "enrol_s": med["enrol_s"],
                      "total_s": med["total_s"], "configure_s": med["configure_s"], "install_s": med["install_s"],
                      "process_wall_s": med["wall_s"], "baseline_known_ports_s": round(statistics.median(baselines), 3),
                      "runs": len(runs), "goal_s": 600}))


if __name__ == "__main__":
    main()
