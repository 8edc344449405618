"""`install`: the kiosk user (systemd-sysusers), its directories (systemd-tmpfiles), the units with
the real path of this installation's `kiosk`, the environment file, enabled for boot. Works on a
temporary root for tests (`systemctl --root` enables offline); on / it also reloads systemd and udev
when they run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .configure import Written, write_if_changed

UNITS = ("kiosk.service", "kiosk-sync.service", "kiosk-out-of-service.service", "kiosk-last-resort.service")
DISPLAY_UNIT = "kiosk-display.service"      # weston: needs the tty, DRM and input, so not hardened like UNITS
BOOT_CHECK_UNIT = "kiosk-boot-check.service"   # writes GRUB's environment and reboots: root, not hardened either
UPDATE_UNITS = ("kiosk-update.service", "kiosk-update.timer")   # root too: RAUC, reboot
# kiosk-boot-check and the updater run only on the appliance (booted from a RAUC slot): elsewhere their
# condition skips them
ENABLED = ("kiosk.service", "kiosk-sync.service", DISPLAY_UNIT, BOOT_CHECK_UNIT, "kiosk-update.timer")
DEFAULT_BIN = "/opt/kiosk/venv/bin/kiosk"
# The app is an X client of weston's XWayland: eglfs from the PySide6 wheel cannot load its KMS
# integration on Mesa (it aborts), and Qt Virtual Keyboard does not work as a native Wayland client.
ENV_FILE = """# The kiosk's environment (read by kiosk.service and kiosk-out-of-service.service): the app draws
# through kiosk-display.service (weston kiosk-shell, XWayland on :0).
QT_QPA_PLATFORM=xcb
DISPLAY=:0
QT_IM_MODULE=qtvirtualkeyboard
LANG=zh_CN.UTF-8
"""


class InstallError(Exception):
    pass


@dataclass
class Installed:
    written: list[Written] = field(default_factory=list)
    enabled: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def unit_source_dir() -> Path:
    """The unit files, package data of `provisioning`: the same place in a checkout and in the wheel."""
    return Path(str(resources.files("provisioning") / "systemd"))


def kiosk_binary() -> str:
    found = Path(sys.executable).with_name("kiosk")
    return str(found) if found.exists() else (shutil.which("kiosk") or DEFAULT_BIN)


def render_unit(text: str, kiosk_bin: str) -> str:
    return text.replace(DEFAULT_BIN, kiosk_bin)


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise InstallError(f"{' '.join(cmd)}: {(proc.stderr or proc.stdout).strip()}")
    return proc


def verify_units(paths: list[Path]) -> str:
    """`systemd-analyze verify`: raises with its words when a unit has an error or an unknown key."""
    proc = subprocess.run(["systemd-analyze", "verify", *map(str, paths)], capture_output=True, text=True, timeout=120)
    words = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0 or "Unknown key" in words or "not executable" in words:
        raise InstallError(f"systemd-analyze verify: {words}")
    return words


def _verify_as_installed(units: list[Path], root: Path, kiosk_bin: str) -> str:
    """Verify the units as the target will run them. Provisioning another root (an image build), the
    programs of ExecStart live under that root, or not yet: check copies that point at them there (or,
    missing there, at this host's own), so systemd-analyze sees executables and every other key as written."""
    if root == Path("/"):
        return verify_units(units)

    def stand_in(match: re.Match[str]) -> str:
        program = match.group(2)
        inside = root / program.lstrip("/")
        here = kiosk_binary() if program == kiosk_bin else (shutil.which(Path(program).name) or "/bin/true")
        return match.group(1) + (str(inside) if inside.exists() else here)

    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for unit in units:
            copy = Path(tmp) / unit.name
            copy.write_text(re.sub(r"^(Exec\w+=[-@+!]*)(/\S+)", stand_in, unit.read_text(), flags=re.M))
            copies.append(copy)
        return verify_units(copies)


def install(root: Path, kiosk_bin: str | None = None) -> Installed:
    """`kiosk_bin`: the path of `kiosk` as the provisioned system sees it (default: this installation's)."""
    src, out = unit_source_dir(), Installed()
    kiosk_bin = kiosk_bin or kiosk_binary()
    sysusers = write_if_changed(root / "etc/sysusers.d/kiosk.conf", (src / "kiosk.sysusers.conf").read_text(), 0o644)
    tmpfiles = write_if_changed(root / "etc/tmpfiles.d/kiosk.conf", (src / "kiosk.tmpfiles.conf").read_text(), 0o644)
    out.written += [sysusers, tmpfiles]
    _run(["systemd-sysusers", f"--root={root}", str(sysusers.path)])
    _run(["systemd-tmpfiles", "--create", f"--root={root}", str(tmpfiles.path)])
    units = []
    weston = write_if_changed(root / "etc/kiosk/weston.ini", (src / "weston.ini").read_text(), 0o644)
    out.written.append(weston)
    for name in (*UNITS, DISPLAY_UNIT, BOOT_CHECK_UNIT, *UPDATE_UNITS):
        w = write_if_changed(root / "etc/systemd/system" / name, render_unit((src / name).read_text(), kiosk_bin), 0o644)
        out.written.append(w)
        units.append(w.path)
    env = root / "etc/kiosk/kiosk.env"
    if not env.exists() or "QT_QPA_PLATFORM=eglfs" in env.read_text():   # eglfs never drew: replaced
        out.written.append(write_if_changed(env, ENV_FILE, 0o640))
    _run(["systemd-tmpfiles", "--create", f"--root={root}", str(tmpfiles.path)])   # the files just written too
    _verify_as_installed(units, root, kiosk_bin)
    _run(["systemctl", f"--root={root}", "enable", *ENABLED])
    out.enabled = list(ENABLED)
    if root == Path("/"):
        if Path("/run/systemd/system").is_dir():             # systemd is PID 1: take the new units now
            _run(["systemctl", "daemon-reload"])
            subprocess.run(["udevadm", "control", "--reload"], capture_output=True, timeout=30)
            subprocess.run(["udevadm", "trigger", "--subsystem-match=tty", "--subsystem-match=video4linux"],
                           capture_output=True, timeout=30)
        else:
            out.notes.append("systemd is not running here: the units start at the next boot")
    return out
