"""A real Neo4j instance, assembled from Maven Central jars, on spare ports.

It runs beside the suite's own test server (7688/7475) and a `make demo` server
(7687/7474) without touching either: its data lives in a tmp dir. The tests share one
instance (a JVM start costs seconds) and run in file order; the last one stops it.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError as DriverAuthError
from pydantic import SecretStr

from kg.config import Settings
from kg.server import ServerInfo, start, status, stop

pytestmark = pytest.mark.neo4j

PASSWORD = "lifecycle-pw-1"
BOLT_PORT, HTTP_PORT = 7699, 7499


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        neo4j_data_dir=tmp_path_factory.mktemp("neo4j-lifecycle"),
        neo4j_bolt_port=BOLT_PORT,
        neo4j_http_port=HTTP_PORT,
        neo4j_password=SecretStr(PASSWORD),
    )


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[ServerInfo]:
    info = start(settings)
    yield info
    stop(settings)


def _run(settings: Settings, password: str, query: str, **params: object) -> list[dict]:
    auth = (settings.neo4j_user, password)
    with GraphDatabase.driver(f"bolt://127.0.0.1:{BOLT_PORT}", auth=auth) as driver:
        records, _, _ = driver.execute_query(query, params)
    return [r.data() for r in records]


def test_server_start_reports_a_running_instance(server: ServerInfo, settings: Settings) -> None:
    assert server.running and server.pid is not None
    assert server.bolt_uri == f"bolt://127.0.0.1:{BOLT_PORT}"
    assert server.instance_dir == Path(settings.neo4j_data_dir).resolve()
    assert (server.instance_dir / "run" / "neo4j.pid").read_text().strip() == str(server.pid)


def test_server_second_start_is_a_noop(server: ServerInfo, settings: Settings) -> None:
    again = start(settings)
    assert again.pid == server.pid


def test_server_status_matches_start(server: ServerInfo, settings: Settings) -> None:
    now = status(settings)
    assert now.running and now.pid == server.pid
    assert now.version is not None and now.version.startswith("5.26.")
    assert now.browser_url == f"http://127.0.0.1:{HTTP_PORT}/browser/"


def test_server_bolt_accepts_the_configured_password(server: ServerInfo, settings: Settings) -> None:
    assert _run(settings, PASSWORD, "RETURN 1 AS one") == [{"one": 1}]


def test_server_bolt_refuses_a_wrong_password(server: ServerInfo, settings: Settings) -> None:
    with pytest.raises(DriverAuthError):
        _run(settings, "not-the-password", "RETURN 1")


def test_server_http_serves_neo4j_browser(server: ServerInfo) -> None:
    with urllib.request.urlopen(server.browser_url, timeout=10) as resp:
        body = resp.read().decode("utf-8")
        assert resp.status == 200
        assert resp.headers.get_content_type() == "text/html"
    assert "<title>Neo4j Browser</title>" in body


def test_server_fulltext_cjk_analyzer_finds_chinese_words(server: ServerInfo, settings: Settings) -> None:
    # The cjk analyzer (bigrams) comes from lucene-analysis-common: if that jar were
    # missing from lib/, CREATE FULLTEXT INDEX with it would fail.
    _run(
        settings,
        PASSWORD,
        "CREATE FULLTEXT INDEX lifecycle_ft IF NOT EXISTS FOR (n:LifecycleDoc) "
        "ON EACH [n.text] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
    )
    _run(
        settings,
        PASSWORD,
        "UNWIND $texts AS t MERGE (:LifecycleDoc {text: t})",
        texts=["深化科技体制改革", "扩大内需战略基点"],
    )
    _run(settings, PASSWORD, "CALL db.awaitIndexes(60)")
    hits = _run(
        settings,
        PASSWORD,
        "CALL db.index.fulltext.queryNodes('lifecycle_ft', $q) YIELD node RETURN node.text AS text",
        q="内需",
    )
    assert hits == [{"text": "扩大内需战略基点"}]


def test_server_stop_stops_the_instance(server: ServerInfo, settings: Settings) -> None:
    stopped = stop(settings)
    assert not stopped.running and stopped.pid is None
    assert not (stopped.instance_dir / "run" / "neo4j.pid").exists()
    assert stop(settings).running is False  # a second stop is a no-op
