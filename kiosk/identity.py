"""One `Identity` value, whatever document it came from. Never logged: its repr hides the person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from api_schema.models import CardType, IdentitySource
from api_schema.validators import is_valid_id_number


class IdentitySourceDevice(str, Enum):
    ID_CARD_READER = "idcard"
    SOCIAL_SECURITY_CARD = "sscard"
    QR = "qr"
    MANUAL = "manual"


class IdentityRefused(Exception):
    """A document that cannot be used (expired, invalid number); `reason` is a message code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Identity:
    name: str = field(repr=False)
    id_number: str = field(repr=False)
    card_type: CardType
    source: IdentitySourceDevice
    gender: str = field(default="", repr=False)         # 男 / 女 / ""
    nation: str = field(default="", repr=False)         # 汉, ... ("" when the card has none)
    birth_date: dt.date | None = field(default=None, repr=False)
    address: str = field(default="", repr=False)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None                     # None: 长期 (no expiry)
    photo_bmp: bytes | None = field(default=None, repr=False)

    def check_usable(self, today: dt.date) -> None:
        """Raise IdentityRefused if this document may not be used today."""
        if self.card_type in (CardType.RESIDENT, CardType.HMT_PERMIT, CardType.MANUAL) \
                and not is_valid_id_number(self.id_number):
            raise IdentityRefused("identity_bad_number")
        if self.valid_to is not None and self.valid_to < today:
            raise IdentityRefused("identity_expired")

    def prefill(self, source: IdentitySource) -> str:
        """The value of a form field that the item's schema takes from the identity."""
        return {
            IdentitySource.NAME: self.name,
            IdentitySource.ID_NUMBER: self.id_number,
            IdentitySource.GENDER: self.gender,
            IdentitySource.BIRTH_DATE: self.birth_date.isoformat() if self.birth_date else "",
            IdentitySource.ADDRESS: self.address,
            IdentitySource.NATION: self.nation,
        }[source]


MAX_NAME_CHARS = 60          # a card's name field holds 15 characters, a permanent-residence card's English 60


def manual_identity(name: str, id_number: str, today: dt.date) -> Identity:
    """The last resort, typed on screen: validated exactly like a card (IdentityRefused otherwise)."""
    name = name.strip()
    if not name:
        raise IdentityRefused("identity_name_missing")
    if len(name) > MAX_NAME_CHARS or len(id_number) > 32 or not name.isprintable():
        raise IdentityRefused("identity_name_invalid")
    identity = Identity(name=name, id_number=id_number.strip().upper(), card_type=CardType.MANUAL,
                        source=IdentitySourceDevice.MANUAL)
    identity.check_usable(today)
    return identity
