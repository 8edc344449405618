"""The out-of-service screen, derived from the required devices and the technician's switch, in the
real window (offscreen), with screenshots."""

from drivers.status import DeviceState, DeviceStatus, StatusCode
from kiosk.cards import DeviceChanged

from .uitools import find, shot


def test_required_reader_unplugged_closes_the_kiosk_until_it_is_back(qtbot, kiosk_window, artifacts):
    vm, ui = kiosk_window(required_devices=frozenset({"idcard"}))
    qtbot.waitUntil(lambda: vm.screen == "outOfService")             # the reader never reported
    vm.onDeviceEvent(DeviceChanged(DeviceStatus("idcard", DeviceState.UNAVAILABLE, StatusCode.NOT_RESPONDING)))
    assert vm.outOfService["reason"] == "hardware" and vm.outOfService["devices"] == ["身份证读卡器"]
    qtbot.waitUntil(lambda: "身份证读卡器" in find(ui.window, "outOfServiceReason").property("text"))
    shot(ui.window, artifacts / "screens" / "20-out-of-service.png")
    vm.onDeviceEvent(DeviceChanged(DeviceStatus("idcard", DeviceState.READY, StatusCode.OK)))
    assert vm.screen == "home" and vm.outOfService == {}

    vm.set_maintenance(True)                                          # the technician's switch
    assert vm.screen == "outOfService" and vm.outOfService["reason"] == "maintenance"
    vm.set_maintenance(False)
    assert vm.screen == "home"


def test_out_of_service_stays_so_across_a_restart(qtbot, kiosk_window):
    """Taken out of service by the platform, the kiosk crashes and systemd starts it again: it comes
    back out of service (the store keeps the switch), until someone puts it back in service."""
    from kiosk.availability import KioskState
    from kiosk.service import KioskService
    from ui.viewmodel import KioskViewModel

    vm, _ = kiosk_window()
    vm.set_maintenance(True, by="platform")
    restarted = KioskService(vm.service.client, vm.service.sync)     # a new process over the same store
    assert restarted.stopped_by() == "platform"
    again = KioskViewModel(restarted)
    assert again.availability().state is KioskState.OUT_OF_SERVICE and again.snapshot().reason == "maintenance"
    again.set_maintenance(False, by="platform")
    assert KioskService(vm.service.client, vm.service.sync).stopped_by() == ""


def test_a_revoked_kiosk_says_so_on_its_screen(qtbot, kiosk_window, platform, artifacts):
    """The platform revokes the kiosk (stolen, retired): its next call learns it, and the screen says so
    in Chinese and in English, without a session to start."""
    import requests

    vm, ui = kiosk_window()
    requests.post(f"{platform.url}/v1/admin/devices/{vm.service.client.device_id()}/revoke",
                  headers={"Authorization": f"Bearer {platform.admin_token}"}, timeout=10).raise_for_status()
    vm.loadCatalog()                                                  # any call to the platform
    qtbot.waitUntil(lambda: vm.screen == "outOfService", timeout=10000)
    assert vm.outOfService["reason"] == "revoked" and vm.snapshot().reason == "revoked"
    qtbot.waitUntil(lambda: "本终端已被平台停用" in find(ui.window, "outOfServiceReason").property("text"))
    shot(ui.window, artifacts / "screens" / "21-revoked.png")
    vm.toggleLanguage()
    qtbot.waitUntil(lambda: "disabled this kiosk" in find(ui.window, "outOfServiceReason").property("text"))


def test_the_seconds_after_a_start_say_getting_ready_not_out_of_service(qtbot, kiosk_window, platform_cfg, tmp_path,
                                                                       artifacts):
    """Before the first catalog load has finished (no cache yet) the screen says 正在准备, with no alarm and
    no voice; only a load that failed turns it into 暂时无法连接政务服务平台."""
    import dataclasses

    from kiosk.platform_client import PlatformClient
    from kiosk.service import KioskService
    from kiosk.sync import SyncWorker
    from offline_cache.crypto import Sealer, load_or_create_key
    from offline_cache.outbox import Outbox
    from platform_server.runner import free_port
    from ui.viewmodel import KioskViewModel

    fresh_dir = tmp_path / "fresh"                                  # a new box: nothing cached yet
    fresh_dir.mkdir()
    box = Outbox(fresh_dir / "kiosk.db", Sealer(load_or_create_key(fresh_dir / "store.key", "aes-256-gcm", create=True)))
    client = PlatformClient(dataclasses.replace(platform_cfg, url=f"http://127.0.0.1:{free_port()}",
                                                connect_timeout_s=0.5))
    fresh = KioskViewModel(KioskService(client, SyncWorker(box, client)))
    assert fresh._current_screen() == "outOfService" and fresh.outOfService["reason"] == "starting"
    vm, ui = kiosk_window()
    vm._catalog_asked = False                                         # the window as it is in its first second
    vm.service.catalog, catalog = None, vm.service.catalog
    qtbot.waitUntil(lambda: "正在准备" in find(ui.window, "outOfServiceTitle").property("text"))
    assert "暂停服务" not in find(ui.window, "outOfServiceReason").property("text")
    shot(ui.window, artifacts / "screens" / "22-starting.png")
    vm.service.catalog = catalog
    fresh.loadCatalog()
    qtbot.waitUntil(lambda: fresh._catalog_asked, timeout=15000)
    assert fresh.outOfService.get("reason") == "backend"
    box.close()


def test_a_catalog_load_that_failed_and_then_worked_leaves_no_false_alarm(qtbot, kiosk_window, platform_cfg):
    """The platform unreachable for the first loads after a start, then back (a box booting faster than
    its network, seen in the VM): the band's 暂时无法连接政务服务平台 goes with the load that worked, and the
    catalog a person opens afterwards carries no notice from before it."""
    import dataclasses

    from kiosk.platform_client import PlatformClient
    from platform_server.runner import free_port

    vm, ui = kiosk_window()
    live = vm.service.client
    vm.service.client = PlatformClient(dataclasses.replace(platform_cfg, url=f"http://127.0.0.1:{free_port()}",
                                                           connect_timeout_s=0.3))
    vm.loadCatalog()
    qtbot.waitUntil(lambda: "暂时无法连接政务服务平台" in vm.message, timeout=10000)
    vm.service.client = live                                          # the network is up: the quiet retry works
    qtbot.waitUntil(lambda: vm.message == "", timeout=15000)
    vm.report("platform_unreachable")                                 # any notice left on the home screen
    vm.openCatalog("personal")
    assert vm.screen == "catalog" and vm.message == ""
