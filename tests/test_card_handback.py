"""A card left on the reader after the visit (issue 17): the screen and the voice ask for it until the
reader says it was taken — in the kiosk window, the GA 467 emulator read by the production monitor."""

from __future__ import annotations

import pytest

from drivers.idcard.emulator import sample_card

from .uitools import find, shot

pytestmark = pytest.mark.window


@pytest.fixture
def kiosk_with_voice(qtbot, kiosk_window, pty_pair, id_emulator):
    from drivers.idcard.reader import IdCardMonitor
    from kiosk.cards import from_reader_event
    from ui.bridge import DeviceBridge

    vm, ui = kiosk_window(window={"voice_engine": "mock"}, allow_skip_verification=True)
    said: list[str] = []
    ui.voice.spoken.connect(said.append)
    bridge = DeviceBridge()
    bridge.event.connect(vm.onDeviceEvent)
    monitor = IdCardMonitor(str(pty_pair.host_path), lambda e: bridge.post(from_reader_event(e)), poll_interval_s=0.05)
    monitor.start()
    qtbot.waitUntil(lambda: vm.readerReady, timeout=10000)
    yield vm, ui, said
    monitor.stop()


def _card_read_in_a_session(qtbot, vm, id_emulator) -> None:
    vm.chooseItem("RS-0101")
    vm.startService()
    id_emulator.place(sample_card())
    qtbot.waitUntil(lambda: vm.screen == "verify", timeout=10000)


def test_a_card_left_after_the_visit_is_asked_for_until_taken(qtbot, kiosk_with_voice, id_emulator, artifacts):
    vm, ui, said = kiosk_with_voice
    _card_read_in_a_session(qtbot, vm, id_emulator)
    vm.skipVerification()
    vm.finish()                                               # the person is done; the card still lies there
    banner = find(ui.window, "takeCardBanner")
    qtbot.waitUntil(lambda: banner.property("visible"), timeout=5000)
    assert vm.screen == "home" and vm.takeCards == ["idcard"]
    assert find(ui.window, "takeCardText").property("text").endswith("请取走您的身份证")
    qtbot.waitUntil(lambda: any("请取走您的身份证" in s for s in said), timeout=5000)
    shot(ui.window, artifacts / "screens" / "take-your-card.png")
    id_emulator.remove()
    qtbot.waitUntil(lambda: not banner.property("visible"), timeout=5000)
    assert vm.takeCards == []


def test_a_card_taken_before_the_end_is_not_asked_for(qtbot, kiosk_with_voice, id_emulator):
    vm, ui, said = kiosk_with_voice
    _card_read_in_a_session(qtbot, vm, id_emulator)
    id_emulator.remove()
    qtbot.waitUntil(lambda: vm.cards.left() == (), timeout=5000)
    vm.finish()
    qtbot.wait(300)
    assert vm.takeCards == [] and not find(ui.window, "takeCardBanner").property("visible")
    assert not any("请取走" in s for s in said)


def test_after_a_query_by_card_the_card_is_asked_for_too(qtbot, kiosk_with_voice, id_emulator):
    """办件查询 by card starts no session, but the card is just as forgettable."""
    vm, ui, said = kiosk_with_voice
    vm.openProgress()
    id_emulator.place(sample_card())
    qtbot.waitUntil(lambda: vm.cards.left() != (), timeout=10000)
    vm.tasks.wait()
    vm.goHome()
    assert vm.takeCards == ["idcard"]
    id_emulator.remove()
    qtbot.waitUntil(lambda: vm.takeCards == [], timeout=5000)
