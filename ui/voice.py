"""Voice guidance (语音引导): each screen's prompt and every error, spoken in the person's language.

QtTextToSpeech with the engine from the configuration: "speechd" on the appliance (speech-dispatcher
with espeak-ng's Mandarin pinyin voice), "mock" in the tests, "" for none. Only screen texts are
spoken, never what a person entered or read from a card."""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QObject, Signal, Slot
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


class Voice(QObject):
    spoken = Signal(str)             # what was handed to the engine (for the tests and the log's count)

    def __init__(self, engine: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tts: QTextToSpeech | None = None
        self._voices: dict[str, QVoice] = {}
        if not engine:
            return
        if engine not in QTextToSpeech.availableEngines():
            log.error("speech engine %r not available (have %s): no voice guidance", engine,
                      QTextToSpeech.availableEngines())
            return
        self.tts = QTextToSpeech(engine, self)
        self.tts.errorOccurred.connect(lambda reason, text: log.warning("speech error: %s %s", reason, text))
        voices = self.tts.allVoices(None)      # every locale: espeak-ng's report "C"
        for lang, names in _VOICE_NAMES.items():
            match = next((v for n in names for v in voices if v.name() == n), None) \
                or next((v for n in names for v in voices if n.lower() in v.name().lower()), None)
            if match is not None:
                self._voices[lang] = match
        log.info("voice guidance: engine %s, voices %s", engine, {k: v.name() for k, v in self._voices.items()})

    @Slot(str, str)
    def say(self, text: str, lang: str) -> None:
        """Interrupts whatever is being said: the newest screen or message is what matters."""
        words = speakable(text, lang)
        if self.tts is None or not words:
            return
        voice = self._voices.get("en" if lang == "en" else "zh")
        if voice is not None and voice != self.tts.voice():
            self.tts.setVoice(voice)
        self.tts.stop()
        self.tts.say(words)
        self.spoken.emit(words)

    @Slot()
    def stop(self) -> None:
        if self.tts is not None:
            self.tts.stop()
