"""An enterprise at a park service post, in the real kiosk window (offscreen Qt, real mouse and key
events) against the real platform and the GA 467 emulator: the enterprise step with a refusal, 政策通
with one-tap application, and the 企业开办 一件事 bundle split into its member applications.
Screenshots go to artifacts/screens/enterprise/ (the docs keep a copy)."""

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QGuiApplication

from drivers.idcard.emulator import sample_card
from platform_server.seed_park import ENTERPRISES

from .test_screen_gallery import check_elder_sizes
from .uitools import click, close_keyboard, elder_mode, find, shot, tap_keypad, type_into

XINGHE, _, QINGHE, _ = (e.profile for e in ENTERPRISES)


def _start(qtbot, vm, win, id_emulator, code: str, search: str, out, prefix: str) -> None:
    at = lambda screen: qtbot.waitUntil(lambda: vm.screen == screen, timeout=10000)  # noqa: E731
    click(win, "tile_enterprise")
    at("catalog")
    type_into(win, "catalogSearch", search)
    qtbot.waitUntil(lambda: code in [i["code"] for i in vm.catalogItems][:3], timeout=5000)
    shot(win, out / f"{prefix}-catalog.png")
    close_keyboard(qtbot, win)                    # the list is below it
    click(win, f"item_{code}")
    at("guide")
    shot(win, out / f"{prefix}-guide.png")
    click(win, "startButton")
    at("identify")
    id_emulator.place(sample_card())
    at("verify")
    vm.skipVerification()            # the face check has its own tests (test_face_check_ui)


def _clear(win, name: str) -> None:
    find(win, name).setProperty("text", "")


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_policy_finder_refusal_then_one_tap_application(qtbot, kiosk_ui, id_emulator, platform, artifacts, mode):
    vm, win, service = kiosk_ui
    out = artifacts / "screens" / "enterprise" / mode
    at = lambda screen: qtbot.waitUntil(lambda: vm.screen == screen, timeout=10000)  # noqa: E731
    if mode == "elder":
        elder_mode(qtbot, vm, win)
    _start(qtbot, vm, win, id_emulator, "RS-0901", "稳岗", out, "01")
    at("enterprise")
    shot(win, out / "03-enterprise-code.png")
    type_into(win, "usccInput", QINGHE.uscc)                  # an enterprise the person does not act for
    qtbot.wait(150)                                           # the keyboard is up and the screen has made room
    shot(win, out / "03-enterprise-code-keyboard.png")
    click(win, "checkEnterprise")
    qtbot.waitUntil(lambda: "不是该企业的法定代表人" in vm.message, timeout=10000)
    assert vm.screen == "enterprise" and not vm.enterprise.profile
    shot(win, out / "04-enterprise-refused.png")
    _clear(win, "usccInput")
    type_into(win, "usccInput", XINGHE.uscc.lower())          # typed in lower case: taken as upper case
    qtbot.wait(150)
    click(win, "checkEnterprise")
    qtbot.waitUntil(lambda: vm.enterprise.profile.get("name") == "星河软件科技有限公司", timeout=10000)
    assert vm.enterprise.profile["role"] == "法定代表人"
    assert [p["code"] for p in vm.enterprise.policies] == ["P-DBDK", "P-RJBZ", "P-WGFH"]
    qtbot.wait(100)
    shot(win, out / "05-enterprise-policies.png")
    if mode == "elder":
        check_elder_sizes(win)                    # 适老化: ≥ 30 pt heading, ≥ 18 pt text, 60 dp buttons
    click(win, "applyPolicy_P-RJBZ")
    at("form")
    assert vm.item["code"] == "CZ-0902"
    for name, value in (("uscc", XINGHE.uscc), ("company_name", "星河软件科技有限公司"), ("policy", "高新区软件企业研发补助")):
        info = vm.fieldInfo(name)
        assert info["value"] == value and info["locked"], name
    tap_keypad(win, "mobile", "13800138000")
    type_into(win, "input_bank_account", "6222020200112233445")
    assert vm.fieldInfo("company_name")["lockedFrom"] == "register"
    QGuiApplication.inputMethod().hide()
    find(win, "field_company_name").setProperty("focus", False)
    qtbot.wait(200)
    shot(win, out / "06-policy-form.png")
    click(win, "toReview")
    at("review")
    click(win, "submitButton")
    at("result")
    assert vm.receipt["applicationNo"].startswith("ZW")
    shot(win, out / "07-policy-result.png")
    click(win, "finishButton")
    at("home")


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_business_start_up_bundle_in_one_form(qtbot, kiosk_ui, id_emulator, platform, artifacts, mode):
    vm, win, service = kiosk_ui
    out = artifacts / "screens" / "enterprise" / mode
    at = lambda screen: qtbot.waitUntil(lambda: vm.screen == screen, timeout=10000)  # noqa: E731
    if mode == "elder":
        elder_mode(qtbot, vm, win)
    _start(qtbot, vm, win, id_emulator, "YJS-01", "企业开办一件事", out, "11")
    assert len(vm.item["memberNames"]) == 5
    at("form")                                     # 企业开办: the company does not exist yet, no enterprise step
    groups = [vm.fieldInfo(n)["group"] for n in vm.formFieldNames if vm.fieldInfo(n)["groupStart"]]
    assert groups == ["企业开办（设立登记）", "公章刻制备案", "新办纳税人套餐（发票申领）", "单位参保登记", "银行开户预约"]
    def keypad(field: str, digits: str) -> None:      # a digits field puts the keyboard away for its keypad
        click(win, f"input_{field}")
        qtbot.waitUntil(lambda: not find(win, "keyboard").property("active"))
        qtbot.wait(50)
        tap_keypad(win, field, digits)

    def text(field: str, value: str) -> None:         # the keyboard comes up; the field stays above it
        type_into(win, f"input_{field}", value)
        field_item, panel = find(win, f"input_{field}"), find(win, "keyboard")
        qtbot.waitUntil(lambda: panel.property("active"))
        qtbot.wait(100)
        bottom = field_item.mapToScene(QPointF(0, field_item.height())).y()
        assert bottom <= panel.mapToScene(QPointF(0, 0)).y(), (field, bottom)
        if field == "company_name":
            shot(win, out / "04-bundle-typing.png")

    keypad("mobile", "13800138000")
    text("company_name", "星火咨询有限公司")
    keypad("registered_capital", "100")
    text("business_scope", "企业管理咨询")
    text("company_address", "高新区创新路1号")
    shot(win, out / "13-bundle-form.png")
    QGuiApplication.inputMethod().hide()
    for option in ("option_seal_set_0", "option_invoice_type_2", "option_bank_0"):
        click(win, option)
    keypad("invoice_monthly", "25")
    keypad("staff_count", "3")
    qtbot.waitUntil(lambda: vm.fieldInfo("bank")["value"] == "工商银行")
    shot(win, out / "14-bundle-form-groups.png")
    click(win, "toReview")
    at("review")
    click(win, "submitButton")
    at("result")
    receipt = vm.receipt
    assert receipt["applicationNo"].startswith("YJS") and len(receipt["members"]) == 5
    assert platform.count_members(receipt["applicationNo"]) == 5
    assert find(win, "bundleMembers").isVisible()
    shot(win, out / "15-bundle-result.png")
    if mode == "elder":
        check_elder_sizes(win)
    click(win, "finishButton")
    at("home")
    # 办件查询 by the bundle's number: each member's progress
    click(win, "tile_progress")
    at("progress")
    type_into(win, "progressNumber", receipt["applicationNo"])
    click(win, "progressQuery")
    qtbot.waitUntil(lambda: len(vm.tracking.shown.get("members", [])) == 5, timeout=10000)
    assert vm.tracking.shown["members"][1]["itemName"] == "公章刻制备案"
    shot(win, out / "16-bundle-progress.png")
