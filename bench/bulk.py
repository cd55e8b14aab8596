"""Past one machine: extraction on the local pool vs Ray, and the first load through the
transactional writer vs `kg import` (neo4j-admin database import full), on one generated corpus.

    python bench/bulk.py --docs 2000 --workers 2
Prints one JSON line:
* extraction: seconds for all reports with the local process pool and with Ray actors, the same
  number of workers on the same cores, start-up included (spawning workers / starting Ray, each
  worker loading its models); Ray's overhead = ray_s / local_s - 1; the results must be equal;
* load: the same rows (extracted once) into an empty database through kg.store.writer
  (KG_WRITE_BATCH_DOCS reports per transaction) and through kg.store.bulk_load.import_corpus
  (CSV, stop, neo4j-admin, start, schema, fixups), elements (nodes + relationships) per second
  end to end and for the neo4j-admin phase alone; node and relationship counts by label and
  type must be identical.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, SAMPLE, emit  # noqa: E402
from load import seed_names  # noqa: E402

from kg.build import build_rows  # noqa: E402
from kg.config import get_settings  # noqa: E402
from kg.corpus import CorpusSpec, generate_corpus  # noqa: E402
from kg.extract.parallel import extract_many  # noqa: E402
from kg.store.bulk_load import import_corpus  # noqa: E402
from kg.store.driver import open_driver  # noqa: E402
from kg.store.reader import GraphReader  # noqa: E402
from kg.store.schema import apply_schema  # noqa: E402
from kg.store.writer import wipe_test_database, write_documents  # noqa: E402

BENCH_TX_MEMORY, BENCH_HEAP = "1g", "1536m"


def extract(paths: list[Path], workers: int, engine: str) -> tuple[float, list, str]:
    t = time.perf_counter()
    results = list(extract_many(paths, get_settings(), workers=workers, engine=engine))  # type: ignore[arg-type]
    secs = time.perf_counter() - t
    digest = hashlib.sha256("".join(r.model_dump_json() for r in results).encode()).hexdigest()[:16]
    return secs, results, digest


def graph_stats(settings) -> dict:
    with open_driver(settings) as d:
        s = GraphReader(d, settings).stats()
    return {"nodes": s["nodes"], "relationships": s["relationships"], "labels": s["labels"],
            "types": s["relationship_types"]}


def load_writer(rows: list, settings) -> dict:
    with open_driver(settings) as d:
        wipe_test_database(d, settings)
        apply_schema(d, settings)
        t = time.perf_counter()
        for _ in write_documents(d, settings, rows):
            pass
        secs = time.perf_counter() - t
    stats = graph_stats(settings)
    elements = stats["nodes"] + stats["relationships"]
    return {"seconds": round(secs, 1), "elements_per_s": round(elements / secs), **stats}


def load_import(rows: list, settings, folder: Path) -> dict:
    with open_driver(settings) as d:
        wipe_test_database(d, settings)
    t = time.perf_counter()
    summary = import_corpus(settings, rows, folder)
    secs = time.perf_counter() - t
    shutil.rmtree(folder, ignore_errors=True)
    stats = graph_stats(settings)
    elements = stats["nodes"] + stats["relationships"]
    return {"seconds": round(secs, 1), "phases_s": summary.seconds, "elements_per_s": round(elements / secs),
            "admin_elements_per_s": round(elements / summary.seconds["import"]),
            "without_restart_elements_per_s": round(elements / (secs - summary.seconds["start"])), **stats}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    # The writer's per-report entry lists on hub entities grow with the corpus; past ~750 generated
    # reports one report's transaction needs more than the default 160m (E208), so the server is
    # restarted with more for this step (BENCH_TX_MEMORY, BENCH_HEAP), and the output says so.
    default = get_settings()
    settings = default.model_copy(update={"neo4j_tx_memory_max": BENCH_TX_MEMORY, "neo4j_heap": BENCH_HEAP})
    restart(settings)
    try:
        out = measure(args, settings)
    finally:
        restart(default)  # the next bench run's steps get the server they always had
    emit(out)


def restart(settings) -> None:
    from kg.server import start, stop

    stop(settings)
    start(settings)


def measure(args: argparse.Namespace, settings) -> dict:
    out: dict = {"docs": args.docs, "workers": args.workers,
                 "server": {"heap": settings.neo4j_heap, "tx_memory_max": settings.neo4j_tx_memory_max}}
    with tempfile.TemporaryDirectory(prefix="kg-bulk-", dir=ROOT / ".cache") as tmp:
        paths = generate_corpus(SAMPLE.read_text(encoding="utf-8"), Path(tmp) / "c",
                                CorpusSpec(n=args.docs, seed=11), seed_names())
        local_s, results, local_digest = extract(paths, args.workers, "local")
        ray_s, _, ray_digest = extract(paths, args.workers, "ray")
        out["extraction"] = {"local_s": round(local_s, 1), "ray_s": round(ray_s, 1),
                             "ray_overhead": round(ray_s / local_s - 1, 3), "same_results": local_digest == ray_digest,
                             "local_docs_per_s": round(args.docs / local_s, 2),
                             "ray_docs_per_s": round(args.docs / ray_s, 2)}
        rows = [build_rows(r) for r in results]
        del results
        writer = load_writer(rows, settings)
        imported = load_import(rows, settings, Path(tmp) / "csv")
    same = all(writer[k] == imported[k] for k in ("nodes", "relationships", "labels", "types"))
    out["load"] = {"writer": writer, "import": imported, "identical_counts": same,
                   "ratio": round(imported["elements_per_s"] / writer["elements_per_s"], 2),
                   "admin_ratio": round(imported["admin_elements_per_s"] / writer["elements_per_s"], 1)}
    return out


if __name__ == "__main__":
    main()
