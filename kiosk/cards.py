"""Identity documents: the devices' values into the one `Identity` the session uses, and device
events into the core's vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from api_schema.models import CardType
from drivers.idcard.protocol import CardKind, CardRead
from drivers.idcard.reader import CardReadEvent, CardRemovedEvent, ReaderEvent, ReadFailedEvent
from drivers.status import DeviceStatus

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


# ------------------------------------------------------------------ device events, as the core sees them

@dataclass(frozen=True)
class DocumentPresented:
    identity: Identity


@dataclass(frozen=True)
class DocumentRemoved:
    pass


@dataclass(frozen=True)
class DocumentUnreadable:
    message: tuple[str, str]     # (zh, en) from the driver's status table


@dataclass(frozen=True)
class DeviceChanged:
    status: DeviceStatus


KioskDeviceEvent = Union[DocumentPresented, DocumentRemoved, DocumentUnreadable, DeviceChanged]


def from_reader_event(event: ReaderEvent) -> KioskDeviceEvent:
    """Translate an ID card reader event into the core's vocabulary (the UI never sees drivers)."""
    if isinstance(event, CardReadEvent):
        return DocumentPresented(identity_from_id_card(event.card))
    if isinstance(event, CardRemovedEvent):
        return DocumentRemoved()
    if isinstance(event, ReadFailedEvent):
        return DocumentUnreadable(event.message)
    return DeviceChanged(event.status)
