"""The social security card: parsers (property-based), and the production driver against the
emulated card presented to the real pcscd through vpcd."""

import datetime as dt
import queue
import subprocess
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.smartcard.emulator import CardBehaviour, SocialSecurityCardEmulator, sample_sscard
from drivers.smartcard.protocol import (
    EF05, EF05_RECORDS, CardError, bcd_date, decode_card, encode_records, gbk_field, read_record, select_aid,
    select_file, split_sw, sw_message, tlv_value,
)
from drivers.smartcard.reader import (
    CardSession, SmartCardMonitor, SsCardFailedEvent, SsCardReadEvent, SsCardRemovedEvent, SsStatusEvent,
)
from drivers.status import DeviceState
from kiosk.cards import DocumentPresented, from_sscard_event

from .helpers import collect, until_back

READER = "Virtual PCD 00 00"


def test_apdus_match_the_reference():
    assert select_aid().hex(" ").upper() == "00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF"
    assert select_file(EF05).hex(" ").upper() == "00 A4 02 00 02 EF 05"
    assert read_record(7, 0x0B).hex(" ").upper() == "00 B2 07 04 0B"


def test_records_roundtrip():
    card = sample_sscard()
    records = encode_records(card)
    ef05 = {k: tlv_value(records[EF05][n], tag) for k, (n, tag, _) in EF05_RECORDS.items()}
    from drivers.smartcard.protocol import EF06, EF06_RECORDS
    ef06 = {k: tlv_value(records[EF06][n], tag) for k, (n, tag, _) in EF06_RECORDS.items()}
    assert decode_card(ef05, ef06) == card
    assert "张三丰" not in repr(card) and "11010519491231002X" not in repr(card)


def test_field_errors():
    with pytest.raises(CardError):
        tlv_value(b"\x09\x05abc", 0x09)
    with pytest.raises(CardError):
        bcd_date(bytes.fromhex("20231301"))
    with pytest.raises(CardError):
        gbk_field(b"\xff\xff\xff")
    with pytest.raises(CardError):
        split_sw(b"\x90")
    assert "密码" in sw_message(0x6982)[0] and "6A82" not in sw_message(0x6A82)[0]


@given(st.binary(max_size=64), st.integers(min_value=0, max_value=255))
def test_parsers_raise_only_card_error(data, tag):
    for parse in (lambda: tlv_value(data, tag), lambda: bcd_date(data), lambda: gbk_field(data),
                  lambda: split_sw(data)):
        try:
            parse()
        except CardError:
            pass


# ---------------------------------------------------------------- against the real pcscd



def wait_slot(present: bool, timeout: float = 10.0) -> None:
    """Until pcscd itself reports the card as present / absent. pcscd polls vpcd about every 0.4 s:
    a card removed and another inserted within one poll is taken for the same card (and even gets
    the first one's power-off), so after a removal at least one poll must pass, as it does when a
    person swaps cards by hand."""
    from smartcard import scard
    if not present:
        time.sleep(0.6)
    _, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            hresult, states = scard.SCardGetStatusChange(context, 200, [(READER, scard.SCARD_STATE_UNAWARE)])
            # EMPTY, not "not PRESENT": a card left unpowered by SCardDisconnect reads as not present
            # for a moment before pcscd has noticed that it is gone.
            flag = scard.SCARD_STATE_PRESENT if present else scard.SCARD_STATE_EMPTY
            if hresult == scard.SCARD_S_SUCCESS and states[0][1] & flag:
                return
            time.sleep(0.05)
        raise AssertionError(f"pcscd never saw the card {'inserted' if present else 'removed'}")
    finally:
        scard.SCardReleaseContext(context)


def collect_status(events: queue.Queue, state: DeviceState, timeout: float = 15.0) -> SsStatusEvent:
    deadline = time.monotonic() + timeout
    while True:
        event = collect(events, SsStatusEvent, max(0.1, deadline - time.monotonic()))
        if event.status.state is state:
            return event


@pytest.fixture
def monitor(pcscd):
    events: queue.Queue = queue.Queue()
    m = SmartCardMonitor(READER, events.put, retry_s=0.3)
    m.start()
    assert collect(events, SsStatusEvent).status.state is DeviceState.READY
    yield m, events
    m.stop()


@pytest.fixture
def card(pcscd):
    emu = SocialSecurityCardEmulator(port=pcscd.vpcd_port)
    yield emu
    emu.remove()
    wait_slot(present=False)


def test_insert_read_remove(monitor, card):
    m, events = monitor
    card.insert()
    read = collect(events, SsCardReadEvent)
    assert read.card.ssn == "11010519491231002X" and read.card.name == "张三丰"
    identity = from_sscard_event(read).identity
    assert identity.card_type.value == "social_security" and identity.nation == "汉"
    assert identity.valid_to == dt.date(2030, 1, 1)
    card.remove()
    collect(events, SsCardRemovedEvent)


@pytest.mark.parametrize("behaviour, sw", [(CardBehaviour(pin_required=True), 0x6982),
                                           (CardBehaviour(not_ssse=True), 0x6A82)])
def test_refusals_have_messages(pcscd, monitor, behaviour, sw):
    m, events = monitor
    emu = SocialSecurityCardEmulator(behaviour=behaviour, port=pcscd.vpcd_port)
    emu.insert()
    try:
        failed = collect(events, SsCardFailedEvent)
        assert f"{sw:04X}" in failed.detail and failed.message == sw_message(sw)
    finally:
        emu.remove()
        wait_slot(present=False)


def test_61xx_and_6cxx_are_handled(pcscd, card):
    from smartcard import scard
    card.insert()
    wait_slot(present=True)
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    session = CardSession(context, READER)
    try:
        fci, sw = session.transmit(select_aid())       # the card answers 61xx: GET RESPONSE follows
        assert sw == 0x9000 and fci[0] == 0x6F
        session.expect(select_file(EF05))
        data, sw = session.transmit(read_record(7, 0x20))   # wrong Le: 6C0B, resent with Le=0B
        assert sw == 0x9000 and tlv_value(data, 0x07) == b"A12345678"
    finally:
        session.close()
        scard.SCardReleaseContext(context)


def test_an_independent_client_talks_to_the_emulated_card(pcscd, card):
    card.insert()
    wait_slot(present=True)
    done = subprocess.run(["opensc-tool", "-r", READER, "-s",
                           "00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF"],
                          capture_output=True, text=True, timeout=30)
    assert "Received (SW1=0x90, SW2=0x00)" in done.stdout, done.stdout + done.stderr


def test_monitor_survives_a_pcscd_restart(pcscd, monitor, card):
    if not pcscd.ours:
        pytest.skip("pcscd was already running on this machine: not ours to restart")
    m, events = monitor
    pcscd.restart()
    collect_status(events, DeviceState.UNAVAILABLE)
    collect_status(events, DeviceState.READY)
    card.insert()
    assert isinstance(from_sscard_event(collect(events, SsCardReadEvent)), DocumentPresented)


@pytest.mark.parametrize("card_stays", [False, True])
def test_a_card_across_a_pcscd_restart(pcscd, monitor, card, card_stays):
    """Lost before: the monitor forgot the card with its context, so a card taken while pcscd restarted
    was never said taken, and a card left was read again (a second person, mid-visit)."""
    if not pcscd.ours:
        pytest.skip("pcscd was already running on this machine: not ours to restart")
    m, events = monitor
    card.insert()
    collect(events, SsCardReadEvent)
    pcscd.restart()
    collect_status(events, DeviceState.UNAVAILABLE)
    if not card_stays:
        card.remove()
    # and the time a card is given to show up again
    seen = until_back(events, lambda e: isinstance(e, SsStatusEvent) and e.status.state is DeviceState.READY,
                      SmartCardMonitor.REAPPEAR_S + 1)
    assert any(isinstance(e, SsCardRemovedEvent) for e in seen) is not card_stays, seen
    assert not any(isinstance(e, SsCardReadEvent) for e in seen), seen
    if card_stays:
        card.remove()
        collect(events, SsCardRemovedEvent)
