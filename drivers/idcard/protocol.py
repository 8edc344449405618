"""GA 467 frames and payloads: pure bytes in, values out, no I/O (the part to fuzz).

Frame: AA AA AA 96 69 | LEN (2, big-endian) | body | CHK, where LEN counts body + CHK and CHK is
the XOR of LEN and body. Host bodies are CMD PARA DATA; module bodies are SW1 SW2 SW3 DATA.
Facts and their sources: shared/reference/device-protocols.md section 1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum, IntEnum
from functools import reduce

PREAMBLE = b"\xAA\xAA\xAA\x96\x69"
HEADER_LEN = 7                  # preamble + 2 length bytes
MAX_BODY_LEN = 4096             # the largest real response is 2314; anything bigger is garbage
TEXT_LEN, PHOTO_LEN = 256, 1024


class FrameError(Exception):
    """Bytes that are not a valid GA 467 frame. The only exception the decoders raise."""


class Command(Enum):
    RESET = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    SAM_ID = (0x12, 0xFF)
    FIND_CARD = (0x20, 0x01)
    SELECT_CARD = (0x20, 0x02)
    READ_TEXT_PHOTO = (0x30, 0x01)
    READ_NEW_ADDRESS = (0x30, 0x03)
    READ_TEXT_PHOTO_FINGERPRINT = (0x30, 0x10)

    @property
    def cmd(self) -> int:
        return self.value[0]

    @property
    def para(self) -> int:
        return self.value[1]


class Sw3(IntEnum):
    SUCCESS = 0x90
    NO_CONTENT = 0x91
    FIND_SUCCESS = 0x9F
    HOST_CHECKSUM_ERROR = 0x10
    HOST_LENGTH_ERROR = 0x11
    BAD_COMMAND = 0x21
    NOT_PERMITTED = 0x23
    UNRECOGNISED_ERROR = 0x24
    CARD_REJECTED_SAM = 0x31
    SAM_REJECTED_CARD = 0x32
    VERIFICATION_ERROR = 0x33
    UNKNOWN_CARD_TYPE = 0x40
    READ_FAILED = 0x41
    RANDOM_FAILED = 0x47
    SAM_SELF_TEST_FAILED = 0x60
    SAM_NOT_AUTHORISED = 0x66
    NO_CARD = 0x80
    SELECT_FAILED = 0x81


# Human messages (zh, en) for every status; the screen shows the Chinese one by default.
SW3_MESSAGES: dict[int, tuple[str, str]] = {
    0x90: ("操作成功", "success"),
    0x91: ("证/卡中此项无内容", "the card has no such item"),
    0x9F: ("寻找证/卡成功", "card found"),
    0x10: ("读卡模块收到的数据校验和错误", "checksum error in the command"),
    0x11: ("读卡模块收到的数据长度错误", "length error in the command"),
    0x21: ("读卡模块不支持该命令", "bad command or parameter"),
    0x23: ("越权操作", "operation not permitted"),
    0x24: ("读卡模块发生无法识别的错误", "unrecognised module error"),
    0x31: ("证件认证读卡模块失败", "the card did not accept the SAM"),
    0x32: ("读卡模块认证证件失败，证件可能已损坏", "the SAM could not authenticate the card"),
    0x33: ("证件信息验证错误", "card information verification error"),
    0x40: ("无法识别的证件类型", "unknown card type"),
    0x41: ("读证失败，请将证件放稳后重试", "read failed: keep the card still and retry"),
    0x47: ("取随机数失败", "random number failure"),
    0x60: ("读卡模块自检失败", "SAM self-test failed"),
    0x66: ("读卡模块未经授权", "SAM not authorised"),
    0x80: ("未找到证件", "no card found"),
    0x81: ("选取证件失败", "select card failed"),
}


def status_message(sw3: int) -> tuple[str, str]:
    return SW3_MESSAGES.get(sw3, (f"读卡模块返回未知状态 0x{sw3:02X}", f"unknown module status 0x{sw3:02X}"))


def checksum(data: bytes) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def _frame(body: bytes) -> bytes:
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([checksum(length + body)])


def encode_command(command: Command, data: bytes = b"") -> bytes:
    return _frame(bytes([command.cmd, command.para]) + data)


def encode_response(sw3: int, data: bytes = b"") -> bytes:
    return _frame(bytes([0x00, 0x00, sw3]) + data)


def body_length(header: bytes) -> int:
    """The number of bytes that follow a 7-byte header. Raises FrameError on a bad header."""
    if len(header) != HEADER_LEN:
        raise FrameError(f"header must be {HEADER_LEN} bytes, got {len(header)}")
    if header[:5] != PREAMBLE:
        raise FrameError("wrong preamble")
    length = int.from_bytes(header[5:7], "big")
    if length < 1 or length > MAX_BODY_LEN:
        raise FrameError(f"announced length {length} out of range")
    return length


def _split(frame: bytes, min_body: int) -> bytes:
    length = body_length(frame[:HEADER_LEN])
    if len(frame) != HEADER_LEN + length:
        raise FrameError(f"frame is {len(frame)} bytes, header announces {HEADER_LEN + length}")
    body = frame[HEADER_LEN:-1]
    if checksum(frame[5:-1]) != frame[-1]:
        raise FrameError("checksum mismatch")
    if len(body) < min_body:
        raise FrameError("frame body too short")
    return body


@dataclass(frozen=True)
class Response:
    sw3: int
    data: bytes

    @property
    def ok(self) -> bool:
        return self.sw3 in (Sw3.SUCCESS, Sw3.FIND_SUCCESS)


def decode_response(frame: bytes) -> Response:
    body = _split(frame, 3)
    if body[0] != 0 or body[1] != 0:
        raise FrameError("SW1/SW2 must be 00 00")
    return Response(body[2], bytes(body[3:]))


def decode_command(frame: bytes) -> tuple[int, int, bytes]:
    """(cmd, para, data) of a host frame: what the emulator receives."""
    body = _split(frame, 2)
    return body[0], body[1], bytes(body[2:])


# ------------------------------------------------------------------ payloads

class CardKind(str, Enum):
    RESIDENT = "resident"          # 居民身份证
    FOREIGN_PR = "foreign_pr"      # 外国人永久居留身份证 (2017), flag 'I'
    HMT_PERMIT = "hmt_permit"      # 港澳台居民居住证, flag 'J'


GENDERS = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}
NATIONS = dict(enumerate([
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
    "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
    "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
    "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
], start=1))
NATIONS.update({97: "其他", 98: "外国血统中国籍人士"})


@dataclass(frozen=True)
class CardText:
    """The decoded 256-byte text block. Dates are None when absent; valid_to None means 长期."""
    kind: CardKind
    name: str = ""
    name_en: str = ""
    gender: str = ""
    nation: str = ""
    birth_date: dt.date | None = None
    address: str = ""
    id_number: str = ""
    issuer: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    nationality: str = ""
    pass_number: str = ""
    issue_count: str = ""

    def __repr__(self) -> str:  # never print a person
        return f"CardText(kind={self.kind.value})"


@dataclass(frozen=True)
class CardRead:
    text: CardText
    photo_wlt: bytes = b""
    fingerprint: bytes = b""

    def __repr__(self) -> str:
        return f"CardRead({self.text!r}, photo={len(self.photo_wlt)}B)"


def _ucs2(block: bytes, start: int, size: int) -> str:
    try:
        text = block[start:start + size].decode("utf-16-le")
    except UnicodeDecodeError:
        raise FrameError(f"text field at {start} is not UCS-2") from None
    return text.rstrip(" \x00")


def _date(text: str, *, allow_long_term: bool = False) -> dt.date | None:
    if not text:
        return None
    if not (len(text) == 8 and text.isascii() and text.isdigit()):
        if allow_long_term:
            return None        # "长期": permanent validity
        raise FrameError("date field is not YYYYMMDD")
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise FrameError("date field is not a calendar date") from None


def decode_text(block: bytes) -> CardText:
    if len(block) != TEXT_LEN:
        raise FrameError(f"text block must be {TEXT_LEN} bytes, got {len(block)}")
    flag = _ucs2(block, 248, 2)
    if flag == "I":
        return CardText(
            kind=CardKind.FOREIGN_PR, name_en=_ucs2(block, 0, 120), gender=GENDERS.get(_ucs2(block, 120, 2), ""),
            id_number=_ucs2(block, 122, 30), nationality=_ucs2(block, 152, 6), name=_ucs2(block, 158, 30),
            valid_from=_date(_ucs2(block, 188, 16)), valid_to=_date(_ucs2(block, 204, 16), allow_long_term=True),
            birth_date=_date(_ucs2(block, 220, 16)))
    nation_code = _ucs2(block, 32, 4)
    common = dict(
        name=_ucs2(block, 0, 30), gender=GENDERS.get(_ucs2(block, 30, 2), ""),
        birth_date=_date(_ucs2(block, 36, 16)), address=_ucs2(block, 52, 70), id_number=_ucs2(block, 122, 36),
        issuer=_ucs2(block, 158, 30), valid_from=_date(_ucs2(block, 188, 16)),
        valid_to=_date(_ucs2(block, 204, 16), allow_long_term=True))
    if flag == "J":
        return CardText(kind=CardKind.HMT_PERMIT, pass_number=_ucs2(block, 220, 18),
                        issue_count=_ucs2(block, 238, 4), **common)
    # ASCII digits only: "¹" or "①" pass str.isdigit() and then make int() raise
    nation = NATIONS.get(int(nation_code), "") if nation_code.isascii() and nation_code.isdigit() else ""
    return CardText(kind=CardKind.RESIDENT, nation=nation, **common)


def decode_read(data: bytes) -> CardRead:
    """The payload of a successful READ_TEXT_PHOTO (or with fingerprint) response."""
    if len(data) < 4:
        raise FrameError("read payload too short")
    text_len, photo_len = int.from_bytes(data[0:2], "big"), int.from_bytes(data[2:4], "big")
    fp_len, offset = 0, 4
    if len(data) not in (4 + text_len + photo_len,):
        if len(data) < 6:
            raise FrameError("read payload too short")
        fp_len, offset = int.from_bytes(data[4:6], "big"), 6
        if len(data) != offset + text_len + photo_len + fp_len:
            raise FrameError("read payload lengths do not add up")
    if text_len != TEXT_LEN:
        raise FrameError(f"text length {text_len}, expected {TEXT_LEN}")
    text = decode_text(data[offset:offset + text_len])
    photo = data[offset + text_len:offset + text_len + photo_len]
    return CardRead(text, bytes(photo), bytes(data[offset + text_len + photo_len:]))


# ------------------------------------------------------------------ encoders (emulator, tests)

def _field(value: str, size: int) -> bytes:
    raw = value.encode("utf-16-le")
    if len(raw) > size:
        raise ValueError(f"{value!r} does not fit {size} bytes")
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def encode_text(card: CardText) -> bytes:
    def d(value: dt.date | None, long_term: bool = False) -> str:
        return value.strftime("%Y%m%d") if value else ("长期" if long_term else "")
    gender = next((k for k, v in GENDERS.items() if v == card.gender), "0")
    if card.kind is CardKind.FOREIGN_PR:
        parts = [(card.name_en, 120), (gender, 2), (card.id_number, 30), (card.nationality, 6), (card.name, 30),
                 (d(card.valid_from), 16), (d(card.valid_to, True), 16), (d(card.birth_date), 16), ("", 4),
                 ("", 8), ("I", 2), ("", 6)]
    else:
        nation = next((f"{k:02d}" for k, v in NATIONS.items() if v == card.nation), "")
        tail = [(card.pass_number, 18), (card.issue_count, 4), ("", 6), ("J", 2)] \
            if card.kind is CardKind.HMT_PERMIT else [("", 28), ("", 2)]
        parts = [(card.name, 30), (gender, 2), (nation, 4), (d(card.birth_date), 16), (card.address, 70),
                 (card.id_number, 36), (card.issuer, 30), (d(card.valid_from), 16), (d(card.valid_to, True), 16),
                 *tail, ("", 6)]
    block = b"".join(_field(v, n) for v, n in parts)
    assert len(block) == TEXT_LEN, len(block)
    return block


def encode_read(text: bytes, photo: bytes) -> bytes:
    return len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo


def decode_sam_id(data: bytes) -> str:
    """The 16-byte SAM management number as printed on modules: AA.BB-CCCCCCCC-DDDDDDDDDD-EEEEEEEEEE."""
    if len(data) != 16:
        raise FrameError(f"SAM id must be 16 bytes, got {len(data)}")
    a, b = int.from_bytes(data[0:2], "little"), int.from_bytes(data[2:4], "little")
    c, d, e = (int.from_bytes(data[i:i + 4], "little") for i in (4, 8, 12))
    return f"{a:02d}.{b:02d}-{c:08d}-{d:010d}-{e:010d}"


def decode_new_address(data: bytes) -> str:
    """The appended ("latest") address of a 30 03 answer: 70 bytes of UCS-2."""
    if len(data) != 70:
        raise FrameError(f"appended address must be 70 bytes, got {len(data)}")
    return _ucs2(data, 0, 70)
