import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from api_schema.validators import (
    birth_date_from_id, id_check_char, is_valid_id_number, is_valid_mobile, is_valid_uscc, mask_id_number,
    uscc_check_char,
)


def test_gb11643_standard_example():
    assert id_check_char("11010519491231002") == "X"
    assert is_valid_id_number("11010519491231002X")
    assert is_valid_id_number("11010519491231002x")  # lower-case x from manual entry
    assert birth_date_from_id("11010519491231002X") == dt.date(1949, 12, 31)


def test_gb11643_rejects():
    assert not is_valid_id_number("110105194912310021")   # wrong check digit
    assert not is_valid_id_number("11010519491331002X")   # month 13 (check digit recomputed below)
    bad_month = "1101051949133100" + "2"
    assert not is_valid_id_number(bad_month + id_check_char(bad_month))
    assert not is_valid_id_number("11010519491231002")    # 17 characters
    assert not is_valid_id_number("1101051949123100XX")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.integers(min_value=100000, max_value=999999), st.integers(min_value=0, max_value=999))
def test_gb11643_roundtrip(birth, region, seq):
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    number = first17 + id_check_char(first17)
    assert is_valid_id_number(number)
    # any single-digit change of the first 17 is caught by MOD 11-2
    pos = seq % 17
    changed = first17[:pos] + str((int(first17[pos]) + 1) % 10) + first17[pos + 1:]
    assert not is_valid_id_number(changed + number[17]) or changed == first17


def test_uscc_published_codes():
    # Published codes of well-known companies (from their business licences).
    for code in ("91440300708461136T", "91330100716105852F", "91110000802100433B"):
        assert is_valid_uscc(code), code


def test_uscc_rejects():
    assert not is_valid_uscc("91440300708461136A")   # wrong check character
    assert not is_valid_uscc("9144030070846113")     # too short
    assert not is_valid_uscc("91440300708461136I")   # I is not in the GB 32100 alphabet


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=10, max_size=10),
       st.integers(min_value=100000, max_value=999999))
def test_uscc_roundtrip(org, region):
    first17 = f"91{region}{org[:9]}"
    assert is_valid_uscc(first17 + uscc_check_char(first17))


def test_mobile():
    assert is_valid_mobile("13800138000")
    assert is_valid_mobile("+86 138-0013-8000")
    assert not is_valid_mobile("12800138000")
    assert not is_valid_mobile("1380013800")


def test_mask():
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_the_demos_cards_carry_valid_numbers():
    """The demo's Hong Kong/Macau/Taiwan permit once carried a wrong check digit, so the kiosk refused its own card."""
    from drivers.idcard.emulator import sample_card
    from drivers.idcard.protocol import CardKind
    for kind in (CardKind.RESIDENT, CardKind.HMT_PERMIT):
        assert is_valid_id_number(sample_card(kind).text.id_number), kind
