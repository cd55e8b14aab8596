"""kg.store.cache: an answer is reused only under the graph version it was computed in."""

from __future__ import annotations

from kg.store.cache import VersionedCache, cache_key

KEY = cache_key("MATCH (e:Entity {id: $id}) RETURN e", {"id": "District:青禾区"})


def test_store_cache_reuses_an_answer_of_the_same_version() -> None:
    cache = VersionedCache(10)
    assert cache.get(KEY, "v1") is None
    cache.put(KEY, "v1", [{"name": "青禾区"}])
    assert cache.get(KEY, "v1") == [{"name": "青禾区"}]
    assert (cache.hits, cache.misses) == (1, 1)


def test_store_cache_forgets_everything_when_the_version_changes() -> None:
    cache = VersionedCache(10)
    cache.put(KEY, None, [{"n": 1}])  # nothing seen yet: not kept
    cache.get(KEY, "v1")
    cache.put(KEY, "v1", [{"n": 1}])
    assert cache.get(KEY, "v2") is None  # a write happened
    assert cache.get(KEY, "v1") is None  # and the old answer is gone, not kept for v1


def test_store_cache_drops_an_answer_computed_under_an_older_version() -> None:
    cache = VersionedCache(10)
    cache.get(KEY, "v1")  # request A starts under v1 ...
    cache.get(cache_key("other", {}), "v2")  # ... request B sees the write that made v2
    cache.put(KEY, "v1", [{"n": 1}])  # A's answer may predate that write: not kept
    assert cache.get(KEY, "v2") is None


def test_store_cache_answers_are_copies_and_the_size_is_bounded() -> None:
    cache = VersionedCache(2)
    cache.get(KEY, "v1")
    cache.put(KEY, "v1", [{"ties": [1, 2]}])
    cache.get(KEY, "v1")[0].pop("ties")  # a caller reshaping its rows
    assert cache.get(KEY, "v1") == [{"ties": [1, 2]}]
    for i in range(3):
        cache.put(cache_key("q", {"i": i}), "v1", [])
    assert cache.get(KEY, "v1") is None  # least recently used went first
