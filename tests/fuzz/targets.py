"""One fuzz harness per parser that reads bytes or text from outside the program: what each parses,
the valid inputs its mutations start from, and the one error type it may raise (its documented error).
Anything else it raises is a crash. Used by `python -m bench.fuzz` (10^6 inputs each) and by
tests/security/test_fuzz.py (a short run of each, and every input that ever crashed one).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Callable

import requests

from api_schema import validators
from api_schema.models import ApplicationReceipt, ErrorResponse, HeartbeatAnswer, ProgressList
from drivers.idcard import protocol as ga467
from drivers.idcard.emulator import sample_card
from drivers.printer import escpos, ipp
from drivers.qrscanner.protocol import LineBuffer, QrError, parse_code
from drivers.smartcard import protocol as sscard
from drivers.smartcard.emulator import sample_sscard
from kiosk.platform_client import PlatformClient, PlatformError


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[[bytes], object]
    seeds: Callable[[], list[bytes]]
    expected: tuple[type[BaseException], ...]   # documented errors; () = must never raise
    text: bool = False                           # the input is UTF-8 text: mutate characters too


# ------------------------------------------------------------------ GA 467 (ID card reader)

def _cards() -> list[ga467.CardText]:
    return [sample_card(kind).text for kind in ga467.CardKind]


def _idcard_frames() -> list[bytes]:
    read = ga467.encode_read(ga467.encode_text(_cards()[0]), bytes(ga467.PHOTO_LEN))
    return [ga467.encode_response(0x90, read), ga467.encode_response(0x9F, b"\x00" * 4),
            ga467.encode_response(0x80)]


def _idcard_frame(data: bytes) -> None:
    response = ga467.decode_response(data)
    if response.ok and len(response.data) > 4:
        ga467.decode_read(response.data)


def _idcard_reads() -> list[bytes]:
    return [ga467.encode_read(ga467.encode_text(card), bytes(ga467.PHOTO_LEN)) for card in _cards()]


def _idcard_texts() -> list[bytes]:
    return [ga467.encode_text(card) for card in _cards()]


# ------------------------------------------------------------------ social security card (APDU records)

_LAYOUT = [(ef, name, tag, size) for ef, records in ((sscard.EF05, sscard.EF05_RECORDS), (sscard.EF06, sscard.EF06_RECORDS))
           for name, (_, tag, size) in records.items()]


def _sscard_records() -> list[bytes]:
    records = sscard.encode_records(sample_sscard())
    by_tag = {tlv[0]: tlv for ef in records.values() for tlv in ef.values()}
    return [b"".join(by_tag[tag] + b"\x90\x00" for _, _, tag, _ in _LAYOUT)]


def _sscard(data: bytes) -> None:
    """The R-APDUs of the records, one after another as the reader receives them."""
    values: dict[int, dict[str, bytes]] = {sscard.EF05: {}, sscard.EF06: {}}
    pos = 0
    for ef, name, tag, size in _LAYOUT:
        body, sw = sscard.split_sw(data[pos:pos + size + 4])
        pos += size + 4
        if sw != 0x9000:
            raise sscard.CardError("record not read", sw)
        values[ef][name] = sscard.tlv_value(body, tag)
    sscard.decode_card(values[sscard.EF05], values[sscard.EF06])


# ------------------------------------------------------------------ printers

def _escpos_seeds() -> list[bytes]:
    return [escpos.encode([escpos.Text("受理回执 Receipt"), escpos.Qr("https://gov.example/t/ZW20261121000001?v=ABCDEFGH"),
                           escpos.Feed(2), escpos.Cut()])]


def _ipp_seeds() -> list[bytes]:
    msg = ipp.Message(ipp.SUCCESSFUL_OK, 7, [
        (0x01, [ipp.Attribute(ipp.CHARSET, "attributes-charset", ["utf-8"])]),
        (0x04, [ipp.Attribute(ipp.ENUM, "printer-state", [3]),
                ipp.Attribute(ipp.KEYWORD, "printer-state-reasons", ["media-low", "toner-low"]),
                ipp.Attribute(ipp.BOOLEAN, "printer-is-accepting-jobs", [True])])])
    return [ipp.encode(msg)]


# ------------------------------------------------------------------ QR scanner lines

def _qr_seeds() -> list[bytes]:
    return [b"eid:AbCdEfGhIjKlMnOpQrSt_-123\r\n", b"esscard:0123456789abcdef0123\r\n",
            b"https://gov.example/t/ZW20261121000001?v=ABCDEFGH\r\n", b"YJS20261121000002\n"]


def _qr(data: bytes) -> None:
    buffer = LineBuffer()
    for line in buffer.feed(data) + buffer.feed(b"\r"):
        if isinstance(line, str):
            parse_code(line)


# ------------------------------------------------------------------ validators (form fields, card numbers)

def _validator_seeds() -> list[bytes]:
    return [s.encode() for s in ("11010519491231002X", "810000199003070015", "91350100M000100Y43",
                                 "+86 138-0013-8000", "13800138000", "9" + "0" * 16 + "1")]


def _validators(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    validators.is_valid_id_number(text)
    validators.birth_date_from_id(text)
    validators.is_valid_uscc(text)
    validators.is_valid_mobile(text)
    validators.mask_id_number(text)


# ------------------------------------------------------------------ platform responses (the kiosk's client)

_MODELS = (ApplicationReceipt, ProgressList, HeartbeatAnswer, ErrorResponse)
_STATUSES = (200, 201, 304, 400, 401, 403, 404, 409, 413, 422, 500, 502)


def _platform_seeds() -> list[bytes]:
    now = dt.datetime(2026, 12, 3, 8, 30, tzinfo=dt.timezone.utc).isoformat()
    bodies = [
        {"application_no": "ZW20261203000001", "item_code": "SB001", "item_name": "社保参保证明打印", "status": "approved",
         "accepted_at": now, "promised_by": "2026-12-10", "certificate_available": True, "replayed": False},
        {"applications": [{"application_no": "ZW20261203000001", "item_code": "BDC001", "item_name": "无房证明",
                           "status": "accepted", "stages": [{"stage": "已受理", "at": now, "note": ""}]}]},
        {"server_time": now, "commands": ["refresh_catalog"]},
        {"error": {"code": "form_invalid", "message": "bad", "fields": {"mobile": "invalid"}}},
    ]
    return [bytes([n]) + json.dumps(b, ensure_ascii=False).encode() for n, b in enumerate(bodies)]


def _platform(data: bytes) -> None:
    """The first byte picks the HTTP status and the model; the rest is the body the platform sent."""
    if not data:
        return
    resp = requests.Response()
    resp.status_code = _STATUSES[data[0] % len(_STATUSES)]
    resp._content = data[1:]
    PlatformClient._parse(PlatformClient.__new__(PlatformClient), resp, _MODELS[data[0] % len(_MODELS)])


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("idcard_frame", _idcard_frame, _idcard_frames, (ga467.FrameError,)),
    Target("idcard_read", ga467.decode_read, _idcard_reads, (ga467.FrameError,)),
    Target("idcard_text", ga467.decode_text, _idcard_texts, (ga467.FrameError,)),
    Target("sscard_records", _sscard, _sscard_records, (sscard.CardError,)),
    Target("escpos", escpos.decode, _escpos_seeds, (escpos.FrameError,)),
    Target("ipp", ipp.decode, _ipp_seeds, (ipp.IppError,)),
    Target("qr_lines", _qr, _qr_seeds, (QrError,), text=True),
    Target("validators", _validators, _validator_seeds, (), text=True),
    Target("platform_responses", _platform, _platform_seeds, (PlatformError,), text=True),
)}
