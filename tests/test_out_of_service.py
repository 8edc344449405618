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
