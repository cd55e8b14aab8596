"""Shortest paths between two entities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import PageDep, ReadAccess, ReaderDep
from api.models import AmbiguousMessage, Layer, Message, PathPublic, PathsPublic
from kg.store.cypher import MAX_PATH_HOPS
from kg.store.reader import Page

router = APIRouter(prefix="/api/v1", tags=["paths"], dependencies=[ReadAccess])


@router.get("/paths", response_model=PathsPublic,
            responses={404: {"model": Message, "description": "an end is not in the graph"},
                       409: {"model": AmbiguousMessage, "description": "a name several entities carry"}})
def paths(reader: ReaderDep, page: PageDep,
          from_id: Annotated[str, Query(alias="from", min_length=1, description="entity id, name or alias")],
          to_id: Annotated[str, Query(alias="to", min_length=1, description="entity id, name or alias")],
          max_hops: Annotated[int, Query(ge=1, le=MAX_PATH_HOPS)] = 4,
          layer: Annotated[Layer, Query(description="typed: stated relations (and REPORTED_BY); "
                                        "co: CO_MENTIONED (same sentence); all: both")] = "all",
          ) -> PathsPublic:
    """All shortest paths between two entities, each relation with its evidence."""
    found = reader.paths(from_id, to_id, max_hops=max_hops, limit=page.offset + page.limit, layer=layer)
    items = [PathPublic(hops=len(p["relationships"]), **p).model_dump() for p in found]
    window = Page(items=items[page.offset:], total=len(items), limit=page.limit, offset=page.offset)
    return PathsPublic.of(window)
