"""Bad input: every file a user might hand to `kg build` either loads correctly or fails with a
coded InputError before anything is written. Fixtures are generated in tmp_path."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.build import build_rows
from kg.errors import InputError
from kg.ingest import load_document
from kg.store.reader import GraphReader
from kg.store.writer import write_document
from tests.conftest import make_result
from tests.reliability.support import cli_env, run_kg, snapshot

REPORT = ("青禾区政府工作报告\n一、2020年工作回顾\n2020年，全区地区生产总值完成310亿元，比上年增长4.1%。"
          "全年新增城镇就业5200人。\n二、2021年工作安排\n2021年，地区生产总值预期增长7%左右。\n")


def _pdf(draw_text: bool) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.rect(100, 100, 300, 400, fill=1)  # a "scanned" page: pixels or shapes, no text layer
    if draw_text:
        page.drawString(100, 700, "Report 2021")
    page.showPage()
    page.save()
    return buf.getvalue()


def _corrupt_pdf() -> bytes:
    data = bytearray(_pdf(draw_text=True))
    quarter = len(data) // 4
    data[quarter : 2 * quarter] = b"\x00" * quarter  # the object table and page tree overwritten
    return bytes(data)


def _docx_without_body() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")  # a zip, but not an Office package
    return buf.getvalue()


def _docx_broken_xml() -> bytes:
    """A real DOCX whose body XML was cut off mid-element."""
    import docx

    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("青禾区政府工作报告")
    document.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    return out.getvalue()


def _with_controls() -> bytes:
    """A real-sized report with stray control and zero-width characters, as PDF copy-paste leaves them."""
    text = REPORT * 30
    dirty = "".join(ch + ("\x07\u200b\x1b\x00" if i % 97 == 0 else "") for i, ch in enumerate(text))
    return dirty.encode("utf-8")


BAD: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty.txt": (lambda: b"", "E002"),
    "blank.txt": (lambda: b" \n\t\r\n\xe3\x80\x80\n", "E002"),
    "random.txt": (lambda: os.urandom(8000), "E003"),
    "elf.txt": (lambda: b"\x7fELF\x02\x01\x01" + bytes(2000), "E003"),
    "controls-only.txt": (lambda: bytes(range(1, 32)) * 50, "E003"),
    "latin1.txt": (lambda: "Rapport annuel: économie, société, café.".encode("latin-1"), "E007"),
    "english.txt": (lambda: b"Government work report. " * 200, "E007"),
    "scan.pdf": (lambda: _pdf(draw_text=False), "E005"),
    "corrupt.pdf": (_corrupt_pdf, "E006"),
    "truncated.pdf": (lambda: _pdf(draw_text=True)[:600], "E006"),
    "renamed.pdf": (lambda: REPORT.encode("utf-8"), "E006"),
    "corrupt.docx": (lambda: b"PK\x03\x04" + os.urandom(3000), "E006"),
    "not-office.docx": (_docx_without_body, "E006"),
    "broken-xml.docx": (_docx_broken_xml, "E006"),
    "legacy.doc.txt": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000), "E003"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_ingest_bad_input_coded_error(tmp_path: Path, name: str) -> None:
    make, code = BAD[name]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(InputError, match=rf"^\[{code}\] .*{name}"):
        load_document(path)


@pytest.mark.parametrize(("name", "data"), [
    ("utf16be-nobom.txt", REPORT.encode("utf-16-be")),
    ("utf16le-nobom.txt", REPORT.encode("utf-16-le")),
    ("gb18030.txt", REPORT.encode("gb18030")),
])
def test_ingest_bad_input_unusual_encodings_extract_the_metric(tmp_path, rules_extractor, name, data) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = rules_extractor.extract_path(path)
    assert "2020年，全区地区生产总值完成310亿元" in result.document.text
    assert {(m.value, m.unit) for m in result.metrics} >= {(310, "亿元"), (4.1, "%")}


def test_ingest_bad_input_big5_decoded_not_mojibake(tmp_path) -> None:
    traditional = ("青禾區政府工作報告\n一、2020年工作回顧\n2020年，全區地區生產總值完成310億元，比上年增長4.1%。"
                   "全年新增城鎮就業5200人。我們將繼續努力，實現經濟發展。\n")
    path = tmp_path / "big5.txt"
    path.write_bytes(traditional.encode("big5"))
    doc = load_document(path)
    # decoded as Big5, analysed in simplified characters; names are respelled back (kg.ingest.traditional)
    assert doc.encoding == "big5" and "全区地区生产总值完成310亿元" in doc.text
    assert doc.respell["区"] == "區" and doc.respell["亿"] == "億"


def test_ingest_bad_input_control_characters_are_cleaned(tmp_path, rules_extractor) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(_with_controls())
    result = rules_extractor.extract_path(path)
    assert not any(ch in result.document.text for ch in "\x00\x07\x1b\u200b")
    assert any(m.value == 310 for m in result.metrics)
    for m in (m for e in result.entities for m in e.mentions):
        assert result.document.text[m.start : m.end] == m.text


def test_ingest_bad_input_no_structure_still_a_document(tmp_path, rules_extractor) -> None:
    path = tmp_path / "flat.txt"
    path.write_text("我们要坚持稳中求进，推动高质量发展，全年粮食产量保持稳定，人民生活持续改善。" * 3, encoding="utf-8")
    result = rules_extractor.extract_path(path)
    assert result.document.sentences and result.document.year is None
    assert all(s.section is None for s in result.document.sentences) or result.document.sections


def test_ingest_bad_input_megabyte_line(tmp_path, rules_extractor) -> None:
    """A 1 MB line without any 。: sentences are capped, extraction finishes and still finds the fact."""
    line = "甲乙丙丁，" * 67_000 + "2020年，全区地区生产总值完成310亿元。"
    path = tmp_path / "one-line.txt"
    path.write_text("青禾区政府工作报告\n" + line + "\n", encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    result = rules_extractor.extract_path(path)
    assert max(s.end - s.start for s in result.document.sentences) <= 1000
    assert any(m.value == 310 and m.unit == "亿元" for m in result.metrics)


def test_ingest_bad_input_fifty_megabytes_refused_fast(tmp_path) -> None:
    """50 MB of text is under KG_MAX_INPUT_BYTES (60 MB) but ~100x a real report: E011, before cleaning."""
    path = tmp_path / "huge.txt"
    block = (REPORT * 200).encode("utf-8")
    with path.open("wb") as f:
        for _ in range(50_000_000 // len(block) + 1):
            f.write(block)
    assert path.stat().st_size >= 50_000_000
    with pytest.raises(InputError, match=r"^\[E011\] .*huge.txt has \d+ characters"):
        load_document(path)
    with pytest.raises(InputError, match=r"^\[E008\]"):
        load_document(path, max_bytes=10_000_000)


@pytest.mark.neo4j
def test_cli_build_bad_inputs_write_nothing(graph, neo4j_server, tmp_path) -> None:
    env = cli_env(neo4j_server)
    tried = {"empty.txt": b"", "scan.pdf": _pdf(draw_text=False), "corrupt.docx": BAD["corrupt.docx"][0]()}
    for name, data in tried.items():
        path = tmp_path / name
        path.write_bytes(data)
        done = run_kg(env, "build", path)
        assert done.returncode == 1 and done.stderr.startswith("error: [E00"), done.stderr
        # one line for the bad file, one closing summary (E015): no traceback
        lines = done.stderr.strip().splitlines()
        assert "Traceback" not in done.stderr and len(lines) == 2 and "[E015]" in lines[-1], done.stderr
    assert snapshot(graph, neo4j_server) == {"nodes": [], "rels": []}


HOSTILE = ["XX公司'}) DETACH DELETE n //", "<script>alert(1)</script>科技有限公司",
           "远山\"; MATCH (n) DETACH DELETE n; //集团", "`) CALL dbms.shutdown() //园区", "${{id}}\\u0000'\"产业园项目"]


@pytest.mark.neo4j
def test_writer_hostile_names_round_trip_as_data(graph, neo4j_server) -> None:
    lines = [f"{name}与青禾区人民政府签订合作协议。" for name in HOSTILE]
    entities = [{"type": "Organization", "name": "青禾区人民政府"}]
    entities += [{"type": "Company", "name": n} for n in HOSTILE]
    relations = [("COOPERATES_WITH", n, "青禾区人民政府", i) for i, n in enumerate(HOSTILE)]
    result = make_result("hostile-2021", "青禾区2021年政府工作报告", [("一、2020年工作回顾", "2020", lines)],
                         entities, relations, [])
    write_document(graph, neo4j_server, build_rows(result))
    reader = GraphReader(graph, neo4j_server)
    assert reader.stats()["labels"]["Company"] == len(HOSTILE)  # nothing deleted, nothing run
    for name in HOSTILE:
        hits = reader.search(name).items
        assert [h["name"] for h in hits if h["type"] == "Company"][:1] == [name]
        assert reader.get_entity(hits[0]["id"])["name"] == name
    with graph.session(database=neo4j_server.neo4j_database) as s:
        texts = [r["t"] for r in s.run("MATCH (s:Sentence) RETURN s.text AS t ORDER BY s.index")]
    assert texts == lines
