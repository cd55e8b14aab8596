"""Reading a report file: size and format checks, then text from txt/PDF/DOCX.

The format is sniffed from the first bytes (a ``.txt`` that is really a PDF
is read as a PDF); the extension only decides what a file that matches no
signature was *meant* to be, so a truncated ``.pdf`` is reported as a corrupt
PDF rather than as undecodable text. Every failure raises ``InputError``
before anything is returned.
"""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path
from typing import Literal

from kg.errors import Err, InputError
from kg.ingest.encoding import decode_bytes, looks_utf16_without_bom

log = logging.getLogger(__name__)

Format = Literal["txt", "pdf", "docx"]

# Signatures of formats that are certainly not a report we can read.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"BM",
    b"\x7fELF",
    b"MZ",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0",  # old .doc/.xls (OLE2): ask for .docx or PDF
    b"RIFF",
    b"ID3",
    b"\x00\x00\x01\x00",
    b"OggS",
    b"fLaC",
)
_TEXT_CONTROL_OK = {9, 10, 12, 13, 27}


def read_bytes(path: Path, max_bytes: int) -> bytes:
    if not path.is_file():
        raise InputError(Err.E001.format(path=path))
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(Err.E008.format(path=path, size=size, limit=max_bytes))
    if size == 0:
        raise InputError(Err.E002.format(path=path))
    return path.read_bytes()


def sniff(data: bytes, path: Path) -> Format:
    """Decide the format from content first, extension second."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    suffix = path.suffix.lower()
    if suffix in (".pdf", ".docx"):
        kind = suffix[1:].upper()
        raise InputError(
            Err.E006.format(path=path, kind=kind, detail=f"it does not start like a {kind} file")
        )
    if data.startswith(_BINARY_MAGIC) or _looks_binary(data):
        raise InputError(Err.E003.format(path=path))
    return "txt"


def _looks_binary(data: bytes) -> bool:
    """Control bytes in text are rare; in binary data they are everywhere.

    UTF-16 text is full of NUL bytes, so it is recognised before this check.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or looks_utf16_without_bom(data):
        return False
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROL_OK)
    return controls > max(2, len(sample) // 100)


def read_txt(data: bytes, path: Path) -> tuple[str, str]:
    utf16 = None if data.startswith((b"\xff\xfe", b"\xfe\xff")) else looks_utf16_without_bom(data)
    if utf16:
        return data.decode(utf16), utf16
    decoded = decode_bytes(data)
    if decoded is None:
        raise InputError(Err.E004.format(path=path))
    return decoded


def read_pdf(data: bytes, path: Path) -> str:
    """The text layer of every page, pages separated by a blank line."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf quietly recovers from a missing tail; a truncated export must fail.
    if b"%%EOF" not in data[-2048:]:
        raise InputError(Err.E006.format(path=path, kind="PDF", detail="the file is truncated (no %%EOF)"))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        NotImplementedError,
        RecursionError,
        OSError,
    ) as e:
        raise InputError(Err.E006.format(path=path, kind="PDF", detail=f"{type(e).__name__}: {e}")) from e
    text = "\n\n".join(pages)
    if not text.strip():
        raise InputError(Err.E005.format(path=path))
    return text


def read_docx(data: bytes, path: Path) -> str:
    """Paragraphs and table cells of the body, in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_blocks(document))
    # python-docx does not validate the package: a zip without an Office content-types
    # part fails with AttributeError, malformed XML with lxml's XMLSyntaxError (a SyntaxError).
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError, AttributeError,
            TypeError, IndexError, SyntaxError) as e:
        raise InputError(Err.E006.format(path=path, kind="DOCX", detail=f"{type(e).__name__}: {e}")) from e


def _docx_blocks(document: object) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return lines


def _table_lines(table: object) -> list[str]:
    """One paragraph per row, cells joined by a space.

    Cleaning drops a space next to Chinese text, so "地区生产总值 | 292亿元"
    reads "地区生产总值292亿元", the way the sentence would say it. Merged
    cells repeat in python-docx's row.cells; keep each cell once.
    """
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        seen: list[str] = []
        for cell in row.cells:
            if not seen or cell.text != seen[-1]:
                seen.append(cell.text)
        lines.append(" ".join(t.strip() for t in seen if t.strip()))
    return lines
