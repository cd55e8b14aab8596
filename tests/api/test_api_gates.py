"""What every request meets before it costs anything (api.gates), and what error bodies keep to
the server: the Host header, the write key before an upload body is read, body sizes counted
while streaming, KG_API_KEY="" meaning writes disabled, no Bolt address or temp path in a body."""

from __future__ import annotations

import asyncio
import socket

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.main import create_app
from kg.config import Settings
from kg.errors import Err, InputError

WRITE_KEY = "gate-key"


def _settings(**update: object) -> Settings:
    base = {"neo4j_uri": "bolt://127.0.0.1:9", "api_key": SecretStr(WRITE_KEY), "rate_limit_per_minute": 0}
    return Settings.model_validate(base | update)


class Probe:
    """Calls the ASGI app directly with a body of ``declared`` bytes that is sent in chunks only
    as the app asks for them; counts what the app read."""

    def __init__(self, app, chunk: int = 64 * 1024, total: int = 50 * 1024 * 1024) -> None:  # noqa: ANN001
        self.app, self.chunk, self.total = app, chunk, total
        self.read = 0
        self.status = 0
        self.body = b""

    async def receive(self) -> dict:
        if self.read >= self.total:
            return {"type": "http.disconnect"}
        self.read += self.chunk
        return {"type": "http.request", "body": b"x" * self.chunk, "more_body": self.read < self.total}

    async def send(self, message: dict) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    def call(self, method: str, path: str, headers: dict[str, str]) -> Probe:
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
                 "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
                 "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
        asyncio.run(self.app(scope, self.receive, self.send))
        return self


UPLOAD = {"host": "127.0.0.1:8000", "content-type": "multipart/form-data; boundary=xyz",
          "content-length": str(500 * 1024 * 1024)}


# --- the write key, before the body ---------------------------------------------------------------

@pytest.mark.parametrize(("api_key", "given", "status"), [(WRITE_KEY, None, 401), (WRITE_KEY, "wrong", 401),
                                                          (None, WRITE_KEY, 403)])
def test_api_gates_upload_without_a_valid_key_is_refused_before_the_body(api_key, given, status) -> None:  # noqa: ANN001
    headers = UPLOAD | ({"x-api-key": given} if given else {})
    probe = Probe(create_app(_settings(api_key=api_key))).call("POST", "/api/v1/documents", headers)
    assert probe.status == status and probe.read == 0, (probe.status, probe.read)
    assert b"X-API-Key" in probe.body or b"KG_API_KEY" in probe.body


def test_api_gates_upload_too_large_is_refused_by_content_length(tmp_path) -> None:  # noqa: ANN001
    headers = UPLOAD | {"x-api-key": WRITE_KEY}
    probe = Probe(create_app(_settings(max_upload_bytes=1024 * 1024))).call("POST", "/api/v1/documents", headers)
    assert probe.status == 413 and probe.read == 0
    assert b"[E410]" in probe.body and b"KG_MAX_UPLOAD_BYTES" in probe.body


def test_api_gates_body_without_length_is_counted_while_it_streams() -> None:
    headers = {"host": "localhost", "content-type": "application/json"}  # no Content-Length (chunked)
    probe = Probe(create_app(_settings(max_body_bytes=256 * 1024))).call("POST", "/api/v1/cypher", headers)
    assert probe.status == 413 and b"KG_MAX_BODY_BYTES" in probe.body
    assert probe.read <= 256 * 1024 + probe.chunk  # stopped at the limit, not at 50 MB


def test_api_gates_lying_content_length_is_still_counted() -> None:
    headers = {"host": "localhost", "content-type": "application/json", "content-length": "1000"}
    probe = Probe(create_app(_settings(max_body_bytes=256 * 1024))).call("POST", "/api/v1/cypher", headers)
    assert probe.status == 413 and probe.read <= 256 * 1024 + probe.chunk


def test_api_gates_empty_api_key_means_writes_disabled(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("KG_API_KEY", "")  # what docker-compose passes when KG_API_KEY is unset
    settings = Settings(neo4j_uri="bolt://127.0.0.1:9", rate_limit_per_minute=0)
    assert settings.api_key is None
    probe = Probe(create_app(settings)).call("DELETE", "/api/v1/documents/x",
                                             {"host": "localhost", "x-api-key": ""})
    assert probe.status == 403 and b"[E403] Writes are disabled" in probe.body


# --- the Host header -------------------------------------------------------------------------------

def test_api_gates_host_header_must_be_served() -> None:
    with TestClient(create_app(_settings()), base_url="http://127.0.0.1:8000") as c:
        assert c.get("/docs").status_code == 200
        for host in ("localhost:8000", "LOCALHOST", "[::1]:8000", "127.0.0.1"):
            assert c.get("/docs", headers={"Host": host}).status_code == 200, host
        for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "testserver", ""):
            r = c.get("/openapi.json", headers={"Host": host})
            assert r.status_code == 400, host
            assert r.json()["detail"].startswith("[E411]") and "KG_ALLOWED_HOSTS" in r.json()["detail"]


def test_api_gates_host_list_has_the_api_host_and_no_test_names() -> None:
    assert "testserver" not in Settings.model_fields["allowed_hosts"].default
    assert Settings(api_host="10.1.2.3").host_list() == ["127.0.0.1", "localhost", "[::1]", "10.1.2.3"]
    assert "0.0.0.0" not in Settings(api_host="0.0.0.0").host_list()
    with TestClient(create_app(_settings(allowed_hosts="kg.example")), base_url="http://kg.example") as c:
        assert c.get("/docs").status_code == 200
        assert c.get("/docs", headers={"Host": "localhost"}).status_code == 400
    with TestClient(create_app(_settings(allowed_hosts="*")), base_url="http://anything.example") as c:
        assert c.get("/docs").status_code == 200


# --- what error bodies keep to the server ------------------------------------------------------------

def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_api_gates_error_bodies_hide_the_bolt_address() -> None:
    port = _closed_port()
    with TestClient(create_app(_settings(neo4j_uri=f"bolt://127.0.0.1:{port}")), base_url="http://localhost") as c:
        for r in (c.get("/api/v1/stats"), c.get("/api/v1/search", params={"q": "x"}),
                  c.post("/api/v1/cypher", json={"query": "RETURN 1"})):
            assert r.status_code == 503 and int(r.headers["Retry-After"]) > 0
            assert r.json()["detail"].startswith("[E201]") and "KG_NEO4J_URI" in r.json()["detail"]
            assert str(port) not in r.text and "bolt://" not in r.text
        health = c.get("/health").json()
        assert health["status"] == "degraded" and str(port) not in health["neo4j"]["detail"]


class FailingProcessor:
    """Refuses the upload the way kg.ingest does: the message names the file it was given."""

    def __call__(self, path, doc_id: str):  # noqa: ANN001, ANN204
        raise InputError(Err.E002.format(path=path))


@pytest.mark.neo4j
def test_api_gates_upload_error_names_the_users_file_not_the_temp_path(neo4j_server) -> None:  # noqa: ANN001
    settings = neo4j_server.model_copy(update={"api_key": SecretStr(WRITE_KEY), "rate_limit_per_minute": 0})
    with TestClient(create_app(settings, processor=FailingProcessor())) as c:
        r = c.post("/api/v1/documents", files={"file": ("my-report.txt", b"\n", "text/plain")},
                   headers={"X-API-Key": WRITE_KEY})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail.startswith("[E002]") and "my-report.txt" in detail
    assert "kg-upload-" not in detail and "/tmp" not in detail
