"""The chip photo behind its decoder interface: a real ctypes load of a compiled library, the
emulator's stand-in format, and the "none configured" answer."""

import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.idcard.photo import (
    BMP_SIZE, EmulatorPhotoDecoder, NoPhotoDecoder, PhotoDecodeError, VendorLibraryDecoder, encode_emulator_wlt,
    portrait_crop,
)
from kiosk.cards import photo_decoder_from_config
from kiosk.config import ConfigError

FACES = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "faces"
SHIM = Path(__file__).with_name("data") / "wlt_shim.c"


@pytest.fixture(scope="module")
def shim_library(tmp_path_factory) -> Path:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.fail("a C compiler is needed to build the test decoder library")
    out = tmp_path_factory.mktemp("shim") / "libwltshim.so"
    subprocess.run([cc, "-shared", "-fPIC", "-O2", "-o", str(out), str(SHIM)], check=True)
    return out


def test_vendor_library_through_ctypes(shim_library):
    decoder = VendorLibraryDecoder(shim_library)
    bmp = decoder.decode(bytes(range(256)) * 4)
    assert len(bmp) == BMP_SIZE and bmp[:2] == b"BM"
    image = cv2.imdecode(np.frombuffer(bmp, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape == (126, 102, 3)
    with pytest.raises(PhotoDecodeError, match="returned 0"):
        decoder.decode(b"\xFF" + bytes(1023))
    with pytest.raises(PhotoDecodeError, match="1024"):
        decoder.decode(bytes(10))


def test_missing_library_or_symbol_is_a_clear_error(shim_library, tmp_path):
    with pytest.raises(PhotoDecodeError) as err:
        VendorLibraryDecoder(tmp_path / "libnope.so")
    assert "加载失败" in err.value.message[0]
    with pytest.raises(PhotoDecodeError):
        VendorLibraryDecoder(shim_library, "no_such_symbol")
    with pytest.raises(ConfigError, match="idcard.photo_decoder"):
        photo_decoder_from_config(str(tmp_path / "libnope.so"), "wlt_to_bmp")


def test_no_decoder_says_so():
    decoder = photo_decoder_from_config("", "x")
    assert isinstance(decoder, NoPhotoDecoder) and not decoder.available
    with pytest.raises(PhotoDecodeError) as err:
        decoder.decode(bytes(1024))
    assert "未配置" in err.value.message[0]


def test_emulator_photo_roundtrip_keeps_the_face():
    image = cv2.imread(str(FACES / "obama.jpg"))
    wlt = encode_emulator_wlt(portrait_crop(image))
    assert len(wlt) == 1024
    bmp = EmulatorPhotoDecoder().decode(wlt)
    photo = cv2.imdecode(np.frombuffer(bmp, np.uint8), cv2.IMREAD_GRAYSCALE)
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    big = cv2.resize(photo, (204, 252))            # detect with upsampling, as for a real chip photo
    assert len(cascade.detectMultiScale(big, 1.1, 3)) >= 1
    with pytest.raises(PhotoDecodeError):
        EmulatorPhotoDecoder().decode(bytes(1024))
