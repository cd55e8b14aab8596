"""Writes: one document's graph rows, atomically and idempotently.

A document is written in ONE write transaction (``session.execute_write``, which
the driver retries on transient errors): either all of its facts are in the
graph or none. Rows are UNWIND-ed in batches and MERGE-d on canonical ids under
uniqueness constraints. Errors are wrapped and raised, never turned into a status.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal
from urllib.parse import urlparse

from neo4j import Driver, ManagedTransaction
from pydantic import BaseModel

from kg.build import GraphRows
from kg.config import Settings
from kg.errors import Err, KGError, StoreError, StoreUnavailable
from kg.ontology import get_ontology
from kg.store import cypher, verdicts
from kg.store.driver import store_errors, verify, write_session

log = logging.getLogger(__name__)


WriteStatus = Literal["created", "replaced", "unchanged"]


class WriteCounters(BaseModel):
    """The server's update counters, summed over the statements of one transaction."""

    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0


class WriteSummary(WriteCounters):
    doc_id: str
    status: WriteStatus
    rows: dict[str, int]


class BatchSummary(WriteCounters):
    """One transaction's outcome: each document's status, and the server's counters summed."""

    status: dict[str, WriteStatus]


class DeleteSummary(BaseModel):
    doc_id: str
    deleted: bool
    nodes_deleted: int = 0
    relationships_deleted: int = 0


class _Counter:
    """Sums the server's update counters over the statements of one transaction."""

    def __init__(self) -> None:
        self.totals: dict[str, int] = defaultdict(int)

    def run(self, tx: ManagedTransaction, query: str, **params: Any) -> None:
        c = tx.run(query, params).consume().counters
        for key in ("nodes_created", "nodes_deleted", "relationships_created",
                    "relationships_deleted", "properties_set"):
            self.totals[key] += getattr(c, key)


def _batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for i in range(0, len(rows), max(size, 1)):
        yield rows[i:i + size]


def _union(*lists: Iterable[str]) -> list[str]:
    """Items of the lists in first-seen order, without repeats."""
    return list(dict.fromkeys(x for lst in lists for x in lst))


def entity_rows(docs: list[GraphRows]) -> list[dict]:
    """Entity rows of a batch, one per id, holding each document's entry (cypher.MERGE_ENTITIES):
    the name, code, parent and aliases it gives. The statement derives the entity's own from them,
    so a batch leaves what loading the documents one by one would. Labels are checked against the
    ontology here, because the statement sets them from the row ($(row.type))."""
    ontology = get_ontology()
    merged: dict[str, dict] = {}
    for rows in docs:
        for e in rows.entities:
            ontology.check_entity_label(e.type)
            m = merged.setdefault(e.id, {"id": e.id, "type": e.type, "doc_ids": [], "doc_names": [],
                                         "doc_codes": [], "doc_parents": [], "alias_docs": [],
                                         "alias_forms": []})
            if rows.doc_id in m["doc_ids"]:
                continue
            m["doc_ids"].append(rows.doc_id)
            m["doc_names"].append(e.name)
            m["doc_codes"].append(e.code or "")
            m["doc_parents"].append(e.parent or "")
            forms = _union(e.aliases, [e.name])  # aliases, then the name (it is an alias where another name won)
            m["alias_docs"] += [rows.doc_id] * len(forms)
            m["alias_forms"] += forms
    return list(merged.values())


def relation_rows(docs: list[GraphRows]) -> list[dict]:
    """Relation rows of a batch, one per (type, head, tail), holding each document's confidence,
    source and evidence (cypher.merge_relations derives the relation's own from them).
    (Types are checked where they are formatted into a statement: cypher.merge_relations.)"""
    merged: dict[tuple[str, str, str], dict] = {}
    for rows in docs:
        for r in rows.relations:
            key = (r.type, r.head_id, r.tail_id)
            m = merged.setdefault(key, {"type": r.type, "head_id": r.head_id, "tail_id": r.tail_id,
                                        "doc_ids": [], "doc_confidences": [], "doc_sources": [],
                                        "doc_evidence": [], "sentence_ids": []})
            m["sentence_ids"] = _union(m["sentence_ids"], r.sentence_ids)
            if rows.doc_id in m["doc_ids"]:
                continue
            m["doc_ids"].append(rows.doc_id)
            m["doc_confidences"].append(r.confidence)
            m["doc_sources"].append(r.source)
            m["doc_evidence"].append(r.evidence)
    return list(merged.values())


def co_mention_rows(docs: list[GraphRows]) -> list[dict]:
    """Co-mention rows of a batch, one per pair, with each document's count of shared sentences."""
    merged: dict[tuple[str, str], dict] = {}
    for rows in docs:
        for c in rows.co_mentions:
            m = merged.setdefault((c.head_id, c.tail_id), {"head_id": c.head_id, "tail_id": c.tail_id,
                                                          "doc_ids": [], "doc_counts": [], "sentence_ids": []})
            if rows.doc_id in m["doc_ids"]:
                continue
            m["doc_ids"].append(rows.doc_id)
            m["doc_counts"].append(len(c.sentence_ids))
            m["sentence_ids"] = _union(m["sentence_ids"], c.sentence_ids)
    return list(merged.values())


def _remove_document(tx: ManagedTransaction, doc_id: str, counter: _Counter,
                     replacement: GraphRows | None = None) -> bool:
    """Take one document's facts out of the graph; entities and relations other documents support
    stay, with what those documents say (cypher.UNSUPPORT_*)."""
    sentence_ids = tx.run(cypher.DOCUMENT_SENTENCE_IDS, doc_id=doc_id).single(strict=True)["ids"]
    counter.run(tx, cypher.UNSUPPORT_RELATIONS, doc_id=doc_id, sentence_ids=sentence_ids)
    counter.run(tx, cypher.UNSUPPORT_CO_MENTIONS, doc_id=doc_id, sentence_ids=sentence_ids)
    for query in (cypher.DELETE_METRICS, cypher.DELETE_SENTENCES, cypher.DELETE_SECTIONS):
        counter.run(tx, query, doc_id=doc_id)
    relisted = [e.id for e in replacement.entities] if replacement else []
    counter.run(tx, cypher.UNSUPPORT_ENTITIES, doc_id=doc_id, relisted=relisted)
    deleted = tx.run(cypher.DELETE_DOCUMENT, doc_id=doc_id).single(strict=True)["deleted"]
    return bool(deleted)


def _write_rows(tx: ManagedTransaction, docs: list[GraphRows], batch: int, counter: _Counter) -> None:
    """One statement per kind of row (and relation type) for the whole batch, nodes before edges."""
    steps: list[tuple[str, list[dict]]] = [
        (cypher.MERGE_DOCUMENTS, [d.document.model_dump() for d in docs]),
        (cypher.CREATE_SECTIONS, _unique([s.model_dump() for d in docs for s in d.sections])),
        (cypher.CREATE_SENTENCES, _unique([s.model_dump() for d in docs for s in d.sentences])),
        (cypher.MERGE_ENTITIES, entity_rows(docs)),
        (cypher.CREATE_MENTIONS, [m.model_dump() for d in docs for m in d.mentions]),
        (cypher.CREATE_METRICS, _unique([m.model_dump() for d in docs for m in d.metrics])),
    ]
    by_type: dict[str, list[dict]] = defaultdict(list)
    for r in relation_rows(docs):
        by_type[r["type"]].append(r)
    steps += [(cypher.merge_relations(t), group) for t, group in sorted(by_type.items())]
    steps.append((cypher.MERGE_CO_MENTIONS, co_mention_rows(docs)))
    for query, data in steps:
        for chunk in _batches(data, batch):
            counter.run(tx, query, rows=chunk)


def _unique(rows: list[dict]) -> list[dict]:
    """One row per id, the last one winning (as SET over a MERGE-d node would): rows are CREATEd."""
    return list({r["id"]: r for r in rows}.values())


def _fingerprint(rows: GraphRows) -> str:
    return rows.document.fingerprint or rows.document.sha256


def _write_batch_tx(tx: ManagedTransaction, docs: list[GraphRows], batch: int) -> BatchSummary:
    """Skip documents already loaded with the same fingerprint, replace changed ones, add new ones."""
    counter = _Counter()
    locked = tx.run(cypher.LOCK_DOCUMENTS, ids=sorted(d.doc_id for d in docs))
    old = {r["id"]: r["fingerprint"] for r in locked if r["fingerprint"] is not None}
    counter.totals["nodes_created"] += locked.consume().counters.nodes_created  # new documents
    status: dict[str, WriteStatus] = {}
    todo = []
    places: set[str] = set()  # what the written and replaced reports' metrics are about
    for d in docs:
        if d.doc_id in old and old[d.doc_id] == _fingerprint(d):
            status[d.doc_id] = "unchanged"
            continue
        if d.doc_id in old:
            places |= verdicts.places_of(tx, [d.doc_id])
            _remove_document(tx, d.doc_id, counter, replacement=d)
        status[d.doc_id] = "replaced" if d.doc_id in old else "created"
        todo.append(d)
    if todo:
        _write_rows(tx, todo, batch, counter)
        places |= verdicts.places_of(tx, [d.doc_id for d in todo])
        verdicts.refresh(tx, places)  # targets against results (kg.compare), in the same transaction
        tx.run(cypher.BUMP_GRAPH_VERSION).consume()
    return BatchSummary(status=status, **counter.totals)


def _check_unique(docs: list[GraphRows]) -> None:
    ids = [d.doc_id for d in docs]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise StoreError(Err.E207.format(doc_id=dup))


def write_batch(driver: Driver, settings: Settings, docs: list[GraphRows]) -> BatchSummary:
    """Load several documents in ONE transaction: all of them are in the graph, or none."""
    _check_unique(docs)
    verify(driver, settings)  # a down server fails now, not after the driver's retry window
    what = f"writing document {docs[0].doc_id!r}" if len(docs) == 1 else \
        f"writing {len(docs)} documents ({docs[0].doc_id!r} .. {docs[-1].doc_id!r})"
    with store_errors(settings, what), write_session(driver, settings) as s:
        summary = s.execute_write(_write_batch_tx, docs, settings.batch_size)
    log.info("%s: %s", what, summary.status)
    return summary


def write_document(driver: Driver, settings: Settings, rows: GraphRows) -> WriteSummary:
    """Load one document's rows in one transaction: a no-op for the same fingerprint, a replace otherwise."""
    b = write_batch(driver, settings, [rows])
    return WriteSummary(doc_id=rows.doc_id, status=b.status[rows.doc_id], rows=rows.counts(),
                        **b.model_dump(exclude={"status"}))


def write_documents(driver: Driver, settings: Settings, docs: Iterable[GraphRows],
                    batch_docs: int | None = None,
                    on_error: Callable[[str, KGError], None] | None = None,
                    ) -> Iterator[tuple[list[GraphRows], BatchSummary]]:
    """Load a stream of documents, ``batch_docs`` per transaction (KG_WRITE_BATCH_DOCS).

    A document id seen twice starts a new batch, so the later version replaces the earlier as in
    sequential loads. When a batch fails for a reason other than the server being unreachable, its
    documents are written one by one, so the good ones land and the error names the bad one; with
    ``on_error`` that error is handed over (with the document's source) and the stream goes on.
    """
    size = max(1, batch_docs or settings.write_batch_docs)
    pending: list[GraphRows] = []
    for rows in docs:
        if len(pending) >= size or any(p.doc_id == rows.doc_id for p in pending):
            yield from _flush(driver, settings, pending, on_error)
            pending = []
        pending.append(rows)
    if pending:
        yield from _flush(driver, settings, pending, on_error)


def _flush(driver: Driver, settings: Settings, docs: list[GraphRows],
           on_error: Callable[[str, KGError], None] | None) -> Iterator[tuple[list[GraphRows], BatchSummary]]:
    try:
        yield docs, write_batch(driver, settings, docs)
        return
    except StoreUnavailable:
        raise
    except StoreError as e:
        if len(docs) > 1:
            log.warning("batch of %d documents failed; writing them one by one", len(docs))
        elif on_error is None:
            raise
        else:
            on_error(docs[0].document.source, e)
            return
    for d in docs:
        yield from _flush(driver, settings, [d], on_error)


def _delete_document_tx(tx: ManagedTransaction, doc_id: str) -> DeleteSummary:
    counter = _Counter()
    places = verdicts.places_of(tx, [doc_id])
    deleted = _remove_document(tx, doc_id, counter)
    if deleted:
        verdicts.refresh(tx, places)  # its results gone, the targets they answered are no_actual again
        tx.run(cypher.BUMP_GRAPH_VERSION).consume()
    return DeleteSummary(doc_id=doc_id, deleted=deleted, nodes_deleted=counter.totals["nodes_deleted"],
                         relationships_deleted=counter.totals["relationships_deleted"])


def delete_document(driver: Driver, settings: Settings, doc_id: str) -> DeleteSummary:
    """Remove one document's facts (and the entities and relations only it supported)."""
    verify(driver, settings)
    with store_errors(settings, f"deleting document {doc_id!r}"), write_session(driver, settings) as s:
        return s.execute_write(_delete_document_tx, doc_id)


def is_test_server(settings: Settings) -> bool:
    port = urlparse(settings.neo4j_uri).port
    return settings.test_server and port == settings.test_bolt_port


def wipe_test_database(driver: Driver, settings: Settings) -> None:
    """Delete every node, but only on the local test server (KG_TEST_SERVER and port KG_TEST_BOLT_PORT, 7688)."""
    if not is_test_server(settings):
        raise StoreError(Err.E205.format(uri=settings.neo4j_uri))
    with store_errors(settings, "wiping the test database"), write_session(driver, settings) as s:
        for query in cypher.WIPE:
            s.run(query).consume()  # CALL ... IN TRANSACTIONS needs an auto-commit query
