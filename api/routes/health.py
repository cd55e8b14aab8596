"""GET /health: is the service up, can it reach Neo4j. Always 200; the body says the state."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ReaderDep, SettingsDep
from api.models import HealthPublic, Neo4jHealth
from kg.errors import StoreError

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthPublic)
def health(reader: ReaderDep, settings: SettingsDep) -> HealthPublic:
    try:
        reader.ping()
    except StoreError as e:
        return HealthPublic(status="degraded",
                            neo4j=Neo4jHealth(reachable=False, uri=settings.neo4j_uri, detail=e.public or str(e)))
    return HealthPublic(status="ok", neo4j=Neo4jHealth(reachable=True, uri=settings.neo4j_uri))
