from api_schema.models import Audience, FieldType, IdentitySource
from kiosk.catalog import CatalogView
from platform_server.seed_catalog import SEED_ITEMS
from api_schema.models import Catalog


def view() -> CatalogView:
    return CatalogView(Catalog(version="t", watermark=1, items=SEED_ITEMS))


def test_at_least_twelve_items_across_departments():
    assert len(SEED_ITEMS) >= 12
    assert len({i.department for i in SEED_ITEMS}) >= 6
    assert len({i.code for i in SEED_ITEMS}) == len(SEED_ITEMS)
    assert any(i.audience is Audience.ENTERPRISE for i in SEED_ITEMS)


def test_every_guide_is_complete():
    for item in SEED_ITEMS:
        assert item.name and item.name_en and item.department and item.summary, item.code
        assert item.conditions and item.legal_basis and item.materials and item.procedure and item.fees, item.code
        assert item.time_limit_promised_days <= item.time_limit_legal_days, item.code
        assert item.form, item.code
        names = [f.name for f in item.form]
        assert len(names) == len(set(names)), item.code
        for f in item.form:
            if f.type is FieldType.SELECT:
                assert f.options, (item.code, f.name)
        for m in item.materials:
            assert not m.deferrable or m.defer_days > 0, (item.code, m.code)


def test_every_guide_and_form_is_in_english_too():
    """Whatever the guide and the form show in Chinese has its English: line for line, every option of a
    choice (numbers excepted), every note, hint and group; the park's policies and their conditions."""
    from platform_server.seed_park import PARK_ITEMS, POLICIES

    for item in [*SEED_ITEMS, *PARK_ITEMS]:
        assert item.summary_en and item.fees_en, item.code
        for zh, en in (("conditions", "conditions_en"), ("legal_basis", "legal_basis_en"),
                       ("procedure", "procedure_en")):
            assert len(getattr(item, en)) == len(getattr(item, zh)), (item.code, en)
        for m in item.materials:
            assert m.name_en and (m.note_en or not m.note), (item.code, m.code)
        for f in item.form:
            assert f.hint_en or not f.hint, (item.code, f.name)
            assert f.group_en or not f.group, (item.code, f.name)
            if f.options and not all(o.rstrip("%").isdigit() for o in f.options):
                assert len(f.options_en) == len(f.options), (item.code, f.name)
    for policy in POLICIES:
        assert policy.summary_en and policy.benefit_en and policy.department_en, policy.code
        assert all(c.text_en for c in policy.conditions), policy.code


def test_an_english_guide_and_form_show_english_and_store_the_option_itself():
    from ui.session_view import field_info, item_view, review_rows

    from .test_session import at_form

    item = next(i for i in SEED_ITEMS if i.code == "RS-0101")
    guide = item_view(item, "en")
    assert guide["summary"] == item.summary_en and guide["conditions"] == item.conditions_en
    assert guide["fees"] == "Free of charge" and guide["materials"][0]["note"] == item.materials[0].note_en
    assert item_view(item, "zh")["summary"] == item.summary
    session = at_form("RS-0101")
    assert session.set_field("purpose", "购房") is None
    purpose = field_info(session, "purpose", "en")
    assert purpose["optionLabels"][0] == "Buying a home" and purpose["options"][0] == "购房"
    assert {"label": "Purpose", "value": "Buying a home"} in review_rows(session, "en")
    assert session.form.values["purpose"] == "购房"                  # what is submitted stays the option


def test_personal_items_prefill_name_and_id():
    for item in SEED_ITEMS:
        sources = {f.source for f in item.form}
        assert {IdentitySource.NAME, IdentitySource.ID_NUMBER} <= sources, item.code


def test_some_items_defer_materials_and_some_are_instant():
    assert any(m.deferrable for i in SEED_ITEMS for m in i.materials)
    assert any(i.instant for i in SEED_ITEMS) and any(not i.instant for i in SEED_ITEMS)


def test_search():
    v = view()
    assert v.search("参保证明")[0].name == "社保参保证明打印"
    assert [i.code for i in v.search("公积金")] == ["GJJ-0201"]
    assert v.search("provident")[0].code == "GJJ-0201"
    assert "SJ-0801" in [i.code for i in v.search("营业执照")]
    assert v.search("不存在的事项") == []
    assert len(v.search("")) == len(SEED_ITEMS)
    assert all(i.audience is Audience.ENTERPRISE for i in v.search("", Audience.ENTERPRISE))


def test_search_by_pinyin():
    v = view()
    assert v.search("sbzm")[0].name == "社保参保证明打印"          # initials, syllables left out
    assert v.search("SBCBZM")[0].name == "社保参保证明打印"         # every initial, any case
    assert v.search("gongjijin")[0].code == "GJJ-0201"             # full syllables
    assert v.search("wfzm")[0].keywords.count("无房证明") == 1      # a keyword's initials
    assert v.search("jzz")[0].name.startswith("居住证")
    assert v.search("xyz") == []
    assert v.search("zz") != v.search("")                          # short words are not subsequences
