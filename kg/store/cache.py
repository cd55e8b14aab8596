"""A read cache that can never serve an answer older than the last write.

Every write transaction of kg.store.writer (load, replace, delete) ends by setting a new random
token on the one ``(:GraphVersion {id: 'graph'})`` node, inside the same transaction. The API
asks for the token first (one small indexed query) and reuses a cached answer only when it was
computed under the same token. A write that commits later changes the token, so the next request
misses and recomputes; a wipe removes the node (token null), which no cached answer carries.

The token is random, not a counter, so a wiped and rebuilt graph cannot repeat an old version.
Writes made outside PolicyKG (Cypher typed into Neo4j Browser) do not change the token: such
answers stay cached until the next PolicyKG write, or until ``KG_API_CACHE_ENTRIES=0`` turns
the cache off.
"""

from __future__ import annotations

import pickle
from collections import OrderedDict
from typing import Any

# Answers are stored pickled, so a caller that reshapes what it gets cannot change the cached
# copy (the API stores finished JSON bytes, for which this costs next to nothing).
_Key = tuple[str, str]


def cache_key(what: str, params: Any) -> _Key:
    return what, repr(sorted(params.items()) if isinstance(params, dict) else params)


class VersionedCache:
    """At most ``entries`` answers, all of one graph version; least recently used go first."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self.version: str | None = None
        self._data: OrderedDict[_Key, bytes] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: _Key, version: str | None) -> Any:
        if version != self.version:
            self._data.clear()  # a write happened: nothing cached is current any more
            self.version = version
        blob = self._data.get(key)
        if blob is None:
            self.misses += 1
            return None
        self._data.move_to_end(key)
        self.hits += 1
        return pickle.loads(blob)  # noqa: S301 - our own bytes, never from outside

    def put(self, key: _Key, version: str | None, rows: Any) -> None:
        if version != self.version or self.entries <= 0:
            return  # computed under an older version than the newest one seen: do not keep it
        self._data[key] = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
        self._data.move_to_end(key)
        while len(self._data) > self.entries:
            self._data.popitem(last=False)
