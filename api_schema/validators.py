"""Check characters and formats of Chinese identifiers.

Pure functions, no I/O. Each `is_valid_*` answers a yes/no; `*_check_char` computes the check.
"""

from __future__ import annotations

import datetime as _dt
import re

# GB 11643-1999 (ISO 7064 MOD 11-2): weights for the first 17 digits.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# ASCII digits only: \d would also match ۵ or ５, which int() reads but GB 11643 does not allow
_ID_RE = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError("need exactly 17 ASCII digits")
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def is_valid_id_number(value: str) -> bool:
    """An 18-character citizen ID number (also HK/MO/TW permits, 81/82/83, and new PR cards, 9):
    format, a real birth date, and the check character."""
    value = value.strip().upper()
    if not _ID_RE.fullmatch(value):
        return False
    if id_check_char(value[:17]) != value[17]:
        return False
    if value[0] == "9":  # new foreigner PR number: no birth date at 6..14 to check
        return True
    try:
        _dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return True


def birth_date_from_id(value: str) -> _dt.date | None:
    """Birth date encoded in a valid resident ID number, or None."""
    value = value.strip().upper()          # the same string that was validated is the one sliced
    if not is_valid_id_number(value) or value[0] == "9":
        return None
    return _dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


# GB 32100-2015: unified social credit code. 18 characters from this alphabet (no I, O, Z, S, V).
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character (MOD 31) for the first 17 characters of a USCC."""
    if len(first17) != 17 or any(c not in _USCC_ALPHABET for c in first17):
        raise ValueError("need 17 characters of the GB 32100 alphabet")
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(value: str) -> bool:
    """An 18-character unified social credit code (统一社会信用代码) with a correct check character."""
    value = value.strip().upper()
    if not _USCC_RE.fullmatch(value):
        return False
    return uscc_check_char(value[:17]) == value[17]


# Mainland mobile numbers: 11 digits, 1 then 3-9. Optional +86 / 86 prefix and separators.
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")


def normalize_mobile(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value.strip())
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def is_valid_mobile(value: str) -> bool:
    return bool(_MOBILE_RE.fullmatch(normalize_mobile(value)))


def mask_id_number(value: str) -> str:
    """The masked form printed on receipts: first 6 and last 4 kept (e.g. 110105********002X)."""
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]
