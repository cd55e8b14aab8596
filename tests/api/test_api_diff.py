"""GET /api/v1/documents/{a}/diff/{b} and `kg diff`: two invented reports of one district compared
(projects, companies and targets new, dropped and kept, each with its sentence), and the one-line
4xx answers for an unknown report, the same report twice, two governments, an unknown government."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.build import build_rows
from kg.config import Settings
from kg.store.writer import write_document
from tests.conftest import wipe
from tests.multiyear_support import no_district_2022, qinghe_2021, qinghe_2022, shiling_2022
from tests.reliability.support import cli_env, run_kg

pytestmark = pytest.mark.neo4j
V1 = "/api/v1"


@pytest.fixture(scope="module")
def diff_client(driver, neo4j_server: Settings) -> Iterator[TestClient]:  # noqa: ANN001
    wipe(driver, neo4j_server)
    for result in (qinghe_2021(), qinghe_2022(), shiling_2022(), no_district_2022()):
        write_document(driver, neo4j_server, build_rows(result))
    with TestClient(create_app(neo4j_server)) as c:
        yield c


@pytest.fixture(scope="module")
def diff(diff_client: TestClient) -> dict:
    r = diff_client.get(f"{V1}/documents/qh-2021/diff/qh-2022")
    assert r.status_code == 200, r.text
    return r.json()


def _by_id(items: list[dict]) -> dict[str, dict]:
    return {i["id"]: i for i in items}


def test_api_diff_names_both_reports_and_their_government(diff: dict) -> None:
    assert (diff["a"]["id"], diff["a"]["year"], diff["b"]["id"], diff["b"]["year"]) == ("qh-2021", 2021, "qh-2022", 2022)
    assert diff["a"]["district_id"] == diff["b"]["district_id"] == "District:419901"
    assert diff["b"]["district_name"] == "青禾区"


def test_api_diff_projects_new_dropped_kept_with_both_spellings(diff: dict) -> None:
    p = diff["projects"]
    assert set(_by_id(p["new"])) == {"Project:青禾区/柳塘数字产业园二期", "Project:青禾体育中心"}
    assert set(_by_id(p["dropped"])) == {"Project:青禾区/柳塘数字产业园一期", "Project:青禾区/白鹭湾文旅小镇"}
    kept = _by_id(p["kept"])
    assert set(kept) == {"Project:青禾区/松风物流园", "Project:青禾区/智联5g创新中心"}
    park = kept["Project:青禾区/松风物流园"]
    assert (park["name_a"], park["name_b"], park["renamed"]) == ("“松风物流园”", "松风物流园项目", True)
    assert park["evidence_a"]["doc_id"] == "qh-2021" and "“松风物流园”" in park["evidence_a"]["sentence"]
    assert park["evidence_b"]["doc_id"] == "qh-2022" and "松风物流园项目" in park["evidence_b"]["sentence"]
    assert park["evidence_b"]["section_path"] == ["一、2021年工作回顾"]
    for item in p["new"]:  # only report b has them: its sentence, no name in a
        assert item["name_a"] is None and item["evidence_a"] is None
        assert item["name_b"] in item["evidence_b"]["sentence"]
    for item in p["dropped"]:
        assert item["name_b"] is None and item["name_a"] in item["evidence_a"]["sentence"]


def test_api_diff_companies_kept_by_legal_form_and_brand(diff: dict) -> None:
    c = diff["companies"]
    assert set(_by_id(c["new"])) == {"Company:远山电子"}
    assert set(_by_id(c["dropped"])) == {"Company:云帆", "Company:云帆物流"}
    kept = _by_id(c["kept"])
    assert (kept["Company:远山智造科技"]["name_a"], kept["Company:远山智造科技"]["name_b"]) == ("远山智造科技有限公司",
                                                                                        "远山智造科技")
    assert (kept["Company:星河新材料"]["name_a"], kept["Company:星河新材料"]["name_b"]) == ("星河新材料科技有限公司",
                                                                                    "星河新材料")


def _target(items: list[dict], indicator: str, measure: str) -> dict:
    return next(t for t in items if (t["indicator"], t["measure"]) == (indicator, measure))


def test_api_diff_targets_matched_by_standard_indicator_measure_and_horizon(diff: dict) -> None:
    t = diff["targets"]
    assert len(t["kept"]) == 3 and t["dropped"] == []
    gdp = _target(t["kept"], "地区生产总值", "growth")  # 地区生产总值 in 2021, GDP in 2022
    assert (gdp["a"]["indicator"], gdp["a"]["value"], gdp["a"]["period"], gdp["a"]["qualifier"]) == \
        ("地区生产总值", 7, "2021", "左右")
    assert (gdp["b"]["indicator"], gdp["b"]["value"], gdp["b"]["period"]) == ("GDP", 6.5, "2022")
    assert gdp["changed"] and gdp["about"]["id"] == "District:419901"
    assert "GDP预期增长6.5%左右" in gdp["b"]["evidence"]["sentence"]
    assert "地区生产总值预期增长7%左右" in gdp["a"]["evidence"]["sentence"]
    revenue = _target(t["kept"], "一般公共预算收入", "growth")
    assert (revenue["a"]["value"], revenue["b"]["value"], revenue["b"]["qualifier"]) == (5, 6, "以上")
    horizon = _target(t["kept"], "地区生产总值", "level")  # 到2025年: the same later year in both
    assert (horizon["a"]["value"], horizon["b"]["value"], horizon["b"]["period"]) == (380, 400, "2025")
    assert horizon["b"]["indicator"] == "到2025年全区生产总值"
    jobs = t["new"][0]
    assert (jobs["indicator"], jobs["a"], jobs["b"]["value"], jobs["b"]["unit"]) == ("城镇新增就业", None, 3000, "人")


def test_api_diff_the_other_way_swaps_new_and_dropped(diff_client: TestClient, diff: dict) -> None:
    back = diff_client.get(f"{V1}/documents/qh-2022/diff/qh-2021").json()
    assert {i["id"] for i in back["projects"]["new"]} == {i["id"] for i in diff["projects"]["dropped"]}
    assert {i["id"] for i in back["companies"]["dropped"]} == {i["id"] for i in diff["companies"]["new"]}
    assert [t["indicator"] for t in back["targets"]["dropped"]] == ["城镇新增就业"]


@pytest.mark.parametrize(("a", "b", "status", "code", "words"), [
    ("qh-2021", "nope-2020", 404, "E401", ["nope-2020"]),
    ("nope-2020", "qh-2021", 404, "E401", ["nope-2020"]),
    ("qh-2021", "qh-2021", 422, "E285", ["qh-2021", "itself"]),
    ("qh-2021", "sl-2022", 422, "E286", ["青禾区", "石岭区", "different governments"]),
    ("anon-2022", "qh-2022", 422, "E287", ["anon-2022", "kg build"]),
])
def test_api_diff_refusals_are_one_line_4xx(diff_client: TestClient, a: str, b: str, status: int, code: str,
                                            words: list[str]) -> None:
    r = diff_client.get(f"{V1}/documents/{a}/diff/{b}")
    assert r.status_code == status
    detail = r.json()["detail"]
    assert detail.startswith(f"[{code}]") and "\n" not in detail
    assert all(w in detail for w in words)


def test_api_entity_shows_merge_evidence(diff_client: TestClient) -> None:
    body = diff_client.get(f"{V1}/entities/星河新材料").json()
    assert body["id"] == "Company:星河新材料"
    assert [(e["doc_id"], e["name"], e["rule"]) for e in body["merge_evidence"]] == [
        ("qh-2021", "星河新材料科技有限公司", "company-brand-in-report"), ("qh-2022", "星河新材料", "same-name")]


def test_cli_diff_prints_the_diff_and_refuses_in_one_line(diff_client: TestClient, diff: dict,
                                                          neo4j_server: Settings) -> None:
    env = cli_env(neo4j_server)
    text = run_kg(env, "diff", "qh-2021", "qh-2022")
    assert text.returncode == 0, text.stderr
    assert "projects kept (2)" in text.stdout and "“松风物流园” -> 松风物流园项目" in text.stdout
    assert "地区生产总值 growth: 7%左右 (2021) -> 6.5%左右 (2022)" in text.stdout
    as_json = run_kg(env, "diff", "qh-2021", "qh-2022", "--json")
    assert json.loads(as_json.stdout)["companies"]["new"][0]["id"] == "Company:远山电子"
    refused = run_kg(env, "diff", "qh-2021", "sl-2022")
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith("error: [E286]") and refused.stderr.count("\n") == 1
