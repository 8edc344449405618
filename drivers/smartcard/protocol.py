"""APDUs and records of the social security card (SSSE application): pure bytes in, values out.

Facts and their sources: shared/reference/device-protocols.md section 2. Records are TLV (tag,
length, value); dates are BCD YYYYMMDD; the name is GBK padded with NUL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SSSE_AID = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")   # "sx1.sh.社会保障" in GBK
EF05, EF06 = 0xEF05, 0xEF06

# (record number, tag, value length) — read with P2=04 (P1 = record number in the current EF)
EF05_RECORDS = {"card_id": (1, 0x01, 16), "card_type": (2, 0x02, 1), "version": (3, 0x03, 4),
                "issuer": (4, 0x04, 12), "issued": (5, 0x05, 4), "expires": (6, 0x06, 4),
                "card_number": (7, 0x07, 9)}
EF06_RECORDS = {"ssn": (1, 0x08, 18), "name": (2, 0x09, 30), "gender": (4, 0x0A, 1), "nation": (5, 0x0B, 1),
                "birth_date": (7, 0x0D, 4)}


class CardError(Exception):
    """A card answer that cannot be used; `sw` is the status word (0 when the bytes were malformed)."""

    def __init__(self, detail: str, sw: int = 0) -> None:
        super().__init__(detail)
        self.sw = sw
        self.message = sw_message(sw) if sw else ("社保卡数据格式错误", "malformed social security card data")


SW_MESSAGES: dict[int, tuple[str, str]] = {
    0x9000: ("成功", "success"),
    0x6982: ("读取需要密码，请到窗口办理或输入社保卡密码", "reading needs the card PIN"),
    0x6983: ("社保卡已锁定，请到窗口办理", "the card is blocked"),
    0x6A82: ("不是社会保障卡，或卡片应用不存在", "not a social security card (file not found)"),
    0x6A83: ("社保卡中无此记录", "record not found"),
    0x6700: ("读卡长度错误", "wrong length"),
    0x6B00: ("读卡参数错误", "wrong parameters"),
    0x6D00: ("社保卡不支持该指令", "instruction not supported"),
    0x6E00: ("社保卡不支持该指令类别", "class not supported"),
    0x6581: ("社保卡存储故障，请到窗口办理", "card memory failure"),
}


def sw_message(sw: int) -> tuple[str, str]:
    return SW_MESSAGES.get(sw, (f"社保卡返回未知状态 {sw:04X}", f"unknown card status {sw:04X}"))


def select_aid(aid: bytes = SSSE_AID) -> bytes:
    return bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid


def select_file(fid: int) -> bytes:
    return bytes([0x00, 0xA4, 0x02, 0x00, 0x02]) + fid.to_bytes(2, "big")


def read_record(number: int, le: int) -> bytes:
    return bytes([0x00, 0xB2, number, 0x04, le])


def get_response(le: int) -> bytes:
    return bytes([0x00, 0xC0, 0x00, 0x00, le])


def split_sw(response: bytes) -> tuple[bytes, int]:
    if len(response) < 2:
        raise CardError("response shorter than a status word")
    return response[:-2], int.from_bytes(response[-2:], "big")


def tlv_value(data: bytes, tag: int) -> bytes:
    if len(data) < 2 or data[0] != tag:
        raise CardError(f"expected tag {tag:02X}")
    if len(data) != 2 + data[1]:
        raise CardError(f"tag {tag:02X}: length {data[1]} does not match {len(data) - 2} bytes")
    return data[2:]


def bcd(value: bytes) -> str:
    digits = value.hex().upper()
    if not digits.isdigit():
        raise CardError("BCD field holds non-digits")
    return digits


def bcd_date(value: bytes) -> dt.date:
    digits = bcd(value)
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise CardError("BCD date is not a calendar date") from None


def ascii_field(value: bytes) -> str:
    try:
        return value.rstrip(b"\x00 ").decode("ascii")
    except UnicodeDecodeError:
        raise CardError("ASCII field holds other bytes") from None


def gbk_field(value: bytes) -> str:
    try:
        return value.rstrip(b"\x00").decode("gbk").strip()
    except UnicodeDecodeError:
        raise CardError("name is not GBK") from None


@dataclass(frozen=True)
class SocialSecurityCard:
    card_number: str
    region_code: str                   # first 6 digits of the card identification code (统筹区)
    version: str
    issued: dt.date
    expires: dt.date
    ssn: str = field(repr=False)       # 社会保障号码 = citizen ID number
    name: str = field(repr=False)
    gender: str = field(repr=False)    # 男 / 女
    nation_code: str = field(repr=False)
    birth_date: dt.date = field(repr=False)


def decode_card(ef05: dict[str, bytes], ef06: dict[str, bytes]) -> SocialSecurityCard:
    """Values of the records (TLV already stripped) into a card."""
    return SocialSecurityCard(
        card_number=ascii_field(ef05["card_number"]), region_code=ef05["card_id"][:3].hex().upper(),
        version=ascii_field(ef05["version"]), issued=bcd_date(ef05["issued"]), expires=bcd_date(ef05["expires"]),
        ssn=ascii_field(ef06["ssn"]).upper(), name=gbk_field(ef06["name"]),
        gender={"1": "男", "2": "女"}.get(ascii_field(ef06["gender"]), ""),
        nation_code=bcd(ef06["nation"]), birth_date=bcd_date(ef06["birth_date"]))


def encode_records(card: SocialSecurityCard) -> dict[int, dict[int, bytes]]:
    """{EF: {record number: TLV}} for the emulator."""
    def tlv(tag: int, value: bytes, size: int) -> bytes:
        value = value.ljust(size, b"\x00")[:size]
        return bytes([tag, size]) + value

    def date(d: dt.date) -> bytes:
        return bytes.fromhex(d.strftime("%Y%m%d"))

    ef05_values = {"card_id": bytes.fromhex(card.region_code + "D15600000599110145") + b"\xFF" * 4,
                   "card_type": b"3", "version": card.version.encode(), "issuer": bytes(12),
                   "issued": date(card.issued), "expires": date(card.expires), "card_number": card.card_number.encode()}
    ef06_values = {"ssn": card.ssn.encode(), "name": card.name.encode("gbk"),
                   "gender": {"男": b"1", "女": b"2"}.get(card.gender, b"9"),
                   "nation": bytes.fromhex(card.nation_code), "birth_date": date(card.birth_date)}
    return {
        EF05: {n: tlv(tag, ef05_values[k], size) for k, (n, tag, size) in EF05_RECORDS.items()},
        EF06: {n: tlv(tag, ef06_values[k], size) for k, (n, tag, size) in EF06_RECORDS.items()},
    }
