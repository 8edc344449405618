"""The attacker at the kiosk itself: guessing the technician PIN across power cycles, a printer on the
network answering in another's name, fields typed full of characters."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from drivers.printer import ipp
from drivers.printer.ipp_emulator import IppPrinterEmulator, PaperSim
from kiosk.identity import IdentityRefused, manual_identity
from kiosk.technician import LOCKOUT_S, MAX_FAILURES, PinCheck, hash_pin

from ..helpers import ID_NUMBER
from .printer_certs import pin_of, printer_certificates


def test_a_pin_brute_force_across_restarts_stays_locked_out(tmp_path):
    """Each restart is a new PinCheck reading the kept state, as `kiosk run` makes it at start."""
    stored, state = hash_pin("918273", iterations=1000), tmp_path / "technician-lockout.json"
    now = [1_000_000.0]
    lockouts = []
    for restart in range(4):
        check = PinCheck(stored, state, clock=lambda: now[0])
        for guess in range(MAX_FAILURES):
            assert not check.verify(f"{restart * 10 + guess:06d}")
        lockouts.append(check.seconds_left())
        now[0] += 60                                                   # power-cycled a minute later
        restarted = PinCheck(stored, state, clock=lambda: now[0])
        assert restarted.locked() and not restarted.verify("918273")   # still locked; even the right PIN waits
        now[0] += restarted.seconds_left() + 1                         # the patient attacker waits it out
    assert lockouts == [LOCKOUT_S * 2 ** n for n in range(4)]          # 5, 10, 20, 40 minutes
    assert oct(state.stat().st_mode & 0o777) == "0o600"
    now[0] += 24 * 3600
    assert PinCheck(stored, state, clock=lambda: now[0]).verify("918273")
    state.write_text("{garbage")                                       # a tampered state file locks, not unlocks
    assert PinCheck(stored, state, clock=lambda: now[0]).locked()


def test_no_pin_on_a_command_line():
    out = subprocess.run([sys.executable, "-m", "provisioning.cli", "configure", "--help"], capture_output=True,
                         text=True, timeout=60).stdout
    assert "--technician-pin" not in out and "pin" not in out.lower()
    out = subprocess.run([sys.executable, "-m", "platform_server.cli", "serve", "--help"], capture_output=True,
                         text=True, timeout=60).stdout
    assert "--admin-token" not in out and "--service-token-file" in out


@pytest.fixture
def printer_certs(tmp_path):
    return printer_certificates(tmp_path)


def test_a_printer_showing_another_certificate_is_not_believed(tmp_path, printer_certs):
    real_files, impostor_files = printer_certs
    pin = pin_of(real_files[0])
    real = IppPrinterEmulator(PaperSim(tmp_path / "real.json").create({"main": 200}), tls=real_files).start()
    impostor = IppPrinterEmulator(PaperSim(tmp_path / "fake.json").create({"main": 200}), tls=impostor_files).start()
    try:
        assert real.uri.startswith("ipps://")
        assert ipp.get_printer_attributes(real.uri, ["printer-state"], pin_sha256=pin)["printer-state"] == [3]
        with pytest.raises(ipp.CertificateChanged):
            ipp.get_printer_attributes(impostor.uri, ["printer-state"], pin_sha256=pin)
        assert impostor.requests == 0                                   # nothing was even asked of it
    finally:
        real.stop()
        impostor.stop()


def test_a_printer_answering_without_end_is_cut_off(tmp_path):
    paper = PaperSim(tmp_path / "p.json").create({"main": 200})
    emulator = IppPrinterEmulator(paper)
    emulator.answer = lambda request: b"\x02\x00\x00\x00\x00\x00\x00\x01" + b"\x04" * (2 * ipp.MAX_REPLY)
    emulator.start()
    try:
        with pytest.raises(ipp.IppError, match="larger than"):
            ipp.get_printer_attributes(emulator.uri, ["printer-state"])
    finally:
        emulator.stop()


@pytest.mark.parametrize("name", ["张" * 61, "A" * 500, "张\x00三", "张三\u202e"])
def test_a_typed_name_too_long_or_unprintable_is_refused_with_a_message(name, capfd):
    with pytest.raises(IdentityRefused) as refused:
        manual_identity(name, ID_NUMBER, dt.date(2026, 12, 3))
    assert refused.value.reason == "identity_name_invalid"
    out, err = capfd.readouterr()
    assert name not in out + err
