import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.idcard.emulator import sample_card
from drivers.idcard.protocol import (
    PREAMBLE, CardKind, Command, FrameError, Sw3, body_length, decode_command, decode_read, decode_response,
    decode_text, encode_command, encode_read, encode_response, encode_text, status_message,
)

# Complete frames from shared/reference/device-protocols.md 1.3/1.4 (confirmed by 2+ sources).
REFERENCE_COMMANDS = {
    Command.RESET: "AA AA AA 96 69 00 03 10 FF EC",
    Command.SAM_STATUS: "AA AA AA 96 69 00 03 11 FF ED",
    Command.SAM_ID: "AA AA AA 96 69 00 03 12 FF EE",
    Command.FIND_CARD: "AA AA AA 96 69 00 03 20 01 22",
    Command.SELECT_CARD: "AA AA AA 96 69 00 03 20 02 21",
    Command.READ_TEXT_PHOTO: "AA AA AA 96 69 00 03 30 01 32",
    Command.READ_NEW_ADDRESS: "AA AA AA 96 69 00 03 30 03 30",
    Command.READ_TEXT_PHOTO_FINGERPRINT: "AA AA AA 96 69 00 03 30 10 23",
}


@pytest.mark.parametrize("command, frame", REFERENCE_COMMANDS.items())
def test_command_frames_match_reference(command, frame):
    assert encode_command(command) == bytes.fromhex(frame)


def test_response_frames_match_reference():
    assert encode_response(Sw3.SUCCESS) == bytes.fromhex("AA AA AA 96 69 00 04 00 00 90 94")
    assert encode_response(Sw3.FIND_SUCCESS, bytes(4)) == bytes.fromhex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
    assert encode_response(Sw3.NO_CARD) == bytes.fromhex("AA AA AA 96 69 00 04 00 00 80 84")
    assert encode_response(Sw3.SUCCESS, bytes(8)).hex() == "aaaaaa9669000c000090" + "00" * 8 + "9c"
    assert encode_response(Sw3.READ_FAILED) == bytes.fromhex("AA AA AA 96 69 00 04 00 00 41 45")


def test_read_frame_is_1295_bytes_with_reference_header():
    frame = encode_response(Sw3.SUCCESS, encode_read(encode_text(sample_card().text), bytes(1024)))
    assert len(frame) == 1295 and frame[:10] == bytes.fromhex("AAAAAA96690508000090")
    resp = decode_response(frame)
    card = decode_read(resp.data)
    assert card.text.name == "张三丰" and card.text.nation == "汉" and card.text.valid_to is None  # 长期
    assert len(card.photo_wlt) == 1024


@pytest.mark.parametrize("kind", list(CardKind))
def test_text_roundtrip_every_card_kind(kind):
    text = sample_card(kind).text
    assert decode_text(encode_text(text)) == text


def test_foreigner_english_name_keeps_inner_spaces():
    block = encode_text(sample_card(CardKind.FOREIGN_PR).text)
    assert decode_text(block).name_en == "SMITH JOHN"


def test_decoding_errors():
    good = encode_response(Sw3.SUCCESS)
    with pytest.raises(FrameError, match="checksum"):
        decode_response(good[:-1] + b"\x00")
    with pytest.raises(FrameError, match="preamble"):
        decode_response(b"\xAB" + good[1:])
    with pytest.raises(FrameError, match="announces"):
        decode_response(good[:-2])
    with pytest.raises(FrameError, match="out of range"):
        body_length(PREAMBLE + b"\xFF\xFF")
    with pytest.raises(FrameError, match="not UCS-2"):
        decode_text(b"\x00\xD8" + bytes(254))    # a lone surrogate
    assert status_message(0x41)[0].startswith("读证失败") and "0x77" in status_message(0x77)[1]


def test_expired_date_decodes():
    text = sample_card(expired=True).text
    assert decode_text(encode_text(text)).valid_to < dt.date.today()


@settings(max_examples=500)
@given(st.binary(max_size=2000))
def test_decoders_raise_only_frame_error(data):
    for decoder in (decode_response, decode_command, decode_read, decode_text):
        try:
            decoder(data)
        except FrameError:
            pass


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_valid_frames_with_any_payload_decode(data):
    assert decode_response(encode_response(0x90, data)).data == data
    assert decode_command(encode_command(Command.FIND_CARD, data)) == (0x20, 0x01, data)


@settings(max_examples=300)
@given(st.binary(min_size=1, max_size=300), st.integers(min_value=0, max_value=2000))
def test_any_single_bit_flip_is_caught(data, where):
    frame = bytearray(encode_response(0x90, data))
    pos = 5 + where % (len(frame) - 5)
    frame[pos] ^= 0x01
    with pytest.raises(FrameError):   # XOR checksum or length check catches every single-bit error
        decode_response(bytes(frame))


def test_sam_id_and_appended_address():
    from drivers.idcard.emulator import SAM_ID
    from drivers.idcard.protocol import decode_new_address, decode_sam_id
    assert decode_sam_id(SAM_ID) == "05.01-20240101-0000000001-0000000042"
    address = "浙江省杭州市西湖区文三路1号".ljust(35).encode("utf-16-le")
    assert decode_new_address(address) == "浙江省杭州市西湖区文三路1号"
    with pytest.raises(FrameError):
        decode_new_address(address[:68])
    with pytest.raises(FrameError):
        decode_sam_id(SAM_ID[:15])
