"""POST /api/v1/cypher: read-only Cypher for power users (READ transaction, timeout, row limit)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ReadAccess, ReaderDep
from api.models import CypherQuery, CypherResultPublic, Message

router = APIRouter(prefix="/api/v1", tags=["cypher"], dependencies=[ReadAccess])


@router.post("/cypher", response_model=CypherResultPublic,
             responses={403: {"model": Message, "description": "the query writes or runs a refused command"},
                        422: {"model": Message, "description": "invalid query, or over the time limit"}})
def run_cypher(body: CypherQuery, reader: ReaderDep) -> CypherResultPublic:
    """Run one read-only query. Writes are refused by Neo4j (the query runs in a READ
    transaction); LOAD CSV, DBMS procedures and administration commands are refused here.
    At most KG_CYPHER_ROW_LIMIT rows come back, within KG_CYPHER_TIMEOUT_S seconds."""
    result = reader.run_cypher(body.query, body.params)
    return CypherResultPublic(columns=result.columns, rows=result.rows, count=len(result.rows),
                              limit=result.limit, truncated=result.truncated)
