"""The production GA 467 driver against the emulator on a real pty pair (socat)."""

import queue
import time

import pytest

from drivers.idcard.emulator import Fault, Ga467Emulator, sample_card
from drivers.idcard.protocol import CardKind
from drivers.ptypair import PtyPair
from drivers.idcard.reader import (
    CardReadEvent, CardRemovedEvent, IdCardMonitor, IdCardReader, ReadFailedEvent, ReaderProtocolError,
    ReaderStatusError, ReaderTimeout, StatusEvent,
)
from drivers.status import DeviceState, StatusCode

from .helpers import collect, until_back


@pytest.fixture
def reader(pty_pair, id_emulator):
    r = IdCardReader(str(pty_pair.host_path))
    r.open()
    yield r
    r.close()


def test_read_resident_card(reader, id_emulator):
    reader.sam_status()
    assert reader.find_card() is False
    id_emulator.place(sample_card())
    assert reader.find_card() is True
    card = reader.read_card()
    assert card.text.name == "张三丰" and card.text.id_number == "11010519491231002X"
    assert "张三丰" not in repr(card)                      # a card never prints a person
    assert reader.card_still_present() is True
    assert reader.find_card() is False                   # read once; must leave the field first
    id_emulator.remove()
    assert reader.card_still_present() is False


@pytest.mark.parametrize("kind", [CardKind.FOREIGN_PR, CardKind.HMT_PERMIT])
def test_other_card_kinds(reader, id_emulator, kind):
    id_emulator.place(sample_card(kind))
    assert reader.find_card()
    assert reader.read_card().text.kind is kind


def test_faults_become_named_errors(reader, id_emulator):
    id_emulator.place(sample_card())
    id_emulator.fault = Fault.BAD_CHECKSUM
    with pytest.raises(ReaderProtocolError):
        reader.find_card()
    id_emulator.fault = Fault.GARBAGE
    with pytest.raises((ReaderProtocolError, ReaderTimeout)):
        reader.find_card()
    id_emulator.fault = Fault.NO_SAM
    with pytest.raises(ReaderStatusError) as err:
        reader.sam_status()
    assert err.value.sw3 == 0x60 and "自检" in err.value.message[0]
    id_emulator.fault = Fault.REMOVE_MID_READ
    with pytest.raises(ReaderStatusError) as err:
        reader.find_card() and reader.read_card()
    assert err.value.sw3 == 0x41
    id_emulator.fault = Fault.SILENT
    with pytest.raises(ReaderTimeout):
        reader.sam_status()
    id_emulator.fault = Fault.NONE
    reader.sam_status()                                 # recovers: flush before each command




def test_monitor_reads_once_and_sees_removal(pty_pair, id_emulator):
    events: queue.Queue = queue.Queue()
    monitor = IdCardMonitor(str(pty_pair.host_path), events.put, poll_interval_s=0.05)
    monitor.start()
    try:
        assert collect(events, StatusEvent).status.state is DeviceState.READY
        id_emulator.place(sample_card())
        assert collect(events, CardReadEvent).card.text.name == "张三丰"
        time.sleep(0.3)
        assert not any(isinstance(e, CardReadEvent) for e in list(events.queue))   # no second read
        id_emulator.remove()
        collect(events, CardRemovedEvent)
        id_emulator.place(sample_card(CardKind.HMT_PERMIT))
        assert collect(events, CardReadEvent).card.text.kind is CardKind.HMT_PERMIT
    finally:
        monitor.stop()


def test_monitor_recovers_from_a_silent_reader(pty_pair, id_emulator):
    events: queue.Queue = queue.Queue()
    monitor = IdCardMonitor(str(pty_pair.host_path), events.put, poll_interval_s=0.05, reconnect_interval_s=0.1)
    monitor.start()
    try:
        collect(events, StatusEvent)
        id_emulator.fault = Fault.SILENT
        down = collect(events, StatusEvent)
        assert down.status.state is DeviceState.UNAVAILABLE and down.status.code is StatusCode.NOT_RESPONDING
        id_emulator.fault = Fault.NONE
        assert collect(events, StatusEvent).status.state is DeviceState.READY
        id_emulator.place(sample_card())
        collect(events, CardReadEvent)
    finally:
        monitor.stop()


def _read_then_silent(pty_pair, id_emulator) -> tuple[IdCardMonitor, queue.Queue]:
    events: queue.Queue = queue.Queue()
    monitor = IdCardMonitor(str(pty_pair.host_path), events.put, poll_interval_s=0.05, reconnect_interval_s=0.1)
    monitor.start()
    collect(events, StatusEvent)
    id_emulator.place(sample_card())
    collect(events, CardReadEvent)
    id_emulator.fault = Fault.SILENT                   # the module stops answering with the card on it
    while collect(events, StatusEvent).status.state is not DeviceState.UNAVAILABLE:
        pass
    return monitor, events


def _after_ready(events: queue.Queue) -> list:
    return until_back(events, lambda e: isinstance(e, StatusEvent) and e.status.state is DeviceState.READY, 0.6)


def test_a_card_taken_while_the_reader_was_silent_is_seen_taken(pty_pair, id_emulator):
    """Lost before: the reader came back with its memory of the card wiped, no removal was ever said,
    and the kiosk asked for a card already in its owner's pocket."""
    monitor, events = _read_then_silent(pty_pair, id_emulator)
    try:
        id_emulator.remove()
        id_emulator.fault = Fault.NONE
        after = _after_ready(events)
        assert any(isinstance(e, CardRemovedEvent) for e in after), after
    finally:
        monitor.stop()


def test_a_card_left_through_a_silent_spell_is_neither_taken_nor_read_again(pty_pair, id_emulator):
    """No false removal (it would end the person's session) and no second read (a second person)."""
    monitor, events = _read_then_silent(pty_pair, id_emulator)
    try:
        id_emulator.fault = Fault.NONE
        after = _after_ready(events)
        assert not any(isinstance(e, (CardRemovedEvent, CardReadEvent)) for e in after), after
        id_emulator.remove()
        collect(events, CardRemovedEvent)              # and its removal is still seen
    finally:
        monitor.stop()


def _on_a_usb_adapter(tmp_path):
    """A reader whose port can vanish and come back at the same path (a USB serial adapter)."""
    events: queue.Queue = queue.Queue()
    pair = PtyPair(tmp_path)
    emu = Ga467Emulator(str(pair.device_path), processing_delay_s=0).start()
    monitor = IdCardMonitor(str(pair.host_path), events.put, poll_interval_s=0.05, reconnect_interval_s=0.1)
    monitor.start()
    return events, pair, emu, monitor


@pytest.mark.parametrize("card_stays", [False, True])
def test_a_reader_unplugged_with_a_card_on_it(tmp_path, card_stays):
    """The USB cable pulled and put back (the module restarts: it has forgotten the card it read). The
    card taken meanwhile is seen taken; a card left is kept, not taken and not read again."""
    events, pair, emu, monitor = _on_a_usb_adapter(tmp_path)
    try:
        collect(events, StatusEvent)
        emu.place(sample_card())
        collect(events, CardReadEvent)
        emu.stop()
        pair.close()
        while collect(events, StatusEvent).status.state is not DeviceState.UNAVAILABLE:
            pass
        pair = PtyPair(tmp_path)
        emu = Ga467Emulator(str(pair.device_path), processing_delay_s=0).start()     # a fresh module
        if card_stays:
            emu.place(sample_card())
        after = _after_ready(events)
        removed = any(isinstance(e, CardRemovedEvent) for e in after)
        assert removed is not card_stays, after
        assert not any(isinstance(e, CardReadEvent) for e in after), after
        if card_stays:
            emu.remove()
            collect(events, CardRemovedEvent)
    finally:
        monitor.stop()
        emu.stop()
        pair.close()


def test_monitor_reports_unopenable_port(tmp_path):
    events: queue.Queue = queue.Queue()
    monitor = IdCardMonitor(str(tmp_path / "no-such-port"), events.put, reconnect_interval_s=0.1)
    monitor.start()
    try:
        status = collect(events, StatusEvent).status
        assert status.state is DeviceState.UNAVAILABLE and status.code is StatusCode.NOT_RESPONDING
    finally:
        monitor.stop()


def test_damaged_card_reports_a_message(pty_pair, id_emulator):
    events: queue.Queue = queue.Queue()
    monitor = IdCardMonitor(str(pty_pair.host_path), events.put, poll_interval_s=0.05)
    monitor.start()
    try:
        collect(events, StatusEvent)
        card = sample_card()
        card.damaged = True
        id_emulator.place(card)
        failed = collect(events, ReadFailedEvent)
        assert "损坏" in failed.message[0]
    finally:
        monitor.stop()


def test_sam_id_and_baud_probe(reader):
    assert reader.sam_id() == "05.01-20240101-0000000001-0000000042"
    reader.baud = 9600                 # misconfigured: the probe still finds the module (ptys carry any rate)
    assert reader.probe_baud() == 9600


def test_answers_are_paced_at_the_baud_rate(reader, id_emulator):
    """Ptys are instant; the emulator must take the time a real 115200 8N1 line takes, both ways."""
    from drivers.idcard.protocol import encode_command, Command
    id_emulator.place(sample_card())
    start = time.monotonic()
    assert reader.find_card()
    reader.read_card()
    elapsed = time.monotonic() - start
    frames = 3 * len(encode_command(Command.FIND_CARD)) + 15 + 19 + 1295
    assert elapsed >= frames * 10 / 115200 * 0.95


def test_monitor_survives_unplug_and_replug(tmp_path):
    events, pair, emu, monitor = _on_a_usb_adapter(tmp_path)
    try:
        assert collect(events, StatusEvent).status.state is DeviceState.READY
        emu.stop()
        pair.close()                                   # the USB cable is pulled: the device node vanishes
        down = collect(events, StatusEvent)
        assert down.status.state is DeviceState.UNAVAILABLE
        pair = PtyPair(tmp_path)                       # plugged back in at the same stable path
        emu = Ga467Emulator(str(pair.device_path), processing_delay_s=0).start()
        # (the unplugged state may be reported again with a new reason — EIO, then "no such file" —
        # before the reader is back)
        deadline = time.monotonic() + 10
        while collect(events, StatusEvent).status.state is not DeviceState.READY:
            assert time.monotonic() < deadline
        emu.place(sample_card())
        assert collect(events, CardReadEvent).card.text.id_number == "11010519491231002X"
    finally:
        monitor.stop()
        emu.stop()
        pair.close()


def test_chip_photo_reaches_the_identity(pty_pair, id_emulator):
    from pathlib import Path

    from drivers.idcard.photo import EmulatorPhotoDecoder
    from kiosk.cards import DocumentPresented, from_reader_event
    faces = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "faces"
    events: queue.Queue = queue.Queue()
    decoder = EmulatorPhotoDecoder()
    monitor = IdCardMonitor(str(pty_pair.host_path), lambda e: events.put(from_reader_event(e, decoder)),
                            poll_interval_s=0.05)
    monitor.start()
    try:
        id_emulator.place(sample_card(portrait=faces / "obama.jpg"))
        presented = collect(events, DocumentPresented)
        assert presented.identity.photo_bmp[:2] == b"BM" and len(presented.identity.photo_bmp) == 38862
        assert "photo" not in repr(presented.identity) and "张三丰" not in repr(presented.identity)
    finally:
        monitor.stop()


def test_manual_entry_is_validated_like_a_card():
    import datetime as dt

    from api_schema.models import CardType
    from kiosk.identity import manual_identity
    from kiosk.identity import IdentityRefused
    today = dt.date(2026, 11, 21)
    ok = manual_identity(" 张三丰 ", "11010519491231002x", today)
    assert ok.card_type is CardType.MANUAL and ok.id_number == "11010519491231002X" and ok.name == "张三丰"
    with pytest.raises(IdentityRefused, match="identity_bad_number"):
        manual_identity("张三丰", "110105194912310021", today)
    with pytest.raises(IdentityRefused, match="identity_name_missing"):
        manual_identity("  ", "11010519491231002X", today)


def test_an_answer_already_waiting_is_read_even_past_the_deadline(pty_pair):
    """A monitor thread held off by load wakes after its deadline: the module's answer sits in the buffer and
    must be taken, not reported as a silent module (it once raised "answer incomplete (0/7 bytes)")."""
    import time

    import serial

    from drivers.idcard.reader import IdCardReader, ReaderTimeout
    with serial.Serial(str(pty_pair.host_path), timeout=0) as port:
        with open(pty_pair.device_path, "wb", buffering=0) as device:
            device.write(bytes(range(11)))
        time.sleep(0.2)
        assert IdCardReader._read_exactly(port, 7, time.monotonic() - 1.5) == bytes(range(7))
        with pytest.raises(ReaderTimeout):
            IdCardReader._read_exactly(port, 7, time.monotonic() - 1.5)       # 4 left of 7: a real timeout
