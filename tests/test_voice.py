"""Voice guidance: each screen's prompt and each message spoken in the person's language (the `mock`
engine in the window tests), and the real path through our own speech-dispatcher and espeak-ng."""

import pytest
from PySide6.QtTextToSpeech import QTextToSpeech

from drivers.speechd import SpeechdError, start_speechd
from ui.application import create_application
from ui.voice import Voice, speakable

from .uitools import click


def test_speakable_text():
    assert speakable("⚠ 请拨打 12345 热线", "zh") == "请拨打 一二三四五 热线"
    assert speakable("Call 12345", "en") == "Call 12345"


def test_each_screen_and_message_is_spoken(qtbot, kiosk_window):
    vm, ui = kiosk_window(window={"voice_engine": "mock"})
    said: list[str] = []
    ui.voice.spoken.connect(said.append)
    vm.goHome()
    click(ui.window, "tile_personal")
    qtbot.waitUntil(lambda: any("请选择要办理的事项" in s for s in said))
    vm.chooseItem("RS-0101")
    vm.startService()
    qtbot.waitUntil(lambda: any("请将身份证放在读卡区" in s for s in said))
    vm.report("identity_expired")                                     # a message is spoken too
    qtbot.waitUntil(lambda: any("证件已过有效期" in s for s in said))
    click(ui.window, "languageToggle")                                # the prompt again, in English
    qtbot.waitUntil(lambda: any(s.startswith("Place your ID card") for s in said))
    assert not any(c.isdigit() for s in said if "请" in s for c in s)   # digits spoken in Chinese


def test_mandarin_through_speech_dispatcher(qtbot, monkeypatch):
    """The appliance's path: QtTextToSpeech's speechd engine, our speech-dispatcher, espeak-ng's
    Mandarin pinyin voice. Synthesised into ALSA's null device (no sound card here)."""
    try:
        daemon = start_speechd(alsa_device="null")
    except SpeechdError as exc:
        pytest.fail(f"./dev setup installs speech-dispatcher: {exc}")
    monkeypatch.setenv("SPEECHD_ADDRESS", daemon.address)
    try:
        create_application()
        voice = Voice("speechd")
        with qtbot.waitSignal(voice.ready, timeout=20000) as started:
            pass
        assert started.args == [True]
        speaker = voice.speaker
        assert "Pinyin" in speaker.voices["zh"].name()
        states = []
        speaker.tts.stateChanged.connect(states.append)          # queued to this thread
        voice.say("请将身份证放在读卡区", "zh")
        qtbot.waitUntil(lambda: QTextToSpeech.State.Speaking in states, timeout=10000)
        qtbot.waitUntil(lambda: states[-1] is QTextToSpeech.State.Ready, timeout=20000)
        assert QTextToSpeech.State.Error not in states
        voice.close()
    finally:
        daemon.stop()
