"""Navigating the graph by name (issue 12): figures on their subject, links, the co-mention layer,
names wherever ids are taken, search that ranks. Against the real test Neo4j; invented places."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from kg.build import build_rows
from kg.config import Settings
from kg.models import ExtractionResult
from kg.store.writer import write_document
from tests.conftest import WRITE_KEY, HandMadeProcessor, make_result, report_a, report_b, wipe

V1 = "/api/v1"


def report_c() -> ExtractionResult:
    """Another district's report: a project with its investment, its companies, organs named
    together, an industry, and a name two entities carry (星光: a company and a project)."""
    lines = ["2021年，松岭县地区生产总值完成120亿元。",
             "加快推进总投资30亿元的云杉食品产业园项目，打造冷链物流基地。",
             "立足云杉食品产业园项目，发挥华岳技术、海川物流等平台优势，壮大食品产业。",
             "县委、县政府团结带领全县人民，工会、妇联积极作为。",
             "星光公司投资建设星光项目，整体经济稳中向好。"]
    entities = [{"type": "District", "name": "松岭县", "id": "District:529901", "code": "529901"},
                {"type": "Indicator", "name": "地区生产总值"},
                {"type": "Project", "name": "云杉食品产业园项目"},
                {"type": "Company", "name": "华岳技术"},
                {"type": "Company", "name": "海川物流"},
                {"type": "Industry", "name": "食品产业"},
                {"type": "Industry", "name": "整体经济"},
                {"type": "Organization", "name": "县委"},
                {"type": "Organization", "name": "县政府"},
                {"type": "Organization", "name": "工会"},
                {"type": "Organization", "name": "妇联"},
                {"type": "Company", "name": "星光", "id": "Company:星光", "aliases": ["星光公司"]},
                {"type": "Project", "name": "星光", "id": "Project:星光", "aliases": ["星光项目"]}]
    relations = [("PARTICIPATES_IN", "华岳技术", "云杉食品产业园项目", 2),
                 ("PARTICIPATES_IN", "海川物流", "云杉食品产业园项目", 2),
                 ("IN_INDUSTRY", "云杉食品产业园项目", "食品产业", 2)]
    metrics = [{"indicator": "地区生产总值", "kind": "actual", "measure": "level", "value": 120, "unit": "亿元",
                "period": "2021", "sentence": 0, "evidence": "地区生产总值完成120亿元"},
               {"indicator": "云杉食品产业园项目总投资", "kind": "target", "measure": "level", "value": 30,
                "unit": "亿元", "sentence": 1, "evidence": "总投资30亿元", "subject": "云杉食品产业园项目",
                "subject_type": "Project"}]
    return make_result("songling-2022", "松岭县2022年政府工作报告", [("一、工作回顾", "2021", lines)],
                       entities, relations, metrics)


@pytest.fixture(scope="module")
def nav(driver: object, neo4j_server: Settings) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from api.main import create_app

    wipe(driver, neo4j_server)
    for result in (report_a(), report_b(), report_c()):
        write_document(driver, neo4j_server, build_rows(result))
    settings = neo4j_server.model_copy(update={"api_key": SecretStr(WRITE_KEY)})
    with TestClient(create_app(settings, processor=HandMadeProcessor())) as c:
        yield c


def _ok(client, url: str, **params) -> dict:  # noqa: ANN001, ANN003
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_api_project_shows_its_own_figures_not_the_districts(nav) -> None:
    project = _ok(nav, f"{V1}/projects/云杉食品产业园项目")
    assert [(f["indicator"], f["value"], f["unit"]) for f in project["figures"]] == [
        ("云杉食品产业园项目总投资", 30.0, "亿元")]
    assert project["targets"] == project["figures"]  # its one figure is a target
    assert "地区生产总值" not in {f["indicator"] for f in project["figures"]}
    assert {c["entity"]["name"] for c in project["companies"]} == {"华岳技术", "海川物流"}
    assert [t["entity"]["name"] for t in project["reported_by"]] == ["松岭县"]
    metric = _ok(nav, f"{V1}/metrics", indicator="云杉食品产业园项目总投资")["data"][0]
    assert metric["subject"]["name"] == "云杉食品产业园项目" and metric["district"] is None
    gdp = _ok(nav, f"{V1}/metrics", indicator="地区生产总值", district="松岭县")["data"][0]
    assert gdp["district"]["name"] == "松岭县" and gdp["subject"] is None


def test_api_projects_by_district_include_reported_ones(nav) -> None:
    names = [p["name"] for p in _ok(nav, f"{V1}/projects", district="松岭县")["data"]]
    assert names == ["云杉食品产业园项目", "星光"]
    assert [p["name"] for p in _ok(nav, f"{V1}/projects", company="华岳技术")["data"]] == ["云杉食品产业园项目"]


def test_api_metrics_within_a_district_include_its_sub_districts(nav) -> None:
    # 青禾区 is PART_OF 云州市 (its gazetteer parent); 云州市 states no figure itself
    assert _ok(nav, f"{V1}/metrics", district="云州市")["total"] == 0
    within = _ok(nav, f"{V1}/metrics", district="云州市", within="true")
    assert within["total"] == 4 and {m["district"]["name"] for m in within["data"]} == {"青禾区"}


def test_api_neighbours_by_name_and_layer(nav) -> None:
    typed = _ok(nav, f"{V1}/entities/县委/neighbours")
    assert typed["total"] == 0  # no stated relation
    co = _ok(nav, f"{V1}/entities/县委/neighbours", layer="co")
    ties = {t["entity"]["name"]: t for t in co["data"]}
    assert set(ties) == {"县政府", "工会", "妇联"}
    assert ties["县政府"]["relation"] == "CO_MENTIONED" and ties["县政府"]["count"] == 1
    assert ties["县政府"]["evidence"][0]["sentence"].startswith("县委、县政府")
    both = _ok(nav, f"{V1}/entities/云杉食品产业园项目/neighbours", layer="all")
    relations = [t["relation"] for t in both["data"]]
    assert relations.index("PARTICIPATES_IN") < relations.index("CO_MENTIONED")  # typed first


@pytest.mark.parametrize(("a", "b"), [("县委", "县政府"), ("工会", "妇联"), ("华岳技术", "食品产业")])
def test_api_paths_by_name(nav, a: str, b: str) -> None:
    body = _ok(nav, f"{V1}/paths", **{"from": a, "to": b})
    assert body["total"] >= 1
    assert [n["name"] for n in body["data"][0]["nodes"]][::len(body["data"][0]["nodes"]) - 1] == [a, b]


def test_api_ambiguous_name_is_409_with_candidates(nav) -> None:
    for url in (f"{V1}/paths?from=星光&to=县委", f"{V1}/entities/星光", f"{V1}/entities/星光/neighbours"):
        r = nav.get(url)
        assert r.status_code == 409 and "E414" in r.json()["detail"], url
        assert {c["id"] for c in r.json()["candidates"]} == {"Company:星光", "Project:星光"}
    assert _ok(nav, f"{V1}/entities/Company:星光")["type"] == "Company"  # the id settles it
    assert _ok(nav, f"{V1}/entities/星光公司")["id"] == "Company:星光"  # so does an alias only it has
    assert _ok(nav, f"{V1}/projects/星光")["id"] == "Project:星光"  # and the route's type


def test_api_search_partial_names_and_word_parts(nav) -> None:
    assert [e["name"] for e in _ok(nav, f"{V1}/search", q="华岳")["data"]] == ["华岳技术"]
    food = [e["name"] for e in _ok(nav, f"{V1}/search", q="食品")["data"]]
    assert food[0] == "食品产业" and "云杉食品产业园项目" in food


def test_api_search_whole_query_not_a_shared_bigram(nav) -> None:
    hits = _ok(nav, f"{V1}/search", q="数字经济")["data"]
    assert [e["name"] for e in hits] == ["数字经济"]  # not 整体经济 (经济), not 青禾数字产业园项目 (数字)


def test_api_search_indicator_synonyms_and_scores(nav) -> None:
    hits = _ok(nav, f"{V1}/search", q="经济总量")["data"]  # a synonym in schemas/indicator_synonyms.yaml
    assert hits[0]["name"] == "地区生产总值" and hits[0]["type"] == "Indicator"
    parts = _ok(nav, f"{V1}/search", q="产业")["data"]
    scores = [e["score"] for e in parts]
    assert len(parts) >= 3 and scores == sorted(scores, reverse=True) and len(set(scores)) > 1
    assert all(s != 100.0 for s in scores)


def test_api_search_exact_name_first(nav) -> None:
    hits = _ok(nav, f"{V1}/search", q="食品产业")["data"]
    assert hits[0]["name"] == "食品产业" and hits[1]["name"] == "云杉食品产业园项目"
