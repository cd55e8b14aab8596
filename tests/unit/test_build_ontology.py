"""schemas/ontology.yaml is the whitelist for labels and relationship types."""

from __future__ import annotations

import pytest

from kg.build import DocumentRow, EntityRow, GraphRows
from kg.errors import QueryRefused, SchemaError
from kg.models import ENTITY_TYPES, RELATION_TYPES
from kg.ontology import get_ontology
from kg.store import cypher
from kg.store.schema import schema_statements
from kg.store.writer import entity_rows


def test_build_ontology_matches_the_models() -> None:
    ontology = get_ontology()
    assert ontology.entity_labels == ENTITY_TYPES
    assert tuple(ontology.relation_types) == RELATION_TYPES
    assert {"Document", "Section", "Sentence", "Metric", "Entity"} <= set(ontology.node_labels)


def test_build_ontology_refuses_unknown_label() -> None:
    with pytest.raises(SchemaError, match=r"E301.*'Bogus'"):
        get_ontology().check_entity_label("Bogus")
    # the writer sets labels from row values ($(row.type)), so it checks every row first
    row = EntityRow(id="x", type="District`) DETACH DELETE (n", name="x")
    doc = GraphRows(doc_id="d", document=DocumentRow(id="d", source="s", title=None, year=None, sha256="0", fmt="txt"),
                    entities=[row])
    with pytest.raises(SchemaError, match="E301"):
        entity_rows([doc])


def test_build_ontology_refuses_unknown_relation_type() -> None:
    with pytest.raises(SchemaError, match=r"E302.*'LIKES'"):
        cypher.merge_relations("LIKES")


def test_build_ontology_query_text_uses_only_whitelisted_names() -> None:
    assert "`PART_OF`" in cypher.merge_relations("PART_OF")
    assert "$(row.type)" in cypher.MERGE_ENTITIES  # a parameter, never text formatted into the query


def test_build_ontology_path_bound_is_checked() -> None:
    assert "*..6]" in cypher.shortest_paths(6)
    with pytest.raises(QueryRefused, match="E402"):
        cypher.shortest_paths(7)
    with pytest.raises(QueryRefused, match="E402"):
        cypher.subgraph_around(-1)


def test_build_ontology_constraints_file_is_idempotent_cypher() -> None:
    statements = schema_statements()
    assert len(statements) >= 10
    assert all("IF NOT EXISTS" in s for s in statements)
    assert any("fulltext.analyzer`: 'cjk'" in s for s in statements)
