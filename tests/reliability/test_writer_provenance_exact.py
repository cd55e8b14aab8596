"""Deletes and replaces are provenance-exact: what a shared entity or relation says (aliases,
code, parent, name, confidence, evidence) comes only from the documents still loaded.

The attack: report A calls 青禾区 "禾城" and gives its code; report B, loaded after, shares the
district. Deleting A left "禾城" on the district, and search still found it there."""

from __future__ import annotations

import pytest

from kg.build import build_rows
from kg.models import ExtractionResult
from kg.store.reader import GraphReader
from kg.store.writer import delete_document, write_batch, write_document
from tests.conftest import make_result, wipe
from tests.reliability.support import snapshot

pytestmark = pytest.mark.neo4j


def _report_a(alias: str = "禾城", confidence: float = 0.95) -> ExtractionResult:
    lines = ["禾城地区生产总值完成310亿元。", "青禾区人民政府与远山集团签订合作协议。"]
    entities = [{"type": "District", "name": "青禾区", "aliases": [alias], "code": "419901", "parent": "云州市"},
                {"type": "Organization", "name": "青禾区人民政府"},
                {"type": "Company", "name": "远山集团", "id": "Company:远山集团", "aliases": ["远山"]}]
    result = make_result("qinghe-2021", "青禾区2021年政府工作报告", [("一、2020年工作回顾", "2020", lines)],
                         entities, [("COOPERATES_WITH", "青禾区人民政府", "远山集团", 1)], [])
    result.relations[0].confidence = confidence
    return result


def _report_b() -> ExtractionResult:
    lines = ["2021年，青禾区地区生产总值增长7.5%。", "远山集团有限公司与青禾区人民政府深化合作。"]
    entities = [{"type": "District", "name": "青禾区"},
                {"type": "Organization", "name": "青禾区人民政府"},
                {"type": "Company", "name": "远山集团有限公司", "id": "Company:远山集团"}]
    result = make_result("qinghe-2022", "青禾区2022年政府工作报告", [("一、2021年工作回顾", "2021", lines)],
                         entities, [("COOPERATES_WITH", "青禾区人民政府", "远山集团有限公司", 1)], [])
    result.relations[0].confidence = 0.6
    return result


def _entity(driver, settings, eid: str) -> dict:  # noqa: ANN001
    with driver.session(database=settings.neo4j_database) as s:
        return s.run("MATCH (e:Entity {id: $id}) RETURN properties(e) AS p", id=eid).single()["p"]


def _relation(driver, settings) -> dict:  # noqa: ANN001
    with driver.session(database=settings.neo4j_database) as s:
        return s.run("MATCH ()-[r:COOPERATES_WITH]->() RETURN properties(r) AS p").single()["p"]


def _found(driver, settings, text: str) -> list[str]:  # noqa: ANN001
    return [h["id"] for h in GraphReader(driver, settings).search(text).items]


def test_writer_delete_takes_the_reports_aliases_code_and_confidence(graph, neo4j_server) -> None:
    write_document(graph, neo4j_server, build_rows(_report_a()))
    write_document(graph, neo4j_server, build_rows(_report_b()))
    district = _entity(graph, neo4j_server, "District:青禾区")
    assert district["aliases"] == ["禾城"] and district["code"] == "419901"
    assert "District:青禾区" in _found(graph, neo4j_server, "禾城")
    assert _relation(graph, neo4j_server)["confidence"] == 0.95
    delete_document(graph, neo4j_server, "qinghe-2021")
    district = _entity(graph, neo4j_server, "District:青禾区")
    assert district["aliases"] == [] and district["aliases_text"] == ""
    assert "code" not in district and "parent" not in district
    assert _found(graph, neo4j_server, "禾城") == []
    company = _entity(graph, neo4j_server, "Company:远山集团")
    assert company["name"] == "远山集团有限公司" and company["aliases"] == []  # A's name and alias gone
    assert _found(graph, neo4j_server, "远山") == ["Company:远山集团"]  # by B's name, not A's alias
    relation = _relation(graph, neo4j_server)
    assert relation["confidence"] == 0.6 and relation["evidence"] == "远山集团有限公司与青禾区人民政府深化合作。"


def test_writer_delete_leaves_the_graph_of_the_other_report_alone(graph, neo4j_server) -> None:
    """Load A then B, delete A: every property of every node and relation as if A never was."""
    write_document(graph, neo4j_server, build_rows(_report_b()))
    only_b = snapshot(graph, neo4j_server)
    wipe(graph, neo4j_server)
    write_batch(graph, neo4j_server, [build_rows(_report_a()), build_rows(_report_b())])
    delete_document(graph, neo4j_server, "qinghe-2021")
    assert snapshot(graph, neo4j_server) == only_b


def test_writer_replace_drops_what_the_old_version_said(graph, neo4j_server) -> None:
    write_document(graph, neo4j_server, build_rows(_report_a()))
    write_document(graph, neo4j_server, build_rows(_report_b()))
    new = _report_a(alias="青禾新城", confidence=0.7)
    new.document.raw_sha256 = "f" * 64
    assert write_document(graph, neo4j_server, build_rows(new)).status == "replaced"
    district = _entity(graph, neo4j_server, "District:青禾区")
    assert district["aliases"] == ["青禾新城"] and district["code"] == "419901"
    assert "District:青禾区" not in _found(graph, neo4j_server, "禾城")
    assert "District:青禾区" in _found(graph, neo4j_server, "青禾新城")
    relation = _relation(graph, neo4j_server)
    assert relation["confidence"] == 0.7 and sorted(relation["doc_ids"]) == ["qinghe-2021", "qinghe-2022"]
    company = _entity(graph, neo4j_server, "Company:远山集团")
    assert company["name"] == "远山集团"  # the name it had, still given by a loaded report


def test_writer_delete_keeps_legacy_entities_whole(graph, neo4j_server) -> None:
    """A graph loaded before per-document entries existed: its aggregated values are credited to
    each of the entity's documents, so they stay while one of them does."""
    write_batch(graph, neo4j_server, [build_rows(_report_a()), build_rows(_report_b())])
    graph.execute_query("MATCH (e:Entity) REMOVE e.doc_names, e.doc_codes, e.doc_parents, e.alias_docs, "
                        "e.alias_forms WITH e MATCH ()-[r]->() REMOVE r.doc_confidences, r.doc_sources, "
                        "r.doc_evidence", database_=neo4j_server.neo4j_database)
    delete_document(graph, neo4j_server, "qinghe-2021")
    district = _entity(graph, neo4j_server, "District:青禾区")
    assert district["aliases"] == ["禾城"] and district["code"] == "419901" and district["doc_ids"] == ["qinghe-2022"]
    assert _relation(graph, neo4j_server)["confidence"] == 0.95
    delete_document(graph, neo4j_server, "qinghe-2022")
    assert GraphReader(graph, neo4j_server).stats()["nodes"] == 0


# --- relations kg.build derives (issue 12): CO_MENTIONED, REPORTED_BY, ABOUT -------------------

def _co(driver, settings) -> list[dict]:  # noqa: ANN001
    with driver.session(database=settings.neo4j_database) as s:
        return [r.data() for r in s.run(
            "MATCH (a)-[r:CO_MENTIONED]->(b) RETURN a.id AS a, b.id AS b, r.count AS count, "
            "r.doc_ids AS doc_ids, r.doc_counts AS doc_counts, r.sentence_ids AS sentence_ids ORDER BY a, b")]


def _ties(driver, settings, rtype: str) -> list[tuple[str, str]]:  # noqa: ANN001
    with driver.session(database=settings.neo4j_database) as s:
        return [(r["a"], r["b"]) for r in s.run(
            "MATCH (a)-[r]->(b) WHERE type(r) = $t RETURN a.id AS a, b.id AS b ORDER BY a, b", t=rtype)]


def test_writer_co_mentions_count_per_report_and_leave_with_it(graph, neo4j_server) -> None:
    write_document(graph, neo4j_server, build_rows(_report_a()))
    write_document(graph, neo4j_server, build_rows(_report_b()))
    key = ("Company:远山集团", "Organization:青禾区人民政府")
    pair = next(c for c in _co(graph, neo4j_server) if (c["a"], c["b"]) == key)
    assert pair["count"] == 2 and pair["doc_counts"] == [1, 1]
    assert sorted(pair["sentence_ids"]) == ["qinghe-2021:s1", "qinghe-2022:s1"]
    delete_document(graph, neo4j_server, "qinghe-2021")
    pair = next(c for c in _co(graph, neo4j_server) if (c["a"], c["b"]) == key)
    assert pair["count"] == 1 and pair["doc_ids"] == ["qinghe-2022"] and pair["sentence_ids"] == ["qinghe-2022:s1"]
    delete_document(graph, neo4j_server, "qinghe-2022")
    assert _co(graph, neo4j_server) == []


def test_writer_replace_recomputes_co_mentions(graph, neo4j_server) -> None:
    write_document(graph, neo4j_server, build_rows(_report_a()))
    before = {(c["a"], c["b"]) for c in _co(graph, neo4j_server)}
    assert ("Company:远山集团", "Organization:青禾区人民政府") in before
    new = _report_a()
    new.relations = []
    new.entities = [e for e in new.entities if e.type != "Company"]  # the new version drops the firm
    new.document.raw_sha256 = "e" * 64
    write_document(graph, neo4j_server, build_rows(new))
    after = {(c["a"], c["b"]) for c in _co(graph, neo4j_server)}
    assert after == {p for p in before if "Company:远山集团" not in p}


def _project_report(placed: bool, subject: bool) -> ExtractionResult:
    lines = ["加快推进总投资30亿元的云杉产业园项目。", "云杉产业园项目位于柳塘村。" if placed else "云杉产业园项目进展顺利。"]
    entities = [{"type": "District", "name": "青禾区", "code": "419901"},
                {"type": "District", "name": "柳塘村"},
                {"type": "Project", "name": "云杉产业园项目"},
                {"type": "Indicator", "name": "云杉产业园项目总投资"}]
    relations = [("LOCATED_IN", "云杉产业园项目", "柳塘村", 1)] if placed else []
    metric = {"indicator": "云杉产业园项目总投资", "kind": "target", "measure": "level", "value": 30,
              "unit": "亿元", "sentence": 0, "evidence": "总投资30亿元"}
    if subject:
        metric |= {"subject": "云杉产业园项目", "subject_type": "Project"}
    return make_result("qinghe-2021", "青禾区2021年政府工作报告", [("一、2021年工作", "2021", lines)],
                       entities, relations, [metric])


def test_writer_replace_recomputes_reported_by_and_about(graph, neo4j_server) -> None:
    write_document(graph, neo4j_server, build_rows(_project_report(placed=False, subject=True)))
    assert _ties(graph, neo4j_server, "REPORTED_BY") == [("Project:云杉产业园项目", "District:青禾区")]
    assert _ties(graph, neo4j_server, "ABOUT")[0][1] == "Project:云杉产业园项目"
    new = _project_report(placed=True, subject=False)
    new.document.raw_sha256 = "d" * 64
    assert write_document(graph, neo4j_server, build_rows(new)).status == "replaced"
    assert _ties(graph, neo4j_server, "REPORTED_BY") == []  # the text places it now
    assert _ties(graph, neo4j_server, "LOCATED_IN") == [("Project:云杉产业园项目", "District:柳塘村")]
    assert [t[1] for t in _ties(graph, neo4j_server, "ABOUT")] == ["District:青禾区"]
    delete_document(graph, neo4j_server, "qinghe-2021")
    assert GraphReader(graph, neo4j_server).stats()["nodes"] == 0
