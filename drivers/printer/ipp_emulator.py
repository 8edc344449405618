"""An A4 printer's IPP face on 127.0.0.1, for tests and the demo: it answers Get-Printer-Attributes
with state, reasons and per-tray paper levels (printer-input-tray) in the real wire format.

Its paper lives in a state directory shared with the print path (the tests' CUPS backend), so what the
printer prints and what it says about its paper stay one story:
  trays.json  {"tray-1": {"level": 250, "max": 250}, ...}  (the backend takes sheets from it)
  fault       optional: a reason keyword such as "media-jam" or "cover-open"
"""

from __future__ import annotations

import json
import os
import ssl
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import ipp

LOW_SHARE = 10                       # a tray at or under 1/10 of its capacity says media-low


@dataclass
class PaperSim:
    """The simulated printer's paper and faults, on disk (the CUPS backend runs as another user)."""
    directory: Path

    def create(self, trays: dict[str, int]) -> "PaperSim":
        self.directory.mkdir(parents=True, exist_ok=True)
        self.directory.chmod(0o777)                                    # the backend runs as user lp
        self.write({name: {"level": n, "max": n} for name, n in trays.items()})
        self.set_fault("")
        return self

    def trays(self) -> dict[str, dict[str, int]]:
        return json.loads((self.directory / "trays.json").read_text())

    def write(self, trays: dict[str, dict[str, int]]) -> None:
        tmp = self.directory / f".trays.{os.getpid()}.{threading.get_ident()}"
        tmp.write_text(json.dumps(trays))
        tmp.chmod(0o666)
        tmp.replace(self.directory / "trays.json")

    def set_level(self, tray: str, level: int) -> None:
        trays = self.trays()
        trays[tray]["level"] = level
        self.write(trays)

    def empty(self) -> None:
        self.write({name: {**t, "level": 0} for name, t in self.trays().items()})

    def refill(self) -> None:
        self.write({name: {**t, "level": t["max"]} for name, t in self.trays().items()})

    def fault(self) -> str:
        path = self.directory / "fault"
        return path.read_text().strip() if path.exists() else ""

    def set_fault(self, reason: str) -> None:
        path = self.directory / "fault"
        path.write_text(reason)
        path.chmod(0o666)

    def attributes(self) -> list[ipp.Attribute]:
        """What the printer answers about itself, from the state now."""
        trays = self.trays()
        reasons = []
        if self.fault():
            reasons.append(f"{self.fault()}-error")
        if all(t["level"] <= 0 for t in trays.values()):
            reasons.append("media-empty-error")
        elif any(t["level"] * LOW_SHARE <= t["max"] for t in trays.values()):
            reasons.append("media-low-report")
        errors = any(r.endswith("-error") for r in reasons)
        tray_values: list[ipp.Value] = [
            f"type=sheetFeedAutoRemovableTray;mediafeed=297000;mediaxfeed=210000;maxcapacity={t['max']};"
            f"level={t['level']};status=0;name={name};".encode() for name, t in trays.items()]
        return [
            ipp.Attribute(ipp.ENUM, "printer-state", [5 if errors else 3]),
            ipp.Attribute(ipp.KEYWORD, "printer-state-reasons", list(reasons or ["none"])),
            ipp.Attribute(ipp.BOOLEAN, "printer-is-accepting-jobs", [True]),
            ipp.Attribute(ipp.TEXT, "printer-state-message", [", ".join(reasons) or "ready"]),
            ipp.Attribute(ipp.OCTET_STRING, "printer-input-tray", tray_values),
            ipp.Attribute(ipp.KEYWORD, "media-source-supported", list(trays)),
            ipp.Attribute(ipp.NAME, "printer-name", ["KioskA4Sim"]),
        ]


class IppPrinterEmulator:
    """Serves one printer at ipp://127.0.0.1:<port>/ipp/print until stop(); with `tls` (certificate
    chain and key, PEM files) at ipps://, as a network printer with its own certificate does."""

    def __init__(self, paper: PaperSim, host: str = "127.0.0.1", tls: tuple[str, str] | None = None) -> None:
        self.paper, self.requests = paper, 0
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:                                    # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                emulator.requests += 1
                try:
                    request = ipp.decode(body)
                except ipp.IppError:
                    self.send_error(400, "not IPP")
                    return
                reply = emulator.answer(request)
                self.send_response(200)
                self.send_header("Content-Type", "application/ipp")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.uri = f"{'ipps' if tls else 'ipp'}://{host}:{self.server.server_address[1]}/ipp/print"
        self._thread = threading.Thread(target=self.server.serve_forever, name="ipp-emulator", daemon=True)

    def start(self) -> "IppPrinterEmulator":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, request: ipp.Message) -> bytes:
        ops = [ipp.Attribute(ipp.CHARSET, "attributes-charset", ["utf-8"]),
               ipp.Attribute(ipp.LANGUAGE, "attributes-natural-language", ["en"])]
        if request.code != ipp.GET_PRINTER_ATTRIBUTES:
            return ipp.encode(ipp.Message(0x0501, request.request_id, [(ipp.OPERATION_GROUP, ops)]))
        asked = request.attributes(ipp.OPERATION_GROUP).get("requested-attributes", ["all"])
        attrs = [a for a in self.paper.attributes() if "all" in asked or a.name in asked]
        return ipp.encode(ipp.Message(ipp.SUCCESSFUL_OK, request.request_id,
                                      [(ipp.OPERATION_GROUP, ops), (ipp.PRINTER_GROUP, attrs)]))
