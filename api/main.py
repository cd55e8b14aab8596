"""The FastAPI app: create_app() wires settings, the driver (opened in the lifespan), routers
and the mapping of PolicyKG errors to HTTP statuses.

Run: ``uvicorn api.main:create_app --factory`` (or ``kg serve``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from api.deps import PipelineProcessor, ReportProcessor
from api.ratelimit import RateLimitMiddleware, SlidingWindowLimiter
from api.routes import actors, cypher, documents, entities, graph, health, metrics, paths
from kg.config import Settings, get_settings
from kg.errors import (
    AuthError,
    ExtractionError,
    InputError,
    KGError,
    NotFound,
    QueryForbidden,
    QueryRefused,
    SchemaError,
    StoreError,
    StoreUnavailable,
)
from kg.store.cache import VersionedCache
from kg.store.driver import create_async_driver, create_driver, verify
from kg.store.schema import apply_schema

log = logging.getLogger(__name__)

# Most specific first: StoreUnavailable and AuthError are StoreErrors.
ERROR_STATUS: list[tuple[type[KGError], int]] = [
    (NotFound, status.HTTP_404_NOT_FOUND),
    (StoreUnavailable, status.HTTP_503_SERVICE_UNAVAILABLE),
    (AuthError, status.HTTP_503_SERVICE_UNAVAILABLE),
    (StoreError, status.HTTP_500_INTERNAL_SERVER_ERROR),
    (QueryForbidden, status.HTTP_403_FORBIDDEN),
    (QueryRefused, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (SchemaError, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (InputError, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (ExtractionError, status.HTTP_503_SERVICE_UNAVAILABLE),
]


def _status_for(exc: KGError) -> int:
    return next((code for cls, code in ERROR_STATUS if isinstance(exc, cls)), 500)


async def kg_error_handler(request: Request, exc: Exception) -> JSONResponse:
    code = _status_for(exc)  # type: ignore[arg-type]
    if code >= 500:
        log.warning("%s %s -> %d: %s", request.method, request.url.path, code, exc)
    return JSONResponse(status_code=code, content={"detail": str(exc)})


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """One driver per process, plus its asyncio twin for the hot read routes (async routes skip
    the worker-thread hop, the largest cost per request after the query). The app starts even
    when Neo4j is down: requests then get 503 until the server is back, and the drivers
    reconnect by themselves."""
    settings: Settings = app.state.settings
    app.state.driver = create_driver(settings)
    app.state.async_driver = create_async_driver(settings)
    app.state.schema_applied = False
    try:
        verify(app.state.driver, settings)
        apply_schema(app.state.driver, settings)
        app.state.schema_applied = True
    except StoreError as e:
        log.warning("starting without Neo4j: %s", e)
    try:
        yield
    finally:
        await app.state.async_driver.close()
        app.state.driver.close()


def create_app(settings: Settings | None = None, processor: ReportProcessor | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="PolicyKG", version="0.1.0", lifespan=lifespan,
                  description="A knowledge graph of Chinese government work reports (政府工作报告): "
                              "entities, metrics and relations, each with the sentence it was read in.")
    app.state.settings = settings
    app.state.answer_cache = VersionedCache(settings.api_cache_entries) if settings.api_cache_entries > 0 else None
    app.state.processor = processor or PipelineProcessor(settings)
    app.add_exception_handler(KGError, kg_error_handler)
    for module in (health, entities, actors, metrics, paths, documents, graph, cypher):
        app.include_router(module.router)
    if settings.rate_limit_per_minute > 0:  # 0 turns the limit off (tests, trusted networks)
        app.add_middleware(RateLimitMiddleware, limiter=SlidingWindowLimiter(settings.rate_limit_per_minute))
    return app
