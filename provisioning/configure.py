"""`/etc/kiosk/kiosk.toml` from what was detected and chosen, and udev rules for stable device names.

Idempotent: the same devices and choices give the same bytes, and an unchanged file is not touched.
A changed file keeps the old one beside it (kiosk.toml.bak-YYYYmmddHHMMSS). Keys provisioning does
not manage (service hours, face threshold, …) are kept as the technician or the hall set them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import Config, parse_config, with_overrides

from .detect import Found, SerialKind
from .users import readable_by_kiosk

CONFIG = Path("etc/kiosk/kiosk.toml")
UDEV_RULES = Path("etc/udev/rules.d/70-kiosk.rules")
STATE_DIR = "/var/lib/kiosk"


@dataclass(frozen=True)
class Choices:
    kiosk_name: str
    platform_url: str
    state_dir: str = STATE_DIR
    cups_queue: str = ""                 # the A4 queue; "" = the first one that is not stopped
    camera: str = ""                     # "" = the first camera found
    ca_file: str = ""
    technician_pin_hash: str = ""


@dataclass(frozen=True)
class Written:
    path: Path
    changed: bool
    backup: Path | None = None


def managed_settings(found: Found, choices: Choices) -> dict[str, dict[str, Any]]:
    state = choices.state_dir.rstrip("/")
    s: dict[str, dict[str, Any]] = {
        "kiosk": {"name": choices.kiosk_name, "state_dir": state},
        "platform": {"url": choices.platform_url, "key_file": f"{state}/secrets/device-key.pem"},
    }
    if choices.ca_file:
        s["platform"]["ca_file"] = choices.ca_file
    for kind, section in ((SerialKind.IDCARD, "idcard"), (SerialKind.RECEIPT_PRINTER, "receipt_printer"),
                          (SerialKind.QR_SCANNER, "qrscanner")):
        dev = found.first(kind)
        s[section] = {"port": dev.path, **({"baud": dev.baud} if dev.baud else {}),   # usblp: no baud
                      "required": kind is SerialKind.IDCARD} if dev else {"port": "", "required": False}
    s["sscard"] = {"reader": found.pcsc_readers[0] if found.pcsc_readers else "", "required": False}
    queues = [q.name for q in found.cups_queues if q.state != "stopped"]
    queue = choices.cups_queue or (queues[0] if queues else "")
    s["printer"] = {"queue": queue, "required": False}
    camera = choices.camera or (found.cameras[0].source if found.cameras else "")
    s["camera"] = {"source": camera, "required": False}
    if choices.technician_pin_hash:
        s["ui"] = {"technician_pin_hash": choices.technician_pin_hash}
    return s


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)     # a JSON string is a TOML basic string


def to_toml(data: dict[str, dict[str, Any]]) -> str:
    out = ["# Written by kiosk-provision configure; keys it does not manage are kept as they were.", ""]
    for section in sorted(data, key=lambda n: list(Config.__dataclass_fields__).index(n)
                          if n in Config.__dataclass_fields__ else 99):
        out.append(f"[{section}]")
        out += [f"{key} = {_toml_value(v)}" for key, v in data[section].items()]
        out.append("")
    return "\n".join(out)


def merged_config(existing: str, managed: dict[str, dict[str, Any]]) -> str:
    data: dict[str, dict[str, Any]] = tomllib.loads(existing) if existing else {}
    for section, values in managed.items():
        data.setdefault(section, {}).update(values)
    text = to_toml(data)
    parse_config(text, "the new kiosk.toml")          # never write a file the kiosk would refuse
    return text


def write_if_changed(path: Path, text: str, mode: int = 0o640) -> Written:
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = None
    if old == text:
        return Written(path, False)
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if old is not None:
        backup = path.with_name(f"{path.name}.bak-{dt.datetime.now():%Y%m%d%H%M%S}")
        os.replace(path, backup)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return Written(path, True, backup)


def configure(root: Path, found: Found, choices: Choices) -> Written:
    path = root / CONFIG
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    written = write_if_changed(path, merged_config(existing, managed_settings(found, choices)))
    readable_by_kiosk(root, path)             # before `install` there is no kiosk user: tmpfiles fixes it then
    return written


# ---------------------------------------------------------------- udev

_SERIAL_ID = re.compile(r"^usb-(?P<serial>.+?)-if(?P<iface>\d\d)(?:-port\d+)?$")
_CAMERA_ID = re.compile(r"^usb-(?P<serial>.+?)-video-index0$")


def udev_rules(found: Found) -> str:
    """Per device: the kiosk's group may use it, a friendly /dev/kiosk/<kind> link, and ModemManager
    keeps its hands off (it sends AT commands to new serial ports, which confuses ID card modules)."""
    lines = ["# Written by kiosk-provision configure: the kiosk's devices, by their USB serial numbers.", ""]
    for dev in found.serial:
        if dev.path.startswith("/dev/usb/lp"):                # a usblp receipt printer: no tty, no ModemManager
            lines.append(f'SUBSYSTEM=="usbmisc", KERNEL=="{Path(dev.path).name}", GROUP="kiosk", MODE="0660"')
            continue
        m = _SERIAL_ID.match(Path(dev.path).name)
        if dev.kind is SerialKind.UNKNOWN or m is None:
            continue
        lines.append(f'SUBSYSTEM=="tty", ENV{{ID_SERIAL}}=="{m["serial"]}", ENV{{ID_USB_INTERFACE_NUM}}=="{m["iface"]}", '
                     f'SYMLINK+="kiosk/{dev.kind.value}", GROUP="kiosk", MODE="0660", ENV{{ID_MM_DEVICE_IGNORE}}="1"')
    for cam in found.cameras:
        m = _CAMERA_ID.match(Path(cam.source).name)
        if m is not None:
            lines.append(f'SUBSYSTEM=="video4linux", ENV{{ID_SERIAL}}=="{m["serial"]}", ATTR{{index}}=="0", '
                         f'SYMLINK+="kiosk/camera", GROUP="kiosk", MODE="0660"')
    return "\n".join(lines) + "\n"


def write_udev_rules(root: Path, found: Found) -> Written:
    return write_if_changed(root / UDEV_RULES, udev_rules(found), 0o644)


def host_view(cfg: Config, root: Path) -> Config:
    """The configuration as this tool must open it when provisioning a root other than /."""
    if root == Path("/"):
        return cfg
    return with_overrides(cfg, kiosk={"state_dir": str(root / cfg.kiosk.state_dir.lstrip("/"))},
                          platform={"key_file": str(root / cfg.platform.key_file.lstrip("/"))})
