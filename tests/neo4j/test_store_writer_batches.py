"""Several documents per transaction (kg build's path) leave the graph sequential loads leave."""

from __future__ import annotations

import pytest

from kg.build import RelationRow, build_rows
from kg.errors import StoreError
from kg.store.writer import write_batch, write_document, write_documents

pytestmark = pytest.mark.neo4j

# Everything an analyst can read back, in an order-free form: entities with their aliases and
# supporting documents, relations with their sentences, and the per-report nodes.
SNAPSHOT = {
    "entities": "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, labels(e) AS labels, e.code AS code, "
                "e.aliases AS aliases, e.doc_ids AS docs, e.aliases_text AS text",
    "relations": "MATCH (h)-[r]->(t) WHERE h:Entity AND t:Entity RETURN h.id AS h, type(r) AS type, t.id AS t, "
                 "r.doc_ids AS docs, r.sentence_ids AS sents, r.confidence AS conf, r.source AS source",
    "nodes": "MATCH (n) WHERE NOT n:Entity RETURN labels(n) AS labels, n.id AS id, n.text AS text",
    "edges": "MATCH (a)-[r]->(b) WHERE NOT (a:Entity AND b:Entity) "
             "RETURN a.id AS a, type(r) AS type, b.id AS b, r.start AS start, r.text AS text",
}


def _snapshot(driver, settings) -> dict[str, list]:
    def norm(row: dict) -> tuple:
        return tuple(sorted(v) if isinstance(v, list) else v for v in row.values())
    with driver.session(database=settings.neo4j_database) as s:
        return {k: sorted((norm(r.data()) for r in s.run(q)), key=repr) for k, q in SNAPSHOT.items()}


def test_store_writer_batches_equal_sequential_loads(graph, neo4j_server, result_a, result_b) -> None:
    docs = [build_rows(result_a), build_rows(result_b)]
    for rows in docs:
        write_document(graph, neo4j_server, rows)
    sequential = _snapshot(graph, neo4j_server)
    graph.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_server.neo4j_database)
    summary = write_batch(graph, neo4j_server, docs)
    assert summary.status == {"qinghe-2021": "created", "qinghe-2022": "created"}
    assert _snapshot(graph, neo4j_server) == sequential
    shared = next(e for e in sequential["entities"] if e[0] == "Company:远山集团")
    assert sorted(shared[5]) == ["qinghe-2021", "qinghe-2022"]  # both reports support it


def test_store_writer_batches_skip_unchanged_and_replace_changed(
        graph, neo4j_server, result_a, result_a_v2, result_b) -> None:
    write_batch(graph, neo4j_server, [build_rows(result_a), build_rows(result_b)])
    summary = write_batch(graph, neo4j_server, [build_rows(result_a_v2), build_rows(result_b)])
    assert summary.status == {"qinghe-2021": "replaced", "qinghe-2022": "unchanged"}
    expected = _snapshot(graph, neo4j_server)
    graph.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_server.neo4j_database)
    write_document(graph, neo4j_server, build_rows(result_a_v2))
    write_document(graph, neo4j_server, build_rows(result_b))
    assert _snapshot(graph, neo4j_server) == expected


def test_store_writer_batches_split_on_a_repeated_document(graph, neo4j_server, result_a, result_a_v2) -> None:
    out = list(write_documents(graph, neo4j_server, [build_rows(result_a), build_rows(result_a_v2)],
                               batch_docs=10))
    assert [s.status for _, s in out] == [{"qinghe-2021": "created"}, {"qinghe-2021": "replaced"}]
    with pytest.raises(StoreError, match=r"E207.*qinghe-2021"):
        write_batch(graph, neo4j_server, [build_rows(result_a), build_rows(result_a_v2)])


@pytest.mark.filterwarnings("ignore::UserWarning")  # the deliberately bad row
def test_store_writer_batches_isolate_a_bad_document(graph, neo4j_server, result_a, result_b) -> None:
    good, bad = build_rows(result_b), build_rows(result_a)
    # A map is not a valid property value: the batch fails, then each document is tried alone.
    bad.relations.append(RelationRow.model_construct(
        type="PART_OF", head_id="District:柳塘村", tail_id="District:青禾区", evidence={"not": "a string"},
        confidence=1.0, sentence_ids=[], source="text"))
    written = []
    with pytest.raises(StoreError, match=r"E206.*qinghe-2021"):
        for docs, summary in write_documents(graph, neo4j_server, [good, bad], batch_docs=10):
            written += [d.doc_id for d in docs if summary.status[d.doc_id] == "created"]
    assert written == ["qinghe-2022"]
    with graph.session(database=neo4j_server.neo4j_database) as s:
        ids = [r["id"] for r in s.run("MATCH (d:Document) RETURN d.id AS id")]
    assert ids == ["qinghe-2022"]  # the good report landed whole, the bad one not at all
