"""Writes: one document's graph rows, atomically and idempotently.

A document is written in ONE write transaction (``session.execute_write``, which
the driver retries on transient errors): either all of its facts are in the
graph or none. Rows are UNWIND-ed in batches and MERGE-d on canonical ids under
uniqueness constraints. Errors are wrapped and raised, never turned into a status.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, Literal
from urllib.parse import urlparse

from neo4j import Driver, ManagedTransaction
from pydantic import BaseModel

from kg.build import GraphRows
from kg.config import Settings
from kg.errors import Err, StoreError
from kg.store import cypher
from kg.store.driver import store_errors, verify, write_session

log = logging.getLogger(__name__)


WriteStatus = Literal["created", "replaced", "unchanged"]


class WriteSummary(BaseModel):
    doc_id: str
    status: WriteStatus
    rows: dict[str, int]
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0


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


def _dump(models: Iterable[BaseModel]) -> list[dict]:
    return [m.model_dump() for m in models]


def _grouped(rows: Iterable[BaseModel], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row.model_dump())
    return groups


def _remove_document(tx: ManagedTransaction, doc_id: str, counter: _Counter) -> bool:
    """Take one document's facts out of the graph; entities other documents support stay."""
    sentence_ids = tx.run(cypher.DOCUMENT_SENTENCE_IDS, doc_id=doc_id).single(strict=True)["ids"]
    counter.run(tx, cypher.UNSUPPORT_RELATIONS, doc_id=doc_id, sentence_ids=sentence_ids)
    for query in (cypher.DELETE_METRICS, cypher.DELETE_SENTENCES, cypher.DELETE_SECTIONS,
                  cypher.UNSUPPORT_ENTITIES):
        counter.run(tx, query, doc_id=doc_id)
    deleted = tx.run(cypher.DELETE_DOCUMENT, doc_id=doc_id).single(strict=True)["deleted"]
    return bool(deleted)


def _write_rows(tx: ManagedTransaction, rows: GraphRows, batch: int, counter: _Counter) -> None:
    doc_id = rows.doc_id
    counter.run(tx, cypher.MERGE_DOCUMENT, row=rows.document.model_dump())
    steps: list[tuple[str, list[dict]]] = [
        (cypher.MERGE_SECTIONS, _dump(rows.sections)),
        (cypher.MERGE_SENTENCES, _dump(rows.sentences)),
    ]
    steps += [(cypher.merge_entities(label), group) for label, group in _grouped(rows.entities, "type").items()]
    steps += [(cypher.MERGE_MENTIONS, _dump(rows.mentions)), (cypher.MERGE_METRICS, _dump(rows.metrics))]
    steps += [(cypher.merge_relations(t), group) for t, group in _grouped(rows.relations, "type").items()]
    for query, data in steps:
        for chunk in _batches(data, batch):
            counter.run(tx, query, rows=chunk, doc_id=doc_id)


def _write_document_tx(tx: ManagedTransaction, rows: GraphRows, batch: int) -> WriteSummary:
    old = tx.run(cypher.GET_DOCUMENT_SHA, doc_id=rows.doc_id).single()
    if old is not None and old["fingerprint"] == (rows.document.fingerprint or rows.document.sha256):
        return WriteSummary(doc_id=rows.doc_id, status="unchanged", rows=rows.counts())
    counter = _Counter()
    if old is not None:
        _remove_document(tx, rows.doc_id, counter)
    _write_rows(tx, rows, batch, counter)
    status: WriteStatus = "replaced" if old is not None else "created"
    return WriteSummary(doc_id=rows.doc_id, status=status, rows=rows.counts(), **counter.totals)


def write_document(driver: Driver, settings: Settings, rows: GraphRows) -> WriteSummary:
    """Load one document's rows in one transaction: a no-op for the same sha256, a replace otherwise."""
    verify(driver, settings)  # a down server fails now, not after the driver's retry window
    with store_errors(settings, f"writing document {rows.doc_id!r}"), write_session(driver, settings) as s:
        summary = s.execute_write(_write_document_tx, rows, settings.batch_size)
    log.info("document %s: %s (%s)", rows.doc_id, summary.status, summary.rows)
    return summary


def _delete_document_tx(tx: ManagedTransaction, doc_id: str) -> DeleteSummary:
    counter = _Counter()
    deleted = _remove_document(tx, doc_id, counter)
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
        s.execute_write(lambda tx: tx.run(cypher.WIPE).consume())
