"""POST /api/v1/cypher: read-only Cypher for power users (planned and judged first, then run in a
READ transaction with a timeout, a memory limit, a row limit and a byte budget)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import APIRouter, Request

from api.deps import ReadAccess, ReaderDep
from api.models import CypherQuery, CypherResultPublic, Message
from kg.errors import Busy, Err

router = APIRouter(prefix="/api/v1", tags=["cypher"], dependencies=[ReadAccess])

# A request waits this long for a free query slot before it is told to come back (503).
SLOT_WAIT_S = 2.0
RETRY_AFTER_S = 5


@contextmanager
def query_slot(slots: threading.BoundedSemaphore) -> Iterator[None]:
    """One of the KG_CYPHER_MAX_CONCURRENT slots, or Busy (503 with Retry-After)."""
    if not slots.acquire(timeout=SLOT_WAIT_S):
        raise Busy(Err.E409.format(what="too many /cypher queries are running (KG_CYPHER_MAX_CONCURRENT)",
                                   retry_after=RETRY_AFTER_S), retry_after=RETRY_AFTER_S)
    try:
        yield
    finally:
        slots.release()


@router.post("/cypher", response_model=CypherResultPublic,
             responses={403: {"model": Message, "description": "the query writes or runs a refused command"},
                        413: {"model": Message, "description": "the query is over KG_CYPHER_MAX_QUERY_CHARS"},
                        422: {"model": Message, "description": "invalid query, or over the time or memory limit"},
                        503: {"model": Message, "description": "busy: retry after Retry-After seconds"}})
def run_cypher(body: CypherQuery, reader: ReaderDep, request: Request) -> CypherResultPublic:
    """Run one read-only query. Neo4j plans it first (EXPLAIN) and it runs only if the plan reads
    and nothing else: no writes, no LOAD CSV, no procedure outside a short read-only list (db.labels,
    db.relationshipTypes, db.propertyKeys, db.schema.*, db.index.fulltext.query*), no
    administration command. At most KG_CYPHER_ROW_LIMIT rows and KG_CYPHER_BYTE_LIMIT bytes come
    back, within KG_CYPHER_TIMEOUT_S seconds."""
    with query_slot(request.app.state.cypher_slots):
        result = reader.run_cypher(body.query, body.params)
    return CypherResultPublic(columns=result.columns, rows=result.rows, count=len(result.rows),
                              limit=result.limit, truncated=result.truncated, truncated_by=result.truncated_by,
                              byte_limit=result.byte_limit)
