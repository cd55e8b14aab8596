"""Store guards that need no database: the wipe guard, error mapping, Lucene escaping."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.errors import StoreError, StoreUnavailable
from kg.store.driver import open_driver
from kg.store.reader import lucene_query
from kg.store.writer import is_test_server, wipe_test_database


@pytest.mark.parametrize("uri,flag", [("bolt://127.0.0.1:7687", True), ("bolt://127.0.0.1:7688", False),
                                      ("bolt://example.org:7688", False)])
def test_build_store_wipe_refuses_non_test_servers(uri: str, flag: bool) -> None:
    settings = Settings(neo4j_uri=uri, test_server=flag)
    if uri.endswith(":7688") and flag:
        pytest.fail("parametrisation must only hold refused servers")
    with pytest.raises(StoreError, match="E205"):
        wipe_test_database(None, settings)  # type: ignore[arg-type] - refused before any use


def test_build_store_test_server_needs_flag_and_port() -> None:
    # explicit ports: the suite itself may run with KG_TEST_BOLT_PORT moved (make test TEST_BOLT=…)
    assert is_test_server(Settings(neo4j_uri="bolt://127.0.0.1:7688", test_server=True, test_bolt_port=7688))
    assert not is_test_server(Settings(neo4j_uri="bolt://127.0.0.1:7687", test_server=True, test_bolt_port=7688))
    assert not is_test_server(Settings(neo4j_uri="bolt://127.0.0.1:7688", test_server=False, test_bolt_port=7688))


def test_build_store_closed_port_is_unavailable_without_password() -> None:
    settings = Settings(neo4j_uri="bolt://127.0.0.1:9", neo4j_password="s3cret-pw")
    with pytest.raises(StoreUnavailable, match=r"E201.*127\.0\.0\.1:9") as info:
        open_driver(settings, attempts=1)
    assert "s3cret-pw" not in str(info.value) and "\n" not in str(info.value)


def test_build_store_lucene_query_escapes_syntax() -> None:
    assert lucene_query('青禾 AND (区") ') == '青禾 and \\(区\\"\\)'
    assert lucene_query("a:b*") == "a\\:b\\*"
