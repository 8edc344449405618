import datetime as dt

import pytest

from api_schema.models import Catalog, EvaluationLevel
from kiosk.catalog import CatalogView
from kiosk.identity import IdentityRefused
from kiosk.session import Session, Step, VerificationMethod, VerificationResult, WrongStep
from platform_server.seed_catalog import SEED_ITEMS

from .helpers import ID_NUMBER, NAME, identity

CATALOG = CatalogView(Catalog(version="t", watermark=1, items=SEED_ITEMS))
TODAY = dt.date(2026, 11, 21)
NOW = dt.datetime(2026, 11, 21, 2, 0, tzinfo=dt.timezone.utc)
FACE_OK = VerificationResult(VerificationMethod.FACE, True, 0.35)


def at_form(code: str = "RS-0101") -> Session:
    s = Session()
    s.choose_item(CATALOG.get(code))
    s.start()
    s.identified(identity(), TODAY)
    if s.step is Step.VERIFY:
        s.verified(FACE_OK)
    return s


def test_full_walk_headless():
    s = at_form()
    assert s.step is Step.FORM
    assert s.form.values["applicant_name"] == NAME and s.form.values["id_number"] == ID_NUMBER
    assert {"applicant_name", "id_number"} <= s.form.locked
    assert s.to_review() is False and s.last_error == "form_invalid"
    assert set(s.form.errors) == {"mobile", "purpose", "months"}
    s.set_field("mobile", "13800138000")
    s.set_field("purpose", "购房")
    s.set_field("months", "24")
    assert s.to_review() and s.step is Step.REVIEW
    payload, key = s.begin_submit(NOW)
    assert s.step is Step.SUBMITTING and payload.applicant.name == NAME and payload.form["months"] == "24"
    s.submit_failed("platform_unreachable")
    assert s.step is Step.REVIEW and s.form.values["mobile"] == "13800138000"   # nothing lost
    payload2, key2 = s.begin_submit(NOW)
    assert key2 == key and payload2 == payload       # a retry replays the same idempotency key


def test_card_only_item_skips_verification():
    s = Session()
    s.choose_item(CATALOG.get("YB-0601"))
    s.start()
    s.identified(identity(), TODAY)
    assert s.step is Step.FORM and s.verification.method is VerificationMethod.CARD_ONLY


def test_typed_identity_always_needs_the_real_person_check():
    from kiosk.identity import manual_identity
    s = Session()
    s.choose_item(CATALOG.get("YB-0601"))          # the card alone would do
    s.start()
    s.identified(manual_identity(NAME, ID_NUMBER, TODAY), TODAY)
    assert s.step is Step.VERIFY and s.verification is None


def test_failed_verification_stays():
    s = Session()
    s.choose_item(CATALOG.get("RS-0101"))
    s.start()
    s.identified(identity(), TODAY)
    s.verified(VerificationResult(VerificationMethod.FACE, False, 0.8))
    assert s.step is Step.VERIFY and s.last_error == "verify_failed" and s.form is None


def test_expired_card_refused_and_step_kept():
    s = Session()
    s.choose_item(CATALOG.get("RS-0101"))
    s.start()
    with pytest.raises(IdentityRefused) as err:
        s.identified(identity(valid_to=dt.date(2020, 1, 1)), TODAY)
    assert err.value.reason == "identity_expired" and s.step is Step.IDENTIFY and s.identity is None


def test_bad_id_number_refused():
    s = Session()
    s.choose_item(CATALOG.get("RS-0101"))
    s.start()
    with pytest.raises(IdentityRefused, match="identity_bad_number"):
        s.identified(identity(id_number="110105194912310021"), TODAY)


def test_events_in_the_wrong_step_change_nothing():
    s = Session()
    with pytest.raises(WrongStep):
        s.identified(identity(), TODAY)        # a card on the reader at the home screen
    with pytest.raises(WrongStep):
        s.begin_submit(NOW)
    assert s.step is Step.HOME and s.identity is None


def test_locked_fields_cannot_be_overwritten():
    s = at_form()
    s.set_field("applicant_name", "李四")
    assert s.form.values["applicant_name"] == NAME


def test_deferred_materials():
    s = at_form("GA-0701")
    s.defer_material("M-HOUSE", True)
    with pytest.raises(ValueError):
        s.defer_material("M-RES", True)      # not allowed under 容缺受理
    for name, value in {"mobile": "13800138000", "residence_address": "杭州市西湖区文三路1号"}.items():
        s.set_field(name, value)
    assert s.to_review()
    payload, _ = s.begin_submit(NOW)
    assert payload.deferred_materials == ["M-HOUSE"]


def test_rating_step():
    s = at_form("YB-0601")
    s.set_field("mobile", "13800138000")
    s.to_review()
    s.begin_submit(NOW)
    with pytest.raises(WrongStep):
        s.rated(EvaluationLevel.SATISFIED)


def test_the_result_screen_says_what_is_owed_and_by_when_as_the_receipt_does():
    """容缺: the deadline on the screen, not only on paper, counted in working days with 调休 — here a
    submission on Friday 13 Feb 2026 owes its proof of residence by 27 Feb (Sat 14 is a working day, the
    Spring Festival 15–23 is not), not by 20 Feb as Monday–Friday counting says."""
    from kiosk.documents.receipt import acceptance_receipt
    from ui.session_view import receipt

    s = at_form("GA-0701")
    s.defer_material("M-HOUSE", True)
    for name, value in {"mobile": "13800138000", "residence_address": "杭州市西湖区文三路1号"}.items():
        s.set_field(name, value)
    assert s.to_review()
    _, key = s.begin_submit(NOW)
    s.queued(key)
    friday = dt.date(2026, 2, 13)
    shown = receipt(s, "zh", today=friday)
    assert shown["deferred"] == [{"name": "合法稳定住所证明（租赁合同或房产证）", "due": "2026-02-27", "days": "5"}]
    assert receipt(s, "en", today=friday)["deferred"][0]["name"] == "Proof of residence (lease or title deed)"
    paper = acceptance_receipt(item=s.item, applicant_name=NAME, id_number=ID_NUMBER, kiosk_name="k",
                               now=dt.datetime(2026, 2, 13, 10, 0), local_ref=shown["localRef"],
                               deferred=[m for m in s.item.materials if m.code == "M-HOUSE"])
    assert "请于 2026-02-27 前补交" in str(paper)
