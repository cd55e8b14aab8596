"""The baseline writer: one transaction per node and one per relationship, same rows, same MERGEs.

This is what a first loader usually looks like (a session.run per fact). It exists only to
measure what kg.store.writer's batched, one-transaction-per-document UNWIND writes buy.
"""

from __future__ import annotations

from collections import defaultdict

from neo4j import Driver

from kg.build import GraphRows
from kg.ontology import get_ontology

NODE = "MERGE (n:`{label}` {{id: $id}}) SET n += $props"
REL = ("MATCH (a:`{a}` {{id: $a}}) MATCH (b:`{b}` {{id: $b}}) "
       "MERGE (a)-[r:`{rel}`]->(b) SET r += $props")


class NaiveWriter:
    def __init__(self, driver: Driver, database: str) -> None:
        self.driver, self.database = driver, database
        self.counts: dict[str, int] = defaultdict(int)

    def _tx(self, query: str, **params) -> None:
        with self.driver.session(database=self.database) as s:
            c = s.execute_write(lambda tx: tx.run(query, params).consume().counters)
        self.counts["nodes_created"] += c.nodes_created
        self.counts["relationships_created"] += c.relationships_created

    def node(self, label: str, id_: str, props: dict) -> None:
        self._tx(NODE.format(label=label), id=id_, props={k: v for k, v in props.items() if v is not None})

    def rel(self, a: str, a_id: str, rel: str, b: str, b_id: str, props: dict | None = None) -> None:
        self._tx(REL.format(a=a, b=b, rel=rel), a=a_id, b=b_id, props=props or {})

    def write(self, rows: GraphRows) -> None:
        self._nodes(rows)
        self._relationships(rows)

    def _nodes(self, rows: GraphRows) -> None:
        self.node("Document", rows.doc_id, rows.document.model_dump(exclude={"id"}))
        for s in rows.sections:
            self.node("Section", s.id, s.model_dump(exclude={"id"}))
        for s in rows.sentences:
            self.node("Sentence", s.id, s.model_dump(exclude={"id", "section_id"}))
        ontology = get_ontology()
        for e in rows.entities:
            self.node("Entity", e.id, e.model_dump(exclude={"id"}) | {"doc_ids": [rows.doc_id]})
            self._tx(f"MATCH (n:Entity {{id: $id}}) SET n:`{ontology.check_entity_label(e.type)}`", id=e.id)
        for m in rows.metrics:
            self.node("Metric", m.id, m.model_dump(exclude={"id", "sentence_id", "indicator_id", "about_id"}))

    def _relationships(self, rows: GraphRows) -> None:
        for s in rows.sections:
            self.rel("Document", rows.doc_id, "HAS_SECTION", "Section", s.id)
        for s in rows.sentences:
            self.rel("Document", rows.doc_id, "HAS_SENTENCE", "Sentence", s.id)
            if s.section_id:
                self.rel("Section", s.section_id, "HAS_SENTENCE", "Sentence", s.id)
        for m in rows.mentions:
            self.rel("Entity", m.entity_id, "MENTIONED_IN", "Sentence", m.sentence_id, {"text": m.text})
        for m in rows.metrics:
            self.rel("Metric", m.id, "MEASURES", "Entity", m.indicator_id)
            if m.sentence_id:
                self.rel("Metric", m.id, "STATED_IN", "Sentence", m.sentence_id)
            if m.about_id:
                self.rel("Metric", m.id, "ABOUT", "Entity", m.about_id)
        for r in rows.relations:
            rel = get_ontology().check_graph_relation_type(r.type)
            self.rel("Entity", r.head_id, rel, "Entity", r.tail_id,
                     {"confidence": r.confidence, "evidence": r.evidence, "sentence_ids": r.sentence_ids})
        for c in rows.co_mentions:
            self.rel("Entity", c.head_id, "CO_MENTIONED", "Entity", c.tail_id,
                     {"count": len(c.sentence_ids), "sentence_ids": c.sentence_ids})
