"""Write endpoints: upload (extract + load) and delete, behind the API key."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.neo4j

V1 = "/api/v1"
KEY = {"X-API-Key": "test-write-key"}  # tests/conftest.py WRITE_KEY
REPORT = "一、2021年工作回顾\n2021年，青禾区地区生产总值增长7.5%。\n".encode()


def _upload(client, name: str = "qinghe-upload.txt", data: bytes = REPORT, headers=KEY, **form):
    return client.post(f"{V1}/documents", files={"file": (name, data, "text/plain")}, data=form,
                       headers=headers)


def test_api_documents_upload_then_reupload_then_delete(client) -> None:
    r = _upload(client, doc_id="upload-1")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["doc_id"] == "upload-1" and body["status"] == "created"
    assert body["rows"]["metrics"] == 1 and body["nodes_created"] > 0
    assert client.get(f"{V1}/documents/upload-1").json()["source"] == "qinghe-upload.txt"
    again = _upload(client, doc_id="upload-1").json()
    assert again["status"] == "unchanged" and again["nodes_created"] == 0
    gone = client.delete(f"{V1}/documents/upload-1", headers=KEY)
    assert gone.status_code == 200 and gone.json()["deleted"] and gone.json()["nodes_deleted"] > 0
    assert client.get(f"{V1}/documents/upload-1").status_code == 404
    assert client.get(f"{V1}/entities/Company:远山集团").status_code == 200  # still in report B


def test_api_documents_doc_id_defaults_to_file_name(client) -> None:
    r = _upload(client, name="松岭 2022.txt")
    assert r.status_code == 201 and r.json()["doc_id"] == "松岭-2022"
    assert client.delete(f"{V1}/documents/松岭-2022", headers=KEY).status_code == 200


def test_api_documents_delete_unknown_is_404(client) -> None:
    r = client.delete(f"{V1}/documents/nope", headers=KEY)
    assert r.status_code == 404 and "E401" in r.json()["detail"]


def test_api_documents_upload_limits(make_client, loaded_graph) -> None:
    with make_client(max_upload_bytes=10) as c:
        too_big = _upload(c, data=b"x" * 11)
        assert too_big.status_code == 413 and "E405" in too_big.json()["detail"]
        wrong = _upload(c, name="report.exe", data=b"x")
        assert wrong.status_code == 415 and "E406" in wrong.json()["detail"]


def test_api_documents_writes_need_the_key(client) -> None:
    assert _upload(client, headers={}).status_code == 401
    assert _upload(client, headers={"X-API-Key": "wrong"}).status_code == 401
    assert client.delete(f"{V1}/documents/qinghe-2021", headers={"X-API-Key": "wrong"}).status_code == 401
    assert client.get(f"{V1}/documents/qinghe-2021").status_code == 200  # untouched
