"""Documents: list, detail, upload (extract + load), delete."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile, status
from starlette.concurrency import run_in_threadpool

from api.deps import DriverDep, PageDep, ProcessorDep, ReadAccess, ReaderDep, SettingsDep, WriteAccess
from api.models import (
    DocumentDeletedPublic,
    DocumentDetailPublic,
    DocumentDiffPublic,
    DocumentLoadPublic,
    DocumentsPublic,
    Message,
)
from kg.build import build_rows
from kg.errors import Err, KGError, NotFound
from kg.ingest.docid import check_doc_id
from kg.store import writer
from kg.store.schema import apply_schema

UPLOAD_PATH = "/api/v1/documents"
router = APIRouter(prefix=UPLOAD_PATH, tags=["documents"])
# Bytes of a multipart upload beyond the file itself (boundaries, part headers, the doc_id field).
ENVELOPE_BYTES = 64 * 1024

SUFFIXES = (".txt", ".pdf", ".docx")
CHUNK = 1 << 16
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Message, "description": "no document with this id"}}
_UNSAFE = re.compile(r"[^\w.-]+")


@router.get("", response_model=DocumentsPublic, dependencies=[ReadAccess])
def list_documents(reader: ReaderDep, page: PageDep) -> DocumentsPublic:
    return DocumentsPublic.of(reader.documents(limit=page.limit, offset=page.offset))


@router.get("/{doc_id}", response_model=DocumentDetailPublic, responses=NOT_FOUND, dependencies=[ReadAccess])
def get_document(doc_id: str, reader: ReaderDep) -> DocumentDetailPublic:
    return DocumentDetailPublic.model_validate(reader.document(doc_id))


@router.get("/{a}/diff/{b}", response_model=DocumentDiffPublic, dependencies=[ReadAccess],
            responses={404: {"model": Message, "description": "no document with one of these ids"},
                       422: {"model": Message, "description": "the same document twice, or reports of two "
                                                              "governments"}})
def diff_documents(a: str, b: str, reader: ReaderDep) -> DocumentDiffPublic:
    """Two reports of one government (e.g. two years'): the projects, companies and targets new in b,
    dropped since a and kept, each with the sentence it was read in."""
    return DocumentDiffPublic.model_validate(reader.diff(a, b))


async def _save_upload(upload: UploadFile, limit: int, folder: Path) -> Path:
    """Stream the upload to disk, refusing (413) as soon as it passes the size limit."""
    name = upload.filename or "report.txt"
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, Err.E406.format(name=name, suffix=suffix))
    path, size = folder / ("upload" + suffix), 0
    with path.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, Err.E405.format(name=name, limit=limit))
            out.write(chunk)
    return path


def _doc_id_for(upload: UploadFile, given: str | None) -> str:
    """The id given (refused with 422 when no URL could address it: E014), else the file's name."""
    if given:
        return check_doc_id(given)
    return _UNSAFE.sub("-", Path(upload.filename or "report").stem).strip("-.") or "report"


@router.post("", response_model=DocumentLoadPublic, status_code=status.HTTP_201_CREATED,
             dependencies=[WriteAccess],
             responses={413: {"model": Message}, 415: {"model": Message}, 422: {"model": Message}})
async def upload_document(request: Request, settings: SettingsDep, driver: DriverDep, processor: ProcessorDep,
                          file: Annotated[UploadFile, File(description="a report: .txt, .pdf or .docx")],
                          doc_id: Annotated[str | None, Form(max_length=200)] = None) -> DocumentLoadPublic:
    """Extract a report and load it; re-uploading the same file changes nothing."""
    did = _doc_id_for(file, doc_id)
    with tempfile.TemporaryDirectory(prefix="kg-upload-") as tmp:
        path = await _save_upload(file, settings.max_upload_bytes, Path(tmp))
        try:
            result = await run_in_threadpool(processor, path, did)
        except KGError as e:  # its message names our temporary file: tell the client its own name
            e.public = str(e).replace(str(path), file.filename or "the upload").replace(tmp, "")
            raise
    result.source = result.document.source = file.filename or result.source
    rows = build_rows(result)
    await run_in_threadpool(_ensure_schema, request, driver, settings)
    summary = await run_in_threadpool(writer.write_document, driver, settings, rows)
    return DocumentLoadPublic(**summary.model_dump(exclude={"properties_set"}), skipped=rows.skipped)


def _ensure_schema(request: Request, driver: object, settings: object) -> None:
    """Constraints and the full-text index, once per process (the server may have started after us)."""
    if not getattr(request.app.state, "schema_applied", False):
        apply_schema(driver, settings)  # type: ignore[arg-type]
        request.app.state.schema_applied = True


@router.delete("/{doc_id}", response_model=DocumentDeletedPublic, responses=NOT_FOUND,
               dependencies=[WriteAccess])
def delete_document(doc_id: str, settings: SettingsDep, driver: DriverDep) -> DocumentDeletedPublic:
    """Remove the document's facts; entities and relations other documents support stay."""
    summary = writer.delete_document(driver, settings, doc_id)
    if not summary.deleted:
        raise NotFound(Err.E401.format(kind="document", id=doc_id))
    return DocumentDeletedPublic(**summary.model_dump())
