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
