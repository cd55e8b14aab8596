"""Invisible characters and unaddressable document ids.

A right-to-left override (U+202E) or another format character planted in a report ended up
inside entity and metric ids, which nobody can type or find (14 metrics were lost); a doc_id
with '/' or '../' loaded but could never be read or deleted through the API."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

from kg.build import build_rows
from kg.errors import InputError
from kg.ingest import document_from_text, load_document
from kg.ingest.docid import check_doc_id

# Bidi overrides, embeddings and isolates, LRM/RLM, zero-width and soft-hyphen marks.
INVISIBLE = ["\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2069", "\u200e", "\u200f", "\u061c",
             "\u00ad", "\u2063", "\u200b"]


def _format_chars(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) == "Cf"}


def _plant(text: str) -> str:
    """One invisible character after every third character, cycling through the list."""
    return "".join(ch + (INVISIBLE[i // 3 % len(INVISIBLE)] if i % 3 == 2 else "") for i, ch in enumerate(text))


def test_ingest_invisible_characters_leave_no_trace_in_ids(tmp_path: Path, rules_extractor,
                                                           sample_path: Path) -> None:
    text = sample_path.read_text(encoding="utf-8")[:6000]
    clean = rules_extractor.extract(document_from_text(text, doc_id="report"))
    path = tmp_path / "planted.txt"
    path.write_text(_plant(text), encoding="utf-8")
    dirty = rules_extractor.extract_path(path, "report")
    assert not _format_chars(dirty.document.text)
    rows = build_rows(dirty)
    ids = [e.id for e in rows.entities] + [m.indicator_id for m in rows.metrics]
    names = [n for e in rows.entities for n in (e.name, *e.aliases)]
    assert not _format_chars("".join(ids + names))
    assert {e.id for e in dirty.entities} == {e.id for e in clean.entities}
    facts = {(m.indicator, m.value, m.unit, m.period) for m in clean.metrics}
    assert len(facts) > 14 and {(m.indicator, m.value, m.unit, m.period) for m in dirty.metrics} == facts


def test_ingest_every_format_character_is_stripped() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
    doc = document_from_text(f"青禾区{every}政府工作报告\n一、2020年工作回顾\n全区地区生产总值完成310亿元。")
    assert doc.text.startswith("青禾区政府工作报告") and not _format_chars(doc.text)


def test_ingest_doc_id_from_file_name_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "qinghe\u202e-2021\u200b.txt"
    path.write_text("青禾区政府工作报告\n一、2020年工作回顾\n全区地区生产总值完成310亿元。", encoding="utf-8")
    assert load_document(path).doc_id == "qinghe-2021"


@pytest.mark.parametrize("bad", ["a/b", "../x", "..", ".", "a\\b", "", " ", "q\u202eh", "tab\there",
                                 " lead", "x" * 201])
def test_ingest_doc_id_unaddressable_refused(bad: str) -> None:
    with pytest.raises(InputError, match=r"^\[E014\] Document id .* cannot be used: "):
        check_doc_id(bad)
    if bad:  # "" means "take the file's name" to document_from_text
        with pytest.raises(InputError, match=r"^\[E014\]"):
            document_from_text("青禾区政府工作报告\n全区地区生产总值完成310亿元。", doc_id=bad)


@pytest.mark.parametrize("good", ["qinghe-2021", "青禾区 2021年报告", "a..b", "v1.2_final", "x" * 200])
def test_ingest_doc_id_addressable_kept(good: str) -> None:
    assert check_doc_id(good) == good


KEY = {"X-API-Key": "test-write-key"}  # tests/conftest.py WRITE_KEY
REPORT = "一、2021年工作回顾\n2021年，青禾区地区生产总值增长7.5%。\n".encode()


@pytest.mark.neo4j
@pytest.mark.parametrize("bad", ["a/b", "../qinghe-2021", "..", "q\u202eh"])
def test_api_upload_unaddressable_doc_id_is_422(client, bad: str) -> None:
    before = client.get("/api/v1/documents").json()["count"]
    r = client.post("/api/v1/documents", files={"file": ("r.txt", REPORT, "text/plain")},
                    data={"doc_id": bad}, headers=KEY)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail.startswith("[E014]") and "\n" not in detail
    assert client.get("/api/v1/documents").json()["count"] == before  # nothing loaded


@pytest.mark.neo4j
def test_api_upload_doc_id_round_trips(client) -> None:
    r = client.post("/api/v1/documents", files={"file": ("r.txt", REPORT, "text/plain")},
                    data={"doc_id": "青禾区 2021.v2"}, headers=KEY)
    assert r.status_code == 201, r.text
    assert client.get("/api/v1/documents/青禾区 2021.v2").status_code == 200
    assert client.delete("/api/v1/documents/青禾区 2021.v2", headers=KEY).status_code == 200
