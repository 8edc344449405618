"""效能监察 and 运维工单 in Chromium, as a hall's supervisor, the city centre and a technician use them:
logged in through the login form, every figure read off the rendered page, no script errors (the pages
allow none), and screenshots of the dashboard and of a work order's life.

The data comes in through the platform's own API as kiosks send it (visit reports, applications,
好差评, heartbeats); only a week of serving minutes and the kiosks' enrolment dates are written straight
into the database, since the platform stamps those itself with the present time."""

from __future__ import annotations

import datetime as dt
import random
import uuid

import pytest

from platform_server.db import open_database
from platform_server.runner import PlatformProcess

from ..operator_login import add_operator
from ..platform.test_api import application
from ..signed import SignedKiosk

NANSHAN, FUTIAN = "南山区24小时自助区", "福田区行政服务大厅"
UTC = dt.timezone.utc
DAYS = 7


def _beat(paper: str = "OK") -> dict:
    return {"kiosk_state": "AVAILABLE", "software_version": "0.2.0", "sent_at": dt.datetime.now(UTC).isoformat(),
            "devices": [{"device": "a4printer", "state": "AVAILABLE" if paper != "MEDIA_EMPTY" else "UNAVAILABLE",
                         "code": paper, "required": False},
                        {"device": "idcard", "state": "AVAILABLE", "code": "OK", "required": True}]}


def _report(hours_ago: int, screens: list[tuple[str, float]], applied: bool, item: str = "RS-0101") -> dict:
    hour = (dt.datetime.now(UTC) - dt.timedelta(hours=hours_ago)).replace(minute=0, second=0, microsecond=0)
    return {"report_id": uuid.uuid4().hex, "started_hour": hour.isoformat(), "item_code": item,
            "screens": [{"screen": s, "seconds": sec} for s, sec in screens], "end": "finished" if applied else
            "timeout", "applied": applied, "verification": "face" if applied else None}


DONE = [("catalog", 12), ("guide", 30), ("identify", 8), ("verify", 15), ("form", 70), ("review", 20),
        ("submitting", 3), ("result", 25), ("rate", 6)]
GAVE_UP_AT_FORM = [("catalog", 10), ("guide", 25), ("identify", 9), ("verify", 14), ("form", 120)]
GAVE_UP_AT_VERIFY = [("guide", 40), ("identify", 6), ("verify", 45)]
ONLY_READ = [("catalog", 20), ("guide", 60)]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    platform = PlatformProcess(tmp_path_factory.mktemp("supervision"))
    kiosks = {}
    for name, hall in (("南山一号", NANSHAN), ("南山二号", NANSHAN), ("福田一号", FUTIAN)):
        kiosk = SignedKiosk(platform.url, platform.pairing_code(), name)
        platform.set_hall(kiosk.device_id, hall)
        kiosks[name] = kiosk
    rng = random.Random(20261204)
    sent = {name: 0 for name in kiosks}
    span_start = dt.datetime.combine(dt.date.today() - dt.timedelta(days=DAYS - 1), dt.time()).astimezone()
    hours_in_span = int((dt.datetime.now(UTC) - span_start).total_seconds() // 3600)   # the dashboard's default
    for name, kiosk in kiosks.items():
        for _ in range({"南山一号": 18, "南山二号": 9, "福田一号": 12}[name]):
            shape = rng.choice([DONE, DONE, GAVE_UP_AT_FORM, GAVE_UP_AT_VERIFY, ONLY_READ])
            answer = kiosk.post("/v1/analytics/sessions",
                                json=_report(rng.randrange(0, hours_in_span), shape, shape is DONE))
            assert answer.status_code == 200 and answer.json()["new"], answer.text
            sent[name] += 1
        kiosk.post("/v1/heartbeat", json=_beat()).raise_for_status()
    made = {}
    for name, levels in (("南山一号", [5, 5, 4, 1]), ("福田一号", [5, 3, 2])):
        for level in levels:
            receipt = kiosks[name].post("/v1/applications", json=application(),
                                        headers={"Idempotency-Key": uuid.uuid4().hex})
            assert receipt.status_code == 201, receipt.text
            number = receipt.json()["application_no"]
            comment = {1: "排队等了很久，打印机没纸", 2: "拍照识别不了，反复三次"}.get(level, "")
            kiosks[name].post("/v1/evaluations", json={"application_no": number, "stage": "accept", "level": level,
                                                       "comment": comment}).raise_for_status()
            made.setdefault(name, []).append(number)
    _history(platform, kiosks)
    yield platform, kiosks, sent, made
    platform.stop()


def _history(platform: PlatformProcess, kiosks: dict[str, SignedKiosk]) -> None:
    """A week of serving minutes as heartbeats once a minute would have counted them: 南山一号 served
    throughout, 南山二号 lost its network for six hours a day, 福田一号 was switched on at 08:30 each day
    (its hours are round the clock)."""
    db = open_database(platform.db)
    now = dt.datetime.now(UTC).replace(second=0, microsecond=0)
    start = dt.datetime.combine(now.astimezone().date() - dt.timedelta(days=DAYS - 1), dt.time()).astimezone()
    try:
        with db.tx() as tx:
            for name, kiosk in kiosks.items():
                tx.execute("UPDATE devices SET enrolled_at = ? WHERE device_id = ?",
                           ((start - dt.timedelta(days=30)).astimezone(UTC).isoformat(), kiosk.device_id))
                t, minutes = start, {}
                while t < now - dt.timedelta(minutes=2):
                    local = t.astimezone()
                    serving = not (name == "南山二号" and 2 <= local.hour < 8) \
                        and not (name == "福田一号" and (local.hour, local.minute) < (8, 30))
                    if serving:
                        minutes[local.date()] = minutes.get(local.date(), 0) + 1
                    t += dt.timedelta(minutes=1)
                for day, n in minutes.items():
                    tx.execute("INSERT INTO device_days VALUES (?, ?, ?, '') ON CONFLICT (device_id, day) DO UPDATE"
                               " SET serving_min = device_days.serving_min + excluded.serving_min",
                               (kiosk.device_id, day.isoformat(), n))
    finally:
        db.close()


def _login(browser, platform: PlatformProcess, username: str, role: str, hall: str = ""):
    password = add_operator(platform, username, role, hall=hall)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(platform.url + "/login")
    page.fill("#u", username)
    page.fill("#p", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/fleet")
    return page, errors


def _card(page, label: str) -> str:
    return page.locator(".card", has_text=label).locator("b").inner_text()


def test_the_city_centre_reads_every_hall_its_figures_charts_ranking_and_bad_reviews(browser, fleet, shots):
    platform, kiosks, sent, made = fleet
    page, errors = _login(browser, platform, "centre", "supervisor")
    page.goto(platform.url + "/dashboard")
    assert page.title() == "效能监察"
    assert _card(page, "使用人次") == str(sum(sent.values()))           # every report, each counted once
    assert _card(page, "办件量") == str(sum(len(v) for v in made.values()))
    assert page.locator("figure svg").count() == 4                        # the four charts, drawn
    assert "各服务厅可用率" in page.locator("figure").nth(1).inner_text()
    halls = page.locator("h2:has-text('各服务厅') + table tbody tr")
    assert halls.count() == 2 and NANSHAN in halls.nth(1).inner_text() + halls.nth(0).inner_text()
    ranking = page.locator("h2:has-text('日日排名') + p + table tbody tr")
    assert ranking.count() == 3
    assert "南山一号" in ranking.nth(0).inner_text()                      # it served all day
    bad = page.locator("h2:has-text('差评') + table tbody tr")
    assert bad.count() == 2
    texts = bad.all_inner_texts()
    assert any("排队等了很久" in t and "非常不满意" in t for t in texts)
    assert any("拍照识别不了" in t and "不满意" in t and "福田一号" in t for t in texts)
    # availability: 南山二号 was away six hours a day (~75%), 福田一号 switched on at 08:30 (~65%)
    rows = {name: page.locator("h2:has-text('各终端') + table tbody tr", has_text=name).inner_text() for name in kiosks}
    availability = {name: float(row.split("%")[-2].split()[-1]) for name, row in rows.items()}
    assert availability["南山一号"] > 95 and 65 < availability["南山二号"] < 80 and 55 < availability["福田一号"] < 70, \
        availability
    page.screenshot(path=str(shots / "dashboard-city.png"), full_page=True)
    assert errors == []


def test_a_halls_supervisor_sees_their_hall_and_can_pick_the_days(browser, fleet, shots):
    platform, kiosks, sent, _ = fleet
    page, errors = _login(browser, platform, "nanshan-duty", "supervisor", NANSHAN)
    page.goto(platform.url + "/dashboard")
    assert _card(page, "使用人次") == str(sent["南山一号"] + sent["南山二号"])
    assert page.locator("h2:has-text('各服务厅')").count() == 0 and "福田一号" not in page.content()
    today = dt.date.today()
    page.fill("input[name=from]", today.isoformat())
    page.fill("input[name=to]", today.isoformat())
    page.click("form.filters button")
    page.wait_for_url("**/dashboard?*")
    assert "日日排名" in page.content() and f"{today:%Y-%m-%d}" in page.locator("h2:has-text('日日排名')").inner_text()
    page.screenshot(path=str(shots / "dashboard-hall.png"), full_page=True)
    page.goto(platform.url + "/dashboard?from=2026-01-10&to=2026-01-01")        # backwards: said why
    assert "开始日期晚于结束日期，已显示最近 7 天" in page.content()
    assert _card(page, "使用人次") == str(sent["南山一号"] + sent["南山二号"])
    assert errors == []


def test_a_work_orders_life_from_the_fault_to_the_kiosk_saying_it_is_fixed(browser, fleet, shots):
    platform, kiosks, _, _ = fleet
    kiosk = kiosks["南山二号"]
    add_operator(platform, "li.tech", "operator", hall=FUTIAN)                 # another hall's technician
    page, errors = _login(browser, platform, "wang.tech", "operator", NANSHAN)
    answer = kiosk.post("/v1/heartbeat", json=_beat("MEDIA_EMPTY")).json()
    (order,) = answer["work_orders"]
    page.goto(platform.url + "/orders")
    row = page.locator("tbody tr", has_text="A4打印机：缺纸")
    assert "南山二号" in row.inner_text() and "wang.tech" in row.inner_text() and "处理中" in row.inner_text()
    page.screenshot(path=str(shots / "order-1-opened.png"), full_page=True)
    row.locator("a").click()
    page.wait_for_url(f"**/orders/{order['order_no']}")
    page.fill("#note", "已到场，A4纸已补充 500 张，待终端自检")
    page.click("text=添加记录")
    page.wait_for_url(f"**/orders/{order['order_no']}")
    assert "已到场，A4纸已补充" in page.locator("ol.life").inner_text()
    assert "处理中" in page.content()                        # a note does not close it: the kiosk does
    page.screenshot(path=str(shots / "order-2-note.png"), full_page=True)
    assert kiosk.post("/v1/heartbeat", json=_beat()).json()["work_orders"] == []
    page.reload()
    life = page.locator("ol.life li").all_inner_texts()
    assert page.locator("ol.life li b").all_inner_texts() == ["开单", "处理记录", "关闭"]
    assert "终端报告已恢复正常" in life[-1] and "已关闭（终端报告恢复）" in page.content()
    page.screenshot(path=str(shots / "order-3-closed.png"), full_page=True)
    assert errors == []
