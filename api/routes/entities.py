"""Search and entity detail: /api/v1/search, /api/v1/entities/{id}, .../neighbours."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from api.deps import AsyncReaderDep, PageDep, ReadAccess, cached_answer
from api.models import (
    AmbiguousMessage,
    EntitiesPublic,
    EntityPublic,
    GraphRelationType,
    Layer,
    Message,
    NeighboursPublic,
    SearchAllPublic,
    SearchScope,
    SentencesPublic,
)
from kg.errors import Err, QueryRefused
from kg.models import EntityType
from kg.store.textsearch import search_sentences_async

router = APIRouter(prefix="/api/v1", tags=["entities"], dependencies=[ReadAccess])

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Message, "description": "no entity with this id, name or alias"},
    409: {"model": AmbiguousMessage, "description": "the name is carried by several entities: the candidates"},
}


# The length of q is checked by the search itself (E296, one line), not by the query's schema, so
# that every input a user can type gets a coded answer.
MAX_ENTITY_QUERY_CHARS = 100
SENTENCE_FILTERS = ("document", "year", "district", "exact_only")


@router.get("/search", response_model=EntitiesPublic | SentencesPublic | SearchAllPublic,
            responses={422: {"model": Message, "description": "a query with nothing to search, too long, "
                                                             "or a filter naming no document or district"}})
async def search(request: Request, reader: AsyncReaderDep, page: PageDep,
           q: Annotated[str, Query(min_length=1, description="entities: a name or alias, any part; sentences: "
                                   "a word or phrase (words separated by spaces must all occur)")],
           scope: Annotated[SearchScope, Query(description="entities (names and aliases, the default), sentences "
                                               "(what the reports say), or all (both, each paginated)")] = "entities",
           type: Annotated[EntityType | None, Query(description="only entities of this type")] = None,
           document: Annotated[str | None, Query(description="sentences: only this document (id)")] = None,
           year: Annotated[int | None, Query(ge=0, le=9999, description="sentences: only reports of this year")] = None,
           district: Annotated[str | None, Query(description="sentences: only reports of this district (the "
                                                 "government that reports; id, name, alias or code)")] = None,
           exact_only: Annotated[bool, Query(description="sentences: only those containing the whole query, "
                                             "not those sharing some of its bigrams")] = False,
           ) -> Any:
    """Full-text search. scope=entities: entity names and aliases (CJK bigrams), exact names first.
    scope=sentences: report sentences containing the query first, then those sharing its bigrams,
    by score; each with its document, section path and the matches (offsets and a <mark>ed copy).
    Traditional characters are searched as simplified (營商環境 finds 营商环境)."""
    given = {"document": document, "year": year, "district": district, "exact_only": exact_only or None}
    if scope == "entities":
        if len(q) > MAX_ENTITY_QUERY_CHARS:
            raise QueryRefused(Err.E296.format(n=len(q), what="characters", limit=MAX_ENTITY_QUERY_CHARS))
        misplaced = [k for k, v in given.items() if v is not None]
        if misplaced:
            raise QueryRefused(Err.E298.format(what=misplaced[0], value=repr(str(given[misplaced[0]])),
                                               why="it filters sentences; add scope=sentences or scope=all"))

    async def sentences() -> SentencesPublic:
        found = await search_sentences_async(reader, q, document=document, year=year, district=district,
                                             limit=page.limit, offset=page.offset, exact_only=exact_only)
        return SentencesPublic.of(found, query=found.query, exact_total=found.exact_total)

    async def entities() -> EntitiesPublic:
        if len(q) > MAX_ENTITY_QUERY_CHARS:  # scope=all: the sentence search's own limit is checked first
            raise QueryRefused(Err.E296.format(n=len(q), what="characters", limit=MAX_ENTITY_QUERY_CHARS))
        return EntitiesPublic.of(await reader.search(q, type=type, limit=page.limit, offset=page.offset))

    async def build() -> BaseModel:
        if scope == "entities":
            return await entities()
        if scope == "sentences":
            return await sentences()
        hits = await sentences()
        return SearchAllPublic(entities=await entities(), sentences=hits)
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
