"""Issue 17's walk as a test: every mode (standard, 大字版, English, English + 大字版) × every way (a
face-checked item with its receipt, a card-only item, the platform down, the printer out of paper, the ID
card reader silent at the end while the card is taken), a whole
visit by touch on the real window each, looked at on every screen — see bench/walk.py for what it checks
and leaves out. Screenshots of every screen under artifacts/walk/."""

from bench.walk import MODES, WAYS, walk_every_path


def test_every_path_reads_whole_speaks_and_hands_the_card_back(qapp, artifacts):
    found = walk_every_path(artifacts / "walk")
    assert found.paths == len(MODES) * len(WAYS)
    assert found.dead_buttons == [], found.dead_buttons
    assert found.untranslated == [], found.untranslated
    assert found.clipped == [], found.clipped
    assert found.unvoiced == [], found.unvoiced
    assert found.cards_left_unnoticed == 0
