"""Scale: `kg build DIR --workers W` on generated corpora of growing size, against a wiped database.

    python bench/scale.py --sizes 10,100 --workers 1 --speedup-size 100
Prints one JSON line: build seconds per (size, workers) (median of --repeat builds from an empty
database), node and relationship counts, and the speedup of 2 workers over 1. The last build is left in the database for the API benchmark.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, SAMPLE, bench_env, emit  # noqa: E402
from load import seed_names  # noqa: E402

from kg.config import get_settings  # noqa: E402
from kg.corpus import CorpusSpec, generate_corpus  # noqa: E402
from kg.store.driver import open_driver  # noqa: E402
from kg.store.writer import wipe_test_database  # noqa: E402

KG = str(Path(sys.executable).parent / "kg")


def graph_counts(settings) -> dict:
    with open_driver(settings) as d, d.session(database=settings.neo4j_database) as s:
        n = s.run("MATCH (n) RETURN count(n) AS n").single()["n"]
        r = s.run("MATCH ()-[r]->() RETURN count(r) AS r").single()["r"]
        docs = s.run("MATCH (d:Document) RETURN count(d) AS d").single()["d"]
    return {"documents": docs, "nodes": n, "relationships": r}


def build(folder: Path, n_docs: int, workers: int, settings) -> dict:
    with open_driver(settings) as d:
        wipe_test_database(d, settings)
    t = time.perf_counter()
    proc = subprocess.run([KG, "build", str(folder), "--workers", str(workers)], cwd=ROOT, env=bench_env(),
                          capture_output=True, text=True)
    secs = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"kg build failed:\n{proc.stderr[-3000:]}")
    counts = graph_counts(settings)
    return {"docs": n_docs, "workers": workers, "seconds": round(secs, 1),
            "s_per_doc": round(secs / n_docs, 3), **counts,
            "elements_per_s": round((counts["nodes"] + counts["relationships"]) / secs)}


def median_build(folder: Path, n_docs: int, workers: int, settings, repeat: int) -> dict:
    """``repeat`` builds from an empty database; the median run, with every run's seconds."""
    runs = [build(folder, n_docs, workers, settings) for _ in range(max(1, repeat))]
    mid = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return mid | {"runs_s": [r["seconds"] for r in runs]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100")
    ap.add_argument("--workers", type=int, default=2, help="workers for the size series")
    ap.add_argument("--speedup-size", type=int, default=100, help="corpus size for the 1-vs-2 worker run")
    ap.add_argument("--repeat", type=int, default=3, help="builds per cell; the median is reported")
    ap.add_argument("--repeat-large", type=int, default=1, help="builds of corpora over 500 documents")
    ap.add_argument("--speedup-large", action="store_true",
                    help="also build the largest corpus with 1 worker, against the series' 2-worker median")
    args = ap.parse_args()
    settings = get_settings()
    sizes = [int(x) for x in args.sizes.split(",")]
    names = seed_names()
    seed = SAMPLE.read_text(encoding="utf-8")
    out: dict = {"series": [], "speedup": {}}
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        folder = Path(tmp) / f"n{args.speedup_size}"
        generate_corpus(seed, folder, CorpusSpec(n=args.speedup_size, seed=11), names)
        runs = {w: median_build(folder, args.speedup_size, w, settings, args.repeat) for w in (1, 2)}
        out["speedup"] = {"docs": args.speedup_size, "w1_s": runs[1]["seconds"], "w2_s": runs[2]["seconds"],
                          "ratio": round(runs[1]["seconds"] / runs[2]["seconds"], 2)}
        for n in sizes:
            folder = Path(tmp) / f"s{n}"
            generate_corpus(seed, folder, CorpusSpec(n=n, seed=11), names)
            repeat = args.repeat_large if n > 500 else args.repeat
            out["series"].append(median_build(folder, n, args.workers, settings, repeat))
        if args.speedup_large:
            # At 100 documents the fixed start-up (two spawned workers importing spaCy, jionlp and
            # starting their JVMs) weighs on the 2-worker run; the largest corpus shows the rate.
            n, w2 = sizes[-1], out["series"][-1]
            w1 = build(Path(tmp) / f"s{n}", n, 1, settings)
            out["speedup_large"] = {"docs": n, "w1_s": w1["seconds"], "w2_s": w2["seconds"],
                                    "ratio": round(w1["seconds"] / w2["seconds"], 2)}
    emit(out)


if __name__ == "__main__":
    main()
