"""Voice guidance (语音引导): each screen's prompt and every error, spoken in the person's language.

QtTextToSpeech with the engine from the configuration: "speechd" on the appliance (speech-dispatcher
with espeak-ng's Mandarin pinyin voice), "mock" in the tests, "" for none. Only screen texts are
spoken, never what a person entered or read from a card."""

from __future__ import annotations

import logging
import re
from typing import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

log = logging.getLogger("ui.voice")

# espeak-ng's voices report locale "C": they are found by name.
_VOICE_NAMES = {"zh": ("Chinese (Mandarin, latin as Pinyin)", "cmn-latn-pinyin", "Mandarin"), "en": ("English",)}
_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")
_SYMBOLS = re.compile(r"[●✕⚠›‹★☆…⌫✓]")


def speakable(text: str, lang: str) -> str:
    """What the synthesiser should read: no symbols, and Chinese digits in Chinese (espeak-ng reads
    Arabic digits in a Mandarin sentence in English). Numbers are read digit by digit, as Chinese
    service staff read hotlines and application numbers."""
    text = _SYMBOLS.sub(" ", text)
    if lang != "en":
        text = text.translate(_DIGITS)
    return " ".join(text.split())


class _Speaker(QObject):
    """Lives on the voice thread: the speechd engine's start-up (it may spawn speech-dispatcher,
    ~2 s) and every call into it stay off the GUI thread."""

    ready = Signal(bool)

    def __init__(self, engine: str, prepare: Callable[[], None] | None) -> None:
        super().__init__()
        self.engine, self.prepare = engine, prepare
        self.tts: QTextToSpeech | None = None
        self.voices: dict[str, QVoice] = {}

    @Slot()
    def start(self) -> None:
        if self.prepare is not None:
            try:
                self.prepare()             # e.g. start our own speech-dispatcher (launcher.wiring)
            except Exception as exc:       # noqa: BLE001 (no voice is a degraded kiosk, not a dead one)
                log.error("voice guidance off: %s", exc)
                self.ready.emit(False)
                return
        if self.engine not in QTextToSpeech.availableEngines():
            log.error("speech engine %r not available (have %s): no voice guidance", self.engine,
                      QTextToSpeech.availableEngines())
            self.ready.emit(False)
            return
        self.tts = QTextToSpeech(self.engine, self)
        self.tts.errorOccurred.connect(lambda reason, text: log.warning("speech error: %s %s", reason, text))
        voices = self.tts.allVoices(None)      # every locale: espeak-ng's report "C"
        for lang, names in _VOICE_NAMES.items():
            match = next((v for n in names for v in voices if v.name() == n), None) \
                or next((v for n in names for v in voices if n.lower() in v.name().lower()), None)
            if match is not None:
                self.voices[lang] = match
        log.info("voice guidance: engine %s, voices %s", self.engine, {k: v.name() for k, v in self.voices.items()})
        self.ready.emit(True)

    @Slot(str, str)
    def say(self, words: str, lang: str) -> None:
        if self.tts is None:
            return
        voice = self.voices.get(lang)
        if voice is not None and voice != self.tts.voice():
            self.tts.setVoice(voice)
        self.tts.stop()
        self.tts.say(words)

    @Slot()
    def stop(self) -> None:
        if self.tts is not None:
            self.tts.stop()

    @Slot()
    def close(self) -> None:
        if self.tts is not None:
            self.tts.stop()
            self.tts.deleteLater()
            self.tts = None


class Voice(QObject):
    """The GUI thread's handle: say() and stop() are queued to the voice thread and never wait."""

    spoken = Signal(str)             # what was handed to the engine (for the tests)
    ready = Signal(bool)             # the engine started (True) or is unavailable (False)
    _say = Signal(str, str)
    _stop = Signal()
    _close = Signal()

    def __init__(self, engine: str, prepare: Callable[[], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self.speaker: _Speaker | None = None
        if not engine:
            return
        self._thread = QThread()
        self._thread.setObjectName("voice")
        self.speaker = _Speaker(engine, prepare)
        self.speaker.moveToThread(self._thread)
        self._thread.started.connect(self.speaker.start)
        self.speaker.ready.connect(self.ready)
        self._say.connect(self.speaker.say)
        self._stop.connect(self.speaker.stop)
        self._close.connect(self.speaker.close)
        self._thread.start()

    @Slot(str, str)
    def say(self, text: str, lang: str) -> None:
        """Interrupts whatever is being said: the newest screen or message is what matters."""
        words = speakable(text, lang)
        if self.speaker is None or not words:
            return
        self._say.emit(words, "en" if lang == "en" else "zh")
        self.spoken.emit(words)

    @Slot()
    def stop(self) -> None:
        if self.speaker is not None:
            self._stop.emit()

    def close(self) -> None:
        if self._thread is not None:
            self._close.emit()
            self._thread.quit()
            self._thread.wait(5000)
            self._thread = None
