"""The FastAPI app: create_app() wires settings, the driver (opened in the lifespan), routers
and the mapping of PolicyKG errors to HTTP statuses.

Run: ``uvicorn api.main:create_app --factory`` (or ``kg serve``).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi_offline import FastAPIOffline
from starlette.routing import BaseRoute

from api.deps import PipelineProcessor, ReportProcessor, require_write_key
from api.gates import BodyLimit, HostGate, WriteKeyGate, routes_needing
from api.ratelimit import ClientIdentity, RateLimitMiddleware, SlidingWindowLimiter
from api.routes import actors, ask, browse, cypher, documents, entities, graph, health, metrics, paths
from api.ui import mount_ui
from kg.config import Settings, get_settings
from kg.errors import (
    Ambiguous,
    AuthError,
    BadQuestion,
    Busy,
    Err,
    ExtractionError,
    InputError,
    KGError,
    NotFound,
    QueryForbidden,
    QueryRefused,
    QueryTooLarge,
    SchemaError,
    StoreBusy,
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
    (Ambiguous, status.HTTP_409_CONFLICT),
    (StoreUnavailable, status.HTTP_503_SERVICE_UNAVAILABLE),
    (AuthError, status.HTTP_503_SERVICE_UNAVAILABLE),
    (StoreBusy, status.HTTP_503_SERVICE_UNAVAILABLE),
    (Busy, status.HTTP_503_SERVICE_UNAVAILABLE),
    (StoreError, status.HTTP_500_INTERNAL_SERVER_ERROR),
    (QueryForbidden, status.HTTP_403_FORBIDDEN),
    (QueryTooLarge, status.HTTP_413_CONTENT_TOO_LARGE),
    (QueryRefused, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (SchemaError, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (InputError, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (BadQuestion, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (ExtractionError, status.HTTP_503_SERVICE_UNAVAILABLE),
]


def _status_for(exc: KGError) -> int:
    return next((code for cls, code in ERROR_STATUS if isinstance(exc, cls)), 500)


# Seconds a client is asked to wait after a 503 (Neo4j down or busy), unless the error says.
RETRY_AFTER_S = 5


def public_message(exc: KGError, code: int) -> str:
    """What the client is told: the error's public message when it has one; for a server-side
    failure without one, its code and a pointer to the log (its text may name server paths)."""
    if exc.public is not None:
        return exc.public
    text = str(exc)
    if code < 500:
        return text
    error_code = text.split("]", 1)[0] + "]" if text.startswith("[E") else "[E412]"
    return f"{error_code} " + Err.E412.format(what=type(exc).__name__).split("] ", 1)[1]


async def kg_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, KGError)  # registered for KGError only
    code = _status_for(exc)
    if code >= 500 or exc.public is not None:  # the full message, with what the client is not told
        log.warning("%s %s -> %d: %s", request.method, request.url.path, code, exc)
    headers = {}
    if code == status.HTTP_503_SERVICE_UNAVAILABLE:
        headers["Retry-After"] = str(getattr(exc, "retry_after", RETRY_AFTER_S))
    content: dict[str, Any] = {"detail": public_message(exc, code)}
    if isinstance(exc, Ambiguous):  # the client picks one and asks again by id
        content["candidates"] = exc.candidates
    return JSONResponse(status_code=code, content=content, headers=headers)


async def validation_error_handler(request: Request, exc: Exception) -> Response:
    """FastAPI's 422, except that text which is not Unicode (a lone surrogate, valid as a JSON
    escape) gets one line (E413) and is never echoed: echoing it made the answer itself fail (500)."""
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    bad_text = next((e for e in errors if e.get("type") == "string_unicode"), None)
    if bad_text is not None:
        where = ".".join(str(part) for part in bad_text.get("loc", ()))
        return JSONResponse(status_code=422, content={"detail": Err.E413.format(where=where)})
    body = json.dumps({"detail": jsonable_encoder(errors)}, ensure_ascii=True)  # ASCII: any input encodes
    return Response(body, status_code=422, media_type="application/json")


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
    # FastAPIOffline: /docs (Swagger UI) and /redoc from the assets the fastapi-offline package
    # ships, served at /static-offline-docs; FastAPI's own pages load them from a CDN (blank offline).
    # validatorUrl None: Swagger UI would otherwise send the spec to an online validator.
    app = FastAPIOffline(title="PolicyKG", version="0.1.0", lifespan=lifespan,
                         swagger_ui_parameters={"validatorUrl": None},
                         description="A knowledge graph of Chinese government work reports (政府工作报告): "
                                     "entities, metrics and relations, each with the sentence it was read in. "
                                     "The web page for analysts is at [/ui/](/ui/).")
    app.state.settings = settings
    app.state.answer_cache = VersionedCache(settings.api_cache_entries) if settings.api_cache_entries > 0 else None
    app.state.processor = processor or PipelineProcessor(settings)
    app.add_exception_handler(KGError, kg_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.state.cypher_slots = threading.BoundedSemaphore(max(1, settings.cypher_max_concurrent))
    routers = [m.router for m in (health, entities, actors, metrics, paths, documents, graph, cypher, browse, ask)]
    for router in routers:
        app.include_router(router)
    mount_ui(app)
    add_gates(app, settings, [route for router in routers for route in router.routes])
    return app


def add_gates(app: FastAPI, settings: Settings, routes: list[BaseRoute]) -> None:
    """Middleware, innermost first (each add wraps the ones before): body size, write key, rate
    limit, Host header. A request with a foreign Host never reaches the limiter or a route."""
    app.add_middleware(BodyLimit, limit_for=lambda scope: _body_limit(scope, settings))
    app.add_middleware(WriteKeyGate, api_key=settings.api_key, needs_key=routes_needing(routes, require_write_key))
    if settings.rate_limit_per_minute > 0:  # 0 turns the limit off (tests, trusted networks)
        keys = [k.get_secret_value().encode() for k in (settings.api_key, settings.read_api_key) if k is not None]
        app.add_middleware(RateLimitMiddleware, limiter=SlidingWindowLimiter(settings.rate_limit_per_minute),
                           identify=ClientIdentity(settings.proxy_list(), keys))
    app.add_middleware(HostGate, hosts=settings.host_list())


def _body_limit(scope: MutableMapping[str, Any], settings: Settings) -> tuple[int, str]:
    """Uploads may carry a report (plus the multipart envelope); any other body is small JSON."""
    if scope["method"] == "POST" and scope["path"].rstrip("/") == documents.UPLOAD_PATH:
        return settings.max_upload_bytes + documents.ENVELOPE_BYTES, "KG_MAX_UPLOAD_BYTES"
    return settings.max_body_bytes, "KG_MAX_BODY_BYTES"
