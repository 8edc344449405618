"""Every parser fails only with its documented error: the inputs that once crashed one, and a short
fuzz run of each (the long one is `python -m bench.fuzz --inputs 1000000`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api_schema import validators
from drivers.idcard import protocol as ga467
from drivers.idcard.emulator import sample_card
from tests.fuzz.engine import fuzz, run_one
from tests.fuzz.targets import TARGETS

REGRESSIONS = Path(__file__).parent.parent / "fuzz" / "regressions"


def _cases() -> list[tuple[str, bytes]]:
    cases = []
    for path in sorted(REGRESSIONS.glob("*.txt")):
        lines = [ln for ln in path.read_text().splitlines() if ln and not ln.startswith("#")]
        cases += [(path.stem, bytes.fromhex(ln)) for ln in lines]
    return cases


@pytest.mark.parametrize("target,data", _cases(), ids=lambda v: v if isinstance(v, str) else v[:6].hex())
def test_inputs_that_once_crashed_a_parser_now_fail_cleanly(target: str, data: bytes) -> None:
    assert run_one(TARGETS[target], data) is None


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_a_short_fuzz_run_finds_no_crash(name: str) -> None:
    result = fuzz(TARGETS[name], 4000, seed=19)
    assert not result.crashes, {k: v.error for k, v in result.crashes.items()}


def test_digits_mean_ascii_digits_where_the_standard_says_so() -> None:
    arabic_indic = "۱۱۰۱۰۵۱۹۴۹۱۲۳۱۰۰۲X"          # 11010519491231002X in U+06F0.. digits
    assert validators.is_valid_id_number("11010519491231002X")
    assert not validators.is_valid_id_number(arabic_indic)
    assert not validators.is_valid_id_number("１１０１０５１９４９１２３１００２X")       # full-width
    assert not validators.is_valid_uscc("0000000۵0000000000")
    assert not validators.is_valid_mobile("١٣٨٠٠١٣٨٠٠٠")
    assert validators.birth_date_from_id(" 11010519491231002x ").isoformat() == "1949-12-31"


def test_a_card_whose_nation_code_holds_other_digits_is_read_without_a_nation() -> None:
    block = bytearray(ga467.encode_text(sample_card().text))
    block[32:36] = "①1".encode("utf-16-le")
    assert ga467.decode_text(bytes(block)).nation == ""
