"""Park service posts (issue 9): 一件事 bundles split on the platform exactly once (also through the
offline queue), enterprise identity by USCC + the verified person, policy matching (政策通)."""

import dataclasses
import datetime as dt
import time

import pytest

from api_schema.bundles import merge_bundle, split_form
from api_schema.models import Applicant, CardType, Catalog, EnterpriseRole
from api_schema.policies import match_policy, matching_policies
from api_schema.validators import is_valid_uscc
from kiosk.platform_client import PlatformClient, PlatformRejected
from kiosk.session import EndReason, Step, VerificationMethod, VerificationResult
from platform_server.runner import free_port
from platform_server.seed_catalog import SEED_ITEMS
from platform_server.seed_park import ENTERPRISES, PARK_ITEMS, POLICIES

from .helpers import ID_NUMBER, NAME, face_record, identity

TODAY = dt.date(2026, 11, 21)
XINGHE, HENGYUAN, QINGHE, YUNQI = (e.profile for e in ENTERPRISES)
ITEMS = {i.code: i for i in SEED_ITEMS + PARK_ITEMS}
START_UP = {"applicant_name": "张三丰", "id_number": ID_NUMBER, "mobile": "13800138000", "company_name": "星火咨询有限公司",
            "registered_capital": "100", "business_scope": "企业管理咨询", "company_address": "高新区创新路 1 号",
            "seal_set": "公章+财务章+发票章", "invoice_type": "数电发票", "invoice_monthly": "25", "staff_count": "3",
            "bank": "工商银行"}


# ---------------------------------------------------------------- the merge, as data

def test_a_bundle_asks_shared_fields_once_and_groups_the_rest():
    bundle = ITEMS["YJS-01"]
    names = [f.name for f in bundle.form]
    assert len(names) == len(set(names))                                   # nothing asked twice
    shared = [f.name for f in bundle.form if not f.group]
    assert shared == ["applicant_name", "id_number", "mobile", "company_name"]
    assert {f.group for f in bundle.form if f.group} == {ITEMS[c].name for c in bundle.members}
    assert [m.code for m in bundle.materials] == ["M-ID", "M-ART", "M-ADDR"]  # the ID card once for five items
    assert bundle.time_limit_promised_days == max(ITEMS[c].time_limit_promised_days for c in bundle.members)
    seal = split_form(START_UP, ITEMS["GA-0802"])
    assert seal == {k: START_UP[k] for k in ("applicant_name", "id_number", "mobile", "company_name", "seal_set")}


def test_a_material_is_deferrable_in_a_bundle_only_if_every_member_allows_it():
    a, b = ITEMS["GA-1002"], ITEMS["YB-1003"]
    strict = b.model_copy(update={"materials": [m.model_copy(update={"deferrable": False}) if m.code == "M-BIRTH"
                                                else m for m in b.materials]})
    merged = merge_bundle(code="T", name="t", name_en="t", summary="", summary_en="", theme="", department="",
                          department_en="", audience=a.audience, members=[a, strict])
    assert next(m for m in merged.materials if m.code == "M-BIRTH").deferrable is False
    both = merge_bundle(code="T", name="t", name_en="t", summary="", summary_en="", theme="", department="",
                        department_en="", audience=a.audience, members=[a, b])
    assert next(m for m in both.materials if m.code == "M-BIRTH").defer_days == 10


# ---------------------------------------------------------------- the split on the platform

def _bundle_session(service, code: str, values: dict[str, str]) -> None:
    assert service.choose_item(code).ok
    service.start()
    assert service.identify(identity()).ok
    assert service.verified(VerificationResult(VerificationMethod.FACE, True, score=0.3, threshold=0.55,
                                                liveness_steps=("turn_left", "open_mouth"))).ok
    for name, value in values.items():
        service.event("set_field", name, value)
    assert service.event("to_review").ok, service.session.form.errors


def test_one_bundle_submission_becomes_linked_member_applications_once(platform, client, service):
    _bundle_session(service, "YJS-01", START_UP)
    assert service.submit().ok
    receipt = service.session.receipt
    assert receipt.application_no.startswith("YJS") and len(receipt.members) == 5
    assert [m.item_code for m in receipt.members] == ITEMS["YJS-01"].members
    assert all(m.application_no.startswith("ZW") for m in receipt.members)
    key = service.session.idempotency_key
    # a replay of the same submission (a lost answer) creates nothing more
    again = client.submit_json(service.sync.outbox.payload(key), key)
    assert again.replayed and again.application_no == receipt.application_no
    assert [m.application_no for m in again.members] == [m.application_no for m in receipt.members]
    assert platform.count_applications(key) == 1 and platform.count_members(receipt.application_no) == 5
    progress = client.progress(receipt.application_no)
    assert [m.item_name for m in progress.members] == [ITEMS[c].name for c in ITEMS["YJS-01"].members]
    member = client.progress(receipt.members[1].application_no)
    assert member.bundle_no == receipt.application_no and member.item_code == "GA-0802"
    listed = client.query_by_id_number(ID_NUMBER, service.person_grant()).applications
    assert receipt.application_no in [a.application_no for a in listed]
    assert not {m.application_no for m in receipt.members} & {a.application_no for a in listed}


def test_a_bundle_queued_offline_is_split_exactly_once(platform, client, service, platform_cfg):
    _bundle_session(service, "YJS-02", {"mobile": "13800138000", "baby_name": "张小宝", "baby_birth_date": "2026-11-10",
                                        "hospital": "市妇幼保健院", "household_of": "随母", "card_delivery": "邮寄到家"})
    service.sync.client = PlatformClient(dataclasses.replace(platform_cfg, url=f"http://127.0.0.1:{free_port()}",
                                                             connect_timeout_s=0.5))
    assert service.submit().ok
    key = service.session.queued_id
    assert key and service.session.receipt is None
    service.end(EndReason.FINISHED)
    service.sync.client = client
    time.sleep(0.25)
    assert service.sync.sync_once().done == 1
    bundle_no = service.sync.outbox.get(key).server_ref
    assert bundle_no.startswith("YJS") and platform.count_members(bundle_no) == 4
    client.submit_json(service.sync.outbox.payload(key), key)           # delivered twice: still one split
    assert platform.count_applications(key) == 1 and platform.count_members(bundle_no) == 4


# ---------------------------------------------------------------- enterprise identity

def test_uscc_of_the_register_validate_and_typos_do_not():
    for e in ENTERPRISES:
        assert is_valid_uscc(e.profile.uscc)
        code = e.profile.uscc
        typo = code[:17] + ("0" if code[17] != "0" else "1")
        assert not is_valid_uscc(typo)
        i = next(i for i in range(2, 7) if code[i] != code[i + 1])
        assert not is_valid_uscc(code[:i] + code[i + 1] + code[i] + code[i + 2:])   # two neighbours swapped


def test_the_platform_confirms_who_may_act_for_an_enterprise(client):
    grant = client.grant(Applicant(name=NAME, id_number=ID_NUMBER, card_type=CardType.RESIDENT), face_record()).grant
    legal = client.identify_enterprise(XINGHE.uscc, ID_NUMBER, grant)
    assert legal.role is EnterpriseRole.LEGAL_REPRESENTATIVE and legal.profile.name == "星河软件科技有限公司"
    assert client.identify_enterprise(HENGYUAN.uscc, ID_NUMBER, grant).role is EnterpriseRole.AGENT
    for uscc, code in ((QINGHE.uscc, "not_linked"), ("91330106MA2H3K7L17", "bad_uscc")):
        with pytest.raises(PlatformRejected) as err:
            client.identify_enterprise(uscc, ID_NUMBER, grant)
        assert err.value.error_code == code
    unknown = "91330106MA2H3K7L1"
    from api_schema.validators import uscc_check_char
    with pytest.raises(PlatformRejected) as err:
        client.identify_enterprise(unknown + uscc_check_char(unknown), ID_NUMBER, grant)
    assert err.value.error_code == "enterprise_unknown"


# ---------------------------------------------------------------- 政策通

def _codes(matches):
    return [(m.policy.code, m.eligible) for m in matches]


def test_policies_matched_on_the_seeded_enterprises_with_reasons():
    xinghe = matching_policies(POLICIES, XINGHE, TODAY)
    assert _codes(xinghe) == [("P-DBDK", True), ("P-RJBZ", True), ("P-WGFH", True)]
    software = next(m for m in xinghe if m.policy.code == "P-RJBZ")
    assert software.met == ["行业为软件和信息技术服务业（I65）", "注册地在高新区"]
    assert _codes(matching_policies(POLICIES, HENGYUAN, TODAY)) == [("P-JGBT", True), ("P-WGFH", True)]
    assert _codes(matching_policies(POLICIES, QINGHE, TODAY)) == [("P-DBDK", True)]
    refund = match_policy(POLICIES[0], QINGHE, TODAY)
    assert refund.unmet == ["成立并参保满 1 年"] and not refund.possible
    # facts the register does not hold are "to be checked", never "met"
    yunqi = matching_policies(POLICIES, YUNQI, TODAY)
    assert _codes(yunqi) == [("P-RJBZ", True), ("P-WGFH", True), ("P-DBDK", False)]
    assert next(m for m in yunqi if m.policy.code == "P-DBDK").unknown == ["小型或微型企业"]
    # an expired policy is not offered
    assert "P-JGBT" not in [m.policy.code for m in matching_policies(POLICIES, HENGYUAN, dt.date(2028, 1, 1))]


def test_policies_travel_with_the_cached_catalog(service):
    assert [p.code for p in service.catalog.catalog.policies] == [p.code for p in POLICIES]
    cached = Catalog.model_validate_json(service.catalog_cache.load().body)
    assert len(cached.policies) == len(POLICIES)


# ---------------------------------------------------------------- the enterprise step in a session

def _to_enterprise_step(service, code: str = "RS-0901") -> None:
    assert service.choose_item(code).ok
    service.start()
    assert service.identify(identity()).ok
    assert service.verified(VerificationResult(VerificationMethod.FACE, True, score=0.3, threshold=0.55,
                                                liveness_steps=("turn_left", "open_mouth"))).ok
    assert service.session.step is Step.ENTERPRISE


def test_enterprise_step_prefills_and_applies_for_a_policy_in_one_go(platform, service):
    _to_enterprise_step(service)
    assert service.enterprise.identify(QINGHE.uscc).message_code == "enterprise_not_linked"
    assert service.session.enterprise is None
    assert service.enterprise.identify(XINGHE.uscc[:17] + "0").message_code == "enterprise_bad_uscc"
    assert service.enterprise.identify(XINGHE.uscc.lower()).ok
    assert [m.policy.code for m in service.enterprise.matches()] == ["P-DBDK", "P-RJBZ", "P-WGFH"]
    assert service.enterprise.apply_policy("P-RJBZ").ok
    form = service.session.form
    assert service.session.item.code == "CZ-0902" and service.session.step is Step.FORM
    assert form.values["uscc"] == XINGHE.uscc and form.values["company_name"] == "星河软件科技有限公司"
    assert form.values["policy"] == "高新区软件企业研发补助" and {"uscc", "company_name", "policy"} <= form.locked
    service.event("set_field", "mobile", "13800138000")
    service.event("set_field", "bank_account", "6222020200112233445")
    assert service.event("to_review").ok
    assert service.submit().ok and service.session.receipt.item_code == "CZ-0902"


def test_offline_the_link_is_checked_on_delivery(platform, client, service, platform_cfg):
    down = PlatformClient(dataclasses.replace(platform_cfg, url=f"http://127.0.0.1:{free_port()}", connect_timeout_s=0.5))
    service.client = service.sync.client = down
    keys = []
    for uscc in (XINGHE.uscc, QINGHE.uscc):                  # linked, and not linked
        _to_enterprise_step(service)
        outcome = service.enterprise.identify(uscc)
        assert outcome.ok and outcome.message_code == "enterprise_unconfirmed"
        assert service.session.enterprise.role is EnterpriseRole.UNCONFIRMED
        assert service.enterprise.matches(), "the cached policies still list (conditions to be checked)"
        service.event("continue_to_form")
        for name, value in (("mobile", "13800138000"), ("company_name", "某公司"), ("bank_account", "6222")):
            service.event("set_field", name, value)
        assert service.event("to_review").ok
        assert service.submit().ok and service.session.queued_id
        keys.append(service.session.queued_id)
        service.end(EndReason.FINISHED)
    service.client = service.sync.client = client
    time.sleep(0.25)
    report = service.sync.sync_once()
    assert report.done == 1 and report.parked == 1
    assert platform.count_applications(keys[0]) == 1 and platform.count_applications(keys[1]) == 0
    parked = service.sync.outbox.parked()
    assert parked[0][0].id == keys[1] and parked[0][2] == "not_linked"
