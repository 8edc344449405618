"""The appliance's polite updater on the host, against the real platform over HTTP: it downloads what
the platform rolls out to this kiosk (resumed after a break, capped, checked against size and SHA-256
before anything installs it), refuses a downgrade without downloading, keeps a paused download and drops
an aborted one, and waits for the quiet window, an idle kiosk and an empty outbox before it installs.
RAUC's install and the reboot run on the appliance image (tests/appliance/test_update.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
import requests

from api_schema.hours import ServiceHours
from kiosk.activity import Activity, ActivityFile
from kiosk.config import Config, with_overrides
from kiosk.platform_client import PlatformClient
from kiosk.system_release import last_update
from provisioning.updater import Policy, Throttle, bundle_path, check, not_quiet

from .faultproxy import FaultProxy

BUNDLE = os.urandom(3 * 2**20 + 4321)
DIGEST = hashlib.sha256(BUNDLE).hexdigest()


def _at(hour: int, minute: int = 0) -> float:
    """Today at this local time."""
    return dt.datetime.now().astimezone().replace(hour=hour, minute=minute, second=0, microsecond=0).timestamp()


NIGHT, NOON = _at(3), _at(12)                       # inside and outside the default quiet window 02:00-05:00


class Kiosk:
    """An enrolled kiosk's configuration, its platform client and its update directory."""

    def __init__(self, platform, tmp: Path, url: str = "") -> None:
        self.platform = platform
        self.state, self.updates = tmp / "state", tmp / "update"
        self.updates.mkdir()
        self.cfg = with_overrides(Config(), kiosk={"state_dir": str(self.state)},
                                  platform={"url": url or platform.url,
                                            "key_file": str(self.state / "secrets/device-key.pem")})
        self.client = PlatformClient(self.cfg.platform)
        self.client.enrol(platform.pairing_code(), "updater test")
        self.rebooted = 0

    def check(self, now: float = NOON) -> str:
        def reboot() -> None:
            self.rebooted += 1
        return check(self.cfg, self.client, update_dir=self.updates, now=lambda: now, restart=reboot)

    def outcome(self) -> tuple[str, str, str]:
        found = last_update(self.updates)
        return (found.state, found.version, found.code) if found else ("", "", "")


def _admin(platform, method: str, path: str, **kw) -> requests.Response:
    resp = platform.admin_request(method, path, **kw)
    assert resp.status_code == 200, resp.text
    return resp


_released: dict[int, str] = {}


def _roll_out(platform, kiosk: Kiosk, version: str = "", **stage) -> tuple[str, int]:
    """A release of BUNDLE (uploaded once per platform) rolled out to this kiosk alone."""
    version = version or _released.setdefault(id(platform), f"7.{time.time_ns() % 10**6}.0")
    listed = {r["version"] for r in _admin(platform, "GET", "/v1/admin/releases").json()}
    if version not in listed:
        _admin(platform, "PUT", f"/v1/admin/releases/{version}", data=BUNDLE,
               params={"compatible": "open-gov-kiosk/pc-bios-x86_64"})
    rollout = _admin(platform, "POST", "/v1/admin/rollouts",
                     json={"version": version, "kiosks": [kiosk.client.device_id()], **stage}).json()
    return version, rollout["id"]


@pytest.fixture
def kiosk(platform, tmp_path) -> Kiosk:
    k = Kiosk(platform, tmp_path)
    yield k
    k.client.close()


def test_a_rolled_out_release_is_downloaded_checked_and_waits_for_the_quiet_window(kiosk, platform):
    assert kiosk.check() == "nothing to install"
    version, _ = _roll_out(platform, kiosk)
    said = kiosk.check(NOON)
    assert said.startswith(f"downloaded {version}; waits: outside the quiet window 02:00-05:00"), said
    assert bundle_path(kiosk.updates, version).read_bytes() == BUNDLE
    assert kiosk.outcome() == ("downloaded", version, "")
    assert kiosk.rebooted == 0
    # in the window, with the kiosk idle: it installs (here, off the appliance, RAUC is refused at once)
    said = kiosk.check(NIGHT)
    assert said.startswith("refused: not_appliance"), said
    assert not bundle_path(kiosk.updates, version).exists() and kiosk.rebooted == 0
    # a bundle refused for its own sake is remembered by its SHA-256: not fetched every 15 minutes
    said = kiosk.check(NIGHT)
    assert said.startswith("refused before: not_appliance"), said
    assert not list(kiosk.updates.glob("release-*"))


def test_a_broken_download_resumes_and_a_corrupt_one_is_thrown_away(platform, tmp_path):
    proxy = FaultProxy(platform.url)
    kiosk = Kiosk(platform, tmp_path, url=proxy.url)
    try:
        version, _ = _roll_out(platform, kiosk)
        proxy.mode, proxy.only = "cut", "/v1/releases/"       # half the bundle's bytes, then the line drops
        said = kiosk.check()
        assert said.startswith("refused: download_failed"), said
        assert kiosk.outcome() == ("refused", version, "download_failed")   # retried: the platform offers it again
        part = bundle_path(kiosk.updates, version).with_name(f"release-{version}.raucb.part")
        kept = part.stat().st_size
        assert 0 < kept < len(BUNDLE) and part.read_bytes() == BUNDLE[:kept]
        proxy.mode = "pass"
        assert kiosk.check().startswith(f"downloaded {version}")
        assert bundle_path(kiosk.updates, version).read_bytes() == BUNDLE and not part.exists()

        # a partial file that is not the release's beginning (a disk error, a tampered file): the rest is
        # resumed after it, the whole fails its SHA-256 and is thrown away; the next round starts afresh
        bundle_path(kiosk.updates, version).unlink()
        part.write_bytes(b"\0" * 100_000)
        said = kiosk.check()
        assert said.startswith("refused: corrupt_download") and "SHA-256 differs" in said, said
        assert not part.exists() and kiosk.outcome()[2] == "corrupt_download"
        assert kiosk.check().startswith(f"downloaded {version}")
        assert hashlib.sha256(bundle_path(kiosk.updates, version).read_bytes()).hexdigest() == DIGEST
    finally:
        proxy.close()
        kiosk.client.close()


def test_a_whole_download_cut_short_before_its_check_is_checked_not_fetched_again(platform, tmp_path):
    proxy = FaultProxy(platform.url)
    kiosk = Kiosk(platform, tmp_path, url=proxy.url)
    try:
        version, _ = _roll_out(platform, kiosk)
        proxy.mode, proxy.only = "reset", "/v1/releases/"             # any fetch of the bundle would fail
        (kiosk.updates / f"release-{version}.raucb.part").write_bytes(BUNDLE)
        assert kiosk.check().startswith(f"downloaded {version}")
        assert bundle_path(kiosk.updates, version).read_bytes() == BUNDLE
    finally:
        proxy.close()
        kiosk.client.close()


def test_the_download_keeps_to_its_share_of_the_line(kiosk, platform):
    version, _ = _roll_out(platform, kiosk)
    capped = with_overrides(kiosk.cfg, update={"max_kbps": 8192})         # 1 MB/s
    started = time.monotonic()
    check(capped, kiosk.client, update_dir=kiosk.updates, now=lambda: NOON)
    took = time.monotonic() - started
    assert bundle_path(kiosk.updates, version).read_bytes() == BUNDLE
    assert took >= len(BUNDLE) / 1_024_000 * 0.95, took          # never faster than the cap (slower is the machine)


def test_a_downgrade_is_refused_before_anything_is_downloaded(kiosk, platform):
    version, _ = _roll_out(platform, kiosk)
    said = check(kiosk.cfg, kiosk.client, update_dir=kiosk.updates, now=lambda: NOON, running="99.0.0")
    assert said.startswith("refused: downgrade") and "99.0.0" in said, said
    assert kiosk.outcome() == ("refused", version, "downgrade") and not list(kiosk.updates.glob("release-*"))


def test_paused_keeps_the_download_begun_aborted_drops_it(kiosk, platform):
    version, rollout = _roll_out(platform, kiosk)
    part = kiosk.updates / f"release-{version}.raucb.part"
    part.write_bytes(BUNDLE[:1000])
    _admin(platform, "POST", f"/v1/admin/rollouts/{rollout}/pause")
    assert kiosk.check().startswith("rollout paused") and part.exists()
    _admin(platform, "POST", f"/v1/admin/rollouts/{rollout}/abort")
    assert kiosk.check() == "nothing to install" and not part.exists()


def test_a_full_data_partition_refuses_the_download_with_a_reason(kiosk, platform):
    version, _ = _roll_out(platform, kiosk)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(kiosk.updates)], check=True, timeout=30)
    try:
        said = kiosk.check()
        assert said.startswith("refused: disk_full") and "MiB needed" in said, said
        assert kiosk.outcome() == ("refused", version, "disk_full") and not list(kiosk.updates.glob("release-*"))
    finally:
        subprocess.run(["umount", str(kiosk.updates)], check=True, timeout=30)


@pytest.mark.parametrize("activity, now, why", [
    (None, NIGHT, ""),                                                              # no kiosk running
    (Activity("AVAILABLE", NIGHT - 3600, NIGHT - 30, 0), NIGHT, ""),
    (Activity("AVAILABLE", NIGHT - 3600, NIGHT - 30, 0), NOON, "outside the quiet window"),
    (Activity("ACTIVE", NIGHT - 3600, NIGHT - 30, 0), NIGHT, "a person is using the kiosk"),
    (Activity("AVAILABLE", NIGHT - 120, NIGHT - 30, 0), NIGHT, "used 120 s ago"),      # the last visit just ended
    (Activity("AVAILABLE", NIGHT - 3600, NIGHT - 30, 2), NIGHT, "2 item(s) not yet sent"),
    (Activity("ACTIVE", NIGHT - 7200, NIGHT - 3600, 0), NIGHT, ""),                  # an hour silent: not serving
])
def test_quiet_means_the_window_no_one_at_the_kiosk_and_nothing_unsent(activity, now, why):
    said = not_quiet(Policy.of(Config().update), activity, now)
    assert said.startswith(why) if why else said == "", said


def test_a_quiet_window_across_midnight():
    policy = Policy(ServiceHours.parse("23:30-01:00"), 0, 0)
    assert not_quiet(policy, None, _at(0, 30)) == "" and not_quiet(policy, None, _at(23, 45)) == ""
    assert not_quiet(policy, None, _at(1, 0)).startswith("outside")


def test_the_kiosk_writes_what_the_updater_reads_and_nothing_of_a_person(tmp_path):
    activity = ActivityFile(tmp_path)
    activity.write("AVAILABLE", 0, now=1000.0)
    activity.write("AVAILABLE", 0, now=1060.0)
    activity.write("ACTIVE", 1, now=1070.0)
    data = json.loads((tmp_path / "activity.json").read_text())
    assert data == {"kiosk_state": "ACTIVE", "changed_at": 1070.0, "written_at": 1070.0, "queue_depth": 1}
    again = ActivityFile(tmp_path)                       # a restarted kiosk keeps when the state last changed
    again.write("ACTIVE", 0, now=1130.0)
    assert json.loads((tmp_path / "activity.json").read_text())["changed_at"] == 1070.0


def test_the_throttle_sleeps_only_when_ahead_of_its_rate():
    clock, slept = [0.0], []

    def sleep(s: float) -> None:
        slept.append(s)
        clock[0] += s
    throttle = Throttle(1000.0, clock=lambda: clock[0], sleep=sleep)
    throttle.took(500)                                   # 0.5 s of the rate in no time: sleep 0.5 s
    clock[0] += 2.0                                      # the line was slow
    throttle.took(500)                                   # behind the rate: no sleep
    assert slept == [0.5]
    assert Throttle(0, clock=lambda: 0.0, sleep=sleep).took(10**9) is None and slept == [0.5]   # 0: no cap
