"""Neo4j unreachable: the app still starts, /health says so, data endpoints answer 503 (E201)."""

from __future__ import annotations

import socket

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.config import Settings


def _closed_port() -> int:
    with socket.socket() as s:  # bind then release: nothing listens there afterwards
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def down_client():
    settings = Settings(neo4j_uri=f"bolt://127.0.0.1:{_closed_port()}", api_key="k")
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as c:  # a host served by default
        yield c


def test_api_unavailable_health_reports_degraded(down_client) -> None:
    r = down_client.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "degraded" and not r.json()["neo4j"]["reachable"]
    assert "E201" in r.json()["neo4j"]["detail"]


@pytest.mark.parametrize("url", ["/api/v1/search?q=青禾", "/api/v1/entities/x", "/api/v1/stats",
                                 "/api/v1/documents", "/api/v1/metrics"])
def test_api_unavailable_reads_are_503(down_client, url: str) -> None:
    r = down_client.get(url)
    assert r.status_code == 503 and r.json()["detail"].startswith("[E201] Cannot reach Neo4j")


def test_api_unavailable_writes_are_503(down_client) -> None:
    r = down_client.delete("/api/v1/documents/x", headers={"X-API-Key": "k"})
    assert r.status_code == 503 and "E201" in r.json()["detail"]
