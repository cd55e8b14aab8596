"""Search and entity detail: /api/v1/search, /api/v1/entities/{id}, .../neighbours."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import PageDep, ReadAccess, ReaderDep
from api.models import EntitiesPublic, EntityPublic, Message, NeighboursPublic
from kg.models import EntityType, RelationType

router = APIRouter(prefix="/api/v1", tags=["entities"], dependencies=[ReadAccess])

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Message, "description": "no entity with this id"}}


@router.get("/search", response_model=EntitiesPublic)
def search(reader: ReaderDep, page: PageDep,
           q: Annotated[str, Query(min_length=1, max_length=100, description="name or alias, any part")],
           type: Annotated[EntityType | None, Query(description="only entities of this type")] = None,
           ) -> EntitiesPublic:
    """Full-text search over entity names and aliases (CJK bigrams), exact names first."""
    return EntitiesPublic.of(reader.search(q, type=type, limit=page.limit, offset=page.offset))


@router.get("/entities/{entity_id}", response_model=EntityPublic, responses=NOT_FOUND)
def get_entity(entity_id: str, reader: ReaderDep) -> EntityPublic:
    """An entity with its aliases, code and mentions (document, section path, sentence)."""
    return EntityPublic.model_validate(reader.get_entity(entity_id))


@router.get("/entities/{entity_id}/neighbours", response_model=NeighboursPublic, responses=NOT_FOUND)
def neighbours(entity_id: str, reader: ReaderDep, page: PageDep,
               rel: Annotated[RelationType | None, Query(description="only this relation type")] = None,
               type: Annotated[EntityType | None, Query(description="only neighbours of this type")] = None,
               ) -> NeighboursPublic:
    """Entities related to this one, each relation with its evidence."""
    result = reader.neighbours(entity_id, rel=rel, type=type, limit=page.limit, offset=page.offset)
    return NeighboursPublic.of(result, entity_id=entity_id)
