"""Behaviour of each relation pattern, on sentences in the style of county reports.

Entities are given by hand (the entity stage is not under test): every occurrence of a
name in the text becomes a mention, longest names first so nested names are also found.
"""

from __future__ import annotations

import re

import pytest
from relations_support import make_doc

from kg.extract.relations import extract_relations
from kg.models import Document, Entity, Mention


def make_entities(doc: Document, spec: dict[str, str], aliases: dict[str, list[str]] | None = None) -> list[Entity]:
    out = []
    for name, etype in spec.items():
        e = Entity(type=etype, name=name, aliases=(aliases or {}).get(name, []))
        for form in [name, *e.aliases]:
            for m in re.finditer(re.escape(form), doc.text):
                i = next(s.index for s in doc.sentences if s.start <= m.start() < s.end)
                e.mentions.append(Mention(text=form, start=m.start(), end=m.end(), sentence=i, type=etype))
        out.append(e)
    return out


def triples(text: str, spec: dict[str, str], aliases: dict[str, list[str]] | None = None) -> set[tuple[str, str, str]]:
    doc = make_doc(text)
    return {(r.type, r.head, r.tail) for r in extract_relations(doc, make_entities(doc, spec, aliases))}


GOV = {"武侯区人民政府": "Organization", "武侯区": "District"}
HOME = "我代表武侯区人民政府向大会报告工作。\n"


# ---------------------------------------------------------------- HOLDS_POST
def test_relations_signature_line_gives_holds_post():
    got = triples("成都市武侯区人民政府区长 张明\n各位代表：", {
        "成都市武侯区人民政府": "Organization", "张明": "Person", "成都市武侯区": "District"})
    assert ("HOLDS_POST", "张明", "成都市武侯区人民政府") in got


def test_relations_bare_title_links_person_to_matching_government():
    got = triples("县长 王强\n我代表县人民政府，向大会报告工作。\n在省政府的领导下。", {
        "王强": "Person", "县人民政府": "Organization", "省政府": "Organization"})
    assert ("HOLDS_POST", "王强", "县人民政府") in got
    assert ("HOLDS_POST", "王强", "省政府") not in got


def test_relations_core_of_party_centre_is_holds_post():
    got = triples("紧密团结在以习近平同志为核心的党中央周围。", {"习近平": "Person", "党中央": "Organization"})
    assert got == {("HOLDS_POST", "习近平", "党中央")}


def test_relations_person_merely_near_organisation_is_not_holds_post():
    got = triples("张明在区人民政府常务会议上通报了情况。", {"张明": "Person", "区人民政府": "Organization"})
    assert not any(t == "HOLDS_POST" for t, _, _ in got)


# ---------------------------------------------------------------- PART_OF
def test_relations_town_followed_by_village_list_is_part_of():
    got = triples("围绕石桥镇红星村、团结村发展蔬菜种植，围绕白鹤街道办事处桂花村打造生态廊道。", {
        "石桥镇": "District", "红星村": "District", "团结村": "District",
        "白鹤街道办事处": "District", "桂花村": "District"})
    assert got == {("PART_OF", "红星村", "石桥镇"), ("PART_OF", "团结村", "石桥镇"),
                   ("PART_OF", "桂花村", "白鹤街道办事处")}


def test_relations_list_of_peer_districts_is_not_part_of():
    got = triples("武侯区、锦江区和青羊区联合开展整治。", {
        "武侯区": "District", "锦江区": "District", "青羊区": "District"})
    assert got == set()


def test_relations_district_named_after_its_city_is_part_of():
    got = triples("2022年佛山市南海区政府工作报告。佛山高新区获评先进园区。", {
        "佛山市南海区": "District", "佛山市": "District", "佛山高新区": "District"},
        aliases={"佛山市": ["佛山"]})
    assert ("PART_OF", "佛山市南海区", "佛山市") in got
    assert ("PART_OF", "佛山高新区", "佛山市") in got


def test_relations_gazetteer_parent_alone_is_no_part_of():
    # GUIDELINES convention 3: a contribution (为成都…贡献武侯力量) does not state containment, and the
    # gazetteer's parent is outside knowledge; PART_OF needs the names written together
    got = triples(HOME + "为成都的高质量发展贡献武侯力量，推进双流区协同发展。", {
        **GOV, "成都": "District", "双流区": "District"})
    assert ("PART_OF", "武侯区", "成都") not in got
    assert ("PART_OF", "双流区", "成都") not in got


# ---------------------------------------------------------------- LOCATED_IN
def test_relations_place_right_before_project_is_located_in():
    got = triples("依托天府新区“智能制造孵化器”，培育创新型企业。", {
        "天府新区": "District", "智能制造孵化器": "Project"})
    assert got == {("LOCATED_IN", "智能制造孵化器", "天府新区")}


def test_relations_project_named_after_place_is_located_in():
    got = triples("立足成都数字经济产业园，推动制造业转型。做好锦江两岸提升项目申报。推广“爱成都”APP。", {
        "成都": "District", "成都数字经济产业园": "Project", "锦江": "Location",
        "锦江两岸提升项目": "Project", "“爱成都”APP": "Project"})
    assert ("LOCATED_IN", "成都数字经济产业园", "成都") in got
    assert ("LOCATED_IN", "锦江两岸提升项目", "锦江") in got
    assert not any(h == "“爱成都”APP" for _, h, _ in got)


def test_relations_companies_settling_without_place_go_to_reporting_district():
    got = triples(HOME + "招商引资实现突破，比亚迪、宁德时代等一批龙头企业相继落户。", {
        **GOV, "比亚迪": "Company", "宁德时代": "Company"})
    assert ("LOCATED_IN", "比亚迪", "武侯区") in got
    assert ("LOCATED_IN", "宁德时代", "武侯区") in got


def test_relations_projects_that_landed_are_not_placed_by_default():
    got = triples(HOME + "招商成果丰硕，比亚迪等一批项目相继落地。", {**GOV, "比亚迪": "Company"})
    assert not any(t == "LOCATED_IN" for t, _, _ in got)


def test_relations_entering_the_park_refers_back_to_the_park():
    got = triples("绿色产业园区管委会挂牌成立。引进龙头企业华友钴业等12户企业入驻园区投资兴业。", {
        "绿色产业园区": "District", "华友钴业": "Company"})
    assert ("LOCATED_IN", "华友钴业", "绿色产业园区") in got


def test_relations_explicit_settle_place_is_located_in():
    got = triples("华友钴业落户临港新区。", {"华友钴业": "Company", "临港新区": "District"})
    assert got == {("LOCATED_IN", "华友钴业", "临港新区")}


# ---------------------------------------------------------------- PARTICIPATES_IN
def test_relations_company_building_project_in_one_clause_participates():
    got = triples("主导产业成势，华友钴业建成全国最大的三元前驱体生产基地，通威股份全省首个光伏组件项目开工建设。", {
        "华友钴业": "Company", "三元前驱体生产基地": "Project", "通威股份": "Company",
        "光伏组件项目": "Project", "三元前驱体": "Industry"})
    assert ("PARTICIPATES_IN", "华友钴业", "三元前驱体生产基地") in got
    assert ("PARTICIPATES_IN", "通威股份", "光伏组件项目") in got
    assert ("IN_INDUSTRY", "华友钴业", "三元前驱体") in got


def test_relations_listed_company_before_project_does_not_participate():
    got = triples("发挥比亚迪、天府软件园项目等资源优势。", {"比亚迪": "Company", "天府软件园项目": "Project"})
    assert not any(t == "PARTICIPATES_IN" for t, _, _ in got)


def test_relations_project_named_after_company_and_leaders_of_industry():
    got = triples("加快智慧物流发展，以菜鸟、中通西南分拨中心为龙头，形成产业集群。", {
        "菜鸟": "Company", "中通": "Company", "中通西南分拨中心": "Project", "智慧物流": "Industry"})
    assert ("PARTICIPATES_IN", "中通", "中通西南分拨中心") in got
    assert ("IN_INDUSTRY", "菜鸟", "智慧物流") in got
    assert ("IN_INDUSTRY", "中通", "智慧物流") in got


def test_relations_cooperation_then_project_gives_partner():
    got = triples(HOME + "加强与华润置地合作，加快推进锦城源项目建设，将九眼桥片区打造成文化新名片。", {
        **GOV, "华润置地": "Company", "锦城源项目": "Project", "九眼桥片区": "Location"})
    assert ("PARTICIPATES_IN", "华润置地", "锦城源项目") in got
    assert ("COOPERATES_WITH", "武侯区人民政府", "华润置地") in got
    assert ("LOCATED_IN", "锦城源项目", "九眼桥片区") in got


# ---------------------------------------------------------------- IN_INDUSTRY
def test_relations_companies_right_before_industry():
    got = triples("围绕长虹、九洲电子信息产业拉长产业链条。", {
        "长虹": "Company", "九洲": "Company", "电子信息产业": "Industry"})
    assert got == {("IN_INDUSTRY", "长虹", "电子信息产业"), ("IN_INDUSTRY", "九洲", "电子信息产业")}


def test_relations_industry_role_then_company():
    got = triples("新能源汽车主导产业比亚迪实现投产。", {"新能源汽车": "Industry", "比亚迪": "Company"})
    assert got == {("IN_INDUSTRY", "比亚迪", "新能源汽车")}


def test_relations_company_that_becomes_a_leader_of_industry():
    got = triples("一汽集团成为西南地区轻卡销量领跑者。", {"一汽集团": "Company", "轻卡": "Industry"})
    assert got == {("IN_INDUSTRY", "一汽集团", "轻卡")}


def test_relations_industry_clause_then_company_list():
    got = triples("围绕智能终端产业，抓好京东方、天马微电子等项目，进一步延链。", {
        "智能终端产业": "Industry", "京东方": "Company", "天马微电子": "Company"})
    assert got == {("IN_INDUSTRY", "京东方", "智能终端产业"), ("IN_INDUSTRY", "天马微电子", "智能终端产业")}


def test_relations_traditional_industry_list_is_not_led_industry():
    got = triples("大力发展高新技术产业，鼓励川茶集团、长城门业等传统产业加强与高校合作。", {
        "高新技术产业": "Industry", "川茶集团": "Company", "长城门业": "Company"})
    assert not any(t == "IN_INDUSTRY" for t, _, _ in got)
    assert not any(t == "COOPERATES_WITH" for t, _, _ in got)


def test_relations_project_then_industries_it_is_built_around():
    got = triples("加快推进总投资12亿元的天府电商港项目建设，以跨境电商为引爆点，以冷链物流为依托，形成大商贸格局。", {
        "天府电商港项目": "Project", "跨境电商": "Industry", "冷链物流": "Industry"})
    assert got == {("IN_INDUSTRY", "天府电商港项目", "跨境电商"), ("IN_INDUSTRY", "天府电商港项目", "冷链物流")}


def test_relations_project_named_after_industry_needs_the_industry_in_the_sentence():
    with_industry = triples("发展茶文化，依托蒙顶山茶文化产业园，弘扬茶乡品牌。", {
        "茶文化": "Industry", "蒙顶山茶文化产业园": "Project"})
    without = triples("依托蒙顶山茶文化产业园，弘扬茶乡品牌。", {
        "茶文化": "Industry", "蒙顶山茶文化产业园": "Project"})
    assert ("IN_INDUSTRY", "蒙顶山茶文化产业园", "茶文化") in with_industry
    assert without == set()


# ---------------------------------------------------------------- COOPERATES_WITH
@pytest.mark.parametrize("sentence", ["深化与四川大学战略合作。", "全面加强与四川大学合作。"])
def test_relations_cooperation_without_subject_is_the_reporting_government(sentence: str):
    got = triples(HOME + sentence, {**GOV, "四川大学": "Organization"})
    assert ("COOPERATES_WITH", "武侯区人民政府", "四川大学") in got


def test_relations_cooperation_with_explicit_subject():
    got = triples("华友钴业与宁德时代签约共建电池材料基地。", {"华友钴业": "Company", "宁德时代": "Company"})
    assert got == {("COOPERATES_WITH", "华友钴业", "宁德时代")}


# ---------------------------------------------------------------- precision
def test_relations_co_occurrence_alone_states_nothing():
    got = triples(
        "全年地区生产总值增长6%。加快发展数字经济、现代物流等产业，持续推进天府大道、锦江绿道等项目建设。"
        "比亚迪、京东方等企业实现产值增长，数字经济占比提升。武侯区、双流区被评为先进单位。"
        "在市委、市政府的坚强领导下，武侯区干部群众奋力拼搏。", {
            "数字经济": "Industry", "现代物流": "Industry", "天府大道": "Location", "锦江绿道": "Project",
            "比亚迪": "Company", "京东方": "Company", "武侯区": "District", "双流区": "District",
            "市委": "Organization", "市政府": "Organization"})
    assert got == set()


def test_relations_town_then_unrecognised_item_then_villages():
    got = triples("围绕石桥镇李家湾、红星村、团结村发展蔬菜种植。", {
        "石桥镇": "District", "红星村": "District", "团结村": "District"})
    assert got == {("PART_OF", "红星村", "石桥镇"), ("PART_OF", "团结村", "石桥镇")}


def test_relations_province_prefix_does_not_place_an_institution():
    got = triples("四川职业技术学院汽车学院落地。", {
        "四川省": "District", "四川职业技术学院汽车学院": "Organization"}, aliases={"四川省": ["四川"]})
    assert got == set()
