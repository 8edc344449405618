"""系统更新 in Chromium, as the city centre's administrator uses it during a rollout: the versions across
the fleet, each stage with its kiosks counted by outcome, the kiosks it failed on with why, and a stage
paused with its button (no script errors; a screenshot). The kiosks' side comes in as they send it:
heartbeats carrying their release, slot and update outcome."""

from __future__ import annotations

import datetime as dt

import pytest

from platform_server.runner import PlatformProcess

from ..signed import SignedKiosk
from .test_supervision import FUTIAN, NANSHAN, _login

RELEASE, OLD = "2026.12.2", "2026.11.1"


def _admin(platform: PlatformProcess, method: str, path: str, **kw) -> dict:
    resp = platform.admin_request(method, path, **kw)
    resp.raise_for_status()
    return resp.json()


@pytest.fixture(scope="module")
def rollout(tmp_path_factory):
    platform = PlatformProcess(tmp_path_factory.mktemp("updates"))
    _admin(platform, "PUT", f"/v1/admin/releases/{RELEASE}", data=b"\x00" * 300_000,
           params={"compatible": "open-gov-kiosk/pc-bios-x86_64", "notes": "人脸核验：侧拍照片攻击修复"})
    kiosks = {}
    for name, hall in (("南山一号", NANSHAN), ("南山二号", NANSHAN), ("南山三号", NANSHAN), ("福田一号", FUTIAN),
                       ("福田二号", FUTIAN)):
        kiosks[name] = SignedKiosk(platform.url, platform.pairing_code(), name)
        platform.set_hall(kiosks[name].device_id, hall)
    pilot = _admin(platform, "POST", "/v1/admin/rollouts", json={"version": RELEASE,
                                                                 "kiosks": [kiosks["福田一号"].device_id]})
    hall = _admin(platform, "POST", "/v1/admin/rollouts", json={"version": RELEASE, "percent": 100, "hall": NANSHAN})
    states = {"南山一号": dict(system_version=RELEASE, boot_slot="B", update_state="updated", update_version=RELEASE),
              "南山二号": dict(system_version=OLD, boot_slot="A", update_state="downloading", update_version=RELEASE,
                               update_message="41943040 of 1081081856 bytes"),
              "南山三号": dict(system_version=OLD, boot_slot="A", update_state="rolled_back", update_version=RELEASE,
                               update_code="not_proved",
                               update_message="slot B bad: the kiosk failed to start (its restarts used up)"),
              "福田一号": dict(system_version=RELEASE, boot_slot="B", update_state="updated", update_version=RELEASE),
              "福田二号": dict(system_version=OLD, boot_slot="A")}
    for name, system in states.items():
        kiosks[name].post("/v1/heartbeat", json={"kiosk_state": "AVAILABLE", "software_version": "0.2.0",
                                                 "sent_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                                                 **system}).raise_for_status()
    yield platform, pilot["id"], hall["id"]
    platform.stop()


def test_the_administrator_sees_who_runs_what_and_pauses_a_stage(browser, rollout, shots):
    platform, pilot, hall = rollout
    page, errors = _login(browser, platform, "centre-admin", "administrator")
    page.goto(platform.url + "/updates")
    text = page.inner_text("body")
    assert "2026.12.2\t2" in text and "2026.11.1\t3" in text, text           # the versions across the fleet
    stage = page.locator("tr", has_text=f"{NANSHAN} 100%").inner_text()
    assert "进行中" in stage and "已更新 1" in stage and "下载中 1" in stage and "失败 1" in stage, stage
    assert "指定终端 1 台" in page.locator("tr", has_text="指定终端").inner_text()
    failed = page.locator("tr", has_text="南山三号").last.inner_text()
    assert "新系统未能启动服务，已自动回退" in failed and "restarts used up" in failed, failed
    page.screenshot(path=str(shots / "updates.png"), full_page=True)
    page.locator("tr", has_text=f"{NANSHAN} 100%").locator("button", has_text="暂停").click()
    page.wait_for_url(platform.url + "/updates")
    stage = page.locator("tr", has_text=f"{NANSHAN} 100%").inner_text()
    assert "已暂停" in stage and "继续" in stage, stage
    progress = {p["rollout"]["id"]: p["rollout"]["state"] for p in _admin(platform, "GET", "/v1/admin/rollouts")}
    assert progress == {pilot: "active", hall: "paused"}
    assert errors == []


def test_a_halls_supervisor_sees_their_hall_and_no_buttons(browser, rollout):
    platform, _, _ = rollout
    page, errors = _login(browser, platform, "futian-duty", "supervisor", FUTIAN)
    page.goto(platform.url + "/updates")
    text = page.inner_text("body")
    assert "终端 2 台" in text and "南山" not in text.replace(NANSHAN + " 100%", ""), text
    assert page.locator("button", has_text="暂停").count() == 0
    assert errors == []
