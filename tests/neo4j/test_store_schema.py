"""kg.store.schema against the real test server."""

from __future__ import annotations

import pytest

from kg.store.schema import apply_schema, list_schema

pytestmark = pytest.mark.neo4j


def test_store_schema_apply_is_idempotent(graph, neo4j_server) -> None:
    first = list_schema(graph, neo4j_server)
    apply_schema(graph, neo4j_server)
    apply_schema(graph, neo4j_server)
    assert list_schema(graph, neo4j_server) == first


def test_store_schema_has_constraints_and_cjk_fulltext(graph, neo4j_server) -> None:
    schema = list_schema(graph, neo4j_server)
    assert {"entity_id", "document_id", "section_id", "sentence_id", "metric_id"} <= set(schema["constraints"])
    assert {"entityNames", "entity_name", "metric_indicator", "metric_period", "metric_kind"} <= set(schema["indexes"])
    with graph.session(database=neo4j_server.neo4j_database) as s:
        row = s.run("SHOW FULLTEXT INDEXES YIELD name, options WHERE name = 'entityNames' "
                    "RETURN options.indexConfig['fulltext.analyzer'] AS analyzer").single()
    assert row["analyzer"] == "cjk"
