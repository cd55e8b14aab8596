"""Read endpoints on the loaded test graph: typed, paginated, with evidence; 404 and 422 cases."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.neo4j

V1 = "/api/v1"


def _ok(client, url: str, **params) -> dict:
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_api_health_reports_neo4j(client) -> None:
    assert _ok(client, "/health") == {"status": "ok", "neo4j": {"reachable": True, "uri": client.app.state.settings.neo4j_uri, "detail": None}}


def test_api_search_paginates(client) -> None:
    body = _ok(client, f"{V1}/search", q="青禾", limit=2)
    assert body["total"] >= 3 and body["count"] == 2 and body["limit"] == 2 and body["offset"] == 0
    assert body["data"][0]["name"] == "青禾区" and body["data"][0]["type"] == "District"
    assert _ok(client, f"{V1}/search", q="青禾", type="Project")["data"][0]["name"] == "青禾数字产业园项目"


def test_api_entity_detail_with_evidence(client) -> None:
    body = _ok(client, f"{V1}/entities/Company:星河智造")
    assert body["aliases"] == ["星河"] and body["mention_count"] == 1
    assert body["mentions"][0] == {"doc_id": "qinghe-2021", "section_path": ["一、2020年工作回顾"],
                                   "sentence_id": "qinghe-2021:s1", "sentence": "星河智造入驻青禾数字产业园项目，实现投产。",
                                   "start": body["mentions"][0]["start"], "end": body["mentions"][0]["end"],
                                   "text": "星河智造"}


def test_api_neighbours_filter_by_relation_and_type(client) -> None:
    body = _ok(client, f"{V1}/entities/Organization:青禾区人民政府/neighbours", rel="HOLDS_POST")
    assert body["total"] == 1 and body["data"][0]["entity"]["name"] == "林知远"
    assert body["data"][0]["evidence"][0]["sentence"] == "林知远任青禾区人民政府代区长。"
    assert _ok(client, f"{V1}/entities/Organization:青禾区人民政府/neighbours", type="Company")["total"] == 1


def test_api_projects_companies_organizations(client) -> None:
    # 青禾数字产业园项目 lies in a village of the district (LOCATED_IN, PART_OF); report B names
    # 松风物流园项目 without a place, so it is the reporting district's (REPORTED_BY)
    projects = _ok(client, f"{V1}/projects", district="青禾区")
    assert [p["name"] for p in projects["data"]] == ["松风物流园项目", "青禾数字产业园项目"]
    assert [t["entity"]["name"] for t in projects["data"][0]["reported_by"]] == ["青禾区"]
    assert projects["data"][0]["located_in"] == [] and projects["data"][1]["reported_by"] == []
    assert projects["data"][1]["companies"][0]["entity"]["name"] == "星河智造"
    assert _ok(client, f"{V1}/projects", company="远山集团")["data"][0]["name"] == "松风物流园项目"
    assert _ok(client, f"{V1}/projects", industry="数字经济")["total"] == 1
    companies = _ok(client, f"{V1}/companies")
    assert companies["total"] == 2 and all("projects" in c for c in companies["data"])
    orgs = _ok(client, f"{V1}/organizations")
    assert orgs["data"][0]["ties"][0]["evidence"][0]["doc_id"] == "qinghe-2021"


def test_api_metrics_and_compare(client) -> None:
    body = _ok(client, f"{V1}/metrics", indicator="地区生产总值", kind="actual", period="2020")
    assert body["total"] == 2 and {m["measure"] for m in body["data"]} == {"level", "growth"}
    assert body["data"][0]["evidence"][0]["section_path"] == ["一、2020年工作回顾"]
    cmp = _ok(client, f"{V1}/metrics/compare", indicator="GDP", district="青禾区")  # a synonym finds it
    row = next(g for g in cmp["data"] if g["period"] == "2021")
    assert row["target"]["value"] == 7.0 and row["target"]["qualifier"] == "左右"
    assert row["actual"]["value"] == 7.5 and row["actual"]["doc_id"] == "qinghe-2022"
    assert row["verdict"] == "met" and "7%左右" in row["rule"] and row["indicator"] == "地区生产总值"
    assert {g["verdict"] for g in cmp["data"] if g["period"] == "2020"} == {"no_target"}
    line = _ok(client, f"{V1}/metrics/timeline", indicator="GDP", district="青禾区")
    assert line["indicator"] == "地区生产总值" and line["total"] == 4
    assert [(m["period"], m["kind"]) for m in line["data"]][-2:] == [("2021", "target"), ("2021", "actual")]
    assert line["data"][-1]["evidence"][0]["sentence"] == "2021年，青禾区地区生产总值增长7.5%。"


def test_api_paths(client) -> None:
    body = _ok(client, f"{V1}/paths", **{"from": "Company:星河智造", "to": "District:青禾区", "max_hops": 6,
                                         "layer": "typed"})
    assert body["total"] == 1 and body["data"][0]["hops"] == 4
    assert body["data"][0]["relationships"][0]["relation"] == "PARTICIPATES_IN"


def test_api_paths_by_name_over_both_layers(client) -> None:
    # names, not ids; over all layers the shortest path may use CO_MENTIONED (星河智造 and 青禾区,
    # as 青禾, share a sentence), so it is shorter than the typed one
    typed = _ok(client, f"{V1}/paths", **{"from": "星河智造", "to": "青禾区", "layer": "typed", "max_hops": 6})
    both = _ok(client, f"{V1}/paths", **{"from": "星河", "to": "青禾区", "max_hops": 6})
    assert typed["data"][0]["hops"] == 4
    assert 1 <= both["data"][0]["hops"] < 4
    assert any(r["relation"] == "CO_MENTIONED" and r["count"] >= 1 for r in both["data"][0]["relationships"])


def test_api_documents_and_stats(client) -> None:
    docs = _ok(client, f"{V1}/documents")
    assert [d["id"] for d in docs["data"]] == ["qinghe-2021", "qinghe-2022"]
    detail = _ok(client, f"{V1}/documents/qinghe-2021")
    assert detail["metrics"] == 3 and detail["section_list"][1]["title"] == "二、2021年工作安排"
    stats = _ok(client, f"{V1}/stats")
    assert stats["labels"]["Document"] == 2


def test_api_export_json_and_graphml(client) -> None:
    body = _ok(client, f"{V1}/export", entity="District:青禾区", hops=1)
    assert {n["id"] for n in body["nodes"]} == {"District:青禾区", "District:云州市", "District:石桥街道",
                                                "Project:松风物流园项目"}  # REPORTED_BY is typed
    co = _ok(client, f"{V1}/export", entity="青禾区", hops=1, layer="co")
    assert "District:云州市" not in {n["id"] for n in co["nodes"]}  # never named in a sentence with it
    assert {e["relation"] for e in co["edges"]} == {"CO_MENTIONED"}
    r = client.get(f"{V1}/export", params={"format": "graphml"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/graphml+xml")
    assert "<graphml" in r.text and "青禾区" in r.text


@pytest.mark.parametrize("url", [f"{V1}/entities/nope", f"{V1}/entities/nope/neighbours",
                                 f"{V1}/documents/nope", f"{V1}/paths?from=nope&to=District:青禾区",
                                 f"{V1}/export?entity=nope"])
def test_api_unknown_ids_are_404(client, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404 and "E401" in r.json()["detail"] and "nope" in r.json()["detail"]


@pytest.mark.parametrize("url", [f"{V1}/search", f"{V1}/search?q=x&type=Bogus", f"{V1}/search?q=x&limit=0",
                                 f"{V1}/search?q=x&limit=101", f"{V1}/search?q=x&offset=-1",
                                 f"{V1}/entities/District:青禾区/neighbours?rel=LIKES",
                                 f"{V1}/metrics?kind=maybe", f"{V1}/metrics/compare?verdict=maybe",
                                 f"{V1}/metrics/compare?period=2021年", f"{V1}/metrics/timeline",
                                 f"{V1}/paths?from=a&to=b&max_hops=7", f"{V1}/paths?from=a",
                                 f"{V1}/export?format=csv", f"{V1}/export?hops=9"])
def test_api_bad_parameters_are_422(client, url: str) -> None:
    assert client.get(url).status_code == 422


def test_api_projects_answer_company_district_targets_in_one_call(client) -> None:
    # "Which projects involve this company, in which districts, against which targets?" A project's
    # targets are its own figures: the district's GDP target stays on the district (issue 12).
    project = _ok(client, f"{V1}/projects", company="星河智造")["data"][0]
    assert project["name"] == "青禾数字产业园项目"
    assert "青禾区" in {d["name"] for d in project["districts"]}
    assert project["targets"] == [] and project["figures"] == []
