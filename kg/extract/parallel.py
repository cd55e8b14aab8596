"""Extract many reports, in one process or in a pool of worker processes.

Extraction is a stateless per-document function once models are loaded, so
documents fan out to processes; each worker loads its models once (HanLP's
JVM cannot be shared across processes). Results come back in input order.

A file that cannot be read (InputError) is that file's problem, not the corpus's: with
``on_error`` the error is handed over and the other files go on; without it, it is raised.
Errors of the environment (the JVM, missing artifacts) are raised either way: every file
would meet them.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Literal

from kg.config import Settings
from kg.errors import Err, InputError, KGError
from kg.models import ExtractionResult

log = logging.getLogger(__name__)

# (path, doc id or None for the file's own id); a bare path is (path, None).
Item = tuple[Path, str | None]
OnError = Callable[[Path, KGError], None]
Engine = Literal["local", "ray"]

_worker_extractor = None


def _init_worker(settings: Settings) -> None:
    global _worker_extractor
    from kg.extract.pipeline import Extractor

    _worker_extractor = Extractor(settings)


def _extract_one(extractor, item: Item) -> ExtractionResult | InputError:  # noqa: ANN001 - an Extractor
    """The result, or the file's InputError returned (not raised: it crosses a process boundary,
    and a pool stops its whole map at the first raised error)."""
    path, doc_id = item
    try:
        return extractor.extract_path(path, doc_id)
    except InputError as e:
        return e
    except KGError:
        raise
    except Exception as e:  # noqa: BLE001 - a bug met on this one file; the others still load
        log.debug("extracting %s failed", path, exc_info=True)
        detail = " ".join(str(e).split())[:200]
        return InputError(Err.E016.format(path=path, kind=type(e).__name__, detail=detail))


def _extract_in_worker(item: Item) -> ExtractionResult | InputError:
    assert _worker_extractor is not None  # set by _init_worker in this process
    return _extract_one(_worker_extractor, item)


def _items(paths: Iterable[Path | Item]) -> list[Item]:
    return [p if isinstance(p, tuple) else (Path(p), None) for p in paths]


def extract_many(paths: Iterable[Path | Item], settings: Settings, *, workers: int = 1,
                 on_error: OnError | None = None, engine: Engine = "local",
                 ray_address: str | None = None) -> Iterator[ExtractionResult]:
    """Yield one ExtractionResult per readable path, in order. A file that cannot be read goes to
    ``on_error`` (its InputError names the file), or is raised when no ``on_error`` is given.
    ``engine="ray"`` extracts on Ray actors (kg.extract.ray_engine): a private local instance of
    ``workers`` CPUs, or the cluster at ``ray_address``."""
    items = _items(paths)
    if engine == "ray":
        from kg.extract.ray_engine import ray_outcomes

        outcomes = ray_outcomes(items, settings, workers, ray_address)
    else:
        outcomes = _outcomes(items, settings, workers)
    for item, out in zip(items, outcomes, strict=True):
        if isinstance(out, ExtractionResult):
            yield out
        elif on_error is None:
            raise out
        else:
            on_error(item[0], out)


def _outcomes(items: list[Item], settings: Settings, workers: int) -> Iterator[ExtractionResult | InputError]:
    if workers <= 1 or len(items) <= 1:
        from kg.extract.pipeline import Extractor

        extractor = Extractor(settings)
        for item in items:
            yield _extract_one(extractor, item)
        return
    # spawn, not fork: a forked child of a process whose JVM already runs (HanLP via JPype) hangs.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(settings,)) as pool:
        # chunksize>1 keeps per-task overhead low on corpora of thousands of small reports
        yield from pool.map(_extract_in_worker, items, chunksize=4)
