"""Extract many reports, in one process or in a pool of worker processes.

Extraction is a stateless per-document function once models are loaded, so
documents fan out to processes; each worker loads its models once (HanLP's
JVM cannot be shared across processes). Results come back in input order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from kg.config import Settings
from kg.models import ExtractionResult

_worker_extractor = None


def _init_worker(settings: Settings) -> None:
    global _worker_extractor
    from kg.extract.pipeline import Extractor

    _worker_extractor = Extractor(settings)


def _extract_in_worker(path: Path) -> ExtractionResult:
    assert _worker_extractor is not None  # set by _init_worker in this process
    return _worker_extractor.extract_path(path)


def extract_many(paths: Iterable[Path], settings: Settings, *, workers: int = 1) -> Iterator[ExtractionResult]:
    """Yield one ExtractionResult per path, in order. Errors name the file that failed."""
    paths = list(paths)
    if workers <= 1 or len(paths) <= 1:
        from kg.extract.pipeline import Extractor

        extractor = Extractor(settings)
        for p in paths:
            yield extractor.extract_path(p)
        return
    # spawn, not fork: a forked child of a process whose JVM already runs (HanLP via JPype) hangs.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(settings,)) as pool:
        # chunksize>1 keeps per-task overhead low on corpora of thousands of small reports
        yield from pool.map(_extract_in_worker, paths, chunksize=4)
