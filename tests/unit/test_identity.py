"""Cross-report identity keys (kg.extract.identity) and what the resolver makes of them: names
that must meet on one id, and names that must not. Every name is invented."""

from __future__ import annotations

from kg.extract.identity import (
    brand_of,
    company_key,
    merge_rule,
    org_scope,
    project_key,
    project_scope,
)
from tests.multiyear_support import qinghe_2021, qinghe_2022, shiling_2022

PLACES = {"青禾区", "青禾", "云州市", "云州", "岚江省"}
SCOPES = {"区": "青禾区", "市": "云州市", "省": "岚江省"}


def test_identity_company_legal_form_and_group_do_not_change_the_firm() -> None:
    assert company_key("远山智造科技有限公司") == company_key("远山智造科技") == "远山智造科技"
    assert company_key("远山集团") == company_key("远山集团有限公司") == company_key("远山（集团）有限公司") == "远山"
    assert company_key("星河新材料股份有限公司") == company_key("星河新材料") == "星河新材料"
    assert company_key("“云帆” 物流有限公司") == company_key("云帆物流") == "云帆物流"  # quotes, spaces


def test_identity_company_keys_keep_what_the_firm_does() -> None:
    assert company_key("远山科技有限公司") != company_key("远山电子有限公司")
    assert company_key("远山物流") != company_key("远山")
    assert company_key("公司") == "公司"  # nothing left to key on: the name stays whole


def test_identity_brand_is_tied_to_a_registered_name_only_plainly() -> None:
    assert brand_of("星河新材料科技有限公司", "星河新材料", PLACES) == "brand"  # + a filler word
    assert brand_of("云州恒拓新材料公司", "恒拓新材料", PLACES) == "place"  # the place it opens with
    assert brand_of("云帆物流有限公司", "云帆", PLACES) is None  # 物流 says what the firm does
    assert brand_of("星河新材料科技", "星河新材料", PLACES) is None  # no legal form: two brands
    assert brand_of("星河新材料科技有限公司", "星河", PLACES) is None


def test_identity_project_suffix_quotes_width_and_spaces() -> None:
    assert project_key("松风物流园项目") == project_key("“松风物流园”") == project_key("松风物流园") == "松风物流园"
    assert project_key("智联５Ｇ 创新中心项目") == project_key("智联5G创新中心") == "智联5g创新中心"
    assert project_key("柳塘产业园项目二期") == project_key("柳塘产业园二期项目") == "柳塘产业园二期"


def test_identity_project_phases_stay_apart() -> None:
    assert project_key("柳塘产业园一期项目") != project_key("柳塘产业园二期项目")
    assert project_key("柳塘产业园一期") != project_key("柳塘产业园")
    assert project_key("沙河治理工程") != project_key("沙河治理")  # 工程 is part of the name


def test_identity_scopes_of_organisations_and_projects() -> None:
    assert org_scope("妇联", PLACES, SCOPES, "青禾区", "区") == org_scope("区妇联", PLACES, SCOPES, "青禾区", "区") \
        == "青禾区/区妇联"
    assert org_scope("市总工会", PLACES, SCOPES, "青禾区", "区") == "云州市/市总工会"
    assert org_scope("市场监管局", PLACES, SCOPES, "青禾区", "区") == "青禾区/区市场监管局"  # 市场 is no level
    assert org_scope("党中央", PLACES, SCOPES, "青禾区", "区") is None
    assert org_scope("云州市总工会", PLACES, SCOPES, "青禾区", "区") is None  # the name says whose
    assert org_scope("妇联", PLACES, SCOPES, "", "") is None  # no jurisdiction: nothing to scope by
    assert project_scope("体育中心项目", PLACES, "青禾区") == "青禾区/体育中心"
    assert project_scope("青禾体育中心项目", PLACES, "青禾区") is None


def test_identity_merge_rules_name_how_each_report_reaches_the_id() -> None:
    assert merge_rule("Company", "Company:远山智造科技", "远山智造科技有限公司") == "company-legal-form"
    assert merge_rule("Company", "Company:远山智造科技", "远山智造科技") == "same-name"
    assert merge_rule("Company", "Company:星河新材料", "星河新材料科技有限公司",
                      ["星河新材料", "星河新材料科技有限公司"]) == "company-brand-in-report"
    assert merge_rule("Project", "Project:青禾区/松风物流园", "松风物流园项目") == "project-suffix"
    assert merge_rule("Project", "Project:青禾区/松风物流园", "“松风物流园”") == "spelling"
    assert merge_rule("Organization", "Organization:青禾区/区委", "中共青禾区委") == "jurisdiction-scoped"
    assert merge_rule("District", "District:419901", "青禾") == "admin-code"


def _ids(result) -> dict[str, str]:  # noqa: ANN001
    return {f: e.id for e in result.entities for f in [e.name, *e.aliases]}


def test_identity_two_reports_of_one_district_meet_on_one_id() -> None:
    a, b = _ids(qinghe_2021()), _ids(qinghe_2022())
    assert a["中共青禾区委"] == b["区委"] == "Organization:青禾区/区委"  # full name in one, short in the other
    assert a["区妇联"] == b["妇联"] == "Organization:青禾区/区妇联"
    assert a["远山智造科技有限公司"] == b["远山智造科技"]
    assert a["星河新材料科技有限公司"] == a["星河新材料"] == b["星河新材料"]  # the brand the text tied to it
    assert a["“松风物流园”"] == b["松风物流园项目"]
    assert a["智联5G创新中心"] == b["“智联5G创新中心”项目"]


def test_identity_what_must_not_merge() -> None:
    a, b, other = _ids(qinghe_2021()), _ids(qinghe_2022()), _ids(shiling_2022())
    assert a["柳塘数字产业园一期项目"] != b["柳塘数字产业园二期项目"]  # phases
    assert a["远山智造科技有限公司"] != b["远山电子有限公司"]  # one brand, two trades
    assert a["云帆物流有限公司"] != a["云帆"]  # the text never says the brand is the carrier
    assert other["区委"] != b["区委"] and other["区委"] == "Organization:石岭区/区委"  # another district's organs
    assert other["妇联"] != b["妇联"]
    assert other["白鹭湾文旅小镇"] != a["白鹭湾文旅小镇"]  # an unplaced project of another district
    assert other["市委"] == a["市委"] == "Organization:云州市/市委"  # the city's committee is one body
    assert other["远山智造科技有限公司"] == a["远山智造科技有限公司"]  # a firm is one firm anywhere


def test_identity_one_report_keeps_two_phases_that_share_the_bare_name() -> None:
    from kg.extract.resolve import resolve
    from tests.multiyear_support import Span, jurisdiction

    text = "柳塘产业园一期建成投用，柳塘产业园二期开工。"
    spans = [Span(0, 7, "Project", aliases=["柳塘产业园"]), Span(12, 19, "Project", aliases=["柳塘产业园"])]
    ids = sorted(e.id for e in resolve(spans, text, [0], jurisdiction("青禾区")))
    assert ids == ["Project:青禾区/柳塘产业园一期", "Project:青禾区/柳塘产业园二期"]


def test_identity_a_brand_fitting_two_registered_names_joins_neither() -> None:
    from kg.extract.resolve import resolve
    from tests.multiyear_support import Span, jurisdiction

    text = "远山科技有限公司、远山实业有限公司和远山共同投资。"
    spans = [Span(0, 8, "Company"), Span(9, 17, "Company"), Span(18, 20, "Company")]
    ents = resolve(spans, text, [0], jurisdiction("青禾区"))
    assert sorted(e.id for e in ents) == ["Company:远山", "Company:远山实业", "Company:远山科技"]
    assert all(e.aliases == [] for e in ents)
