from pathlib import Path

import pytest

from kiosk.config import Config, ConfigError, load_config, parse_config


def test_defaults_serve_the_demo():
    cfg = Config()
    assert cfg.platform.url.startswith("http://127.0.0.1")
    assert cfg.platform.verify_tls is True
    assert cfg.idcard.baud == 115200


def test_parse_values_and_int_to_float():
    cfg = parse_config('[platform]\nurl = "https://gov.example"\nread_timeout_s = 5\n[ui]\nelder_mode = true\n')
    assert cfg.platform.url == "https://gov.example" and cfg.platform.read_timeout_s == 5.0
    assert cfg.ui.elder_mode is True


@pytest.mark.parametrize("text, words", [
    ("[platfrom]\nurl='http://x'", "unknown section [platfrom]"),
    ("[platform]\nulr='http://x'", "unknown key 'ulr'"),
    ("[platform]\nurl=5", "platform.url: expected str"),
    ("[platform]\nurl='ftp://x'", "must start with http"),
    ("[ui]\nfullscreen='yes'", "ui.fullscreen: expected bool"),
    ("[idcard]\nbaud=12345", "idcard.baud"),
    ("[platform\nurl='x'", "not valid TOML"),
])
def test_bad_config_names_the_key(text, words):
    with pytest.raises(ConfigError) as err:
        parse_config(text, "kiosk.toml")
    assert words in str(err.value) and "kiosk.toml" in str(err.value)


def test_missing_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "nope.toml")


def test_env_variable_selects_file(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.toml"
    path.write_text('[kiosk]\nname = "园区驿站"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    cfg = load_config()
    assert cfg.kiosk.name == "园区驿站" and cfg.source == str(path)
