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
