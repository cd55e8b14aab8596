"""API keys: writes refused without a configured key (403), reads closed when a read key is set."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

pytestmark = pytest.mark.neo4j


def test_api_access_writes_refused_without_configured_key(make_client, loaded_graph) -> None:
    with make_client(api_key=None) as c:
        r = c.delete("/api/v1/documents/qinghe-2021", headers={"X-API-Key": "anything"})
        assert r.status_code == 403 and "KG_API_KEY" in r.json()["detail"]
        assert c.get("/api/v1/documents/qinghe-2021").status_code == 200


def test_api_access_read_key_closes_reads(make_client, loaded_graph) -> None:
    with make_client(read_api_key=SecretStr("r"), api_key=SecretStr("w")) as c:
        assert c.get("/api/v1/stats").status_code == 401
        assert c.get("/api/v1/stats", headers={"X-API-Key": "r"}).status_code == 200
        assert c.get("/api/v1/stats", headers={"X-API-Key": "w"}).status_code == 200  # write key reads too
        assert c.get("/health").status_code == 200  # health stays open
