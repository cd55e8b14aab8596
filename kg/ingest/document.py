"""Assembling a ``Document``: load → clean → structure → sentences."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from kg.errors import Err, InputError
from kg.ingest import loaders
from kg.ingest.clean import clean_text, count_cjk
from kg.ingest.docid import check_doc_id, doc_id_of
from kg.ingest.loaders import Format
from kg.ingest.segment import split_sentences
from kg.ingest.structure import build_sections, find_title, find_year
from kg.ingest.tracked import anchors, lookup
from kg.ingest.traditional import to_simplified
from kg.models import Document

log = logging.getLogger(__name__)

MIN_CJK = 4  # fewer Chinese characters than this is not a report
MIN_CJK_SHARE = 0.2  # of the letters (CJK + Latin): below this the file is foreign text
MAX_TEXT_CHARS = 500_000  # Settings.max_text_chars; see there why
_LATIN = re.compile(r"[A-Za-z]")


def load_document(path: str | Path, *, doc_id: str | None = None, max_bytes: int = 60_000_000,
                  max_chars: int = MAX_TEXT_CHARS,
                  max_unpacked: int = loaders.MAX_UNPACKED_BYTES) -> Document:
    """Read a report file (txt in any supported encoding, PDF, DOCX) into a ``Document``."""
    path = Path(path)
    data = loaders.read_bytes(path, max_bytes)
    fmt = loaders.sniff(data, path)
    encoding = None
    if fmt == "pdf":
        text = loaders.read_pdf(data, path)
    elif fmt == "docx":
        text = loaders.read_docx(data, path, max_unpacked)
    else:
        text, encoding = loaders.read_txt(data, path)
    if not text.strip():
        raise InputError(Err.E002.format(path=path))
    return document_from_text(
        text,
        source=str(path),
        doc_id=doc_id or doc_id_of(path),
        fmt=fmt,
        encoding=encoding,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        max_chars=max_chars,
    )


def document_from_text(
    text: str,
    *,
    source: str = "<text>",
    doc_id: str = "text",
    fmt: Format = "txt",
    encoding: str | None = None,
    raw_sha256: str | None = None,
    max_chars: int = MAX_TEXT_CHARS,
) -> Document:
    """Clean ``text``, find its outline and sentences. Offsets refer to the cleaned text."""
    check_doc_id(doc_id)
    if len(text) > max_chars:  # before cleaning, which costs memory per character
        raise InputError(Err.E011.format(path=source, n=len(text), limit=max_chars))
    text, respell = to_simplified(text)  # traditional characters: same length, offsets hold
    tracked = clean_text(text, join_broken_lines=fmt != "docx")
    clean = tracked.text
    _check_chinese(clean, source)
    year = find_year(clean)
    sections = build_sections(clean, year)
    return Document(
        doc_id=doc_id,
        source=source,
        title=find_title(clean),
        year=year,
        text=clean,
        raw_sha256=raw_sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        fmt=fmt,
        encoding=encoding,
        sections=sections,
        sentences=split_sentences(clean, sections),
        offset_map=anchors(tracked),
        respell=respell,
    )


def _check_chinese(clean: str, source: str) -> None:
    if not clean.strip():
        raise InputError(Err.E002.format(path=source))
    n = count_cjk(clean)
    latin = len(_LATIN.findall(clean))
    if n < MIN_CJK or n < MIN_CJK_SHARE * (n + latin):
        raise InputError(Err.E007.format(path=source, n=n))


def to_original(doc: Document, clean_offset: int) -> int:
    """The character offset in the original text for ``clean_offset`` in ``doc.text``.

    For txt files "original" is the decoded file text; for PDF/DOCX it is the
    extracted text layer.
    """
    if not 0 <= clean_offset <= len(doc.text):
        raise ValueError(f"offset {clean_offset} is outside the document text (0..{len(doc.text)})")
    return lookup(doc.offset_map, clean_offset)
