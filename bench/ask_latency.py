"""Latency of GET /api/v1/ask (issue #14) at one client on the sample report's graph.

    python bench/ask_latency.py --seconds 10 [--clients 1] [--client wrk|python]

Wipes the bench's Neo4j instance (the test instance by default, see common.py) and builds the sample
report into it, serves the API in a subprocess (read cache off: every question runs its queries),
and asks a rotation of distinct questions: the eval kit's dev set (../shared/eval/qa/dev.jsonl,
when present) and our own sets (tests/data/qa/own.jsonl). Closed-loop clients for --seconds each,
with wrk when installed (bench/api_load.py); reports p50/p95/p99 (ms) and req/s. Target: p95 under
100 ms at one client. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_load  # noqa: E402
from common import ROOT, SAMPLE, bench_env, emit  # noqa: E402

KG = str(Path(sys.executable).parent / "kg")
SETS = [ROOT.parent / "shared" / "eval" / "qa" / "dev.jsonl", ROOT / "tests" / "data" / "qa" / "own.jsonl"]
TARGET_P95_MS = 100


def questions() -> list[str]:
    out: list[str] = []
    for path in SETS:
        if path.is_file():
            out += [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(dict.fromkeys(out))


def build_sample() -> None:
    env = bench_env()
    wipe = ("from kg.config import get_settings\nfrom kg.store.driver import open_driver\n"
            "from kg.store.writer import wipe_test_database\n"
            "s = get_settings()\nwith open_driver(s) as d: wipe_test_database(d, s)")
    subprocess.run([KG, "neo4j", "start"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", wipe], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([KG, "build", str(SAMPLE)], cwd=ROOT, env=env, check=True, capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--clients", default="1")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    ap.add_argument("--no-build", action="store_true", help="the graph already holds the sample")
    args = ap.parse_args()
    client = ("wrk" if shutil.which("wrk") else "python") if args.client == "auto" else args.client
    load = api_load.wrk_load if client == "wrk" else api_load.python_load
    if not args.no_build:
        build_sample()
    qs = questions()
    urls = [f"{api_load.API}/ask?q={quote(q, safe='')}" for q in qs]
    api_load.CACHE_ENTRIES = 0
    port = api_load.free_port()
    base = f"http://127.0.0.1:{port}"
    api = api_load.start_api(port, args.workers, ROOT)
    try:
        api_load.warm(base, urls)
        api_load.warm(base, urls)
        results = [load(base, urls, int(c), args.seconds) for c in args.clients.split(",")]
    finally:
        api.terminate()
        api.wait(timeout=30)
    one = next((r for r in results if r["clients"] == 1), results[0])
    emit({"client": client, "workers": args.workers, "cache": "off", "questions": len(qs),
          "seconds": args.seconds, "results": results, "target_p95_ms": TARGET_P95_MS,
          "meets": one["p95_ms"] is not None and one["p95_ms"] < TARGET_P95_MS and one["errors"] == 0,
          "date": time.strftime("%Y-%m-%d %H:%M %Z")})


if __name__ == "__main__":
    main()
