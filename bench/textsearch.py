"""Sentence search latency (kg.store.textsearch, GET /api/v1/search?scope=sentences).

    python bench/textsearch.py --docs 300 --repeat 20 --seconds 5 --clients 1,16
Two graphs, each loaded into a wiped database: the sample report (`kg build`), then --docs reports
generated from it (kg.corpus, as bench/scale.py does) loaded with `kg import` (rules-only extraction:
the search reads sentences and each report's district, not the extractor's entities). On each:

- per query (the issue's phrases, a traditional-character one, a lone character that takes the
  substring fallback, a common word): hits (total, exact), and the latency of search_sentences
  called in this process (median and p95 of --repeat warm calls);
- on the corpus also filtered by the most common reporting district and by year;
- the API under load: uvicorn (2 workers, read cache off, as bench/api_load.py) and closed-loop
  clients rotating over the queries' URLs (wrk when installed), p50/p95/p99 per client count;
- the on-disk size of the sentence indexes (full-text and TEXT) against the range indexes.
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_load  # noqa: E402
from common import ROOT, SAMPLE, bench_env, emit  # noqa: E402
from load import seed_names  # noqa: E402
from scale import graph_counts  # noqa: E402

from kg.config import get_settings  # noqa: E402
from kg.corpus import CorpusSpec, generate_corpus  # noqa: E402
from kg.store.driver import open_driver  # noqa: E402
from kg.store.reader import GraphReader  # noqa: E402
from kg.store.textsearch import search_sentences  # noqa: E402
from kg.store.writer import wipe_test_database  # noqa: E402

KG = str(Path(sys.executable).parent / "kg")
# The phrases, Latin acronyms, a traditional-character query, a lone character (substring
# fallback), a common word (many hits: the cost of counting and ordering them all).
QUERIES = ["食品安全", "老旧小区", "疫情", "营商环境", "乡村振兴", "PM2.5", "5G", "營商環境", "水", "发展"]
TOP_DISTRICT = """
MATCH (d:Document) WHERE d.district_id IS NOT NULL
WITH d.district_id AS id, count(*) AS n ORDER BY n DESC, id LIMIT 1
MATCH (e:District {id: id}) RETURN e.name AS name, n
"""
INDEX_IDS = "SHOW INDEXES YIELD id, name, type WHERE type IN ['FULLTEXT', 'TEXT', 'RANGE'] RETURN id, name, type"


def run_kg(*args: str, **env: str) -> None:
    proc = subprocess.run([KG, *args], cwd=ROOT, env=bench_env() | env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"kg {' '.join(args)} failed:\n{proc.stderr[-3000:]}")


def timed(reader: GraphReader, q: str, repeat: int, **filters: object) -> dict:
    page = search_sentences(reader, q, **filters)  # warm-up: plan compiled, pages cached
    lat = []
    for _ in range(repeat):
        t = time.perf_counter()
        search_sentences(reader, q, **filters)
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    return {"query": q, **{k: v for k, v in filters.items()}, "total": page.total, "exact": page.exact_total,
            "p50_ms": round(statistics.median(lat), 1), "p95_ms": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 1)}


def index_sizes(settings) -> dict:
    """MB on disk per index kind: the sentence indexes by name, range indexes summed."""
    base = Path(settings.neo4j_data_dir) / "data" / "databases" / settings.neo4j_database / "schema" / "index"
    with open_driver(settings) as d:
        rows = d.execute_query(INDEX_IDS).records
    sizes: dict[str, float] = {}
    for r in rows:
        folders = list(base.glob(f"*/{r['id']}"))
        mb = sum(f.stat().st_size for folder in folders for f in folder.rglob("*") if f.is_file()) / 2**20
        key = r["name"] if r["name"] in ("sentenceText", "sentence_text", "entityNames") else f"all {r['type'].lower()}"
        sizes[key] = round(sizes.get(key, 0.0) + mb, 2)
    return sizes


def api_latency(queries: list[str], clients: list[int], seconds: float) -> list[dict]:
    client = "wrk" if shutil.which("wrk") else "python"
    load = api_load.wrk_load if client == "wrk" else api_load.python_load
    paths = [f"/api/v1/search?scope=sentences&q={quote(q, safe='')}" for q in queries]
    port = api_load.free_port()
    base = f"http://127.0.0.1:{port}"
    api = api_load.start_api(port, 2, ROOT)
    try:
        api_load.warm(base, paths)
        return [load(base, paths, c, seconds) | {"client": client} for c in clients]
    finally:
        api.terminate()
        api.wait(timeout=30)


def measure(settings, repeat: int, clients: list[int], seconds: float, filtered: bool) -> dict:
    with open_driver(settings) as d:
        reader = GraphReader(d, settings.model_copy(update={"cypher_timeout_s": 60.0}))
        rows = [timed(reader, q, repeat) for q in QUERIES]
        if filtered:
            top = d.execute_query(TOP_DISTRICT).records[0]
            year = d.execute_query("MATCH (x:Document) RETURN x.year AS y, count(*) AS n ORDER BY n DESC LIMIT 1"
                                   ).records[0]["y"]
            rows += [timed(reader, q, repeat, district=top["name"]) for q in ("营商环境", "发展")]
            rows += [timed(reader, q, repeat, year=year) for q in ("营商环境", "发展")]
            rows += [timed(reader, "营商环境", repeat, exact_only=True)]
    return {"graph": graph_counts(settings), "queries": rows, "index_mb": index_sizes(settings),
            "api": api_latency(QUERIES, clients, seconds)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=300, help="generated reports for the larger graph (0: sample only)")
    ap.add_argument("--repeat", type=int, default=20, help="warm calls per query")
    ap.add_argument("--clients", default="1,16")
    ap.add_argument("--seconds", type=float, default=5.0, help="per API load run")
    args = ap.parse_args()
    settings = get_settings()
    clients = [int(c) for c in args.clients.split(",")]
    out: dict = {"repeat": args.repeat, "seconds": args.seconds}
    with open_driver(settings) as d:
        wipe_test_database(d, settings)
    run_kg("schema", "apply")
    run_kg("build", str(SAMPLE))
    out["sample"] = measure(settings, args.repeat, clients, args.seconds, filtered=False)
    if args.docs:
        with tempfile.TemporaryDirectory(prefix="kg-textsearch-") as tmp:
            folder = Path(tmp) / f"n{args.docs}"
            generate_corpus(SAMPLE.read_text(encoding="utf-8"), folder, CorpusSpec(n=args.docs, seed=11), seed_names())
            t = time.perf_counter()
            run_kg("import", str(folder), "--workers", "2", "--force", KG_USE_HANLP="false")
            out["corpus_load_s"] = round(time.perf_counter() - t, 1)
        out["corpus"] = measure(settings, args.repeat, clients, args.seconds, filtered=True)
    emit(out)


if __name__ == "__main__":
    main()
