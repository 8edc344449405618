"""Every path a person walks, on the real window, looked at on every screen (issue 17).

    python -m bench.walk [--shots DIR]

The paths: each mode (standard, 大字版, English, English + 大字版) × each way through — a face-checked item
online with the receipt printed, a card-only item online, the platform down (the application queued), the
receipt printer out of paper (the screen says so), the ID card reader silent at the visit's end with the
card taken meanwhile. Each is a whole visit by touch in one kiosk process
(`bench._kiosk_rig`: the reference platform as a process, the GA 467 emulator on a pty read by the
production monitor, the ESC/POS emulator, the face pipeline on the live recording, the shipped defaults).
At every screen it counts:
- `untranslated`: Chinese on an English screen, but the card's own data, the kiosk's name and 中文;
- `clipped`: text cut short (QML's `truncated`) and buttons off the window (tests/screencheck.py);
- `unvoiced`: a screen whose voice prompt was not handed to the speech engine;
- `dead_buttons`: a touch that did not lead where it should (the path stops there);
- `cards_left_unnoticed`: a card left on the reader after the visit and not asked for, or its removal
  not seen.
Left out: enterprise (企业) and bundle (一件事) paths and the identification ways other than the ID card
(they have their own window tests: tests/test_enterprise_ui.py, tests/test_face_check_ui.py); the social
security card's hand-back (tests/test_card_handback.py); elements overlapping each other.
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.screencheck import kept_in_english, screen_defects
from tests.uitools import find, shot
from ui.voice import speakable

from ._kiosk_rig import CardLost, KioskRig, SessionFailed, Visit, wait_until

WAYS = {
    "face-online-printed": Visit(item="RS-0101"),
    "card-only-online": Visit(item="YB-0601"),
    "offline-queued": Visit(item="YB-0601", offline=True),
    "paper-out": Visit(item="YB-0601", paper_out=True),
    "reader-outage": Visit(item="YB-0601", reader_outage=True),
}
MODES = {"standard": {}, "elder": {"elder": True}, "english": {"english": True},
         "english-elder": {"english": True, "elder": True}}


@dataclass
class Tally:
    paths: int = 0
    screens: int = 0
    untranslated: list[str] = field(default_factory=list)
    clipped: list[str] = field(default_factory=list)
    unvoiced: list[str] = field(default_factory=list)
    dead_buttons: list[str] = field(default_factory=list)
    cards_left_unnoticed: int = 0


class Walker:
    def __init__(self, rig: KioskRig, shots: Path | None) -> None:
        self.rig, self.shots, self.tally = rig, shots, Tally()
        self.said: list[str] = []
        rig.ui.voice.spoken.connect(self.said.append)
        self.keep = kept_in_english(rig.card.text, rig.vm.kioskName)

    def walk(self, name: str, visit: Visit) -> None:
        self.tally.paths += 1
        seen: list[str] = []
        arrived: list[str] = []

        def look(moment: str) -> None:
            self.tally.screens += 1
            where = f"{name}/{moment}"
            settle = time.monotonic() + 0.05             # the new screen laid out (as a person sees it)
            wait_until(lambda: time.monotonic() >= settle, 1, "the layout")
            win = self.rig.window
            # the visit's end gives the next person the kiosk in Chinese, standard size
            ended = moment.startswith("home") and bool(seen)
            seen.append(moment)
            found = screen_defects(win, visit.english and not ended, self.keep)
            self.tally.untranslated += [f"{where}: {t}" for t in found.untranslated]
            self.tally.clipped += [f"{where}: {t}" for t in found.clipped + found.unreachable]
            prompt = find(win, "screenLoader").property("item").property("voicePrompt") or ""
            words = speakable(prompt, self.rig.vm.lang)
            if words and moment in arrived:            # a screen just opened says its prompt
                try:
                    wait_until(lambda: words in self.said, 3, "the voice prompt")
                except SessionFailed:
                    self.tally.unvoiced.append(f"{where}: {prompt}")
            if self.shots is not None:
                shot(win, self.shots / name / f"{self.tally.screens:03d}-{moment}.png")

        if visit.offline:
            self.rig.platform_down()
        try:
            self.rig.session(on_screen=arrived.append, look=look, visit=visit)
        except CardLost:
            self.tally.cards_left_unnoticed += 1
            self.rig.reset()
        except SessionFailed as exc:
            self.tally.dead_buttons.append(f"{name}: {exc} (on {self.rig.vm.screen})")
            self.rig.reset()
        finally:
            if visit.offline:
                self.rig.platform_up()
            self.said.clear()


def walk_every_path(shots: Path | None = None) -> Tally:
    """Every mode × every way in one kiosk process; what was found on the way."""
    rig = KioskRig()
    try:
        walker = Walker(rig, shots)
        for mode, choices in MODES.items():
            for way, visit in WAYS.items():
                walker.walk(f"{mode}/{way}", dataclasses.replace(visit, **choices))
        return walker.tally
    finally:
        rig.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=Path, help="save a screenshot of every screen under this folder")
    args = parser.parse_args()
    started = time.monotonic()
    t = walk_every_path(args.shots)
    for kind in ("untranslated", "clipped", "unvoiced", "dead_buttons"):
        for line in getattr(t, kind):
            print(f"# {kind}: {line}")
    print(json.dumps({"paths": t.paths, "screens": t.screens, "untranslated": len(t.untranslated),
                      "clipped": len(t.clipped), "unvoiced": len(t.unvoiced), "dead_buttons": len(t.dead_buttons),
                      "cards_left_unnoticed": t.cards_left_unnoticed,
                      "seconds": round(time.monotonic() - started, 1)}))


if __name__ == "__main__":
    main()
