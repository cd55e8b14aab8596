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
import zlib
from pathlib import Path
from typing import Literal

from kg.errors import Err, ExtractionError, InputError
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

# DOCX is a zip archive. Settings.max_unpacked_bytes caps what one may unpack to (the default
# here is the setting's). A real report's XML compresses 5-20:1; a bomb of repeated bytes
# reaches deflate's ~1000:1, so a large member past 200:1 is refused from its declared sizes
# (members under a megabyte may compress as they like: the total cap still holds them). A
# report has tens of members; tens of thousands only cost time.
MAX_UNPACKED_BYTES = 200_000_000
MAX_ARCHIVE_MEMBERS = 10_000
MAX_COMPRESSION_RATIO = 200
_RATIO_FLOOR = 1_000_000
_CHUNK = 1 << 16


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
    from pypdf.errors import DependencyError, PyPdfError

    # pypdf quietly recovers from a missing tail; a truncated export must fail.
    if b"%%EOF" not in data[-2048:]:
        raise InputError(Err.E006.format(path=path, kind="PDF", detail="the file is truncated (no %%EOF)"))
    try:
        reader = PdfReader(io.BytesIO(data))
        _decrypt(reader, path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except DependencyError as e:  # AES needs the `cryptography` package (a project dependency)
        raise ExtractionError(Err.E103.format(what=f"the package pypdf needs to decrypt {path} ({e})")) from e
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


def _decrypt(reader: object, path: Path) -> None:
    """Open an encrypted PDF with the empty user password.

    Government PDFs are often protected by an *owner* password only (it forbids copying or
    printing in a viewer); anyone may open them, and so may we. A *user* password is needed to
    open the file at all: we do not have it, so say so (E012) instead of "corrupt".
    """
    from pypdf import PasswordType

    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:  # type: ignore[attr-defined]
        raise InputError(Err.E012.format(path=path))


def read_docx(data: bytes, path: Path, max_unpacked: int = MAX_UNPACKED_BYTES) -> str:
    """Paragraphs and table cells of the body, in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        check_archive(data, path, max_unpacked)
        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_blocks(document))
    # python-docx does not validate the package: a zip without an Office content-types
    # part fails with AttributeError, malformed XML with lxml's XMLSyntaxError (a SyntaxError).
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError, AttributeError,
            TypeError, IndexError, SyntaxError, NotImplementedError, EOFError, zlib.error) as e:
        raise InputError(Err.E006.format(path=path, kind="DOCX", detail=f"{type(e).__name__}: {e}")) from e


def check_archive(data: bytes, path: Path, max_unpacked: int) -> None:
    """Refuse a zip that would unpack to more than ``max_unpacked`` bytes (E013), before
    python-docx unpacks it: a DOCX of 3 MB can hold gigabytes of zeros.

    First the central directory (what each member declares: count, sizes, ratio), then the
    members themselves, read in chunks against a running total, since a declared size is the
    archive's word, not a fact. The bytes read here are dropped; python-docx reads them again.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        _check_declared(members, path, max_unpacked)
        total = 0
        for info in members:
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    total += len(chunk)
                    if total > max_unpacked:
                        raise InputError(Err.E013.format(
                            path=path, detail=f"over {max_unpacked} bytes while unpacking {info.filename!r}"))


def _check_declared(members: list[zipfile.ZipInfo], path: Path, max_unpacked: int) -> None:
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise InputError(Err.E013.format(path=path, detail=f"{len(members)} members, over {MAX_ARCHIVE_MEMBERS}"))
    declared = sum(i.file_size for i in members)
    if declared > max_unpacked:
        raise InputError(Err.E013.format(path=path, detail=f"{declared} bytes declared, over {max_unpacked}"))
    for i in members:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > _RATIO_FLOOR and ratio > MAX_COMPRESSION_RATIO:
            raise InputError(Err.E013.format(
                path=path, detail=f"member {i.filename!r} is compressed {ratio:.0f}:1, over "
                                  f"{MAX_COMPRESSION_RATIO}:1"))


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
