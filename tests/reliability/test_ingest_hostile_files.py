"""Files built to hurt: a DOCX zip bomb, encrypted PDFs. Each is generated here, small and bounded."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import load_document

LINES = ["青禾区政府工作报告", "一、2020年工作回顾", "2020年，全区地区生产总值完成310亿元，比上年增长4.1%。"]


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    """A real DOCX with the report's lines, plus ``extra`` members (deflated)."""
    import docx

    buf = io.BytesIO()
    document = docx.Document()
    for line in LINES:
        document.add_paragraph(line)
    document.save(buf)
    if not extra:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        for name, data in extra.items():
            dst.writestr(name, data)
    return out.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_ingest_docx_bomb_refused_by_declared_size(tmp_path: Path) -> None:
    """8 MB of zeros deflate to ~8 KB (1000:1); with a 4 MB cap it is refused before unpacking."""
    path = _write(tmp_path, "bomb.docx", _docx({"word/media/zeros.bin": bytes(8_000_000)}))
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match=r"^\[E013\] .*bomb\.docx .*declared, over 4000000"):
        load_document(path, max_unpacked=4_000_000)


def test_ingest_docx_bomb_refused_by_ratio(tmp_path: Path) -> None:
    """Under the total cap, a member compressed ~1000:1 is still refused: no real XML does that."""
    path = _write(tmp_path, "ratio.docx", _docx({"word/media/zeros.bin": bytes(3_000_000)}))
    with pytest.raises(InputError, match=r"^\[E013\] .*ratio\.docx .*compressed \d+:1"):
        load_document(path)


def test_ingest_docx_bomb_lying_sizes_stopped_while_unpacking(tmp_path: Path) -> None:
    """Declared sizes small, real ones big: unpacking stops at the declared size (E006: the CRC
    fails) or at the running cap (E013), never after the whole 1.8 MB."""
    noise = random.Random(0).randbytes
    data = bytearray(_docx({"word/media/a.bin": noise(900_000), "word/media/b.bin": noise(900_000)}))
    directory = data.find(b"PK\x01\x02")  # the central directory, which zipfile trusts
    for name in (b"word/media/a.bin", b"word/media/b.bin"):
        entry = data.find(name, directory) - 46  # a central directory entry's fixed part is 46 bytes
        assert data[entry:entry + 4] == b"PK\x01\x02"
        data[entry + 24:entry + 28] = (1000).to_bytes(4, "little")  # its uncompressed size
    path = _write(tmp_path, "liar.docx", bytes(data))
    with pytest.raises(InputError, match=r"^\[E0(06|13)\] .*liar\.docx"):
        load_document(path, max_unpacked=1_000_000)


def test_ingest_docx_many_members_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "members.docx", _docx({f"word/extra/part{i}.xml": b"<a/>" for i in range(10_001)}))
    with pytest.raises(InputError, match=r"^\[E013\] .*members\.docx .*10\d{3} members"):
        load_document(path)


def test_ingest_docx_ordinary_still_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "fine.docx", _docx({"word/media/noise.bin": random.Random(0).randbytes(1_500_000)}))
    doc = load_document(path, max_unpacked=4_000_000)
    assert "地区生产总值完成310亿元" in doc.text


def _pdf(**encrypt: str) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.setFont("STSong-Light", 12)
    for i, line in enumerate(LINES):
        page.drawString(60, 800 - 20 * i, line)
    page.showPage()
    page.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    writer.encrypt(algorithm="AES-256", **encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128"])
def test_ingest_pdf_owner_password_only_is_read(tmp_path: Path, algorithm: str) -> None:
    """Government PDFs forbid copying with an owner password; anyone may open them, and so may we."""
    from pypdf import PdfReader, PdfWriter

    data = _pdf(user_password="", owner_password="x")
    if algorithm != "AES-256":
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data), password=""))
        writer.encrypt(user_password="", owner_password="x", algorithm=algorithm)
        buf = io.BytesIO()
        writer.write(buf)
        data = buf.getvalue()
    assert PdfReader(io.BytesIO(data)).is_encrypted
    doc = load_document(_write(tmp_path, "owner.pdf", data))
    assert "2020年，全区地区生产总值完成310亿元" in doc.text


def test_ingest_pdf_user_password_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.pdf", _pdf(user_password="secret", owner_password="x"))
    with pytest.raises(InputError, match=r"^\[E012\] .*locked\.pdf is a PDF that needs a password"):
        load_document(path)


@pytest.mark.neo4j
def test_api_upload_encrypted_pdfs(graph, neo4j_server, write_key: str) -> None:
    """Through the real ingest pipeline (rules only): owner-only loads, a user password is a
    one-line 422 (it was a plain-text 500), and a zip bomb is a 422 too."""
    from fastapi.testclient import TestClient
    from pydantic import SecretStr

    from api.main import create_app

    settings = neo4j_server.model_copy(update={"api_key": SecretStr(write_key), "use_hanlp": False,
                                               "rate_limit_per_minute": 0})
    uploads = {"owner.pdf": (_pdf(user_password="", owner_password="x"), 201),
               "locked.pdf": (_pdf(user_password="secret", owner_password="x"), 422),
               "bomb.docx": (_docx({"word/media/zeros.bin": bytes(8_000_000)}), 422)}
    with TestClient(create_app(settings)) as client:
        for name, (data, code) in uploads.items():
            r = client.post("/api/v1/documents", files={"file": (name, data, "application/octet-stream")},
                            headers={"X-API-Key": write_key})
            assert r.status_code == code, r.text
            if code == 422:
                detail = r.json()["detail"]
                assert detail.startswith(("[E012]", "[E013]")) and "\n" not in detail
        assert client.get("/api/v1/documents/owner").json()["metrics"] >= 1
