"""Loading report files: encodings, DOCX, PDF, and every way a file can be wrong.

Fixtures are generated in tmp_path (no binaries in the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import load_document, to_original

REPORT = (
    "政府工作报告\n——2021年9月12日在川汇区第十五届人民代表大会第五次会议上\n各位代表：\n"
    "一、2020年工作回顾\n"
    "地区生产总值完成292亿元；一般公共预算收入累计完成6.59亿元，比上年增长2.5%，税收占比71.4%。"
    "全区城镇新增就业6074人。\n"
    "二、2021年工作安排\n"
    "（一）树牢发展理念，壮大经济实力。\n全力招商引资。全年引进亿元以上项目10个。\n"
)
GDP = "地区生产总值完成292亿元"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "data", "want"),
    [
        ("utf-8", REPORT.encode("utf-8"), "utf-8"),
        ("utf-8-sig", b"\xef\xbb\xbf" + REPORT.encode("utf-8"), "utf-8-sig"),
        ("gb18030", REPORT.encode("gb18030"), "gb18030"),
        ("gbk", REPORT.encode("gbk"), "gb18030"),
        ("utf-16", REPORT.encode("utf-16"), "utf-16"),
        ("utf-16-le no BOM", REPORT.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_ingest_formats_text_encodings(tmp_path: Path, encoding: str, data: bytes, want: str) -> None:
    doc = load_document(write(tmp_path, "report.txt", data))
    assert doc.encoding == want
    assert doc.fmt == "txt"
    assert GDP in doc.text and "\ufeff" not in doc.text
    assert doc.year == 2021 and doc.doc_id == "report"
    assert [s.title for s in doc.sections][:2] == ["一、2020年工作回顾", "二、2021年工作安排"]


def test_ingest_formats_big5_traditional_text(tmp_path: Path) -> None:
    text = "政府工作報告\n各位代表：\n一、2020年工作回顧\n全區地區生產總值完成292億元，比上年增長2.5%。我們將繼續努力，實現經濟發展。\n"
    doc = load_document(write(tmp_path, "big5.txt", text.encode("big5")))
    assert doc.encoding == "big5"
    # analysed in simplified characters; the respelling map restores the text's own spelling
    assert "地区生产总值完成292亿元" in doc.text
    assert doc.respell["区"] == "區"


def test_ingest_formats_raw_sha256_is_of_the_file_bytes(tmp_path: Path) -> None:
    import hashlib

    data = REPORT.encode("gb18030")
    doc = load_document(write(tmp_path, "r.txt", data), doc_id="chuanhui-2021")
    assert doc.raw_sha256 == hashlib.sha256(data).hexdigest()
    assert doc.doc_id == "chuanhui-2021" and doc.source.endswith("r.txt")


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    for line in REPORT.strip().split("\n")[:5]:
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "固定资产投资"
    table.cell(0, 1).text = "增长7.6%"
    table.cell(1, 0).text = "规模以上工业增加值"
    table.cell(1, 1).text = "65.6亿元"
    d.add_paragraph("二、2021年工作安排")
    d.add_paragraph("全力招商引资。全年引进亿元以上项目10个。")
    d.save(str(path))
    return path


def test_ingest_formats_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    doc = load_document(make_docx(tmp_path / "report.docx"))
    assert doc.fmt == "docx" and doc.encoding is None
    lines = doc.text.split("\n")
    assert (
        lines.index("固定资产投资增长7.6%")
        < lines.index("规模以上工业增加值65.6亿元")
        < lines.index("二、2021年工作安排")
    )
    assert GDP in doc.text


def test_ingest_formats_docx_named_txt_is_sniffed(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "report.docx")
    doc = load_document(write(tmp_path, "mislabelled.txt", path.read_bytes()))
    assert doc.fmt == "docx"


def make_pdf(path: Path, lines: list[str], *, text: bool = True) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    if text:
        c.setFont("STSong-Light", 12)
        y = 800
        for line in lines:
            c.drawString(60, y, line)
            y -= 20
        c.drawString(290, 40, "— 1 —")
    else:
        c.rect(100, 100, 200, 200, fill=1)
    c.showPage()
    c.save()
    return path


PDF_LINES = [
    "政府工作报告",
    "一、2020年工作回顾",
    "地区生产总值完成292亿元；一般公共预算收入累计完成6.59亿",
    "元，比上年增长2.5%，税收占比71.4%。农村人居环境",
    "境整治全面开展。",
]


def test_ingest_formats_pdf_cid_font_text_layer(tmp_path: Path) -> None:
    doc = load_document(make_pdf(tmp_path / "report.pdf", PDF_LINES))
    assert doc.fmt == "pdf"
    assert "一般公共预算收入累计完成6.59亿元，比上年增长2.5%" in doc.text  # line break joined
    assert "— 1 —" not in doc.text  # page number dropped
    assert doc.sections[0].title == "一、2020年工作回顾"


def test_ingest_formats_pdf_character_repeated_across_pages(tmp_path: Path) -> None:
    pages = [PDF_LINES[:4] + ["— 1 —"], ["境整治全面开展，33个行政村全部实现社会化保洁。", "— 2 —"]]
    doc = load_document(make_pdf_pages(tmp_path / "pages.pdf", pages))
    assert "税收占比71.4%。农村人居环境整治全面开展，33个行政村" in doc.text
    start = doc.text.index("整治")
    assert to_original(doc, start) > to_original(doc, start - 1) + 1  # the dropped 境 is skipped


def test_ingest_formats_pdf_without_text_layer(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "scan.pdf", [], text=False)
    with pytest.raises(InputError, match=r"E005.*scan\.pdf"):
        load_document(path)


def test_ingest_formats_truncated_pdf(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "full.pdf", PDF_LINES).read_bytes()
    path = write(tmp_path, "cut.pdf", data[: len(data) // 2])
    with pytest.raises(InputError, match=r"E006.*cut\.pdf.*PDF"):
        load_document(path)


def test_ingest_formats_garbled_pdf_body(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.pdf", b"%PDF-1.4\n" + os.urandom(2000) + b"\n%%EOF\n")
    with pytest.raises(InputError, match=r"E00[56].*bad\.pdf"):
        load_document(path)


def test_ingest_formats_pdf_extension_without_pdf_content(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"E006.*fake\.pdf"):
        load_document(write(tmp_path, "fake.pdf", REPORT.encode("utf-8")))


def test_ingest_formats_truncated_docx(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "full.docx").read_bytes()
    path = write(tmp_path, "cut.docx", data[: len(data) // 2])
    with pytest.raises(InputError, match=r"E006.*cut\.docx.*DOCX"):
        load_document(path)


def test_ingest_formats_zip_that_is_not_docx(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "地区生产总值完成292亿元")
    with pytest.raises(InputError, match=r"E006.*archive\.docx"):
        load_document(path)


def test_ingest_formats_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"E001.*nowhere\.txt"):
        load_document(tmp_path / "nowhere.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  \r\n"])
def test_ingest_formats_empty_file(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(InputError, match=r"E002.*empty\.txt"):
        load_document(write(tmp_path, "empty.txt", data))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        bytes(range(256)) * 8,
        b"\x7fELF" + os.urandom(500),
    ],
)
def test_ingest_formats_binary_file(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(InputError, match=r"E003.*blob\.txt"):
        load_document(write(tmp_path, "blob.txt", data))


def test_ingest_formats_undecodable_text(tmp_path: Path) -> None:
    # Valid-looking text bytes that are neither UTF-8, GB18030 nor Big5 Chinese.
    data = ("Report " * 20).encode() + b"\xff\xfe\xfd\x80\x81" * 30
    with pytest.raises(InputError, match=r"E00[347].*weird\.txt"):
        load_document(write(tmp_path, "weird.txt", data))


def test_ingest_formats_no_chinese_text(tmp_path: Path) -> None:
    data = b"Government work report. GDP grew by 8% in 2021.\n" * 10
    with pytest.raises(InputError, match=r"E007.*english\.txt"):
        load_document(write(tmp_path, "english.txt", data))


def test_ingest_formats_over_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", REPORT.encode("utf-8"))
    with pytest.raises(InputError, match=r"E008.*big\.txt.*KG_MAX_INPUT_BYTES"):
        load_document(path, max_bytes=100)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_ingest_formats_character_cut_at_file_end_is_dropped(tmp_path: Path, encoding: str) -> None:
    data = (REPORT + "完成").encode(encoding)[:-1]
    doc = load_document(write(tmp_path, "cut.txt", data))
    assert doc.encoding == encoding
    assert doc.text.endswith("全年引进亿元以上项目10个。\n完") or doc.text.endswith("10个。完")


def test_ingest_formats_invalid_byte_inside_utf8_text_is_refused(tmp_path: Path) -> None:
    data = REPORT.encode("utf-8")
    broken = data[:30] + b"\xff" + data[30:]
    with pytest.raises(InputError, match=r"E004.*broken\.txt.*UTF-8"):
        load_document(write(tmp_path, "broken.txt", broken))


def test_ingest_formats_pdf_round_trip_of_wrapped_indented_pages(tmp_path: Path) -> None:
    """A report typeset like a real one (indented paragraphs hard-wrapped at 34
    characters, running header, page numbers) reads back as the clean text."""
    from kg.ingest import document_from_text

    excerpt = (Path(__file__).parent.parent / "data" / "chuanhui_excerpt.txt").read_text(encoding="utf-8")
    clean = document_from_text(excerpt).text
    lines = []
    for para in clean.split("\n"):
        para = "\u3000\u3000" + para
        lines += [para[i : i + 34] for i in range(0, len(para), 34)]
    pages = [
        ["川汇区人民政府工作报告", *lines[k : k + 38], f"— {k // 38 + 1} —"] for k in range(0, len(lines), 38)
    ]
    path = make_pdf_pages(tmp_path / "typeset.pdf", pages)
    doc = load_document(path)
    assert doc.text == clean


def make_pdf_pages(path: Path, pages: list[list[str]]) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for lines in pages:
        c.setFont("STSong-Light", 12)
        for n, line in enumerate(lines):
            c.drawString(50, 815 - 20 * n, line)
        c.showPage()
    c.save()
    return path
