"""Identity documents from the devices' values into the one `Identity` the session uses."""

from __future__ import annotations

from api_schema.models import CardType
from drivers.idcard.protocol import CardKind, CardRead

from .identity import Identity, IdentitySourceDevice

_CARD_TYPES = {
    CardKind.RESIDENT: CardType.RESIDENT,
    CardKind.FOREIGN_PR: CardType.FOREIGN_PR,
    CardKind.HMT_PERMIT: CardType.HMT_PERMIT,
}


def identity_from_id_card(card: CardRead) -> Identity:
    t = card.text
    return Identity(
        name=t.name or t.name_en, id_number=t.id_number.upper(), card_type=_CARD_TYPES[t.kind],
        source=IdentitySourceDevice.ID_CARD_READER, gender=t.gender, nation=t.nation, birth_date=t.birth_date,
        address=t.address, valid_from=t.valid_from, valid_to=t.valid_to)
