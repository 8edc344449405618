"""One TOML configuration file with defaults that serve the demo.

Lookup: an explicit path (``--config``), else ``$KIOSK_CONFIG``, else ``/etc/kiosk/kiosk.toml`` if it
exists, else the defaults alone. Unknown keys and wrong types are errors that name the key: a typo in
a technician's file must not silently fall back to a default.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

from .availability import ServiceHours

DEFAULT_PATH = Path("/etc/kiosk/kiosk.toml")


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class KioskSection:
    name: str = "演示终端"
    language: str = "zh_CN"
    state_dir: str = "/var/lib/kiosk"
    heartbeat_interval_s: float = 60.0


@dataclass(frozen=True)
class PlatformSection:
    url: str = "http://127.0.0.1:8710"
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 10.0
    verify_tls: bool = True
    ca_file: str = ""                  # a private CA bundle for the platform, if any
    key_file: str = "/var/lib/kiosk/secrets/device-key.pem"
    public_url: str = ""               # the platform as phones reach it: receipts' QR codes open <public_url>/t/…;
                                       # empty: the QR code carries the 办件号 alone


@dataclass(frozen=True)
class IdCardSection:
    port: str = ""                     # /dev/serial/by-id/...; empty: no ID card reader configured
    baud: int = 115200
    required: bool = True
    poll_interval_s: float = 0.3
    photo_decoder: str = ""            # "" none, "emulator", or a vendor library path (.so)
    photo_symbol: str = "wlt_to_bmp"   # its int f(const unsigned char *wlt, unsigned char *bmp)


@dataclass(frozen=True)
class SsCardSection:
    reader: str = ""                   # PC/SC reader name; empty: none configured
    required: bool = False


@dataclass(frozen=True)
class QrScannerSection:
    port: str = ""                     # /dev/serial/by-id/...; empty: none configured
    baud: int = 9600
    required: bool = False


@dataclass(frozen=True)
class PrinterSection:
    queue: str = ""                    # the A4 printer's CUPS queue; empty: no printer configured
    server: str = ""                   # CUPS server (host or socket path); empty: the system's
    required: bool = False
    sheets_per_refill: int = 250       # for the counted paper estimate
    certificate_cover: bool = True     # a cover sheet in front of each certificate, in the same job
    status_uri: str = ""               # the printer's own IPP address (ipp://host/ipp/print), for its state and
                                       # trays between jobs; empty: the queue's device URI when it is ipp(s)://
    tls_pin_sha256: str = ""           # ipps://: SHA-256 (hex) of the printer's certificate; empty: not pinned


@dataclass(frozen=True)
class ReceiptPrinterSection:
    port: str = ""                     # the 80 mm ESC/POS printer's serial device; empty: none
    baud: int = 115200
    transport: str = "auto"            # "serial", "usblp" (a USB printer-class device), "auto": by the path
    required: bool = False
    receipts_per_roll: int = 300       # for the counted paper estimate


@dataclass(frozen=True)
class CameraSection:
    # "" none; a V4L2 device ("/dev/v4l/by-id/…-video-index0" or an index "0"); stand-ins for tests and
    # the demo: "video:/path.mp4" (optionally "#start-end", a looped segment) or "image:/path.jpg"
    source: str = ""
    width: int = 640
    height: int = 480
    fps: int = 30
    required: bool = False             # without it, face items offer their non-face ways


@dataclass(frozen=True)
class DocCameraSection(CameraSection):
    # the document camera (高拍仪): the same settings at a page's resolution and a still page's rate;
    # a stand-in is "image:/page.jpg" (tests, demo)
    width: int = 2592
    height: int = 1944
    fps: int = 5


@dataclass(frozen=True)
class FaceSection:
    threshold: float = 0.55            # descriptor distance; calibrate on real card-photo / camera pairs
    max_attempts: int = 3
    step_time_limit_s: float = 8.0
    # the pool of steps: turn_left, turn_right, open_mouth, blink (blink opt-in: docs/pad.md)
    challenge: str = "turn_left,turn_right,open_mouth"
    challenge_steps: int = 2                  # how many of them each attempt asks, in a random order


@dataclass(frozen=True)
class StoreSection:
    path: str = ""                     # default: <state_dir>/kiosk.db
    key_file: str = ""                 # default: <state_dir>/secrets/store.key (mode 0600)
    cipher: str = "aes-256-gcm"        # or "sm4-gcm" where the platform requires national cryptography
    max_queue: int = 500
    max_offline_days: float = 7.0
    min_free_mb: float = 200.0
    retention_days: float = 7.0
    sync_interval_s: float = 30.0


@dataclass(frozen=True)
class UiSection:
    fullscreen: bool = True
    elder_mode: bool = False
    screen_timeout_s: int = 120
    idle_limit_s: int = 600
    technician_pin_hash: str = ""      # kiosk.technician.hash_pin(); empty: no maintenance entry
    service_hours: str = ""            # "08:30-20:00"; empty: round the clock (24小时不打烊)
    voice_engine: str = "speechd"      # QtTextToSpeech engine for voice guidance; "" for none


@dataclass(frozen=True)
class UpdateSection:
    """The appliance's own system updates (provisioning/updater.py): when it may install and reboot."""
    quiet_window: str = "02:00-05:00"  # reboots into a new release only inside it (a 24-hour hall has one too)
    idle_min: int = 10                 # and only when no one has used the kiosk for this long
    max_kbps: int = 4096               # the download's share of the hall's line (kbit/s); 0: no cap


@dataclass(frozen=True)
class Config:
    kiosk: KioskSection = field(default_factory=KioskSection)
    platform: PlatformSection = field(default_factory=PlatformSection)
    idcard: IdCardSection = field(default_factory=IdCardSection)
    sscard: SsCardSection = field(default_factory=SsCardSection)
    qrscanner: QrScannerSection = field(default_factory=QrScannerSection)
    printer: PrinterSection = field(default_factory=PrinterSection)
    receipt_printer: ReceiptPrinterSection = field(default_factory=ReceiptPrinterSection)
    camera: CameraSection = field(default_factory=CameraSection)
    doc_camera: DocCameraSection = field(default_factory=DocCameraSection)
    face: FaceSection = field(default_factory=FaceSection)
    store: StoreSection = field(default_factory=StoreSection)
    ui: UiSection = field(default_factory=UiSection)
    update: UpdateSection = field(default_factory=UpdateSection)
    source: str = "defaults"


def _build(cls: type, values: dict[str, Any], where: str) -> Any:
    hints = get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in hints:
            raise ConfigError(f"{where}: unknown key '{key}'")
        want = hints[key]
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, want) or (want is not bool and isinstance(value, bool)):
            raise ConfigError(f"{where}.{key}: expected {want.__name__}, got {type(value).__name__} {value!r}")
        kwargs[key] = value
    return cls(**kwargs)


def _check(cfg: Config) -> None:
    if not cfg.platform.url.startswith(("http://", "https://")):
        raise ConfigError(f"{cfg.source}: platform.url must start with http:// or https://, got {cfg.platform.url!r}")
    for name in ("connect_timeout_s", "read_timeout_s"):
        if getattr(cfg.platform, name) <= 0:
            raise ConfigError(f"{cfg.source}: platform.{name} must be > 0")
    if not 5 <= cfg.kiosk.heartbeat_interval_s <= 3600:
        raise ConfigError(f"{cfg.source}: kiosk.heartbeat_interval_s must be between 5 and 3600")
    if cfg.idcard.baud not in (9600, 19200, 38400, 57600, 115200):
        raise ConfigError(f"{cfg.source}: idcard.baud must be one of 9600/19200/38400/57600/115200")
    if cfg.platform.public_url and not cfg.platform.public_url.startswith("https://"):
        raise ConfigError(f"{cfg.source}: platform.public_url must start with https:// (phones open it)")
    if cfg.receipt_printer.transport not in ("auto", "serial", "usblp"):
        raise ConfigError(f"{cfg.source}: receipt_printer.transport must be auto, serial or usblp")
    if cfg.printer.status_uri and not cfg.printer.status_uri.startswith(("ipp://", "ipps://")):
        raise ConfigError(f"{cfg.source}: printer.status_uri must be an ipp:// or ipps:// address")
    if cfg.store.cipher not in ("aes-256-gcm", "sm4-gcm"):
        raise ConfigError(f"{cfg.source}: store.cipher must be aes-256-gcm or sm4-gcm")
    if cfg.kiosk.language not in ("zh_CN", "en_US"):
        raise ConfigError(f"{cfg.source}: kiosk.language must be zh_CN or en_US")
    if cfg.ui.screen_timeout_s < 10 or cfg.ui.idle_limit_s < cfg.ui.screen_timeout_s:
        raise ConfigError(f"{cfg.source}: ui.screen_timeout_s must be >= 10 and <= ui.idle_limit_s")
    if not 0.2 <= cfg.face.threshold <= 0.8:
        raise ConfigError(f"{cfg.source}: face.threshold must be between 0.2 and 0.8, got {cfg.face.threshold}")
    if cfg.face.max_attempts < 1:
        raise ConfigError(f"{cfg.source}: face.max_attempts must be >= 1")
    steps = [s.strip() for s in cfg.face.challenge.split(",") if s.strip()]
    if not steps or any(s not in ("blink", "turn_left", "turn_right", "open_mouth") for s in steps):
        raise ConfigError(f"{cfg.source}: face.challenge must list turn_left, turn_right, open_mouth and/or blink, got "
                          f"{cfg.face.challenge!r}")
    if not 1 <= cfg.face.challenge_steps <= len(steps):
        raise ConfigError(f"{cfg.source}: face.challenge_steps must be between 1 and the {len(steps)} steps listed")
    try:
        ServiceHours.parse(cfg.ui.service_hours)
    except ValueError as exc:
        raise ConfigError(f"{cfg.source}: ui.{exc}") from None
    try:
        ServiceHours.parse(cfg.update.quiet_window)
    except ValueError as exc:
        raise ConfigError(f"{cfg.source}: update.quiet_window: {exc}") from None
    if cfg.update.idle_min < 0 or cfg.update.max_kbps < 0:
        raise ConfigError(f"{cfg.source}: update.idle_min and update.max_kbps must be >= 0")


def required_devices(cfg: Config) -> frozenset[str]:
    """The devices without which the kiosk is out of service."""
    named = {"idcard": cfg.idcard, "sscard": cfg.sscard, "qrscanner": cfg.qrscanner, "a4printer": cfg.printer,
             "receiptprinter": cfg.receipt_printer, "camera": cfg.camera, "doccamera": cfg.doc_camera}
    return frozenset(n for n, section in named.items() if section.required)


def parse_config(text: str, source: str = "<string>") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    sections: dict[str, Any] = {}
    hints = get_type_hints(Config)
    for name, values in data.items():
        if name not in hints or name == "source":
            raise ConfigError(f"{source}: unknown section [{name}]")
        if not isinstance(values, dict):
            raise ConfigError(f"{source}: [{name}] must be a table")
        sections[name] = _build(hints[name], values, f"{source}: {name}")
    cfg = Config(**sections, source=source)
    _check(cfg)
    return cfg


def load_config(path: Path | None = None) -> Config:
    if path is None and os.environ.get("KIOSK_CONFIG"):
        path = Path(os.environ["KIOSK_CONFIG"])
    if path is None:
        if not DEFAULT_PATH.exists():
            return Config()
        path = DEFAULT_PATH
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file: {exc.strerror}") from None
    return parse_config(text, str(path))


def with_overrides(cfg: Config, **sections: dict[str, Any]) -> Config:
    """A copy with some section values replaced (used by the demo and tests, validated like a file)."""
    replaced = {name: dataclasses.replace(getattr(cfg, name), **values) for name, values in sections.items()}
    out = dataclasses.replace(cfg, **replaced)
    _check(out)
    return out
