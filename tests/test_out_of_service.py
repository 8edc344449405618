"""The out-of-service screen, derived from the required devices and the technician's switch, in the
real window (offscreen), with screenshots."""

from drivers.status import DeviceState, DeviceStatus, StatusCode
from kiosk.cards import DeviceChanged
from ui.app import KioskWindow, create_application
from ui.viewmodel import KioskViewModel

from .uitools import find, shot


def test_required_reader_unplugged_closes_the_kiosk_until_it_is_back(qtbot, service, artifacts):
    create_application()
    vm = KioskViewModel(service, required_devices=frozenset({"idcard"}))
    ui = KioskWindow(vm, fullscreen=False)
    ui.window.resize(1280, 800)
    try:
        vm.loadCatalog()
        qtbot.waitUntil(lambda: vm.catalogReady, timeout=10000)
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
    finally:
        vm.tasks.wait()
        ui.close()
