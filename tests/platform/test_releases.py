"""System releases on the platform, over real HTTP on both engines (SQLite, PostgreSQL with two workers):
an administrator uploads a bundle (streamed, never replaced), rolls it out in stages (named kiosks, a
share of one hall), pauses, resumes and aborts; a kiosk's updater asks what to install and downloads it
by byte range; a supervisor sees who runs what and who failed why. The bundle's bytes here are random:
the platform never checks a signature (the kiosk's RAUC does: tests/test_system_update.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid

import pytest
import requests

from api_schema.releases import Rollout
from platform_server.store_releases import RELEASE_CHUNK, share, targets

from ..operator_login import csrf_of, logged_in
from ..signed import SignedKiosk

BUNDLE = os.urandom(2 * RELEASE_CHUNK + 12345)      # three chunks, the last one short


def _version() -> str:
    """A version of its own for each test (the module's platform is shared, a release never replaced)."""
    return f"1.{uuid.uuid4().int % 10**6}.0"


def _upload(platform, version: str, body: bytes = BUNDLE) -> requests.Response:
    def chunks():                                     # chunked transfer, as a large file is streamed
        for i in range(0, len(body), 300_000):
            yield body[i:i + 300_000]
    return platform.admin_request("PUT", f"/v1/admin/releases/{version}",
                  params={"compatible": "open-gov-kiosk/pc-bios-x86_64", "notes": "修复人脸核验漏洞"}, data=chunks())


def _beat(kiosk: SignedKiosk, **system: str) -> None:
    resp = kiosk.request("POST", "/v1/heartbeat", json={
        "kiosk_state": "AVAILABLE", "software_version": "t", "sent_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        **system})
    assert resp.status_code == 200, resp.text


def _check(kiosk: SignedKiosk) -> dict:
    resp = kiosk.request("GET", "/v1/update")
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_a_release_is_streamed_in_whole_and_never_replaced(platform):
    version = _version()
    resp = _upload(platform, version)
    assert resp.status_code == 200, resp.text
    release = resp.json()
    assert (release["size"], release["sha256"]) == (len(BUNDLE), hashlib.sha256(BUNDLE).hexdigest())
    assert release["notes"] == "修复人脸核验漏洞" and release["uploaded_by"]
    again = _upload(platform, version, b"something else")
    assert again.status_code == 409 and again.json()["error"]["code"] == "release_exists"
    listed = {r["version"]: r for r in platform.admin_request("GET", "/v1/admin/releases").json()}
    assert listed[version]["sha256"] == release["sha256"]


def test_only_an_administrator_uploads_or_rolls_out(platform):
    version = _version()
    anonymous = requests.put(platform.url + f"/v1/admin/releases/{version}", data=b"x" * 1000, timeout=10)
    assert anonymous.status_code == 401
    supervisor = logged_in(platform, f"sup-rel-{uuid.uuid4().hex[:6]}", "supervisor")
    assert supervisor.put(platform.url + f"/v1/admin/releases/{version}", data=b"x" * 1000,
                          timeout=10).status_code == 403
    assert supervisor.get(platform.url + "/v1/admin/fleet/releases", timeout=10).status_code == 200   # may look
    kiosk = SignedKiosk(platform.url, platform.pairing_code())
    assert kiosk.request("PUT", f"/v1/admin/releases/{version}", data=b"x").status_code == 401        # a kiosk neither
    assert platform.admin_request("GET", "/v1/admin/releases").status_code == 200
    assert version not in {r["version"] for r in platform.admin_request("GET", "/v1/admin/releases").json()}


def test_a_kiosk_downloads_its_release_and_resumes_by_range(platform):
    version = _version()
    assert _upload(platform, version).status_code == 200
    kiosk = SignedKiosk(platform.url, platform.pairing_code())
    path = f"/v1/releases/{version}/bundle"
    whole = kiosk.request("GET", path)
    assert whole.status_code == 200 and whole.content == BUNDLE and whole.headers["Accept-Ranges"] == "bytes"
    at = RELEASE_CHUNK - 7                                         # across a chunk's edge
    rest = kiosk.request("GET", path, headers={"Range": f"bytes={at}-"})
    assert rest.status_code == 206 and rest.content == BUNDLE[at:]
    assert rest.headers["Content-Range"] == f"bytes {at}-{len(BUNDLE) - 1}/{len(BUNDLE)}"
    part = kiosk.request("GET", path, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == BUNDLE[10:20]
    past = kiosk.request("GET", path, headers={"Range": f"bytes={len(BUNDLE)}-"})
    assert past.status_code == 416 and past.headers["Content-Range"] == f"bytes */{len(BUNDLE)}"
    assert requests.get(platform.url + path, timeout=10).status_code == 401        # only a kiosk of this platform
    assert kiosk.request("GET", "/v1/releases/9.9.9/bundle").status_code == 404


def test_stages_named_kiosks_then_a_share_of_a_hall_with_pause_resume_abort(platform):
    version = _version()
    assert _upload(platform, version).status_code == 200
    hall = f"南山{uuid.uuid4().hex[:4]}"
    kiosks = [SignedKiosk(platform.url, platform.pairing_code(), f"k{i}") for i in range(4)]
    for k in kiosks[:3]:
        platform.set_hall(k.device_id, hall)
    for k in kiosks:
        _beat(k, system_version="0.1.0", boot_slot="A")
        assert _check(k) == {"offer": None, "paused": False}

    pilot = platform.admin_request("POST", "/v1/admin/rollouts", json={"version": version, "kiosks": [kiosks[0].device_id]})
    assert pilot.status_code == 200, pilot.text
    offer = _check(kiosks[0])["offer"]
    assert offer == {"version": version, "size": len(BUNDLE), "sha256": hashlib.sha256(BUNDLE).hexdigest(),
                     "allow_downgrade": False, "path": f"/v1/releases/{version}/bundle"}
    assert [_check(k)["offer"] for k in kiosks[1:]] == [None, None, None]
    # a bundle of the same version refused for its signature (a technician's stick, say): the platform's
    # own is still offered; one refused as another hardware's is not
    _beat(kiosks[0], system_version="0.1.0", update_state="refused", update_version=version, update_code="bad_signature")
    assert _check(kiosks[0])["offer"]["version"] == version
    _beat(kiosks[0], system_version="0.1.0", update_state="refused", update_version=version, update_code="incompatible")
    assert _check(kiosks[0])["offer"] is None
    _beat(kiosks[0], system_version="0.1.0", boot_slot="A")

    hall_stage = platform.admin_request("POST", "/v1/admin/rollouts", json={"version": version, "percent": 100, "hall": hall})
    stage_id = hall_stage.json()["id"]
    assert [bool(_check(k)["offer"]) for k in kiosks] == [True, True, True, False]    # not the other hall's
    assert platform.admin_request("POST", f"/v1/admin/rollouts/{stage_id}/pause").json()["state"] == "paused"
    assert _check(kiosks[1]) == {"offer": None, "paused": True}
    assert platform.admin_request("POST", f"/v1/admin/rollouts/{stage_id}/resume").json()["state"] == "active"
    assert _check(kiosks[1])["offer"]["version"] == version
    assert platform.admin_request("POST", f"/v1/admin/rollouts/{stage_id}/abort").json()["state"] == "aborted"
    assert _check(kiosks[1]) == {"offer": None, "paused": False}      # the updater drops what it began
    assert _check(kiosks[0])["offer"]["version"] == version            # the pilot stage goes on
    again = platform.admin_request("POST", f"/v1/admin/rollouts/{stage_id}/resume")
    assert again.status_code == 409 and again.json()["error"]["code"] == "rollout_ended"   # a new stage instead
    assert platform.admin_request("POST", "/v1/admin/rollouts", json={"version": "0.0.404", "percent": 5}).status_code == 404


def test_who_runs_what_and_who_failed_why(platform):
    version = _version()
    assert _upload(platform, version).status_code == 200
    hall = f"福田{uuid.uuid4().hex[:4]}"
    done, failed, busy = (SignedKiosk(platform.url, platform.pairing_code(), n) for n in ("甲", "乙", "丙"))
    for k in (done, failed, busy):
        platform.set_hall(k.device_id, hall)
    rollout = platform.admin_request("POST", "/v1/admin/rollouts", json={"version": version, "percent": 100, "hall": hall}).json()
    _beat(done, system_version=version, boot_slot="B", update_state="updated", update_version=version)
    _beat(failed, system_version="0.1.0", boot_slot="A", update_state="rolled_back", update_version=version,
          update_code="not_proved", update_message="slot B bad: the kiosk failed to start")
    _beat(busy, system_version="0.1.0", boot_slot="A", update_state="downloading", update_version=version)
    assert _check(done)["offer"] is None and _check(failed)["offer"] is None      # a failed release is not retried
    assert _check(busy)["offer"]["version"] == version

    progress = {p["rollout"]["id"]: p for p in platform.admin_request("GET", "/v1/admin/rollouts").json()}[rollout["id"]]
    assert progress["targeted"] == 3
    assert progress["counts"] == {"updated": 1, "failed": 1, "downloading": 1}
    (why,) = progress["failed"]
    assert (why["device_id"], why["update_code"], why["boot_slot"]) == (failed.device_id, "not_proved", "A")
    fleet = {k["device_id"]: k for k in platform.admin_request("GET", "/v1/admin/fleet/releases").json()}
    assert (fleet[done.device_id]["system_version"], fleet[done.device_id]["boot_slot"]) == (version, "B")
    # a download broken off is the network's fault, not the release's: offered again
    _beat(busy, system_version="0.1.0", update_state="refused", update_version=version, update_code="download_failed")
    assert _check(busy)["offer"]["version"] == version


@pytest.mark.parametrize("percent", [10, 50])
def test_a_share_of_the_fleet_is_stable_and_widens_without_dropping_anyone(percent):
    devices = [f"K{n:012X}" for n in range(2000)]
    stage = Rollout(id=1, version="2.0.0", kiosks=[], percent=percent, hall="", allow_downgrade=False,
                    state="active", created_at=dt.datetime.now(), created_by="t")
    chosen = {d for d in devices if targets(stage, d, "")}
    assert abs(len(chosen) / len(devices) - percent / 100) < 0.04
    wider = {d for d in devices if share("2.0.0", d) < percent + 30}
    assert chosen < wider
    other = {d for d in devices if share("2.1.0", d) < percent}
    assert other != chosen                          # another release starts elsewhere in the fleet


def test_the_updates_page_shows_versions_stages_and_failures_and_an_administrator_pauses(platform):
    version = _version()
    assert _upload(platform, version).status_code == 200
    hall = f"宝安{uuid.uuid4().hex[:4]}"
    failed = SignedKiosk(platform.url, platform.pairing_code(), "宝安一号")
    platform.set_hall(failed.device_id, hall)
    rollout = platform.admin_request("POST", "/v1/admin/rollouts", json={"version": version, "percent": 100, "hall": hall}).json()
    _beat(failed, system_version="0.1.0", boot_slot="A", update_state="rolled_back", update_version=version,
          update_code="not_proved", update_message="slot B bad: no proof in 900 s")
    supervisor = logged_in(platform, f"sup-upd-{uuid.uuid4().hex[:6]}", "supervisor")
    page = supervisor.get(platform.url + "/updates", timeout=10).text
    assert "系统更新" in page and f"{hall} 100%" in page and "新系统未能启动服务，已自动回退" in page
    assert "宝安一号" in page and "no proof in 900 s" in page
    assert f"/updates/rollouts/{rollout['id']}/pause" not in page                     # a supervisor only looks
    admin = logged_in(platform, f"adm-upd-{uuid.uuid4().hex[:6]}", "administrator")
    page = admin.get(platform.url + "/updates", timeout=10).text
    assert f"/updates/rollouts/{rollout['id']}/pause" in page
    csrf = csrf_of(page)
    assert admin.post(platform.url + f"/updates/rollouts/{rollout['id']}/pause", data={"csrf": "wrong"},
                      timeout=10).status_code == 403
    done = admin.post(platform.url + f"/updates/rollouts/{rollout['id']}/pause", data={"csrf": csrf},
                      allow_redirects=False, timeout=10)
    assert done.status_code == 303
    states = {r["id"]: r["state"] for r in platform.admin_request("GET", "/v1/admin/rollouts").json() for r in [r["rollout"]]}
    assert states[rollout["id"]] == "paused"
