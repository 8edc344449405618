"""A fresh box with its devices plugged in, for provisioning tests and bench.provision: a temporary
root whose /dev/serial/by-id names (real vendors' naming) point at pseudo-terminals with the GA 467,
ESC/POS and QR scanner emulators on their far ends."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from drivers.idcard.emulator import Ga467Emulator, sample_card
from drivers.printer.escpos_emulator import EscPosEmulator
from drivers.ptypair import PtyPair
from drivers.qrscanner.emulator import QrScannerEmulator

IDCARD_ID = "usb-Synjones_SS628-100_0001A2-if00-port0"
PRINTER_ID = "usb-Xprinter_XP-80C_5A3C11-if00-port0"
SCANNER_ID = "usb-Newland_NLS-FR40_F00D42-if00-port0"


class EmulatedBox:
    def __init__(self, root: Path | None = None, *, card_on_pad: bool = True) -> None:
        self._tmp = None if root else tempfile.TemporaryDirectory(prefix="kiosk-box-")
        self.root = Path(root or self._tmp.name)  # type: ignore[union-attr]
        by_id = self.root / "dev/serial/by-id"
        by_id.mkdir(parents=True, exist_ok=True)
        self.pairs = [PtyPair() for _ in range(3)]
        idp, prp, qrp = self.pairs
        self.idcard = Ga467Emulator(str(idp.device_path)).start()
        if card_on_pad:
            self.idcard.place(sample_card())
        self.printer = EscPosEmulator(str(prp.device_path)).start()
        self.scanner = QrScannerEmulator(str(qrp.device_path))
        self._scanning: list[threading.Event] = []
        for name, pair in ((IDCARD_ID, idp), (PRINTER_ID, prp), (SCANNER_ID, qrp)):
            (by_id / name).symlink_to(pair.host_path)

    def keep_scanning(self, text: str = "ZW20261121000001", every_s: float = 0.5) -> threading.Event:
        """The technician scans a code again and again until the tool has heard it (set the event
        returned to stop), as one does at a prompt."""
        stop = threading.Event()

        def run() -> None:
            while not stop.wait(every_s):
                self.scanner.scan(text)
        threading.Thread(target=run, daemon=True).start()
        self._scanning.append(stop)
        return stop

    def close(self) -> None:
        for stop in self._scanning:
            stop.set()
        self.idcard.stop()
        self.printer.stop()
        self.scanner.close()
        for pair in self.pairs:
            pair.close()
        if self._tmp is not None:
            self._tmp.cleanup()
