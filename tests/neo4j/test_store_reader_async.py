"""AsyncGraphReader (the API's hot reads) returns what GraphReader returns, and the query shortcuts
(CJK search from the full-text hits, metrics by indicator, projects from the district, one page of
projections) give the same rows as the general queries."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from kg.errors import NotFound
from kg.store import cypher
from kg.store.driver import create_async_driver, read_session
from kg.store.reader import AsyncGraphReader, GraphReader, lucene_terms

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def readers(loaded_graph, neo4j_server) -> Iterator[tuple[GraphReader, AsyncGraphReader, asyncio.AbstractEventLoop]]:
    loop = asyncio.new_event_loop()
    adriver = create_async_driver(neo4j_server)
    yield GraphReader(loaded_graph, neo4j_server), AsyncGraphReader(adriver, neo4j_server), loop
    loop.run_until_complete(adriver.close())
    loop.close()


CALLS = [("search", ("青禾",), {}), ("search", ("GDP",), {}), ("search", ("青禾",), {"type": "Project"}),
         ("search", ("青",), {}), ("get_entity", ("Company:远山集团",), {}),
         ("neighbours", ("Project:青禾数字产业园项目",), {}), ("neighbours", ("Organization:青禾区人民政府",),
                                                           {"rel": "HOLDS_POST"}),
         ("projects", (), {"district": "青禾区"}), ("projects", (), {"district": "青禾"}), ("projects", (), {}),
         ("metrics", (), {"indicator": "地区生产总值"}), ("metrics", (), {"indicator": "GDP", "kind": "actual"}),
         ("metrics", (), {"limit": 1, "offset": 1})]


@pytest.mark.parametrize(("method", "args", "kwargs"), CALLS)
def test_store_reader_async_matches_sync(readers, method, args, kwargs) -> None:
    sync, aio, loop = readers
    assert loop.run_until_complete(getattr(aio, method)(*args, **kwargs)) == getattr(sync, method)(*args, **kwargs)


def test_store_reader_async_unknown_entity_is_not_found(readers) -> None:
    _, aio, loop = readers
    with pytest.raises(NotFound, match="E401.*nope"):
        loop.run_until_complete(aio.get_entity("nope"))
    with pytest.raises(NotFound, match="E401.*nope"):
        loop.run_until_complete(aio.neighbours("nope"))


@pytest.mark.parametrize("text", ["青禾", "青禾区", "物流政府", "数字产业", "人民政府", "禾数"])
def test_store_reader_cjk_search_matches_general_search(loaded_graph, neo4j_server, text) -> None:
    params = {"raw": text, "terms": [text], "lucene": lucene_terms([text]), "type": None, "index": "entityNames",
              "limit": 100, "offset": 0}
    with read_session(loaded_graph, neo4j_server) as s:
        assert s.run(cypher.SEARCH_CJK, params).single().data() == s.run(cypher.SEARCH, params).single().data()


def test_store_reader_page_past_the_end_keeps_total(readers) -> None:
    sync, _, _ = readers
    page = sync.metrics(indicator="地区生产总值", offset=50)
    assert page.items == [] and page.total == 4


def test_store_reader_metrics_by_indicator_id_and_alias(readers) -> None:
    sync, _, _ = readers
    by_name = sync.metrics(indicator="地区生产总值")
    by_alias = sync.metrics(indicator="GDP")
    by_id = sync.metrics(indicator=by_name.items[0]["indicator_id"])
    assert by_name.total == by_alias.total == by_id.total == 4
    assert [m["id"] for m in by_alias.items] == [m["id"] for m in by_name.items] == [m["id"] for m in by_id.items]
