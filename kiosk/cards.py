"""Identity documents: the devices' values into the one `Identity` the session uses, and device
events into the core's vocabulary."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from api_schema.models import CardType, QrTokenKind
from drivers.idcard.photo import (
    EmulatorPhotoDecoder, NoPhotoDecoder, PhotoDecodeError, PhotoDecoder, VendorLibraryDecoder,
)
from drivers.idcard.protocol import NATIONS, CardKind, CardRead
from drivers.idcard.reader import CardReadEvent, CardRemovedEvent, ReaderEvent, ReadFailedEvent
from drivers.qrscanner.protocol import QrKind
from drivers.qrscanner.scanner import QrEvent, QrRefusedEvent, QrScannedEvent
from drivers.smartcard.protocol import SocialSecurityCard
from drivers.smartcard.reader import SsCardEvent, SsCardFailedEvent, SsCardReadEvent, SsCardRemovedEvent
from drivers.status import DeviceStatus

from .config import ConfigError
from .identity import Identity, IdentitySourceDevice

log = logging.getLogger("kiosk.cards")

_CARD_TYPES = {
    CardKind.RESIDENT: CardType.RESIDENT,
    CardKind.FOREIGN_PR: CardType.FOREIGN_PR,
    CardKind.HMT_PERMIT: CardType.HMT_PERMIT,
}


def identity_from_id_card(card: CardRead, decoder: PhotoDecoder | None = None) -> Identity:
    """The card's identity; its chip photo decoded when a decoder is configured (else None, and the
    face check falls back to another way)."""
    t = card.text
    photo = None
    if decoder is not None and decoder.available:
        try:
            photo = decoder.decode(card.photo_wlt)
        except PhotoDecodeError as exc:
            log.warning("chip photo not decoded: %s", exc)
    return Identity(
        name=t.name or t.name_en, id_number=t.id_number.upper(), card_type=_CARD_TYPES[t.kind],
        source=IdentitySourceDevice.ID_CARD_READER, gender=t.gender, nation=t.nation, birth_date=t.birth_date,
        address=t.address, valid_from=t.valid_from, valid_to=t.valid_to, photo_bmp=photo)


def identity_from_sscard(card: SocialSecurityCard) -> Identity:
    return Identity(
        name=card.name, id_number=card.ssn, card_type=CardType.SOCIAL_SECURITY,
        source=IdentitySourceDevice.SOCIAL_SECURITY_CARD, gender=card.gender,
        nation=NATIONS.get(int(card.nation_code), "") if card.nation_code.isdigit() else "",
        birth_date=card.birth_date, valid_from=card.issued, valid_to=card.expires)


def photo_decoder_from_config(setting: str, symbol: str) -> PhotoDecoder:
    """'' = none configured, 'emulator' = the emulator's stand-in photos, else a vendor library path."""
    if not setting:
        return NoPhotoDecoder()
    if setting == "emulator":
        return EmulatorPhotoDecoder()
    try:
        return VendorLibraryDecoder(Path(setting), symbol)
    except PhotoDecodeError as exc:
        raise ConfigError(f"idcard.photo_decoder: {exc}") from None


# ------------------------------------------------------------------ device events, as the core sees them

@dataclass(frozen=True)
class DocumentPresented:
    identity: Identity


@dataclass(frozen=True)
class DocumentRemoved:
    device: IdentitySourceDevice


@dataclass(frozen=True)
class DocumentUnreadable:
    message: tuple[str, str]     # (zh, en) from the driver's status table


@dataclass(frozen=True)
class DeviceChanged:
    status: DeviceStatus


@dataclass(frozen=True)
class IdentityCodeScanned:
    """An e-ID / e-social-security QR code: the platform must resolve it (KioskService.identify_qr)."""
    kind: QrTokenKind
    token: str = field(repr=False)


@dataclass(frozen=True)
class ReceiptCodeScanned:
    application_no: str


KioskDeviceEvent = Union[DocumentPresented, DocumentRemoved, DocumentUnreadable, DeviceChanged,
                         IdentityCodeScanned, ReceiptCodeScanned]


def from_reader_event(event: ReaderEvent, decoder: PhotoDecoder | None = None) -> KioskDeviceEvent:
    """Translate an ID card reader event into the core's vocabulary (the UI never sees drivers).
    Runs on the device thread, so photo decoding never touches the GUI thread."""
    if isinstance(event, CardReadEvent):
        return DocumentPresented(identity_from_id_card(event.card, decoder))
    if isinstance(event, CardRemovedEvent):
        return DocumentRemoved(IdentitySourceDevice.ID_CARD_READER)
    if isinstance(event, ReadFailedEvent):
        return DocumentUnreadable(event.message)
    return DeviceChanged(event.status)


def from_sscard_event(event: SsCardEvent) -> KioskDeviceEvent:
    """The same for the social security card reader."""
    if isinstance(event, SsCardReadEvent):
        return DocumentPresented(identity_from_sscard(event.card))
    if isinstance(event, SsCardRemovedEvent):
        return DocumentRemoved(IdentitySourceDevice.SOCIAL_SECURITY_CARD)
    if isinstance(event, SsCardFailedEvent):
        return DocumentUnreadable(event.message)
    return DeviceChanged(event.status)


def from_qr_event(event: QrEvent) -> KioskDeviceEvent:
    """The same for the QR scanner."""
    if isinstance(event, QrScannedEvent):
        if event.code.kind is QrKind.RECEIPT:
            return ReceiptCodeScanned(event.code.value)
        return IdentityCodeScanned(QrTokenKind(event.code.kind.value), event.code.value)
    if isinstance(event, QrRefusedEvent):
        return DocumentUnreadable(event.message)
    return DeviceChanged(event.status)


class CardsOnReaders:
    """Which readers hold a card the kiosk has read and not yet seen taken. A card forgotten on the reader
    is the classic loss at self-service machines (its owner cannot get back in without it): when a
    person's visit ends and a card is still here, the screen and the voice ask for it to be taken until
    it is. Pure: it follows the core's device events."""

    def __init__(self) -> None:
        self._on: set[IdentitySourceDevice] = set()

    def seen(self, event: object) -> bool:
        """Follow a device event; True when the set of cards on readers changed."""
        before = set(self._on)
        if isinstance(event, DocumentPresented) and event.identity.source in _CARD_READERS:
            self._on.add(event.identity.source)
        elif isinstance(event, DocumentRemoved):
            self._on.discard(event.device)
        return self._on != before

    def left(self) -> tuple[IdentitySourceDevice, ...]:
        """The cards to hand back, ID card first."""
        return tuple(d for d in _CARD_READERS if d in self._on)


_CARD_READERS = (IdentitySourceDevice.ID_CARD_READER, IdentitySourceDevice.SOCIAL_SECURITY_CARD)
