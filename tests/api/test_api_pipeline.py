"""End to end: the sample report uploaded through POST /documents with the real ingest + extract."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.main import create_app
from kg.config import PROJECT_ROOT

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

SAMPLE = PROJECT_ROOT / "data" / "sample" / "chuanhui-2021-government-work-report.txt"


def test_api_pipeline_upload_sample_report(graph, neo4j_server) -> None:
    pytest.importorskip("kg.extract.pipeline")
    # Without HanLP the extractor needs no JVM; the rule and lexicon layers still run.
    settings = neo4j_server.model_copy(update={"api_key": SecretStr("k"), "use_hanlp": False})
    key = {"X-API-Key": "k"}
    with TestClient(create_app(settings)) as c:
        files = {"file": (SAMPLE.name, Path(SAMPLE).read_bytes(), "text/plain")}
        r = c.post("/api/v1/documents", files=files, data={"doc_id": "sample"}, headers=key)
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["status"] == "created" and body["rows"]["sentences"] > 100 and body["rows"]["metrics"] > 10
        assert c.post("/api/v1/documents", files=files, data={"doc_id": "sample"},
                      headers=key).json()["status"] == "unchanged"
        hit = c.get("/api/v1/search", params={"q": "川汇区", "type": "District"}).json()["data"][0]
        entity = c.get(f"/api/v1/entities/{hit['id']}").json()
        assert entity["mentions"][0]["doc_id"] == "sample" and entity["mentions"][0]["sentence"]
        metrics = c.get("/api/v1/metrics", params={"indicator": "地区生产总值"}).json()
        assert metrics["total"] >= 1 and metrics["data"][0]["evidence"][0]["sentence"]
        assert c.delete("/api/v1/documents/sample", headers=key).json()["deleted"]
        assert c.get("/api/v1/stats").json()["nodes"] == 0
