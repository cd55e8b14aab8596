"""Search and entity detail: /api/v1/search, /api/v1/entities/{id}, .../neighbours."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.deps import AsyncReaderDep, PageDep, ReadAccess, cached_answer
from api.models import (
    AmbiguousMessage,
    EntitiesPublic,
    EntityPublic,
    GraphRelationType,
    Layer,
    Message,
    NeighboursPublic,
)
from kg.models import EntityType

router = APIRouter(prefix="/api/v1", tags=["entities"], dependencies=[ReadAccess])

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Message, "description": "no entity with this id, name or alias"},
    409: {"model": AmbiguousMessage, "description": "the name is carried by several entities: the candidates"},
}


@router.get("/search", response_model=EntitiesPublic)
async def search(request: Request, reader: AsyncReaderDep, page: PageDep,
           q: Annotated[str, Query(min_length=1, max_length=100, description="name or alias, any part")],
           type: Annotated[EntityType | None, Query(description="only entities of this type")] = None,
           ) -> EntitiesPublic:
    """Full-text search over entity names and aliases (CJK bigrams), exact names first."""
    async def build() -> EntitiesPublic:
        return EntitiesPublic.of(await reader.search(q, type=type, limit=page.limit, offset=page.offset))
    return await cached_answer(request, reader, build)


# Entity ids may hold a "/" (an organisation's id names its district: "Organization:江源区/区委"), so
# the id is a path parameter; the neighbours route comes first so ".../neighbours" is not read as
# part of an id. An entity's name or alias works wherever its id does (409 when several carry it).
@router.get("/entities/{entity_id:path}/neighbours", response_model=NeighboursPublic, responses=NOT_FOUND)
async def neighbours(request: Request, entity_id: str, reader: AsyncReaderDep, page: PageDep,
                     rel: Annotated[GraphRelationType | None, Query(description="only this relation type")] = None,
                     type: Annotated[EntityType | None, Query(description="only neighbours of this type")] = None,
                     layer: Annotated[Layer, Query(description="typed: stated relations (and REPORTED_BY); "
                                                   "co: CO_MENTIONED (same sentence); all: both")] = "typed",
                     ) -> NeighboursPublic:
    """Entities related to this one (by id, name or alias), each relation with its evidence."""
    async def build() -> NeighboursPublic:
        result = await reader.neighbours(entity_id, rel=rel, type=type, limit=page.limit, offset=page.offset,
                                         layer=layer)
        return NeighboursPublic.of(result, entity_id=entity_id)
    return await cached_answer(request, reader, build)


@router.get("/entities/{entity_id:path}", response_model=EntityPublic, responses=NOT_FOUND)
async def get_entity(request: Request, entity_id: str, reader: AsyncReaderDep) -> EntityPublic:
    """An entity (by id, name or alias) with its aliases, code and mentions (document, section path,
    sentence)."""
    async def build() -> EntityPublic:
        return EntityPublic.model_validate(await reader.get_entity(entity_id))
    return await cached_answer(request, reader, build)
