"""Questions in Chinese (issue #14): GET /api/v1/ask?q=... (kg.ask)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ReadAccess, ReaderDep
from api.models import AskPublic, Message
from kg.ask import ask

router = APIRouter(prefix="/api/v1", tags=["ask"], dependencies=[ReadAccess])


@router.get("/ask", response_model=AskPublic,
            responses={422: {"model": Message, "description": "empty, too long or control characters (E290-E293)"}})
def ask_question(reader: ReaderDep,
                 q: Annotated[str | None, Query(description="a question in Chinese, e.g. 去年GDP是多少？")] = None,
                 ) -> AskPublic:
    """A question in Chinese answered from the graph, offline and deterministically (rules, no
    language model): the figures, entities, relations or sentences that answer it, the sentences
    that prove it and the read-only Cypher that ran. ``understood: false`` (with suggestions)
    when the graph cannot answer: out of scope, or nothing found; never a guess."""
    return AskPublic.model_validate(ask(reader, q))
