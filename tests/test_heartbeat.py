"""The heartbeat against the real platform: its content, the platform's commands (each once), the
outbox when offline, the fleet page, and the commands carried out on the kiosk's screen."""

import datetime as dt
import time

import pytest
import requests

from api_schema.models import KioskCommand
from drivers.printer.escpos_emulator import EscPosEmulator
from drivers.printer.escpos_printer import EscPosPrinter
from drivers.status import DeviceState, DeviceStatus, StatusCode
from kiosk.audit import AuditEvent, AuditLog
from kiosk.config import PlatformSection
from kiosk.heartbeat import HeartbeatSender, KioskSnapshot
from kiosk.platform_client import PlatformClient
from offline_cache.counters import Counters
from platform_server.runner import free_port

from .operator_login import logged_in

SNAPSHOT = KioskSnapshot(
    "OUT_OF_SERVICE", "consumables",
    {"idcard": DeviceStatus("idcard", DeviceState.READY, StatusCode.OK),
     "a4printer": DeviceStatus("a4printer", DeviceState.UNAVAILABLE, StatusCode.MEDIA_EMPTY, "media-empty")},
    frozenset({"idcard", "a4printer", "camera"}))


@pytest.fixture
def audit(tmp_path):
    log = AuditLog.open(tmp_path / "audit-state")
    yield log
    log.close()


def test_heartbeat_content_arrives_on_the_platform(platform, client, sync, audit):
    outbox = sync.outbox
    counters = Counters(outbox.conn, outbox.lock)
    counters.add("a4printer", 12)
    counters.add("a4printer_total", 340)
    outbox.enqueue("evaluation", b"{}")              # one item waiting
    audit.record(AuditEvent.SESSION_START, "s1", item="RS-0101")
    sender = HeartbeatSender(client, outbox, counters, audit)
    answer = sender.beat(SNAPSHOT)
    assert (answer.commands, answer.service_hours) == ([], None)
    # out of paper, and the camera it needs says nothing: two work orders
    assert {(o.fault, o.code) for o in answer.work_orders} == {("a4printer", "MEDIA_EMPTY"), ("camera", "NOT_RESPONDING")}
    hb = platform.last_heartbeat(client.device_id())
    assert hb["kiosk_state"] == "OUT_OF_SERVICE" and hb["reason"] == "consumables"
    devices = {d["device"]: d for d in hb["devices"]}
    assert devices["a4printer"] == {"device": "a4printer", "state": "UNAVAILABLE", "code": "MEDIA_EMPTY",
                                    "required": True}
    assert devices["camera"]["code"] == "NOT_RESPONDING"       # required and never heard from
    assert devices["idcard"]["state"] == "READY"
    assert hb["queue_depth"] == 1 and hb["queue_oldest_age_s"] >= 0
    assert hb["page_counters"] == {"a4printer": 12, "a4printer_total": 340}
    assert hb["audit_seq"] == 1 and hb["audit_head"] == audit.head
    assert hb["software_version"]


def test_commands_are_delivered_once_and_unknown_ones_refused(platform, client, sync):
    sender = HeartbeatSender(client, sync.outbox)
    device = client.device_id()
    for command in ("out_of_service", "print_status_slip", "out_of_service"):
        platform.send_command(device, command)
    assert sender.beat(SNAPSHOT).commands == [KioskCommand.OUT_OF_SERVICE, KioskCommand.PRINT_STATUS_SLIP]
    assert sender.beat(SNAPSHOT).commands == []
    with pytest.raises(requests.HTTPError):
        platform.send_command(device, "format_disk")
    with pytest.raises(requests.HTTPError):
        platform.send_command("KNOSUCHDEVICE", "in_service")


def test_offline_heartbeats_wait_in_the_outbox_one_at_a_time(platform, client, sync, platform_cfg):
    dead = PlatformClient(PlatformSection(url=f"http://127.0.0.1:{free_port()}", key_file=platform_cfg.key_file,
                                          connect_timeout_s=0.5))
    try:
        sender = HeartbeatSender(dead, sync.outbox)
        for _ in range(3):
            assert sender.beat(SNAPSHOT) is None
    finally:
        dead.close()
    queued = [i for i in sync.outbox.due(snapshot=float("inf")) if i.kind == "heartbeat"]
    assert len(queued) == 1
    report = sync.sync_once()
    assert report.done == 1
    assert platform.last_heartbeat(client.device_id())["reason"] == "consumables"


def test_fleet_page_for_the_supervisor(platform, client, sync):
    HeartbeatSender(client, sync.outbox).beat(SNAPSHOT)
    anonymous = requests.get(platform.url + "/fleet", timeout=10, allow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login"
    page = logged_in(platform, "duty", "supervisor").get(platform.url + "/fleet", timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "暂停服务</button>" not in html and "注销终端" not in html     # a supervisor reads; commands need more
    row = html[html.index(client.device_id()) - 400:]
    assert "暂停服务：耗材用尽" in row and "A4打印机：缺纸" in row and "1 件" not in row.split("</tr>")[0]
    assert "失联" in html or "可服务" in html or "暂停服务" in html


@pytest.mark.window
def test_platform_commands_on_the_kiosk(qtbot, kiosk_window, service, pty_pair, platform):
    from launcher.operations import Operations
    from launcher.printing import EscPosPrintService, RoutedPrinter

    emulator = EscPosEmulator(str(pty_pair.device_path)).start()
    printer = RoutedPrinter(None, EscPosPrintService(EscPosPrinter(str(pty_pair.host_path))))
    vm, _ = kiosk_window(printer=printer)
    ops = Operations(vm, HeartbeatSender(service.client, service.sync.outbox), interval_s=60, kiosk_name="测试终端",
                     platform_url=platform.url)
    device = service.client.device_id()
    try:
        platform.send_command(device, "out_of_service")
        ops.beat()
        qtbot.waitUntil(lambda: vm.screen == "outOfService", timeout=10000)
        assert vm.outOfService["reason"] == "maintenance"
        # the next heartbeat (sent at once after a command) tells the platform
        qtbot.waitUntil(lambda: platform.last_heartbeat(device)["kiosk_state"] == "OUT_OF_SERVICE", timeout=10000)
        platform.send_command(device, "print_status_slip")
        platform.send_command(device, "in_service")
        ops.beat()
        qtbot.waitUntil(lambda: vm.screen == "home", timeout=10000)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(k == "cut" for k, _ in emulator.printed().items):
            qtbot.wait(50)
        text = " ".join(emulator.printed().lines())
        assert "终端状态单" in text and device in text and "软件版本" in text
        assert [("cut", "")] == [i for i in emulator.printed().items if i[0] == "cut"]
        vm.tasks.wait()
    finally:
        emulator.stop()


@pytest.mark.window
def test_a_change_of_state_is_told_at_once_not_at_the_next_beat(qtbot, kiosk_window, service, platform):
    """The interval is a minute; the platform hears of "out of service" (and of the way back) in seconds."""
    from launcher.operations import Operations

    vm, _ = kiosk_window()
    ops = Operations(vm, HeartbeatSender(service.client, service.sync.outbox), interval_s=3600, kiosk_name="测试终端",
                     platform_url=platform.url)
    device = service.client.device_id()
    ops.start()
    qtbot.waitUntil(lambda: _state(platform, device) is not None, timeout=10000)
    first = _state(platform, device)
    vm.set_maintenance(True)
    vm.changed.emit()
    qtbot.waitUntil(lambda: _state(platform, device) == ("OUT_OF_SERVICE", "maintenance"), timeout=10000)
    vm.set_maintenance(False)
    vm.changed.emit()
    qtbot.waitUntil(lambda: _state(platform, device) == first, timeout=10000)
    vm.tasks.wait()


def test_what_an_update_came_to_is_told_at_once(qtbot, kiosk_window, service, platform, tmp_path):
    """A technician's `kiosk-provision update` refused a bundle (written to the update folder by another
    process): the platform hears it in seconds, not at the next beat."""
    import json

    from launcher.operations import Operations

    vm, _ = kiosk_window()
    ops = Operations(vm, HeartbeatSender(service.client, service.sync.outbox), interval_s=3600, kiosk_name="测试终端",
                     platform_url=platform.url, update_dir=tmp_path)
    device = service.client.device_id()
    ops.start()
    qtbot.waitUntil(lambda: _sent_at(platform, device) is not None, timeout=10000)
    first = _sent_at(platform, device)
    # a download's progress is not an outcome: it waits for the regular beat
    for have in (1, 2):
        (tmp_path / "result.json").write_text(json.dumps({"state": "downloading", "version": "9.9",
                                                          "message": f"{have} of 3 bytes"}))
        qtbot.wait(1500)
    qtbot.waitUntil(lambda: _sent_at(platform, device) != first, timeout=10000)    # (its start: told once)
    first = _sent_at(platform, device)
    (tmp_path / "result.json").write_text(json.dumps({"state": "downloading", "version": "9.9",
                                                      "message": "3 of 3 bytes"}))
    qtbot.wait(3000)
    assert _sent_at(platform, device) == first
    (tmp_path / "result.json.tmp").write_text(json.dumps({"state": "refused", "version": "9.9",
                                                           "code": "bad_signature", "message": "x"}))
    (tmp_path / "result.json.tmp").rename(tmp_path / "result.json")
    qtbot.waitUntil(lambda: _sent_at(platform, device) != first, timeout=10000)
    vm.tasks.wait()


def _last_beat(platform, device: str) -> dict | None:
    try:
        return platform.last_heartbeat(device)
    except Exception:                                  # none yet
        return None


def _sent_at(platform, device: str) -> str | None:
    beat = _last_beat(platform, device)
    return beat["sent_at"] if beat else None


def _state(platform, device: str) -> tuple[str, str] | None:
    beat = _last_beat(platform, device)
    return (beat["kiosk_state"], beat["reason"]) if beat else None


def test_refused_applications_are_told_to_the_platform_and_shown_on_the_fleet_page(platform, client, sync):
    """In service (guides and queries work) but new applications refused — here a disk nearly full: the
    supervisor reads it, not a green 可服务 that hides it."""
    serving = KioskSnapshot("AVAILABLE", "", {"idcard": DeviceStatus("idcard", DeviceState.READY, StatusCode.OK)},
                            frozenset({"idcard"}), submissions_paused="offline_disk_low")
    HeartbeatSender(client, sync.outbox).beat(serving)
    assert platform.last_heartbeat(client.device_id())["submissions_paused"] == "offline_disk_low"
    html = logged_in(platform, "duty", "supervisor").get(platform.url + "/fleet", timeout=10).text
    row = html[html.rindex("<tr", 0, html.index(client.device_id())):].split("</tr>")[0]
    assert "可服务，暂停受理新申请：存储空间不足" in row, row


@pytest.mark.window
def test_service_hours_set_on_the_platform_close_the_kiosk_and_are_no_alarm(qtbot, kiosk_window, service, platform):
    """An operator sets this kiosk's hours on the platform (an hour that is not now): with its next
    heartbeat the kiosk closes with the hours on its screen, keeps them across a restart (stored), and
    the supervisor's page shows it closed for its hours — not out of service, not silent. Cleared, the
    kiosk's own configuration (round the clock) applies again."""
    from api_schema.hours import ServiceHours
    from launcher.operations import Operations

    vm, _ = kiosk_window()
    ops = Operations(vm, HeartbeatSender(service.client, service.sync.outbox), interval_s=60, kiosk_name="测试终端",
                     platform_url=platform.url)
    device = service.client.device_id()
    hour = dt.datetime.now().hour
    start = hour + 1 if hour <= 21 else 1
    hours = f"{start:02d}:00-{start + 1:02d}:00"
    with pytest.raises(requests.HTTPError):
        platform.set_service_hours(device, "08:00-24:30")            # not a time of day: refused
    platform.set_service_hours(device, hours)
    ops.beat()
    qtbot.waitUntil(lambda: vm.screen == "outOfService", timeout=10000)
    assert vm.outOfService["reason"] == "hours" and vm.outOfService["hours"] == hours
    assert service.service_hours(ServiceHours()).text() == hours          # kept for a restart offline
    qtbot.waitUntil(lambda: platform.last_heartbeat(device)["reason"] == "hours", timeout=10000)
    page = logged_in(platform, "hours", "supervisor").get(platform.url + "/fleet", timeout=10).text
    start_of_row = page.rindex("<tr", 0, page.index(device))
    row = page[start_of_row:page.index("</tr>", start_of_row)]
    assert f"非服务时间（每天 {hours}）" in row and "暂停服务" not in row and "失联" not in row
    platform.set_service_hours(device, None)
    ops.beat()
    qtbot.waitUntil(lambda: vm.screen == "home", timeout=10000)
    assert service.service_hours(ServiceHours.parse("08:00-09:00")).text() == "08:00-09:00"
    vm.tasks.wait()


@pytest.mark.window
def test_a_fault_opens_a_work_order_listed_on_the_maintenance_screen_and_closed_by_the_repair(
        qtbot, kiosk_window, service, platform, artifacts):
    """The A4 printer runs out of paper: the heartbeat tells the platform, which opens a work order and
    hands it back with its answer; the technician sees it on the maintenance screen (in English too). Paper
    refilled, the next heartbeat closes the order and the screen's list empties; the order's life on the
    platform reads opened → closed by the kiosk."""
    from kiosk.cards import DeviceChanged
    from launcher.operations import Operations

    from .uitools import shot

    vm, win = kiosk_window()
    ops = Operations(vm, HeartbeatSender(service.client, service.sync.outbox), interval_s=60, kiosk_name="测试终端",
                     platform_url=platform.url, work_orders=win.maintenance.set_work_orders)
    vm.onDeviceEvent(DeviceChanged(DeviceStatus("a4printer", DeviceState.UNAVAILABLE, StatusCode.MEDIA_EMPTY)))
    ops.beat()
    qtbot.waitUntil(lambda: len(win.maintenance.orders) == 1, timeout=10000)
    (order,) = win.maintenance.orders
    assert (order["fault"], order["code"], order["escalated"]) == ("a4printer", "MEDIA_EMPTY", False)
    vm.show_home_screen("maintenance")
    qtbot.waitUntil(lambda: vm.screen == "maintenance")
    qtbot.wait(200)
    shot(win.window, artifacts / "screens" / "28-maintenance-work-order.png")
    vm.toggleLanguage()
    qtbot.wait(200)
    shot(win.window, artifacts / "screens" / "28-maintenance-work-order-en.png")
    vm.onDeviceEvent(DeviceChanged(DeviceStatus("a4printer", DeviceState.READY, StatusCode.OK)))
    ops.beat()
    qtbot.waitUntil(lambda: win.maintenance.orders == [], timeout=10000)
    from platform_server.store import PlatformStore
    store = PlatformStore(platform.db, migrate=False)
    try:
        closed, events = store.work_order(order["no"])
    finally:
        store.close()
    assert closed.closed_by == "kiosk" and [e.kind for e in events] == ["opened", "closed"]
    vm.tasks.wait()


def test_a_kiosk_ten_minutes_fast_still_talks_and_its_clock_becomes_a_work_order(platform, client, sync, monkeypatch):
    """No NTP in a park: the kiosk's clock runs 10 minutes fast. Its first signed request is refused as
    from the future; it learns the platform's time from the answer's Date, signs on it, and is heard.
    The heartbeat carries the offset and the platform opens a work order to fix the clock (receipts and
    hours use it)."""
    import kiosk.platform_client as platform_client

    class Fast:                                    # the kiosk's wall clock only; its monotonic one runs true
        def __getattr__(self, name: str) -> object:
            return getattr(time, name)

        @staticmethod
        def time() -> float:
            return time.time() + 600

    monkeypatch.setattr(platform_client, "time", Fast())
    client._clock_offset, client._token = 0.0, None   # as if just started with the wrong clock
    sender = HeartbeatSender(client, sync.outbox)
    assert sender.beat(SNAPSHOT) is not None                      # heard at the first try
    assert -610 < client.clock_offset_s < -590
    answer = sender.beat(SNAPSHOT)                                 # the next one tells what it learnt
    assert ("clock", "CLOCK_WRONG") in {(o.fault, o.code) for o in answer.work_orders}
    assert -610 < platform.last_heartbeat(client.device_id())["clock_offset_s"] < -590
