"""The issue's heap-exhausting query through the API, on a throwaway Neo4j (``crash_server``).

A list built inside one expression is not counted by Neo4j's memory pools, so
db.memory.transaction.max does not stop it: the heap runs out. The API must answer once (no
retries of the transient error, no 500) with a one-line 503 and Retry-After, or the timeout's
422 when the server ends it first, and Neo4j must go on answering. Not on the shared test
server: a Java OutOfMemoryError can land in any thread of the JVM (once it stopped the
transaction-timeout monitor until a restart), so it is done where nothing else depends on it.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.config import Settings

pytestmark = pytest.mark.neo4j

URL = "/api/v1/cypher"


def test_api_heap_exhaustion_is_answered_once_and_neo4j_survives(crash_server: Settings) -> None:
    settings = crash_server.model_copy(update={"rate_limit_per_minute": 0, "cypher_timeout_s": 5.0,
                                               "allowed_hosts": "testserver"})
    with TestClient(create_app(settings)) as c:
        r = c.post(URL, json={"query": "RETURN size([x IN range(1, 100000000) | toString(x)]) AS n"})
        detail = r.json()["detail"]
        assert isinstance(detail, str) and "\n" not in detail and "Traceback" not in detail
        if r.status_code == 503:
            assert detail.startswith("[E409]") and int(r.headers["Retry-After"]) > 0
        else:
            assert r.status_code == 422 and "KG_CYPHER_TIMEOUT_S" in detail, r.text
        ok = c.post(URL, json={"query": "RETURN 1 AS one"})
        assert ok.status_code == 200 and ok.json()["rows"] == [{"one": 1}]
