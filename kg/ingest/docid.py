"""Document ids: which files a command reads, the id each gets, and the check every id passes.

A document id names a report in the graph and in the API's URLs (/api/v1/documents/{id}), so
two reports must never share one, and every id must be addressable. Ids come from file paths:

* a file given by itself is its stem (``data/sample/chuanhui-2021-....txt`` -> ``chuanhui-2021-...``);
* a file found under a folder given to ``kg build``/``kg extract`` is its path relative to that
  folder, without the suffix, folders joined by "-" (``d/2021/report.txt`` -> ``2021-report``).
  Relative to the folder *given*, not to whatever else it holds, so adding a file to a corpus
  never renames the documents already loaded from it.

Ids that still clash (``a/report.txt`` and ``b/report.txt`` given as two arguments, or
``report.txt`` beside ``report.pdf``) are all made longer, the same way on every run, and the
clash is reported: each report loads under its own id, none silently replaces another.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from kg.errors import Err, InputError
from kg.ingest.clean import INVISIBLE_RE

INPUT_SUFFIXES = {".txt", ".pdf", ".docx", ".text", ".md"}
MAX_DOC_ID = 200
FALLBACK_ID = "document"
_SEPARATOR = "-"
_SLASHES = re.compile(r"[/\\]+")


class InputFile(NamedTuple):
    path: Path
    doc_id: str


def check_doc_id(doc_id: str) -> str:
    """``doc_id`` unchanged, or InputError (E014) saying why it could never be read or deleted."""
    why = _problem(doc_id)
    if why:
        raise InputError(Err.E014.format(doc_id=doc_id, why=why))
    return doc_id


def _problem(doc_id: str) -> str | None:
    if not doc_id.strip():
        return "it is empty"
    if len(doc_id) > MAX_DOC_ID:
        return f"it has {len(doc_id)} characters, over {MAX_DOC_ID}"
    if _SLASHES.search(doc_id) or doc_id in {".", ".."}:
        # /api/v1/documents/{id} is one path segment: a slash (even sent as %2F) splits it, and
        # clients collapse '.' and '..' segments, so such a document could never be read or deleted.
        return "a slash or a '.'/'..' segment cannot be one part of a URL path"
    if any(unicodedata.category(c) == "Cc" for c in doc_id) or INVISIBLE_RE.search(doc_id):
        return "it holds a control or invisible character"
    if doc_id != doc_id.strip():
        return "it starts or ends with a space"
    return None


def clean_id_part(part: str) -> str:
    """A file or folder name made fit for an id: invisible and control characters dropped
    (a name that reads 'report' must be the id 'report'), slashes made separators."""
    part = INVISIBLE_RE.sub("", part)
    part = "".join(c for c in part if unicodedata.category(c) != "Cc")
    return _SLASHES.sub(_SEPARATOR, part).strip()


def doc_id_of(path: Path, root: Path | None = None) -> str:
    """The id of ``path``: its stem, or its path under ``root`` (a folder given to a command)."""
    parts = list(path.relative_to(root).parent.parts) if root is not None else []
    cleaned = [p for p in (clean_id_part(x) for x in [*parts, path.stem]) if p]
    return _SEPARATOR.join(cleaned) or FALLBACK_ID


def expand_inputs(paths: list[Path]) -> tuple[list[InputFile], list[str]]:
    """The report files of ``paths`` (folders expanded, sorted) with a unique id each, and one
    note per clash of ids that had to be resolved."""
    found: list[tuple[Path, Path | None]] = []
    seen: set[Path] = set()
    for p in paths:
        files = _folder_files(p) if p.is_dir() else [p]
        for f in files:
            key = f.resolve()
            if key not in seen:  # the same file named twice is one report
                seen.add(key)
                found.append((f, p if p.is_dir() else None))
    ids, notes = assign_doc_ids(found)
    return [InputFile(f, i) for (f, _), i in zip(found, ids, strict=True)], notes


def _folder_files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.rglob("*") if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES)


def assign_doc_ids(found: list[tuple[Path, Path | None]]) -> tuple[list[str], list[str]]:
    """Ids for (file, folder it was found under) pairs, unique; notes name each clash resolved."""
    ids = [doc_id_of(f, root) for f, root in found]
    first = _clashes(ids)
    for widen in (_under_common_folder, _with_suffix, _numbered):
        for group in _clashes(ids).values():
            for i, new in zip(group, widen([found[i][0] for i in group]), strict=True):
                ids[i] = new
    while clashes := _clashes(ids):  # a widened id met another file's id: number until unique
        for group in clashes.values():
            for n, i in enumerate(group[1:], 2):
                ids[i] = f"{ids[i]}{_SEPARATOR}{n}"
    notes = [f"{len(group)} files would all be document {clash!r} "
             f"({', '.join(str(found[i][0]) for i in group)}); loaded as "
             f"{', '.join(repr(ids[i]) for i in group)}" for clash, group in first.items()]
    return ids, notes


def _clashes(ids: list[str]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for i, doc_id in enumerate(ids):
        groups.setdefault(doc_id, []).append(i)
    return {k: v for k, v in groups.items() if len(v) > 1}


def _under_common_folder(files: list[Path]) -> list[str]:
    """Each file's path below the deepest folder all of them share (``a/report``, ``b/report``)."""
    resolved = [f.resolve() for f in files]
    common = Path(os.path.commonpath([r.parent for r in resolved]))
    return [doc_id_of(r, common) for r in resolved]


def _with_suffix(files: list[Path]) -> list[str]:
    """As above, plus the format (``report-txt``, ``report-pdf``)."""
    return [f"{i}{_SEPARATOR}{f.suffix.lstrip('.').lower()}" if f.suffix else i
            for f, i in zip(files, _under_common_folder(files), strict=True)]


def _numbered(files: list[Path]) -> list[str]:
    """The last resort, stable across runs: numbered in path order."""
    order = sorted(range(len(files)), key=lambda i: str(files[i].resolve()))
    base = _with_suffix(files)
    out = list(base)
    for n, i in enumerate(order, 1):
        out[i] = f"{base[i]}{_SEPARATOR}{n}"
    return out
