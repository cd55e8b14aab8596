"""Re-ingest through the real pipeline: same report = no change at all; a new version replaces only its facts.

tests/neo4j/test_store_writer.py covers counts on hand-made results; these add every
property value, and a second document that shares the report's entities.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build_rows
from kg.ingest import document_from_text
from kg.store.writer import delete_document, write_document
from tests.reliability.support import snapshot

pytestmark = pytest.mark.neo4j


def _result(extractor, text: str, doc_id: str):  # noqa: ANN001, ANN202
    return extractor.extract(document_from_text(text, source=f"tests/{doc_id}.txt", doc_id=doc_id))


def _docs_of(snap: dict, doc_id: str) -> list:
    return [n for n in snap["nodes"] if f'"{doc_id}' in n[1]]


def test_writer_same_report_twice_same_values(graph, neo4j_server, rules_extractor, sample_path: Path) -> None:
    rows = build_rows(rules_extractor.extract_path(sample_path))
    write_document(graph, neo4j_server, rows)
    first = snapshot(graph, neo4j_server)
    again = write_document(graph, neo4j_server, build_rows(rules_extractor.extract_path(sample_path)))
    assert again.status == "unchanged" and again.nodes_created == again.properties_set == 0
    assert snapshot(graph, neo4j_server) == first  # every property of every node and relationship


def test_writer_new_version_keeps_what_other_documents_support(graph, neo4j_server, rules_extractor,
                                                                sample_path: Path) -> None:
    text = sample_path.read_text(encoding="utf-8")
    excerpt = _result(rules_extractor, text[:4000], "excerpt")  # another document sharing entities
    write_document(graph, neo4j_server, build_rows(excerpt))
    only_excerpt = snapshot(graph, neo4j_server)
    v1 = _result(rules_extractor, text, "report")
    v2 = _result(rules_extractor, text[: len(text) // 2], "report")  # the new version lost its second half
    write_document(graph, neo4j_server, build_rows(v1))
    summary = write_document(graph, neo4j_server, build_rows(v2))
    assert summary.status == "replaced"
    with graph.session(database=neo4j_server.neo4j_database) as s:
        ids = {r["id"] for r in s.run("MATCH (e:Entity) RETURN e.id AS id")}
        sentences = s.run("MATCH (s:Sentence {doc_id: 'report'}) RETURN count(s) AS n").single()["n"]
    v1_only = {e.id for e in v1.entities} - {e.id for e in v2.entities} - {e.id for e in excerpt.entities}
    assert v1_only and not v1_only & ids  # facts only the old version stated are gone
    assert {e.id for e in excerpt.entities} <= ids  # the other document's entities stay
    assert sentences == len(v2.document.sentences)
    delete_document(graph, neo4j_server, "report")
    after = snapshot(graph, neo4j_server)
    # Deleting the report leaves exactly the excerpt's graph, bar relation evidence re-pointed.
    assert [n for n in after["nodes"]] == [n for n in only_excerpt["nodes"]]
    assert [r[:3] for r in after["rels"]] == [r[:3] for r in only_excerpt["rels"]]
    assert not _docs_of(after, "report")
