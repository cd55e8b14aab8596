"""Entity rules without the JVM (KG_USE_HANLP=false): what each rule finds and refuses."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.extract.pipeline import Extractor
from kg.ingest import document_from_text


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Settings(use_hanlp=False))


def _ents(extractor: Extractor, text: str) -> dict[tuple[str, str], object]:
    res = extractor.extract(document_from_text(text, source="t", doc_id="t"))
    return {(e.type, e.name): e for e in res.entities}


def test_entities_quoted_slogan_with_tail_is_policy_with_alias(extractor: Extractor) -> None:
    ents = _ents(extractor, "深化“放管服”改革，扎实做好“六稳”工作。")
    fang = ents[("Policy", "“放管服”改革")]
    assert "“放管服”" in fang.aliases
    assert ("Policy", "“六稳”工作") in ents


def test_entities_book_title_is_policy_without_draft_marker_alias(extractor: Extractor) -> None:
    ents = _ents(extractor, "请连同《某某区国民经济和社会发展第十四个五年规划纲要（草案）》一并审议。")
    pol = [e for (t, _), e in ents.items() if t == "Policy"]
    assert any("某某区国民经济和社会发展第十四个五年规划纲要" in e.aliases for e in pol)


def test_entities_signature_person_after_title(extractor: Extractor) -> None:
    ents = _ents(extractor, "某某县人民政府县长 魏 宇\n各位代表：")
    person = [e for (t, _), e in ents.items() if t == "Person"]
    assert person and person[0].id == "Person:魏宇"
    assert not any(t == "Person" and n in {"县长", "代表"} for t, n in ents)


def test_entities_indicator_lexicon_and_urban_rural_expansion(extractor: Extractor) -> None:
    ents = _ents(extractor, "地区生产总值增长4%，城乡居民人均可支配收入分别增长5.8%、6.8%。")
    names = {n for t, n in ents if t == "Indicator"}
    assert {"地区生产总值", "城镇居民人均可支配收入", "农村居民人均可支配收入"} <= names


def test_entities_gazetteer_district_gets_code_and_parent(extractor: Extractor) -> None:
    ents = _ents(extractor, "在西华县和河南省的支持下，全区经济稳步增长。")
    county = ents[("District", "西华县")]
    assert county.code and county.parent == "周口市"
    assert county.id == f"District:{county.code}"
    assert ("District", "全区") not in ents


def test_entities_relative_organs_merge_into_full_government_name(extractor: Extractor) -> None:
    text = "川汇区人民政府区长 张三\n我代表区人民政府向大会报告工作。在区委的领导下，区政府做好工作。"
    ents = _ents(extractor, text)
    gov = ents[("Organization", "川汇区人民政府")]
    assert {"区人民政府", "区政府"} <= set(gov.aliases)
    assert gov.id == "Organization:川汇区/区政府"
    assert ents[("Organization", "区委")].id == "Organization:川汇区/区委"


def test_entities_enumerated_companies_before_qiye(extractor: Extractor) -> None:
    ents = _ents(extractor, "长城汽车、雅迪电动车、东鹏陶瓷等一批龙头企业相继落户。")
    companies = {n for t, n in ents if t == "Company"}
    assert {"雅迪电动车", "东鹏陶瓷"} <= companies
