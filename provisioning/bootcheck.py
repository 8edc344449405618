"""After each boot (kiosk-boot-check.service): is the slot GRUB booted good?

- A slot that ran before (no trial for it) is marked good at once: a kiosk offline in a park, or outside
  its hours, must not be switched back to an older system because it could not prove itself again.
  A trial left behind for the *other* slot means that slot did not prove itself and GRUB came back
  here: the rollback is recorded for the heartbeat.
- A slot on trial (just written by an update) is marked good only when the new system proves itself:
  the kiosk drew its screen, and (when the box is enrolled) the platform answered its heartbeat — the
  kiosk says both through systemd's STATUS (launcher/operations.py). Out of service for its hours, a
  device or a technician still proves the *system* works. A crash loop, or no proof within TRIAL_S,
  marks the slot bad and reboots: GRUB then boots the slot that ran before.

Also RAUC's post-install handler (`carry_config`): what the technician configured on this box goes into
the new slot, because /etc is part of the slot the bundle replaces.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from kiosk.system_release import UPDATE_DIR, UpdateResult, booted_slot

from .updates import Trial, end_trial, rauc, read_trial, record, write_trial
from .updates import reboot as restart

log = logging.getLogger("provisioning.bootcheck")

TRIAL_S = 900                        # a new system proves itself within 15 minutes of its boot
POLL_S = 5.0
KIOSK_UNIT = "kiosk.service"
# The box's own configuration, kept across updates (not the units and defaults the new release brings).
CARRIED = ("etc/kiosk/kiosk.toml", "etc/udev/rules.d/70-kiosk.rules", "etc/cups/printers.conf", "etc/cups/ppd",
           "etc/machine-id", "root/.ssh/authorized_keys", "etc/ssh/ssh_host_ed25519_key",
           "etc/ssh/ssh_host_ed25519_key.pub", "etc/ssh/ssh_host_ecdsa_key", "etc/ssh/ssh_host_ecdsa_key.pub",
           "etc/ssh/ssh_host_rsa_key", "etc/ssh/ssh_host_rsa_key.pub", "etc/systemd/network")


def kiosk_status(unit: str = KIOSK_UNIT) -> dict[str, str]:
    run = subprocess.run(["systemctl", "show", unit, "-p", "StatusText", "-p", "ActiveState", "-p", "Result"],
                         capture_output=True, text=True, timeout=30)
    return dict(line.split("=", 1) for line in run.stdout.splitlines() if "=" in line)


def proof(status: dict[str, str], needs_platform: bool) -> str | None:
    """"proved", a failure's words, or None while it is still starting. Drawn is systemd's "active": the
    kiosk (Type=notify) says READY=1 at its first frame, and the platform's answer may come before that."""
    text = status.get("StatusText", "")
    if status.get("ActiveState") == "active" and text.startswith("serving") \
            and (not needs_platform or "platform answered" in text):
        return "proved"
    if status.get("ActiveState") == "failed":
        return f"the kiosk failed to start ({status.get('Result', '')}), the restarts used up"
    return None


def check_boot(*, slot: str | None = None, update_dir: Path = UPDATE_DIR,
               status: Callable[[], dict[str, str]] = kiosk_status, trial_s: float = TRIAL_S,
               poll_s: float = POLL_S, mark: Callable[[str], None] | None = None,
               reboot: Callable[[], None] | None = None) -> str:
    """Decide this boot; returns "good", "updated" or "rolled_back_now" (marked bad, reboot asked).
    `mark` and `reboot` default to RAUC's mark-good/bad and systemctl reboot."""
    mark = mark or _mark
    reboot = reboot or restart
    slot = booted_slot() if slot is None else slot
    trial = read_trial(update_dir)
    if trial is None or trial.slot != slot:
        if trial is not None:
            reason = trial.failure or "the new system did not start (GRUB went back after its one try)"
            log.warning("update to %s rolled back: %s", trial.version, reason)
            record(UpdateResult("rolled_back", trial.version, "not_proved", reason), update_dir)
            end_trial(update_dir)
        mark("good")
        return "good"
    log.info("slot %s on trial: release %s, waiting up to %.0f s for the kiosk to prove it", slot,
             trial.version, trial_s)
    deadline = time.monotonic() + trial_s
    while True:
        outcome = proof(status(), trial.needs_platform)
        if outcome == "proved":
            mark("good")
            record(UpdateResult("updated", trial.version, "", f"from {trial.from_version}, slot {slot}"), update_dir)
            end_trial(update_dir)
            print(f"kiosk-boot-check: slot {slot} good, release {trial.version}", flush=True)
            return "updated"
        if outcome is None and time.monotonic() > deadline:
            outcome = f"the kiosk did not prove the new system within {trial_s:.0f} s"
        if outcome is not None:
            return _roll_back(trial, outcome, update_dir, mark, reboot)
        time.sleep(poll_s)


def _roll_back(trial: Trial, reason: str, update_dir: Path, mark: Callable[[str], None],
               reboot: Callable[[], None]) -> str:
    log.error("slot %s not proved: %s — marked bad, rebooting into the other slot", trial.slot, reason)
    print(f"kiosk-boot-check: slot {trial.slot} bad: {reason}", flush=True)
    write_trial(replace(trial, failure=reason), update_dir)     # the other slot records it after the reboot
    mark("bad")
    reboot()
    return "rolled_back_now"


def _mark(state: str) -> None:
    run = rauc("status", f"mark-{state}", "booted")
    if run.returncode != 0:
        log.error("rauc status mark-%s booted: %s", state, (run.stderr or run.stdout).strip()[-300:])


def carry_config(target_device: str, source: Path = Path("/")) -> list[str]:
    """Copy CARRIED from the running system into the freshly written slot (mounted here for the copy)."""
    carried = []
    with tempfile.TemporaryDirectory(prefix="kiosk-carry.") as mnt:
        subprocess.run(["mount", target_device, mnt], check=True, timeout=60)
        try:
            for rel in CARRIED:
                src, dst = source / rel, Path(mnt) / rel
                if not src.exists():
                    continue
                dst.parent.mkdir(parents=True, exist_ok=True)
                if src.is_dir():
                    shutil.copytree(src, dst, symlinks=True, dirs_exist_ok=True)
                else:
                    shutil.copy2(src, dst, follow_symlinks=False)
                st = src.stat()
                os.chown(dst, st.st_uid, st.st_gid)
                carried.append(rel)
        finally:
            subprocess.run(["sync"], timeout=120)
            subprocess.run(["umount", mnt], timeout=60)
    return carried


def carry_to_target_slots(env: dict[str, str] | None = None) -> list[str]:
    """RAUC's post-install handler: its environment names the slots it just wrote."""
    env = env if env is not None else dict(os.environ)
    carried = []
    for n in env.get("RAUC_TARGET_SLOTS", "").split():
        if env.get(f"RAUC_SLOT_CLASS_{n}") == "rootfs":
            carried += carry_config(env[f"RAUC_SLOT_DEVICE_{n}"])
    return carried
