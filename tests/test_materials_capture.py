"""Materials from the document camera in the real window: the production camera monitor on a
photographed page (the page emulator's picture), pages taken on a worker, a blurred or empty capture
refused in words, the pages delivered with the application as uploads the platform verified by hash."""

import cv2
import numpy as np
import pytest

from drivers.camera.monitor import CameraMonitor
from drivers.camera.page_emulator import photographed, printed_page
from drivers.camera.sources import source_from_spec
from drivers.idcard.emulator import sample_card
from kiosk.cards import DeviceChanged
from platform_server.store import PlatformStore

from .test_screen_gallery import check_elder_sizes
from .uitools import click, close_keyboard, elder_mode, find, shot, tap_keypad, type_into


@pytest.fixture
def page_file(tmp_path):
    path = tmp_path / "page.jpg"
    cv2.imwrite(str(path), photographed(printed_page(), tilt_deg=3.0))
    return path


@pytest.mark.window
@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_photographed_pages_go_with_the_application(qtbot, kiosk_window, service, pty_pair, id_emulator, platform,
                                                    artifacts, page_file, tmp_path, mode):
    from drivers.idcard.reader import IdCardMonitor
    from kiosk.cards import from_reader_event
    from ui.bridge import DeviceBridge

    out = artifacts / "screens" / "materials" / mode
    bridge = DeviceBridge()
    doc = CameraMonitor(source_from_spec(f"image:{page_file}", fps=5), lambda e: bridge.post(DeviceChanged(e.status)),
                        device="doccamera")
    vm, ui = kiosk_window(doc_camera=doc, allow_skip_verification=True)
    win = ui.window
    bridge.event.connect(vm.onDeviceEvent)
    reader = IdCardMonitor(str(pty_pair.host_path), lambda e: bridge.post(from_reader_event(e)), poll_interval_s=0.05)
    doc.start()
    reader.start()
    at = lambda screen: qtbot.waitUntil(lambda: vm.screen == screen, timeout=10000)  # noqa: E731
    try:
        qtbot.waitUntil(lambda: vm.readerReady, timeout=10000)
        if mode == "elder":
            elder_mode(qtbot, vm, win)
        vm.chooseItem("GA-0701")                       # 居住证签注: the residence permit and a lease on paper
        vm.startService()
        at("identify")
        id_emulator.place(sample_card())
        at("verify")
        vm.skipVerification()
        at("form")
        assert [r["code"] for r in vm.materials.rows] == ["M-RES", "M-HOUSE"]
        tap_keypad(win, "mobile", "13800138000")
        type_into(win, "input_residence_address", "高新区创新路88号")
        close_keyboard(qtbot, win)
        click(win, "capture_M-HOUSE")
        qtbot.waitUntil(lambda: vm.materials.frame > 0, timeout=10000)       # the live preview runs
        assert find(win, "capturePanel").property("visible")
        for n in (1, 2):                                                  # a two-page lease
            click(win, "shootButton")
            qtbot.waitUntil(lambda: vm.materials.pages == n, timeout=20000)
        assert "第 2 页" in vm.materials.message and vm.materials.ok
        shot(win, out / "01-capture.png")
        if mode == "elder":
            check_elder_sizes(win)
        click(win, "removeLastPage")
        qtbot.waitUntil(lambda: vm.materials.pages == 1)
        click(win, "shootButton")
        qtbot.waitUntil(lambda: vm.materials.pages == 2, timeout=20000)
        click(win, "captureDone")
        qtbot.waitUntil(lambda: vm.materials.capturing == "")
        qtbot.waitUntil(lambda: find(win, "pages_M-HOUSE").property("text") == "✓ 已拍 2 页")
        shot(win, out / "02-form-with-pages.png")

        # an empty desk: refused in words, nothing added
        doc.stop()
        desk = tmp_path / "desk.jpg"
        cv2.imwrite(str(desk), np.clip(np.random.default_rng(1).normal((60, 70, 80), 4, (1944, 2592, 3)), 0, 255)
                    .astype(np.uint8))
        empty = CameraMonitor(source_from_spec(f"image:{desk}", fps=5), lambda e: None, device="doccamera")
        vm.materials.camera = empty                    # the same view model, another picture under the lens
        empty.start()
        try:
            click(win, "capture_M-RES")
            frame = vm.materials.frame
            qtbot.waitUntil(lambda: vm.materials.frame > frame + 1, timeout=10000)
            click(win, "shootButton")
            qtbot.waitUntil(lambda: vm.materials.message != "", timeout=20000)
            assert not vm.materials.ok and vm.materials.pages == 0 and "纸张" in vm.materials.message
            shot(win, out / "03-capture-refused.png")
            click(win, "captureDone")
        finally:
            empty.stop()

        click(win, "toReview")
        at("review")
        assert {"label": "提交材料", "value": "合法稳定住所证明（租赁合同或房产证）（高拍仪拍摄 2 页）"} in vm.reviewRows
        click(win, "submitButton")
        at("result")
        number = vm.receipt["applicationNo"]
        stored = PlatformStore(platform.db_path).attachments_of(number)
        assert [(code, name) for code, name, _, _ in stored] == [("M-HOUSE", "M-HOUSE-1.jpg"), ("M-HOUSE", "M-HOUSE-2.jpg")]
        assert all(data[:2] == b"\xff\xd8" and size == len(data) <= 400_000 for _, _, size, data in stored)
        vm.finish()
        at("home")
        assert service.session.scans == {}                 # wiped with the session
    finally:
        reader.stop()
        doc.stop()
