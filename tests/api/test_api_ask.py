"""GET /api/v1/ask and `kg ask` (issue #14), one test or more per question family, on invented
reports (青禾区's 2021 and 2022 reports from tests/conftest.py) in the real test Neo4j."""

from __future__ import annotations

import json

import pytest

V1 = "/api/v1"


def _ask(client, q: str) -> dict:  # noqa: ANN001
    r = client.get(f"{V1}/ask", params={"q": q})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["question"] == q
    return body


def _metrics(body: dict) -> set[tuple]:
    return {(m["indicator"], m["kind"], m["measure"], m["value"], m["unit"], m["period"]) for m in body["metrics"]}


# --- metric targets and results -----------------------------------------------------------------

def test_ask_metric_actual_of_a_year_comes_from_the_next_report(client) -> None:
    body = _ask(client, "2021年青禾区地区生产总值实际增长多少？")
    assert body["understood"] and body["intent"] == "metric"
    assert _metrics(body) == {("地区生产总值", "actual", "growth", 7.5, "%", "2021")}
    assert body["metrics"][0]["doc_id"] == "qinghe-2022"
    assert any("7.5%" in e["sentence"] for e in body["evidence"])


def test_ask_relative_year_resolves_against_the_newest_report(client) -> None:
    # the newest report is of 2022: 去年 is 2021, whose figure the 2022 report states
    body = _ask(client, "去年GDP增长了多少？")
    assert _metrics(body) == {("地区生产总值", "actual", "growth", 7.5, "%", "2021")}
    assert body["reading"]["periods"] == ["2021"]


def test_ask_metric_target_with_synonym_and_chinese_year(client) -> None:
    body = _ask(client, "二〇二一年GDP预期增长多少？")
    assert _metrics(body) == {("地区生产总值", "target", "growth", 7.0, "%", "2021")}
    assert body["metrics"][0]["qualifier"] == "左右"


def test_ask_metric_level_and_growth_of_one_year(client) -> None:
    body = _ask(client, "2020年全区生产总值完成了多少？")
    assert ("地区生产总值", "actual", "level", 310.0, "亿元", "2020") in _metrics(body)
    assert len(body["metrics"]) <= 3


def test_ask_metric_of_a_year_no_report_states_is_not_guessed(client) -> None:
    body = _ask(client, "2015年地区生产总值是多少？")
    assert body["understood"] is False and body["metrics"] == [] and body["suggestions"]


def test_ask_cypher_is_parameterised_and_read_only(client) -> None:
    body = _ask(client, "2020年地区生产总值完成了多少？")
    assert "地区生产总值" not in body["cypher"] and "$indicators" in body["cypher"]
    assert any("地区生产总值" in p.get("indicators", []) for p in body["parameters"])
    for word in ("CREATE", "MERGE", "DELETE", "SET "):
        assert word not in body["cypher"]


# --- lists ------------------------------------------------------------------------------------

def test_ask_list_villages_of_a_subdistrict(client) -> None:
    body = _ask(client, "石桥街道有哪些村？")
    assert body["intent"] == "list"
    assert [(e["name"], e["type"]) for e in body["entities"]] == [("柳塘村", "District")]


def test_ask_list_companies_of_a_project(client) -> None:
    body = _ask(client, "青禾数字产业园项目有哪些企业？")
    assert [e["name"] for e in body["entities"]] == ["星河智造"]


def test_ask_list_people_the_reports_name(client) -> None:
    body = _ask(client, "报告中提到了哪些人？")
    assert [e["name"] for e in body["entities"]] == ["林知远"]


# --- who --------------------------------------------------------------------------------------

def test_ask_who_holds_a_post(client) -> None:
    body = _ask(client, "区长是谁？")
    assert body["intent"] == "who"
    assert [(e["name"], e["type"]) for e in body["entities"]] == [("林知远", "Person")]
    assert body["relations"][0]["type"] == "HOLDS_POST"


def test_ask_post_of_a_person(client) -> None:
    body = _ask(client, "林知远担任什么职务？")
    assert [(r["type"], r["head"], r["tail"]) for r in body["relations"]] == [
        ("HOLDS_POST", "林知远", "青禾区人民政府")]


# --- connections ------------------------------------------------------------------------------

def test_ask_relation_between_two_named_by_alias(client) -> None:
    body = _ask(client, "区政府和远山集团是什么关系？")
    assert body["intent"] == "relation"
    assert [(r["type"], r["head"], r["tail"]) for r in body["relations"]] == [
        ("COOPERATES_WITH", "青禾区人民政府", "远山集团")]
    assert "远山集团" in body["relations"][0]["evidence"]


def test_ask_part_of_and_where(client) -> None:
    part = _ask(client, "柳塘村属于哪个街道？")
    assert [(r["type"], r["head"], r["tail"]) for r in part["relations"]] == [("PART_OF", "柳塘村", "石桥街道")]
    where = _ask(client, "青禾数字产业园在哪里？")
    assert ("LOCATED_IN", "青禾数字产业园项目", "柳塘村") in {(r["type"], r["head"], r["tail"])
                                                            for r in where["relations"]}


def test_ask_relation_with_a_thing_not_in_the_graph(client) -> None:
    body = _ask(client, "远山集团和白鹭科技是什么关系？")
    assert body["understood"] is False and body["relations"] == []


# --- topics -----------------------------------------------------------------------------------

def test_ask_topic_sentences_all_contain_the_topic(client) -> None:
    body = _ask(client, "报告怎么说数字经济？")
    assert body["intent"] == "topic" and body["sentences"]
    assert all("数字经济" in s["text"] for s in body["sentences"])
    assert len(body["sentences"]) <= 5


def test_ask_topic_sentences_from_the_index_are_the_scan_s(loaded_graph, neo4j_server) -> None:  # noqa: ANN001
    # The full-text index finds the candidates; a lone ideograph (村) forces the substring scan.
    # Both must return the same sentences for the same forms.
    from kg.ask.sentences import TOPIC_SENTENCES_INDEX, TOPIC_SENTENCES_SCAN, servable, topic_sentences
    from kg.store.reader import GraphReader

    reader = GraphReader(loaded_graph, neo4j_server)
    docs = [r["id"] for r in reader._run("MATCH (d:Document) RETURN d.id AS id", "listing documents")]
    forms = ["数字经济", "地区生产总值", "PM2.5"]
    assert all(servable(f) for f in forms) and not servable("村") and not servable("the")
    via_index, query, _ = topic_sentences(reader, forms, docs, 50)
    assert query == TOPIC_SENTENCES_INDEX and via_index
    scanned = reader._run(TOPIC_SENTENCES_SCAN, "scan", forms=forms, doc_ids=docs, limit=50)
    assert via_index == scanned
    assert all(any(f in r["text"] for f in forms) for r in via_index)
    _, query, _ = topic_sentences(reader, ["村", "数字经济"], docs, 50)
    assert query == TOPIC_SENTENCES_SCAN


def test_ask_topic_nobody_wrote_about(client) -> None:
    body = _ask(client, "关于航天发射，报告是怎么安排的？")
    assert body["understood"] is False and body["sentences"] == []


# --- out of scope -----------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["远川县GDP是多少？", "明天天气怎么样", "青禾区的房价是多少？",
                               "纽约市市长是谁？", "给我讲个笑话"])
def test_ask_out_of_scope_is_not_understood(client, q: str) -> None:
    body = _ask(client, q)
    assert body["understood"] is False
    assert not (body["entities"] or body["metrics"] or body["relations"] or body["sentences"])
    assert body["suggestions"]


def test_ask_is_deterministic(client) -> None:
    q = "2020年地区生产总值完成了多少？"
    assert _ask(client, q) == _ask(client, q)


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "code"), [({}, "E290"), ({"q": ""}, "E290"), ({"q": "   "}, "E290"),
                                              ({"q": "问" * 201}, "E291"), ({"q": "去年\x01GDP"}, "E292"),
                                              ({"q": "？？？!!"}, "E293")])
def test_ask_bad_input_is_one_line_422(client, params: dict, code: str) -> None:
    r = client.get(f"{V1}/ask", params=params)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail.startswith(f"[{code}]") and "\n" not in detail


def test_ask_injection_is_only_text(client) -> None:
    before = client.get(f"{V1}/stats").json()["nodes"]
    body = _ask(client, "'}) MATCH (n) DETACH DELETE n // 和远山集团是什么关系")
    assert body["understood"] is False
    assert "DETACH" not in body["cypher"]
    assert client.get(f"{V1}/stats").json()["nodes"] == before


# --- the command line -------------------------------------------------------------------------

def test_kg_ask_cli_json_and_text(client) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    r = CliRunner().invoke(app, ["ask", "石桥街道有哪些村？", "--json"])
    assert r.exit_code == 0, r.output
    assert [e["name"] for e in json.loads(r.output)["entities"]] == ["柳塘村"]
    r = CliRunner().invoke(app, ["ask", "区政府和远山集团是什么关系？"])
    assert r.exit_code == 0 and "COOPERATES_WITH" in r.output and "MATCH" in r.output
    r = CliRunner().invoke(app, ["ask", ""])
    assert r.exit_code == 1 and "[E290]" in r.output


def test_ask_list_with_a_scope_the_graph_does_not_hold(client) -> None:
    body = _ask(client, "白鹭街道有哪些村？")  # not 石桥街道's villages: a place the graph lacks
    assert body["understood"] is False and body["entities"] == []
    body = _ask(client, "冷链行业有哪些企业？")  # no industry of that name: no company is guessed
    assert body["understood"] is False and body["entities"] == []


def test_ask_who_in_a_named_year_is_not_a_place(client) -> None:
    body = _ask(client, "2021年的区长是谁？")  # 年的区 is no place name
    assert [e["name"] for e in body["entities"]] == ["林知远"]
