"""The appliance's polite updater (`kiosk-provision update-check`, root, every 15 minutes from
kiosk-update.timer): it asks the platform which release this kiosk should run, downloads it in the
background (resumable, capped to a share of the hall's line, checked against the platform's size and
SHA-256), and installs and reboots only inside the configured quiet window, when no one has used the
kiosk for a while and nothing waits to be sent. The bundle's signature is checked by RAUC against the
image's keyring (provisioning/updates.py), whatever the platform says.

What it knows of the kiosk comes from the kiosk's activity file (kiosk/activity.py: in use or not, since
when, unsent count — nothing of a person). A rollout aborted on the platform before the new slot booted
is undone here: the running slot is made the one to boot again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from api_schema.hours import ServiceHours
from api_schema.releases import ABORTED, DOWNLOADED, DOWNLOADING, RETRIED_CODES, UpdateOffer
from kiosk import activity as kiosk_activity
from kiosk.config import Config, UpdateSection
from kiosk.platform_client import PlatformClient, PlatformError
from kiosk.secret_file import write_atomic
from kiosk.system_release import UPDATE_DIR, UpdateResult, booted_slot, release_version

from .updates import UpdateRefused, end_trial, install, rauc, read_trial, reboot, record, refuse_downgrade

log = logging.getLogger("kiosk.updater")

READ_CHUNK = 64 * 1024
PROGRESS_EVERY = 64 << 20
REFUSED_FILE = "refused.json"
SPARE_BYTES = 64 << 20            # left free on the data partition beside a download (the kiosk's outbox)
STALE_ACTIVITY_S = 600            # a kiosk silent this long is not serving anyone (crashed, out of service)


@dataclass(frozen=True)
class Policy:
    window: ServiceHours
    idle_s: float
    bytes_per_s: float            # 0: no cap

    @classmethod
    def of(cls, section: UpdateSection) -> "Policy":
        return cls(ServiceHours.parse(section.quiet_window), section.idle_min * 60.0, section.max_kbps * 1000 / 8)


def not_quiet(policy: Policy, activity: kiosk_activity.Activity | None, now: float) -> str:
    """Why the kiosk may not be updated and rebooted now ("" when it may)."""
    if not policy.window.open_at(dt.datetime.fromtimestamp(now).astimezone()):
        return f"outside the quiet window {policy.window.text()}"
    if activity is None or now - activity.written_at > STALE_ACTIVITY_S:
        return ""                         # no kiosk running to disturb (it beats every minute when it runs)
    if activity.kiosk_state.upper() == "ACTIVE":
        return "a person is using the kiosk"
    if now - activity.changed_at < policy.idle_s:
        return f"used {now - activity.changed_at:.0f} s ago (waits {policy.idle_s:.0f} s)"
    if activity.queue_depth:
        return f"{activity.queue_depth} item(s) not yet sent to the platform"
    return ""


class Throttle:
    """Keeps a download at `bytes_per_s` on average: it sleeps when ahead of that pace."""

    def __init__(self, bytes_per_s: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.rate, self.clock, self.sleep = bytes_per_s, clock, sleep
        self.start, self.sent = clock(), 0

    def took(self, n: int) -> None:
        self.sent += n
        if self.rate > 0 and (ahead := self.sent / self.rate - (self.clock() - self.start)) > 0:
            self.sleep(ahead)


def bundle_path(update_dir: Path, version: str) -> Path:
    return update_dir / f"release-{version}.raucb"


def forget_downloads(update_dir: Path, keep: str = "") -> None:
    for old in update_dir.glob("release-*.raucb*"):
        if not keep or not old.name.startswith(f"release-{keep}.raucb"):
            old.unlink(missing_ok=True)


def download(client: PlatformClient, offer: UpdateOffer, update_dir: Path, bytes_per_s: float) -> Path:
    """The offered bundle on the data partition, whole and as the platform described it; resumes a
    partial download. UpdateRefused: disk_full, download_failed (kept for a resume), corrupt_download
    (thrown away: the next try starts again)."""
    final = bundle_path(update_dir, offer.version)
    if final.exists() and final.stat().st_size == offer.size:
        return final
    part = final.with_name(final.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    if have > offer.size:
        part.unlink()
        have = 0
    free = shutil.disk_usage(update_dir).free
    if free < offer.size - have + SPARE_BYTES:
        raise UpdateRefused("disk_full", f"数据分区空间不足 not enough room for release {offer.version}: "
                                         f"{(offer.size - have) >> 20} MiB needed, {free >> 20} MiB free")
    throttle = Throttle(bytes_per_s)
    try:
        if have < offer.size:                 # (all of it there: a check cut short before the rename)
            _fetch(client, offer, part, have, throttle, update_dir)
    except (PlatformError, OSError) as exc:
        raise UpdateRefused("download_failed", f"下载中断 download of {offer.version} broken off at "
                                               f"{part.stat().st_size if part.exists() else 0} bytes: {exc}") from None
    except Exception as exc:                  # requests' own errors while reading the body
        raise UpdateRefused("download_failed", f"下载中断 download of {offer.version} broken off: "
                                               f"{type(exc).__name__}") from None
    size, digest = part.stat().st_size, _sha256(part)
    if size != offer.size or digest != offer.sha256:
        part.unlink()
        raise UpdateRefused("corrupt_download", f"下载的更新包不完整或已损坏 release {offer.version}: "
                                                f"{size} bytes, expected {offer.size}, SHA-256 "
                                                f"{'matches' if digest == offer.sha256 else 'differs'}")
    part.rename(final)
    return final


def _fetch(client: PlatformClient, offer: UpdateOffer, part: Path, have: int, throttle: Throttle,
           update_dir: Path) -> None:
    record(UpdateResult(DOWNLOADING, offer.version, "", f"{have} of {offer.size} bytes"), update_dir)
    with client.download(offer.path, have) as resp:
        if resp.status_code == 200 and have:
            have = 0                          # the platform sent it all again: start over
        with open(part, "r+b" if have else "wb") as out:
            out.seek(have)
            out.truncate()
            told = have
            for chunk in resp.iter_content(READ_CHUNK):
                out.write(chunk)
                throttle.took(len(chunk))
                have += len(chunk)
                if have - told >= PROGRESS_EVERY:      # the heartbeat shows how far it got
                    record(UpdateResult(DOWNLOADING, offer.version, "", f"{have} of {offer.size} bytes"), update_dir)
                    told = have
            out.flush()
            os.fsync(out.fileno())


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def check(cfg: Config, client: PlatformClient, *, update_dir: Path = UPDATE_DIR, now: Callable[[], float] = time.time,
          restart: Callable[[], None] = reboot, running: str | None = None) -> str:
    """One round: what it did, for the log. Every refusal is also recorded for the heartbeat. `running`:
    the release this box runs (default: the image's release file)."""
    policy = Policy.of(cfg.update)
    state_dir = Path(cfg.kiosk.state_dir)
    trial = read_trial(update_dir)
    try:
        answer = client.update_check()
    except PlatformError as exc:
        answer = None
        log.info("update check: the platform did not answer (%s)", exc.code)
    if trial is not None and trial.slot != booted_slot():
        # written, not yet booted: an abort undoes it; otherwise it waits for a quiet moment
        if trial.source == "platform" and answer is not None and answer.offer is None and not answer.paused:
            rauc("status", "mark-active", "booted")
            end_trial(update_dir)
            record(UpdateResult(ABORTED, trial.version, "aborted", "rollout aborted before the reboot"), update_dir)
            return f"aborted: release {trial.version} installed but not booted; slot {booted_slot()} stays"
        return _reboot_when_quiet(policy, state_dir, now, restart, trial.version)
    if answer is None:
        return "no answer from the platform"
    if answer.paused:
        return "rollout paused: nothing started, a download begun is kept"
    offer = answer.offer
    if offer is None:
        forget_downloads(update_dir)
        return "nothing to install"
    refused_before = _refusals(update_dir).get(offer.sha256)
    if refused_before:
        return f"refused before: {refused_before} (release {offer.version}, this bundle)"
    running = release_version() if running is None else running
    if offer.version == running:
        forget_downloads(update_dir)
        return f"release {running} runs already"
    try:
        refuse_downgrade(offer.version, running, offer.allow_downgrade)
        forget_downloads(update_dir, keep=offer.version)
        path = download(client, offer, update_dir, policy.bytes_per_s)
    except UpdateRefused as exc:
        record(UpdateResult("refused", offer.version, exc.code, str(exc)), update_dir)
        return f"refused: {exc.code}: {exc}"
    why = not_quiet(policy, kiosk_activity.read(state_dir), now())
    if why:
        record(UpdateResult(DOWNLOADED, offer.version, "", f"installs when quiet ({why})"), update_dir)
        return f"downloaded {offer.version}; waits: {why}"
    try:
        install(path, allow_downgrade=offer.allow_downgrade, update_dir=update_dir, source="platform")
    except UpdateRefused as exc:
        if exc.code not in RETRIED_CODES:             # this very bundle is never fetched again
            _remember_refusal(update_dir, offer.sha256, exc.code)
        return f"refused: {exc.code}: {exc}"          # install() recorded it
    finally:
        path.unlink(missing_ok=True)                  # installed or refused: the slot holds it now
    return _reboot_when_quiet(policy, state_dir, now, restart, offer.version)


def _refusals(update_dir: Path) -> dict[str, str]:
    """The bundles (by SHA-256) this box refused for their own sake, and why."""
    try:
        return dict(json.loads((update_dir / REFUSED_FILE).read_text()))
    except (OSError, ValueError, TypeError):
        return {}


def _remember_refusal(update_dir: Path, sha256: str, code: str) -> None:
    write_atomic(update_dir / REFUSED_FILE, json.dumps({**_refusals(update_dir), sha256: code}).encode())


def _reboot_when_quiet(policy: Policy, state_dir: Path, now: Callable[[], float], restart: Callable[[], None],
                       version: str) -> str:
    why = not_quiet(policy, kiosk_activity.read(state_dir), now())
    if why:
        return f"release {version} installed; the reboot waits: {why}"
    log.warning("rebooting into release %s", version)
    restart()
    return f"rebooting into release {version}"
