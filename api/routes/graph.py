"""Whole-graph views: stats and export (GraphML or node-link JSON through networkx)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import ReadAccess, ReaderDep
from api.models import ExportPublic, Layer, Message, StatsPublic
from kg.export import to_graphml, to_networkx, to_node_link
from kg.store.cypher import MAX_PATH_HOPS

router = APIRouter(prefix="/api/v1", tags=["graph"], dependencies=[ReadAccess])

GRAPHML = "application/graphml+xml"


@router.get("/stats", response_model=StatsPublic)
def stats(reader: ReaderDep) -> StatsPublic:
    """Node counts by label, relationship counts by type, and totals."""
    return StatsPublic.model_validate(reader.stats())


@router.get("/export", response_model=ExportPublic,
            responses={200: {"content": {GRAPHML: {}}, "description": "node-link JSON or GraphML"},
                       404: {"model": Message}})
def export(reader: ReaderDep,
           format: Literal["json", "graphml"] = "json",
           entity: Annotated[str | None, Query(description="centre entity id, name or alias; all entities "
                                               "if absent")] = None,
           hops: Annotated[int, Query(ge=0, le=MAX_PATH_HOPS)] = 1,
           limit: Annotated[int, Query(ge=1, le=5000, description="at most this many entities")] = 500,
           layer: Annotated[Layer, Query(description="typed: stated relations (and REPORTED_BY); "
                                         "co: CO_MENTIONED (same sentence); all: both")] = "typed",
           ) -> ExportPublic | Response:
    """The entity graph (around one entity, or all of it) for networkx, Gephi or yEd."""
    sub = reader.subgraph(entity, hops=hops, limit=limit, layer=layer)
    g = to_networkx(sub.nodes, sub.edges)
    if format == "graphml":
        name = (entity or "policykg").replace(":", "_")
        return Response(to_graphml(g), media_type=GRAPHML,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}.graphml"})
    return ExportPublic.model_validate(to_node_link(g))


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
