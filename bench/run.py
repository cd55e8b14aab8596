"""Run every benchmark and write bench/RESULTS.md (and bench/results.json).

    .venv/bin/python bench/run.py           # full run (about 25 min on 2 free cores)
    .venv/bin/python bench/run.py --quick   # reduced scale (a few minutes)

Each benchmark runs in its own process (its own peak memory and JVM) and prints JSON.
The database is wiped: by default the test instance on 7688 (started here if needed);
KG_NEO4J_URI etc. in the environment select another local test instance.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, bench_env, machine, run_json  # noqa: E402
from report import render  # noqa: E402

from kg.progress import Bar  # noqa: E402

KG = str(Path(sys.executable).parent / "kg")
ALL = "extraction,load,scale,api,bulk,textsearch,ask"
SCALES = {
    "quick": {"repeat": 2, "load_docs": 20, "naive_docs": 1, "sizes": "10,30", "speedup_size": 10,
              "build_repeat": 1, "build_repeat_large": 1, "api_seconds": 2.0, "bulk_docs": 30,
              "textsearch_docs": 20},
    "full": {"repeat": 5, "load_docs": 100, "naive_docs": 3, "sizes": "10,100,1000", "speedup_size": 100,
             "build_repeat": 3, "build_repeat_large": 3, "api_seconds": 10.0,
             "bulk_docs": 1000, "textsearch_docs": 200},
}


STEPS = {"extraction": 3, "load": 1, "scale": 1, "api": 2, "bulk": 1, "textsearch": 1, "ask": 1}  # bench scripts per step
_bar: Bar | None = None


def step(name: str, args: list[str], out: dict) -> None:
    t = time.perf_counter()
    sys.stderr.write(f"bench: {name} ...\n")
    if _bar is not None:
        _bar.phase(f"bench: {name}")
    out[name] = run_json(args)
    out.setdefault("wall_s", {})[name] = round(time.perf_counter() - t, 1)
    if _bar is not None:
        _bar.advance()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default=ALL, help="comma-separated steps to (re)run")
    args = ap.parse_args()
    scale = "quick" if args.quick else "full"
    p = SCALES[scale]
    only = set(args.only.split(","))
    global _bar
    # A bar over the step scripts (count, elapsed, ETA) when stderr is a terminal.
    _bar = Bar(sum(n for k, n in STEPS.items() if k in only), "bench", unit="steps")
    with _bar:
        run(args, scale, p, only)


def run(args: argparse.Namespace, scale: str, p: dict, only: set[str]) -> None:
    subprocess.run([KG, "neo4j", "start"], cwd=ROOT, env=bench_env(), check=True, capture_output=True)
    results = ROOT / "bench" / "results.json"
    # --only re-runs some steps and keeps the others from the last run of the same mode
    old = json.loads(results.read_text(encoding="utf-8")) if args.only != ALL and results.exists() else {}
    kept = old if old.get("mode") == scale else {}
    # A partial re-run keeps the machine facts of the run it completes; its steps note their own load.
    out: dict = kept | {"mode": scale, "params": p, "machine": kept.get("machine") or machine()}
    if "extraction" in only:
        for system in ("pipeline", "jieba", "hanlp"):
            extra = ["--profile"] if system == "pipeline" else []
            step(f"extraction_{system}", ["bench/extraction.py", "--system", system,
                                          "--repeat", str(p["repeat"]), *extra], out)
    if "load" in only:
        step("load", ["bench/load.py", "--docs", str(p["load_docs"]), "--naive-docs", str(p["naive_docs"]),
                      "--repeat", str(p["build_repeat"])], out)
    if "scale" in only:
        step("scale", ["bench/scale.py", "--sizes", p["sizes"], "--workers", "2",
                       "--speedup-size", str(p["speedup_size"]), "--repeat", str(p["build_repeat"]),
                       "--repeat-large", str(p["build_repeat_large"]), "--speedup-large"], out)
    if "api" in only:
        for name, cache in (("api", "off"), ("api_cached", "on")):
            step(name, ["bench/api_load.py", "--seconds", str(p["api_seconds"]), "--clients", "1,16,64",
                        "--cache", cache], out)
    if "bulk" in only:  # after api, which reads the graph scale leaves; bulk wipes it
        load = [round(x, 2) for x in machine()["load_avg"]]
        step("bulk", ["bench/bulk.py", "--docs", str(p["bulk_docs"]), "--workers", "2"], out)
        out["bulk"] |= {"load_avg": load, "date": time.strftime("%Y-%m-%d %H:%M %Z")}
    if "textsearch" in only:  # wipes the database too: the sample, then a generated corpus
        load = [round(x, 2) for x in machine()["load_avg"]]
        step("textsearch", ["bench/textsearch.py", "--docs", str(p.get("textsearch_docs", 20)),
                            "--seconds", str(p["api_seconds"]), "--clients", "1,16"], out)
        out["textsearch"] |= {"load_avg": load, "date": time.strftime("%Y-%m-%d %H:%M %Z")}
    if "ask" in only:  # last: it wipes the graph and builds the sample alone
        load = [round(x, 2) for x in machine()["load_avg"]]
        step("ask", ["bench/ask_latency.py", "--seconds", str(p["api_seconds"]), "--clients", "1,4"], out)
        out["ask"] |= {"load_avg": load}
    if not kept:
        out["machine"]["load_avg_end"] = machine()["load_avg"]
    results.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    (ROOT / "bench" / "RESULTS.md").write_text(render(out), encoding="utf-8")
    sys.stderr.write("bench: wrote bench/RESULTS.md\n")


if __name__ == "__main__":
    main()
