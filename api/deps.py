"""Dependencies, as Annotated aliases: settings, the reader, the driver, keys, paging, extraction."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Protocol

from fastapi import Depends, HTTPException, Query, Request, Response, Security, status
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, SecretStr

from kg.config import Settings
from kg.errors import Err
from kg.models import ExtractionResult
from kg.store.cache import VersionedCache, cache_key
from kg.store.reader import AsyncGraphReader, GraphReader

MAX_PAGE = 100
# Neo4j slices lists with 32-bit integers: a larger offset fails inside the database (a 500), so
# it is refused here (422). No graph of reports comes near a million hits in one list.
MAX_OFFSET = 1_000_000


class ReportProcessor(Protocol):
    """Turns an uploaded report file into an ExtractionResult (ingest + extract)."""

    def __call__(self, path: Path, doc_id: str) -> ExtractionResult: ...


class PipelineProcessor:
    """kg.ingest + kg.extract, imported and built on first use (the JVM starts once per process)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._extractor: Any = None
        self._lock = threading.Lock()

    def __call__(self, path: Path, doc_id: str) -> ExtractionResult:
        from kg.ingest import load_document

        doc = load_document(path, doc_id=doc_id, max_bytes=self.settings.max_upload_bytes,
                            max_unpacked=self.settings.max_unpacked_bytes)
        with self._lock:  # one extraction at a time: the NLP stack is not thread-safe
            return self._extractor_instance().extract(doc)

    def _extractor_instance(self) -> Any:
        if self._extractor is None:
            from kg.extract.pipeline import Extractor

            self._extractor = Extractor(self.settings)
        return self._extractor


# Dependencies are async functions although they do no I/O: FastAPI runs a plain `def`
# dependency in a worker thread, one thread hop per dependency per request.
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_driver(request: Request) -> Any:
    return request.app.state.driver


DriverDep = Annotated[Any, Depends(get_driver)]  # a neo4j.Driver; api does not import neo4j


async def get_reader(request: Request) -> GraphReader:
    return GraphReader(request.app.state.driver, request.app.state.settings)


ReaderDep = Annotated[GraphReader, Depends(get_reader)]


async def get_async_reader(request: Request) -> AsyncGraphReader:
    return AsyncGraphReader(request.app.state.async_driver, request.app.state.settings)


# The hot reads (search, entities, neighbours, projects, metrics) are async routes over this one.
AsyncReaderDep = Annotated[AsyncGraphReader, Depends(get_async_reader)]


async def get_processor(request: Request) -> ReportProcessor:
    return request.app.state.processor


ProcessorDep = Annotated[ReportProcessor, Depends(get_processor)]

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="KG_API_KEY (writes), "
                        "KG_READ_API_KEY (reads, when set)")
ApiKeyHeader = Annotated[str | None, Security(_api_key)]


def _check_key(expected: SecretStr, given: str | None, what: str) -> None:
    if given is None or not secrets.compare_digest(given.encode(), expected.get_secret_value().encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, Err.E404.format(what=what))


async def require_write_key(settings: SettingsDep, key: ApiKeyHeader) -> None:
    """Writes need KG_API_KEY; with no key configured they are refused outright (403)."""
    if settings.api_key is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, Err.E403.format())
    _check_key(settings.api_key, key, "writes")


async def require_read_key(settings: SettingsDep, key: ApiKeyHeader) -> None:
    """Reads are open unless KG_READ_API_KEY is set (the write key also reads)."""
    if settings.read_api_key is None:
        return
    if settings.api_key is not None and key is not None and secrets.compare_digest(
            key.encode(), settings.api_key.get_secret_value().encode()):
        return
    _check_key(settings.read_api_key, key, "reads")


WriteAccess = Depends(require_write_key)
ReadAccess = Depends(require_read_key)


@dataclass
class Pagination:
    limit: int
    offset: int


async def pagination(limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="page size")] = 20,
               offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")] = 0) -> Pagination:
    return Pagination(limit=limit, offset=offset)


PageDep = Annotated[Pagination, Depends(pagination)]


async def cached_answer(request: Request, reader: AsyncGraphReader,
                        build: Callable[[], Awaitable[BaseModel]]) -> Any:
    """The answer ``build`` makes, or its JSON from memory while the graph version is unchanged.

    The key is the path and query string, so the same question asked again is answered from
    memory without running its queries or rebuilding its JSON; any PolicyKG write renews the
    version (kg.store.cache). Access checks (ReadAccess) run before this, hit or miss.
    """
    cache: VersionedCache | None = request.app.state.answer_cache
    if cache is None:
        return await build()
    version = await reader.graph_version()
    key = cache_key(request.url.path, sorted(request.query_params.multi_items()))
    body = cache.get(key, version)
    if body is None:
        body = (await build()).model_dump_json(by_alias=True).encode()
        cache.put(key, version, body)
    return Response(content=body, media_type="application/json")
