"""Extraction on Ray: a local Ray instance by default, an existing cluster when an address is given.

Each actor builds one Extractor (JVM, spaCy, gazetteer) when it starts and keeps it, so the
models load once per actor, not per report. Reports travel in small chunks (one remote call
per chunk, not per report); a bounded window of chunks is in flight, and results come back in
input order as they finish, so the writer downstream receives them in batches while the rest
is still being extracted, and the object store holds a few chunks, not the corpus.

The local instance is kept small and private: ``workers`` CPUs, a 200 MB object store
(KG_RAY_OBJECT_STORE_MB), no dashboard, loopback only, no usage reporting. On a cluster each
node needs this package installed (``pip install policykg[ray]``) and the same Java artifacts.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

from kg.config import Settings
from kg.errors import Err, ExtractionError, InputError
from kg.models import ExtractionResult

log = logging.getLogger(__name__)

Item = tuple[Any, str | None]  # (path, doc id or None), as kg.extract.parallel.Item
Outcome = ExtractionResult | InputError
CHUNK = 4  # reports per remote call: ~0.5 s of work against ~1 ms of call overhead
WINDOW_PER_ACTOR = 2  # chunks queued per actor, so no actor waits for the driver


class _ExtractorActor:
    """One Extractor for the actor's life; turns chunks of (path, doc id) into outcomes."""

    def __init__(self, settings: Settings) -> None:
        from kg.extract.pipeline import Extractor

        self.extractor = Extractor(settings)

    def extract(self, chunk: list[Item]) -> list[Outcome]:
        from kg.extract.parallel import _extract_one

        return [_extract_one(self.extractor, item) for item in chunk]


def _ray() -> Any:
    try:
        import ray
    except ImportError as e:
        raise ExtractionError(Err.E107.format(detail=str(e))) from e
    return ray


def connect(settings: Settings, workers: int, address: str | None) -> tuple[Any, bool]:
    """Join the cluster at ``address``, or start a private local instance; returns ray and
    whether this call started or joined it (and so must shut it down)."""
    # Ray reads these itself, at import and in every process it starts: no usage reports (they
    # would go to the network), and for a private instance, loopback: Ray otherwise swaps
    # 127.0.0.1 for the machine's routable address and its servers listen on every interface.
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    if not address:
        os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"  # single-node mode: loopback only
    ray = _ray()
    if ray.is_initialized():
        return ray, False
    constants = getattr(getattr(ray, "_private", None), "ray_constants", None)
    if not address and constants is not None and hasattr(constants, "ENABLE_RAY_CLUSTER"):
        constants.ENABLE_RAY_CLUSTER = False  # ray imported before the variable was set: same effect
    common = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    if address:
        ray.init(address=address, **common)
    else:
        ray.init(address="local", num_cpus=max(1, workers), _node_ip_address="127.0.0.1",
                 object_store_memory=settings.ray_object_store_mb * 1024 * 1024, **common)
    return ray, True


def ray_outcomes(items: list[Item], settings: Settings, workers: int,
                 address: str | None = None) -> Iterator[Outcome]:
    """One outcome per item, in order, from ``workers`` extractor actors."""
    if not items:
        return
    ray, started = connect(settings, workers, address)
    try:
        actor_cls = ray.remote(num_cpus=1)(_ExtractorActor)
        chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
        actors = [actor_cls.remote(settings) for _ in range(max(1, min(workers, len(chunks))))]
        yield from _ordered(ray, actors, chunks)
    finally:
        if started:
            ray.shutdown()


def _ordered(ray: Any, actors: list[Any], chunks: list[list[Item]]) -> Iterator[Outcome]:
    """Give each actor WINDOW_PER_ACTOR chunks, then a new chunk to whichever actor finishes one;
    yield in input order. Finished chunks wait for earlier ones at most MAX_AHEAD chunks ahead."""
    inflight: dict[Any, tuple[int, Any]] = {}  # future -> (chunk index, actor)
    done: dict[int, list[Outcome]] = {}
    max_ahead = WINDOW_PER_ACTOR * len(actors) * 4
    nxt, emitted = 0, 0

    def submit(actor: Any) -> None:
        nonlocal nxt
        if nxt < len(chunks) and nxt - emitted < max_ahead:
            inflight[actor.extract.remote(chunks[nxt])] = (nxt, actor)
            nxt += 1

    for actor in actors * WINDOW_PER_ACTOR:
        submit(actor)
    idle: list[Any] = []
    while emitted < len(chunks):
        while emitted in done:
            yield from done.pop(emitted)
            emitted += 1
            for actor in idle[:]:  # room again below max_ahead
                before = nxt
                submit(actor)
                if nxt != before:
                    idle.remove(actor)
        if not inflight:
            break
        ready, _ = ray.wait(list(inflight), num_returns=1)
        index, actor = inflight.pop(ready[0])
        done[index] = ray.get(ready[0])
        before = nxt
        submit(actor)
        if nxt == before:
            idle.append(actor)
