"""The reporting jurisdiction comes from the front matter's formulas (kg.extract.jurisdiction)."""

import pytest

from kg.extract.admin import AdminLevel
from kg.extract.gazetteer import load_gazetteer
from kg.extract.jurisdiction import mentions, reporting_jurisdiction


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_jurisdiction_congress_line_names_a_county_inside_one_word(gaz):
    text = ("政 府 工 作 报 告\n——2023年1月9日在吉安县第十七届人民代表大会第三次会议上\n县长 王某某\n"
            "各位代表：\n现在，我代表县人民政府向大会报告工作。吉安市、井冈山市来客不断。")
    rep = reporting_jurisdiction(text, gaz)
    assert rep.name == "吉安县" and [d.name for d in rep.chain] == ["吉安县", "吉安市", "江西省"]
    assert mentions(text, rep) == [(text.index("吉安县"), text.index("吉安县") + 3)]


def test_jurisdiction_province_report_is_the_province(gaz):
    text = "2022年江西省政府工作报告\n——在江西省第十三届人民代表大会第六次会议上\n省长 某某\n各位代表：南昌市……"
    rep = reporting_jurisdiction(text, gaz)
    assert rep.division is not None and rep.division.level == AdminLevel.PROVINCE and rep.name == "江西省"


def test_jurisdiction_banner_abbreviation_the_table_lacks_is_still_the_district(gaz):
    text = "——在某某右旗第十届人民代表大会第二次会议上\n各位代表：\n现在，我代表某某右旗人民政府向大会报告工作。"
    rep = reporting_jurisdiction(text, gaz)
    assert rep.found and rep.name == "某某右旗" and rep.division is None and rep.level_char == "旗"


def test_jurisdiction_composite_name_resolves_to_the_county_of_that_city(gaz):
    # 朝阳区 exists in 北京 and 长春: the composite congress line says which
    text = "——在长春市朝阳区第十八届人民代表大会第一次会议上\n各位代表："
    rep = reporting_jurisdiction(text, gaz)
    assert rep.division is not None and rep.division.parent == "长春市"


def test_jurisdiction_delegate_line_level_restricts_the_count(gaz):
    # no formula names the place: "我代表市人民政府" says it is a city, so the county named
    # more often is not chosen
    text = "各位代表：\n现在，我代表市人民政府向大会报告工作。\n九江市经济平稳。修水县、修水县、修水县加快发展。"
    rep = reporting_jurisdiction(text, gaz)
    assert rep.name == "九江市"


def test_jurisdiction_state_council_has_none(gaz):
    rep = reporting_jurisdiction("国务院关于2021年国民经济和社会发展计划执行情况的报告\n……", gaz)
    assert rep.national and not rep.found


def test_jurisdiction_reporting_district_is_an_entity_inside_the_congress_word():
    from kg.config import Settings
    from kg.extract.pipeline import Extractor
    from kg.ingest import document_from_text

    text = "——2023年1月9日在吉安县第十七届人民代表大会第三次会议上\n各位代表：\n全县经济平稳增长。"
    result = Extractor(Settings(use_hanlp=False)).extract(document_from_text(text, doc_id="t"))
    districts = [e for e in result.entities if e.type == "District"]
    assert any(e.name == "吉安县" and e.code for e in districts)
