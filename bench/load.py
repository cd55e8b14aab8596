"""Load throughput: kg.store.writer.write_document vs the naive writer, same rows, same server.

    python bench/load.py --docs 5 --naive-docs 2
Generates --docs report-like documents (kg.corpus), extracts them once, then wipes the
database and loads them with each writer. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SAMPLE, emit  # noqa: E402
from naive_writer import NaiveWriter  # noqa: E402

from kg.build import GraphRows, build_rows  # noqa: E402
from kg.config import get_settings  # noqa: E402
from kg.corpus import CorpusSpec, generate_corpus  # noqa: E402
from kg.extract.parallel import extract_many  # noqa: E402
from kg.store.driver import open_driver  # noqa: E402
from kg.store.schema import apply_schema  # noqa: E402
from kg.store.writer import wipe_test_database, write_documents  # noqa: E402

SUBSTITUTED_TYPES = ("District", "Company", "Project")


def corpus_rows(n: int, workers: int = 1) -> list[GraphRows]:
    settings = get_settings()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        paths = generate_corpus(SAMPLE.read_text(encoding="utf-8"), Path(tmp), CorpusSpec(n=n, seed=7),
                                names=seed_names())
        return [build_rows(r) for r in extract_many(paths, settings, workers=workers)]


def seed_names() -> list[str]:
    """Names the generator renames: districts, companies and projects the extractor finds in the sample."""
    from kg.extract.pipeline import Extractor
    result = Extractor(get_settings()).extract_path(SAMPLE)
    return [e.name for e in result.entities if e.type in SUBSTITUTED_TYPES]


def elements(counts: dict) -> int:
    return counts.get("nodes_created", 0) + counts.get("relationships_created", 0)


def bench_project(driver, settings, rows: list[GraphRows], batch_docs: int) -> dict:
    wipe_test_database(driver, settings)
    totals = {"nodes_created": 0, "relationships_created": 0}
    t = time.perf_counter()
    for _, s in write_documents(driver, settings, rows, batch_docs=batch_docs):
        totals["nodes_created"] += s.nodes_created
        totals["relationships_created"] += s.relationships_created
    secs = time.perf_counter() - t
    return {"docs": len(rows), "batch_docs": batch_docs, "seconds": round(secs, 3), **totals,
            "elements_per_s": round(elements(totals) / secs), "docs_per_s": round(len(rows) / secs, 2)}


def bench_naive(driver, settings, rows: list[GraphRows]) -> dict:
    wipe_test_database(driver, settings)
    w = NaiveWriter(driver, settings.neo4j_database)
    t = time.perf_counter()
    for r in rows:
        w.write(r)
    secs = time.perf_counter() - t
    return {"docs": len(rows), "seconds": round(secs, 3), **w.counts,
            "elements_per_s": round(elements(w.counts) / secs), "docs_per_s": round(len(rows) / secs, 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--naive-docs", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3, help="runs of the project writer; the median is reported")
    args = ap.parse_args()
    settings = get_settings()
    rows = corpus_rows(args.docs, workers=2)
    batch = settings.write_batch_docs
    with open_driver(settings) as driver:
        wipe_test_database(driver, settings)
        apply_schema(driver, settings)
        # Neo4j compiles each new query text on first use (0.1-0.7 s apiece on this machine); one
        # unmeasured pass per writer puts its plans in the server's query cache first.
        cold = bench_project(driver, settings, rows[:1], 1)
        bench_project(driver, settings, rows[:batch], batch)
        bench_naive(driver, settings, rows[:1])
        naive = bench_naive(driver, settings, rows[: args.naive_docs])
        runs = [bench_project(driver, settings, rows, batch) for _ in range(args.repeat)]
        project = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]  # the median run
        single = bench_project(driver, settings, rows, 1)
        wipe_test_database(driver, settings)
    emit({"project": project, "project_runs_s": [r["seconds"] for r in runs], "project_one_doc_per_tx": single,
          "naive": naive, "project_cold_first_doc": cold,
          "speedup": round(project["elements_per_s"] / max(naive["elements_per_s"], 1), 1)})


if __name__ == "__main__":
    main()
