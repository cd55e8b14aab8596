"""kg.store.writer against the real test server: idempotent, atomic, versioned documents."""

from __future__ import annotations

import pytest

from kg.build import RelationRow, build_rows
from kg.errors import StoreError
from kg.store.reader import GraphReader
from kg.store.writer import delete_document, write_document

pytestmark = pytest.mark.neo4j


def _counts(driver, settings) -> tuple[dict, dict]:
    stats = GraphReader(driver, settings).stats()
    return stats["labels"], stats["relationship_types"]


def _entity_ids(driver, settings) -> set[str]:
    with driver.session(database=settings.neo4j_database) as s:
        return {r["id"] for r in s.run("MATCH (e:Entity) RETURN e.id AS id")}


def test_store_writer_loading_twice_changes_nothing(graph, neo4j_server, result_a) -> None:
    first = write_document(graph, neo4j_server, build_rows(result_a))
    before = _counts(graph, neo4j_server)
    again = write_document(graph, neo4j_server, build_rows(result_a))
    assert (first.status, again.status) == ("created", "unchanged")
    assert _counts(graph, neo4j_server) == before
    labels, types = before
    assert labels["Document"] == 1 and labels["Sentence"] == 7 and labels["Metric"] == 3
    assert types["MENTIONED_IN"] == first.rows["mentions"]


def test_store_writer_same_rows_new_hash_rebuild_same_counts(graph, neo4j_server, result_a) -> None:
    write_document(graph, neo4j_server, build_rows(result_a))
    before = _counts(graph, neo4j_server)
    result_a.document.raw_sha256 = "0" * 64  # a re-export of the same report
    summary = write_document(graph, neo4j_server, build_rows(result_a))
    assert summary.status == "replaced"
    assert _counts(graph, neo4j_server) == before


def test_store_writer_new_version_replaces_facts(graph, neo4j_server, result_a, result_a_v2) -> None:
    write_document(graph, neo4j_server, build_rows(result_a))
    summary = write_document(graph, neo4j_server, build_rows(result_a_v2))
    labels, types = _counts(graph, neo4j_server)
    assert summary.status == "replaced"
    assert labels["Sentence"] == len(result_a_v2.document.sentences) == 6
    assert "Company:星河智造" not in _entity_ids(graph, neo4j_server)
    assert "PARTICIPATES_IN" not in types
    with graph.session(database=neo4j_server.neo4j_database) as s:
        ids = s.run("MATCH ()-[r:LOCATED_IN]->() RETURN r.sentence_ids AS ids").single()["ids"]
    assert ids == ["qinghe-2021:s1"]  # renumbered sentence of the new version, old id gone


def test_store_writer_delete_keeps_shared_entities(graph, neo4j_server, result_a, result_b) -> None:
    write_document(graph, neo4j_server, build_rows(result_a))
    write_document(graph, neo4j_server, build_rows(result_b))
    summary = delete_document(graph, neo4j_server, "qinghe-2021")
    ids = _entity_ids(graph, neo4j_server)
    assert summary.deleted
    assert {"Company:远山集团", "District:青禾区", "Indicator:地区生产总值", "District:云州市"} <= ids
    assert not {"Company:星河智造", "Person:林知远", "District:柳塘村"} & ids
    labels, types = _counts(graph, neo4j_server)
    assert labels["Document"] == 1 and labels["Sentence"] == 2 and labels["Metric"] == 1
    assert "COOPERATES_WITH" not in types and types["PART_OF"] == 1  # 青禾区 -> 云州市, from report B
    with graph.session(database=neo4j_server.neo4j_database) as s:
        docs = s.run("MATCH (e:Entity {id: 'Company:远山集团'}) RETURN e.doc_ids AS d").single()["d"]
    assert docs == ["qinghe-2022"]


def test_store_writer_delete_unknown_document(graph, neo4j_server) -> None:
    assert not delete_document(graph, neo4j_server, "no-such-doc").deleted


@pytest.mark.filterwarnings("ignore::UserWarning")  # the deliberately bad row
def test_store_writer_failed_write_leaves_nothing(graph, neo4j_server, result_a) -> None:
    rows = build_rows(result_a)
    # A map is not a valid property value: the last statement of the transaction fails.
    bad = RelationRow.model_construct(type="PART_OF", head_id="District:柳塘村", tail_id="District:青禾区",
                                      evidence={"not": "a string"}, confidence=1.0, sentence_ids=[],
                                      source="text")
    rows.relations.append(bad)
    with pytest.raises(StoreError, match=r"E206.*qinghe-2021") as info:
        write_document(graph, neo4j_server, rows)
    assert info.value.__cause__ is not None  # wrapped, from the neo4j error
    labels, _ = _counts(graph, neo4j_server)
    assert labels == {}  # one transaction: not even the document node stayed
