"""kg.build for navigation (issue 12): figures on their subject, REPORTED_BY, co-mentions, one
District node per real district. Pure: no database. Places are invented (see tests/conftest.py)."""

from __future__ import annotations

from kg.build import REPORTED_BY, build_rows, short_key, town_key
from kg.models import ExtractionResult, ReportingDistrict
from tests.conftest import make_result


def _report(metrics: list[dict] | None = None, relations: list[tuple] | None = None,
            entities: list[dict] | None = None) -> ExtractionResult:
    lines = ["2021年，松岭县地区生产总值完成120亿元。",
             "加快推进总投资30亿元的云杉食品产业园项目，打造冷链物流基地。",
             "立足云杉食品产业园项目，发挥华岳技术、海川物流等平台优势。",
             "县委、县政府团结带领全县人民，鹿鸣镇人民政府落实部署。"]
    ents = entities if entities is not None else [
        {"type": "District", "name": "松岭县", "code": "529901", "parent": "鹤州市", "id": "District:529901"},
        {"type": "District", "name": "鹤州", "code": "529900", "id": "District:529900"},
        {"type": "Indicator", "name": "地区生产总值"},
        {"type": "Project", "name": "云杉食品产业园项目"},
        {"type": "Company", "name": "华岳技术"},
        {"type": "Company", "name": "海川物流"},
        {"type": "Organization", "name": "县委"},
        {"type": "Organization", "name": "县政府"},
    ]
    return make_result("songling-2022", "松岭县2022年政府工作报告", [("一、工作回顾", "2021", lines)], ents,
                       relations or [], metrics or [])


_GDP = {"indicator": "地区生产总值", "kind": "actual", "measure": "level", "value": 120, "unit": "亿元",
        "period": "2021", "sentence": 0}
_INVEST = {"indicator": "云杉食品产业园项目总投资", "kind": "target", "measure": "level", "value": 30,
           "unit": "亿元", "sentence": 1, "subject": "云杉食品产业园项目", "subject_type": "Project"}


def test_build_metric_about_its_subject_or_the_district() -> None:
    rows = build_rows(_report(metrics=[_GDP, _INVEST]))
    about = {m.indicator: m.about_id for m in rows.metrics}
    assert about["云杉食品产业园项目总投资"] == "Project:云杉食品产业园项目"
    assert about["地区生产总值"] == "District:529901"  # an aggregate stays on the reporting district


def test_build_metric_subject_unknown_falls_back_to_the_district() -> None:
    lost = {**_INVEST, "subject": "不存在的项目"}
    rows = build_rows(_report(metrics=[lost]))
    assert rows.metrics[0].about_id == "District:529901"


def test_build_reporting_district_from_the_result() -> None:
    result = _report(metrics=[_GDP])
    result.reporting = ReportingDistrict(name="鹤州", code="529900")
    assert build_rows(result).metrics[0].about_id == "District:529900"


def test_build_reported_by_only_for_projects_the_text_places_nowhere() -> None:
    rows = build_rows(_report())
    reported = [(r.head_id, r.tail_id, r.source) for r in rows.relations if r.type == REPORTED_BY]
    assert reported == [("Project:云杉食品产业园项目", "District:529901", "reporting")]
    placed = build_rows(_report(relations=[("LOCATED_IN", "云杉食品产业园项目", "松岭县", 1)]))
    assert not [r for r in placed.relations if r.type == REPORTED_BY]
    assert [r.type for r in placed.relations if r.head_id == "Project:云杉食品产业园项目"] == ["LOCATED_IN"]


def test_build_co_mentions_pair_entities_of_a_sentence() -> None:
    rows = build_rows(_report(metrics=[_GDP]))
    pairs = {(c.head_id, c.tail_id): c.sentence_ids for c in rows.co_mentions}
    assert pairs[("Organization:县委", "Organization:县政府")] == ["songling-2022:s3"]
    assert pairs[("Company:华岳技术", "Company:海川物流")] == ["songling-2022:s2"]
    assert ("Company:华岳技术", "Project:云杉食品产业园项目") in pairs
    # a metric names its indicator where it is stated
    assert ("District:529901", "Indicator:地区生产总值") in pairs
    assert all(h < t for h, t in pairs)  # one direction per pair: the smaller id first


def test_build_co_mentions_count_each_sentence_once() -> None:
    rows = build_rows(_report())
    pair = next(c for c in rows.co_mentions
                if (c.head_id, c.tail_id) == ("Company:华岳技术", "Project:云杉食品产业园项目"))
    assert pair.sentence_ids == ["songling-2022:s2"]


def test_build_districts_merge_by_code_short_form_and_town_stem() -> None:
    ents = [{"type": "District", "name": "松岭县", "code": "529901", "parent": "鹤州市", "id": "District:529901"},
            {"type": "District", "name": "鹤州", "code": "529900", "id": "District:529900"},
            {"type": "District", "name": "鹿鸣街道办事处"},
            {"type": "District", "name": "竹溪村", "parent": "鹿鸣路街道"},
            {"type": "District", "name": "松岭", "code": "529901", "id": "District:529901"}]
    rows = build_rows(_report(entities=ents))
    districts = {e.id: e for e in rows.entities if e.type == "District"}
    # 鹤州市 (the gazetteer parent) is 鹤州 (code 529900); 鹿鸣路街道 is 鹿鸣街道办事处; 松岭 is 松岭县
    assert set(districts) == {"District:529901", "District:529900", "District:鹿鸣街道办事处", "District:竹溪村"}
    assert "鹤州市" in districts["District:529900"].aliases
    assert "鹿鸣路街道" in districts["District:鹿鸣街道办事处"].aliases
    part_of = {(r.head_id, r.tail_id) for r in rows.relations if r.type == "PART_OF"}
    assert ("District:竹溪村", "District:鹿鸣街道办事处") in part_of
    assert ("District:529901", "District:529900") in part_of
    codes = [e.code for e in districts.values() if e.code]
    assert len(codes) == len(set(codes))


def test_build_districts_with_two_codes_never_merge() -> None:
    # a resolver keys coded districts by code; here the ids are names, and still the codes keep them apart
    ents = [{"type": "District", "name": "鹤州市", "code": "529900"},
            {"type": "District", "name": "鹤州", "code": "539901"}]
    rows = build_rows(_report(entities=ents))
    assert {e.id for e in rows.entities if e.type == "District"} == {"District:鹤州市", "District:鹤州"}


def test_build_short_and_town_keys() -> None:
    assert short_key("鹤州市") == short_key("鹤州") == "鹤州"
    assert short_key("城区") is None  # one character is no name
    assert town_key("鹿鸣路街道") == town_key("鹿鸣街道办事处") == town_key("鹿鸣镇") == "鹿鸣"
    assert town_key("松岭县") is None
