"""The appliance's system updates: a signed RAUC bundle written into the slot that is not running, after
the checks that give a technician (or the platform) a reason instead of RAUC's words alone.

RAUC does the writing, the signature and `compatible` checks and the switch of GRUB's slot order (see
docs/updates.md); this module adds what RAUC does not know: the release a box runs (so a downgrade is
refused unless allowed), the new slot put on trial (provisioning/bootcheck.py decides it), and what the
last update came to, which the heartbeat reports (kiosk/system_release.py reads the same files).

The files live on the data partition, owned by root, readable by the kiosk (nothing of a person):
    /data/update/trial.json    the slot just written, until it proves itself or is left
    /data/update/result.json   what the last update came to (installed, updated, rolled_back, refused)
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.config import PlatformSection
from kiosk.secret_file import write_atomic
from kiosk.system_release import RELEASE_FILE, UPDATE_DIR, UpdateResult, booted_slot, release_version

SYSTEM_CONF = Path("/etc/rauc/system.conf")
INSTALL_TIMEOUT_S = 3600              # a 1 GB bundle under emulation takes minutes; a hung RAUC not forever


class UpdateRefused(Exception):
    """An update not installed, with why: `code` for the heartbeat, the message for a person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class BundleInfo:
    version: str
    compatible: str


@dataclass(frozen=True)
class Trial:
    """A slot written and not yet proved: the next boot runs it once; bootcheck marks it good or bad."""
    slot: str                         # RAUC bootname: A or B
    version: str
    from_version: str
    needs_platform: bool              # proved only once the platform answered (an offline park box: not)
    installed_at: str
    failure: str = ""                 # why it was not proved (set before the rollback's reboot)
    source: str = "technician"        # or "platform" (a rollout: aborting it undoes the install)


def version_key(version: str) -> tuple[int, ...]:
    """Our releases are dotted numbers (0.1.0, 2026.12.1): compared number by number. Written here
    rather than taken from `packaging`: the appliance's venv need not carry it for one comparison."""
    return tuple(int(n) for n in re.findall(r"\d+", version))


def rauc(*args: str, timeout_s: float = 120) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["rauc", *args], capture_output=True, text=True, timeout=timeout_s)
    except FileNotFoundError as exc:
        raise UpdateRefused("not_appliance", "这台机器没有 RAUC（不是终端的系统镜像）: rauc not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise UpdateRefused("install_failed", f"rauc {args[0]} did not finish in {timeout_s:.0f} s") from exc


def _words(run: subprocess.CompletedProcess[str]) -> str:
    """RAUC's reason, its last lines (it logs progress before the error)."""
    lines = [ln.strip() for ln in (run.stderr + run.stdout).splitlines() if ln.strip()]
    return " / ".join(lines[-3:])[-300:]


def bundle_info(path: Path, conf: Path = SYSTEM_CONF) -> BundleInfo:
    """The bundle's manifest, its signature checked against the keyring `conf` (RAUC's system.conf) names."""
    if not path.is_file():
        raise UpdateRefused("no_bundle", f"没有这个更新包 no such bundle: {path}")
    run = rauc(f"--conf={conf}", "info", "--output-format=json", str(path))
    if run.returncode != 0:
        words = _words(run)
        if re.search(r"not yet valid|has expired", words, re.I):
            # a signature valid in its time: this box's clock is off (a dead RTC battery, no NTP in a park)
            raise UpdateRefused("clock_off", f"本机时钟有误 this box's clock ({_now()}) is outside the signer's "
                                             f"validity: set the time and try again ({words})")
        code = "bad_signature" if re.search(r"signature|Verify error|certificate", words, re.I) else "bad_bundle"
        raise UpdateRefused(code, f"更新包校验失败 bundle refused: {words}")
    manifest = json.loads(run.stdout.strip().splitlines()[-1])
    return BundleInfo(version=str(manifest.get("version", "")), compatible=str(manifest.get("compatible", "")))


def system_compatible(conf: Path = SYSTEM_CONF) -> str:
    found = re.search(r"^compatible=(.*)$", conf.read_text(), re.M) if conf.exists() else None
    return found.group(1).strip() if found else ""


def check(info: BundleInfo, *, running: str, compatible: str, allow_downgrade: bool) -> None:
    """Refuse what RAUC would install although it should not be (or would refuse in its own words)."""
    if info.compatible != compatible:
        raise UpdateRefused("incompatible", f"更新包不适用于本机 bundle is for {info.compatible!r}, "
                                            f"this box is {compatible!r}")
    refuse_downgrade(info.version, running, allow_downgrade)


def refuse_downgrade(version: str, running: str, allowed: bool) -> None:
    if version_key(version) < version_key(running) and not allowed:
        raise UpdateRefused("downgrade", f"不降级 refusing a downgrade from {running} to {version} "
                                         "(allowed only when the platform says so)")


def reboot() -> None:
    subprocess.run(["systemctl", "reboot"], check=False, timeout=60)


def enrolled(key_file: Path = Path(PlatformSection().key_file)) -> bool:
    """Whether this box has a device id from the platform (then a new system must also reach it)."""
    return key_file.with_name("device-id").exists()


def other_slot(slot: str) -> str:
    return {"A": "B", "B": "A"}.get(slot, "")


def install(path: Path, *, allow_downgrade: bool = False, needs_platform: bool = True,
            update_dir: Path = UPDATE_DIR, source: str = "technician") -> Trial:
    """Check, write the other slot, put it on trial for the next boot. Raises UpdateRefused (recorded as
    the last update's result) — the running system is untouched then."""
    running = release_version()
    try:
        slot = booted_slot()
        if not slot or not RELEASE_FILE.exists():
            raise UpdateRefused("not_appliance", "这台机器不是从 A/B 槽启动的终端系统: not booted from a RAUC slot")
        info = bundle_info(path)
        check(info, running=running, compatible=system_compatible(), allow_downgrade=allow_downgrade)
        run = rauc("install", str(path), timeout_s=INSTALL_TIMEOUT_S)
        if run.returncode != 0:
            words = _words(run)
            code = "disk_full" if "No space left" in words else "install_failed"
            raise UpdateRefused(code, f"安装失败 install failed: {words}")
    except UpdateRefused as exc:
        if exc.code != "not_appliance":          # off the appliance there is no /data to tell it in
            record(UpdateResult("refused", _bundle_version(path), exc.code, str(exc)), update_dir)
        raise
    trial = Trial(slot=other_slot(slot), version=info.version, from_version=running,
                  needs_platform=needs_platform, installed_at=_now(), source=source)
    write_trial(trial, update_dir)
    record(UpdateResult("installed", info.version, "", f"slot {trial.slot}, waits for a reboot"), update_dir)
    return trial


def _bundle_version(path: Path) -> str:
    """For the record of a refusal: the version the manifest claims, if it can be read at all."""
    if not path.is_file():
        return ""
    try:
        run = rauc("info", "--no-verify", "--output-format=json", str(path))
        return str(json.loads(run.stdout.strip().splitlines()[-1]).get("version", ""))
    except (UpdateRefused, ValueError, IndexError, AttributeError):
        return ""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _write_json(path: Path, data: dict) -> None:
    """Readable by the kiosk (nothing of a person), and on the disk before a reboot."""
    write_atomic(path, json.dumps(data, ensure_ascii=False).encode())


def write_trial(trial: Trial, update_dir: Path = UPDATE_DIR) -> None:
    _write_json(update_dir / "trial.json", asdict(trial))


def read_trial(update_dir: Path = UPDATE_DIR) -> Trial | None:
    try:
        return Trial(**json.loads((update_dir / "trial.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None


def end_trial(update_dir: Path = UPDATE_DIR) -> None:
    (update_dir / "trial.json").unlink(missing_ok=True)


def record(result: UpdateResult, update_dir: Path = UPDATE_DIR) -> None:
    _write_json(update_dir / "result.json", {**asdict(result), "at": _now()})
