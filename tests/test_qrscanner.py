"""The QR scanner: parsing (property-based), the driver on a real pty pair, and e-ID codes resolved
by the real platform into a session's identity."""

import queue

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.qrscanner.emulator import QrScannerEmulator
from drivers.qrscanner.protocol import MAX_LINE, LineBuffer, QrError, QrKind, parse_code
from drivers.qrscanner.scanner import QrRefusedEvent, QrScannedEvent, QrScannerMonitor, QrStatusEvent
from drivers.status import DeviceState
from kiosk.cards import IdentityCodeScanned, ReceiptCodeScanned, from_qr_event
from kiosk.session import EndReason, Step

from .helpers import ID_NUMBER, NAME, collect

TOKEN = "AbCdEfGhIjKlMnOpQrStUv_-0123"


def test_accepted_codes():
    assert parse_code(f"eid:{TOKEN}").kind is QrKind.E_ID
    assert parse_code(f"esscard:{TOKEN}").kind is QrKind.E_SSCARD
    assert parse_code("ZW20261121000001").value == "ZW20261121000001"
    assert parse_code("https://zwfw.example.gov.cn/t/ZW20261121000001").kind is QrKind.RECEIPT
    assert parse_code("https://zwfw.example.gov.cn/t/ZW20261121000001?v=K3Q7ZB2MXA").value == "ZW20261121000001"
    assert parse_code("YJS20261121000001").value == "YJS20261121000001"        # a 一件事 bundle
    assert TOKEN not in repr(parse_code(f"eid:{TOKEN}"))


@pytest.mark.parametrize("text", ["https://evil.example/login", "eid:short", "ZW2026", "hello", "",
                                  "eid:" + "a" * 600, "javascript:alert(1)",
                                  "https://zwfw.example.gov.cn/t/ZW20261121000001?v=<script>"])
def test_refused_codes(text):
    with pytest.raises(QrError) as err:
        parse_code(text)
    assert "无法识别" in err.value.message[0]


def test_line_framing():
    lines = LineBuffer()
    assert lines.feed(b"ZW2026112100") == []
    assert lines.feed(b"0001\r\nfoo\nbar\r") == ["ZW20261121000001", "foo", "bar"]
    out = lines.feed(b"x" * (MAX_LINE + 10) + b"\r" + "扫码".encode() + b"\n" + b"\xff\xfe\r")
    assert isinstance(out[0], QrError) and out[1] == "扫码" and isinstance(out[2], QrError)


@given(st.binary(max_size=5000))
def test_line_buffer_never_raises(data):
    LineBuffer().feed(data)


@given(st.text(max_size=300))
def test_parser_raises_only_qr_error(text):
    try:
        parse_code(text)
    except QrError:
        pass




@pytest.fixture
def scanner(pty_pair):
    events: queue.Queue = queue.Queue()
    monitor = QrScannerMonitor(str(pty_pair.host_path), events.put, reconnect_interval_s=0.1)
    monitor.start()
    assert collect(events, QrStatusEvent).status.state is DeviceState.READY
    emu = QrScannerEmulator(str(pty_pair.device_path))
    yield emu, events
    monitor.stop()
    emu.close()


def test_scanner_reads_codes_and_refuses_others(scanner):
    emu, events = scanner
    emu.scan("ZW20261121000001")
    assert isinstance(from_qr_event(collect(events, QrScannedEvent)), ReceiptCodeScanned)
    emu.scan("https://example.com/phishing")
    assert "无法识别" in collect(events, QrRefusedEvent).message[0]
    emu.terminator = b"\r\n"
    emu.scan(f"eid:{TOKEN}")
    scanned = from_qr_event(collect(events, QrScannedEvent))
    assert isinstance(scanned, IdentityCodeScanned) and scanned.token == TOKEN


def test_e_id_code_identifies_through_the_platform(scanner, service, platform):
    emu, events = scanner
    service.choose_item("YB-0601")
    service.start()
    token = platform.qr_token("eid", NAME, ID_NUMBER)
    emu.scan(f"eid:{token}")
    code = from_qr_event(collect(events, QrScannedEvent))
    assert service.identify_qr(code.kind, code.token).ok
    assert service.session.step is Step.FORM and service.session.identity.card_type.value == "e_id"
    assert service.session.form.values["id_number"] == ID_NUMBER
    service.end(EndReason.FINISHED)
    service.choose_item("YB-0601")
    service.start()
    again = service.identify_qr(code.kind, code.token)          # single use
    assert not again.ok and again.message_code == "qr_invalid"
