"""The API's read cache never answers with a graph older than the last PolicyKG write."""

from __future__ import annotations

import pytest

from kg.build import build_rows
from kg.store.writer import delete_document, write_document
from tests.conftest import report_a, report_b

pytestmark = pytest.mark.neo4j

COMPANY = "/api/v1/entities/Company%3A%E8%BF%9C%E5%B1%B1%E9%9B%86%E5%9B%A2"  # Company:远山集团


def test_api_cache_answers_repeats_from_memory_and_sees_every_write(graph, neo4j_server, make_client) -> None:
    write_document(graph, neo4j_server, build_rows(report_a()))
    with make_client(api_cache_entries=100) as c:
        cache = c.app.state.answer_cache
        first = c.get(COMPANY).json()
        assert c.get(COMPANY).json() == first and cache.hits >= 1  # the repeat came from the cache
        assert first["doc_ids"] == ["qinghe-2021"]
        write_document(graph, neo4j_server, build_rows(report_b()))  # another report names it too
        assert sorted(c.get(COMPANY).json()["doc_ids"]) == ["qinghe-2021", "qinghe-2022"]
        delete_document(graph, neo4j_server, "qinghe-2021")
        assert c.get(COMPANY).json()["doc_ids"] == ["qinghe-2022"]
        delete_document(graph, neo4j_server, "qinghe-2022")
        assert c.get(COMPANY).status_code == 404


def test_api_cache_off_reads_every_time(graph, neo4j_server, make_client) -> None:
    write_document(graph, neo4j_server, build_rows(report_a()))
    with make_client(api_cache_entries=0) as c:
        assert c.app.state.answer_cache is None
        assert c.get(COMPANY).status_code == 200
