"""Which system this kiosk runs and what its last update came to, as the heartbeat reports them: the
release written into the image (appliance/build-image.sh), the A/B slot GRUB booted (`rauc.slot=` on
the kernel's command line) and the update's result file on the data partition (provisioning/updates.py
writes it, as root). On a machine that is not the appliance all of it is empty."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

RELEASE_FILE = Path("/usr/lib/open-gov-kiosk/release")
UPDATE_DIR = Path("/data/update")
CMDLINE = Path("/proc/cmdline")


@dataclass(frozen=True)
class UpdateResult:
    state: str            # installed | updated | rolled_back | refused
    version: str          # the bundle's
    code: str = ""        # why not: bad_signature, incompatible, downgrade, install_failed, not_proved, …
    message: str = ""


@dataclass(frozen=True)
class SystemRelease:
    version: str          # "" when not the appliance
    slot: str             # A | B | ""
    update: UpdateResult | None


def release_version(path: Path = RELEASE_FILE) -> str:
    try:
        for line in path.read_text().splitlines():
            if line.startswith("VERSION="):
                return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return ""


def booted_slot(cmdline: Path = CMDLINE) -> str:
    try:
        words = cmdline.read_text().split()
    except OSError:
        return ""
    return next((w.split("=", 1)[1] for w in words if w.startswith("rauc.slot=")), "")


def last_update(update_dir: Path = UPDATE_DIR) -> UpdateResult | None:
    try:
        data = json.loads((update_dir / "result.json").read_text())
        return UpdateResult(state=str(data["state"]), version=str(data.get("version", "")),
                            code=str(data.get("code", "")), message=str(data.get("message", ""))[:200])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def current() -> SystemRelease:
    return SystemRelease(release_version(), booted_slot(), last_update())
