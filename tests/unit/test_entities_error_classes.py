"""Error classes fixed in the entity rules (no JVM): each test is one class, with invented names."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.extract.pipeline import Extractor
from kg.ingest import document_from_text

_HEAD = "2023年1月在名山区第十届人民代表大会第三次会议上\n名山区人民政府区长 张某某\n各位代表：\n"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Settings(use_hanlp=False))


def _ents(extractor: Extractor, body: str) -> set[tuple[str, str]]:
    res = extractor.extract(document_from_text(_HEAD + body, source="t", doc_id="t"))
    return {(e.type, e.name) for e in res.entities}


def test_entities_far_county_glued_in_verb_phrase_is_no_district(extractor: Extractor) -> None:
    ents = _ents(extractor, "一年来，我们聚力兴城市，城市面貌焕然一新。")
    assert ("District", "兴城市") not in ents


def test_entities_honour_ranking_town_is_no_district(extractor: Extractor) -> None:
    ents = _ents(extractor, "3个乡镇入围全国综合实力千强镇。")
    assert not any(t == "District" and n.endswith("千强镇") for t, n in ents)


def test_entities_village_station_is_no_village(extractor: Extractor) -> None:
    ents = _ents(extractor, "地铁全线动工，凤鸣村站等5个地下站点主体结构完工。")
    assert ("District", "凤鸣村") not in ents


def test_entities_political_members_are_no_organization(extractor: Extractor) -> None:
    ents = _ents(extractor, "现在，我代表区人民政府向大会报告工作，并请区政协委员提出意见。")
    assert ("Organization", "区政协") not in ents
    both = _ents(extractor, "在区人大、区政协的监督支持下，我们奋力拼搏。")
    assert any(t == "Organization" and "政协" in n for t, n in both)


def test_entities_class_of_institutions_is_no_organization(extractor: Extractor) -> None:
    ents = _ents(extractor, "深入开展校外培训机构、民办学校专项治理。")
    assert ("Organization", "民办学校") not in ents


def test_entities_project_after_its_category_noun_is_the_name(extractor: Extractor) -> None:
    ents = _ents(extractor, "安置房项目锦绣家园主体建成。")
    assert ("Project", "锦绣家园") in ents
    assert not any(t == "Project" and n.startswith("安置房") for t, n in ents)


def test_entities_class_noun_after_deng_is_no_project(extractor: Extractor) -> None:
    ents = _ents(extractor, "智慧城市、数字化城管等网络平台试点运行。")
    assert ("Project", "网络平台") not in ents


def test_entities_counted_firms_are_no_company(extractor: Extractor) -> None:
    ents = _ents(extractor, "加大对两家保洁公司的考核和监管。")
    assert not any(t == "Company" and "保洁公司" in n for t, n in ents)


def test_entities_province_brand_in_subject_position_is_company(extractor: Extractor) -> None:
    ents = _ents(extractor, "主导产业加速成势，河南鑫源建成全国最大的生产基地。")
    assert ("Company", "河南鑫源") in ents


def test_entities_soft_head_in_sector_list_is_industry(extractor: Extractor) -> None:
    ents = _ents(extractor, "推进交通运输、仓储物流等产业做大做强。")
    assert ("Company", "仓储物流") not in ents
    assert ("Industry", "仓储物流") in ents


def test_entities_generic_division_word_is_not_a_district():
    # 城区 is a real county-level name (晋城市城区) but a scope word in every report.
    from kg.config import Settings
    from kg.extract.pipeline import Extractor
    from kg.ingest import document_from_text

    doc = document_from_text("2021年政府工作报告\n加快中心城区建设，推进城区改造。", doc_id="t")
    result = Extractor(Settings(use_hanlp=False)).extract(doc)
    assert not [e for e in result.entities if e.type == "District" and e.name == "城区"]
