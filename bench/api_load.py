"""API latency under load: uvicorn in a subprocess, a separate load-generating client process.

    python bench/api_load.py --seconds 5 --clients 1,16,64 [--workers 2] [--client wrk|python]
Needs a loaded graph (bench/scale.py leaves one). Picks many real ids and names from the graph
(--distinct per endpoint: districts, entities, indicators, search terms), so every endpoint is
measured over a rotation of distinct URLs, not one URL any cache would answer. For each endpoint
and client count it runs closed-loop clients for --seconds and reports p50/p95/p99 latency (ms),
req/s and errors. Prints one JSON line.

The client is wrk (a C load generator, rotating the URLs with a Lua script) when it is installed
(scripts/ensure_tools.sh): on a 2-core machine a Python client would take much of the CPU from the
server it measures. Without wrk a bounded asyncio+httpx client in this process does the same work.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, bench_env, emit  # noqa: E402

from kg.config import get_settings  # noqa: E402
from kg.store.driver import open_driver  # noqa: E402

API = "/api/v1"
# Districts most reports speak about (most metrics), indicators with most metrics (the heaviest
# lists), districts with projects first for projects-by-district, and a seeded sample of all
# entities for detail, neighbours and search (2-character prefixes of their names).
PICK_DISTRICTS = """
MATCH (d:District)<-[:ABOUT]-(m:Metric) WITH d, count(m) AS n ORDER BY n DESC, d.id LIMIT $n
RETURN collect(d.name) AS names
"""
PICK_PROJECT_DISTRICTS = """
MATCH (:Project)-[:LOCATED_IN]->(:Entity)-[:PART_OF*0..3]->(d:District)
WITH d, count(*) AS n ORDER BY n DESC, d.id LIMIT $n RETURN collect(d.name) AS names
"""
PICK_INDICATORS = """
MATCH (i:Indicator)<-[:MEASURES]-(m:Metric) WITH i, count(m) AS n ORDER BY n DESC, i.id LIMIT $n
RETURN collect(i.name) AS names
"""
PICK_ENTITIES = "MATCH (e:Entity) RETURN e.id AS id, e.name AS name ORDER BY e.id"
GRAPH_COUNTS = """
CALL { MATCH (d:Document) RETURN count(d) AS documents }
CALL { MATCH (n) RETURN count(n) AS nodes }
CALL { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN documents, nodes, relationships
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _names(session, query: str, n: int) -> list[str]:
    return session.run(query, n=n).single()["names"]


def pick(settings, n: int) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Paths per endpoint (n distinct each, where the graph has that many) and the graph's size."""
    with open_driver(settings) as d, d.session(database=settings.neo4j_database) as s:
        districts = _names(s, PICK_DISTRICTS, n)
        with_projects = _names(s, PICK_PROJECT_DISTRICTS, n)
        indicators = _names(s, PICK_INDICATORS, n)
        everyone = [(r["id"], r["name"]) for r in s.run(PICK_ENTITIES)]
        counts = s.run(GRAPH_COUNTS).single().data()
    if not districts or not everyone:
        raise SystemExit("no District with metrics in the graph: run bench/scale.py first")
    sample = random.Random(5).sample(everyone, min(n, len(everyone)))
    prefixes = list(dict.fromkeys(name[:2] for _, name in sample))
    project_districts = list(dict.fromkeys(with_projects + districts))[:n]
    q = lambda v: quote(v, safe="")  # noqa: E731
    paths = {"search": [f"{API}/search?q={q(p)}" for p in prefixes],
             "entity": [f"{API}/entities/{q(i)}" for i, _ in sample],
             "neighbours": [f"{API}/entities/{q(i)}/neighbours" for i, _ in sample],
             "projects_by_district": [f"{API}/projects?district={q(d)}" for d in project_districts],
             "metrics": [f"{API}/metrics?indicator={q(i)}" for i in indicators]}
    return paths, counts


CACHE_ENTRIES = 0  # set from --cache in main()


def start_api(port: int, workers: int, app_dir: Path) -> subprocess.Popen:
    # measure the service, not its rate limiter; the read cache on or off as asked (--cache)
    env = bench_env() | {"KG_RATE_LIMIT_PER_MINUTE": "0", "KG_API_CACHE_ENTRIES": str(CACHE_ENTRIES)}
    cmd = [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", "--no-access-log", "--workers", str(workers),
           "--app-dir", str(app_dir)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code < 500:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"API did not start: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")


def warm(base: str, paths: list[str]) -> None:
    """One pass over the URLs: query plans compiled, connections open (every worker gets some)."""
    with httpx.Client(base_url=base, timeout=60) as c:
        for p in paths:
            c.get(p)


def _stats(lat_s: list[float], wall: float, errs: list[str], clients: int) -> dict:
    lat = sorted(lat_s)
    q = lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1) if lat else None  # noqa: E731
    return {"clients": clients, "requests": len(lat), "errors": len(errs), "error_kinds": sorted(set(errs)),
            "req_per_s": round(len(lat) / wall, 1), "p50_ms": q(0.50), "p95_ms": q(0.95), "p99_ms": q(0.99)}


# --- the Python client (fallback) -----------------------------------------------------------------

async def _client(c: httpx.AsyncClient, paths: list[str], start: int, until: float,
                  lat: list[float], errs: list[str]) -> None:
    i = start
    while time.perf_counter() < until:
        path, i = paths[i % len(paths)], i + 1
        t = time.perf_counter()
        try:
            status = str((await c.get(path)).status_code)
        except httpx.HTTPError as e:
            status = type(e).__name__
        lat.append(time.perf_counter() - t)
        if status != "200":
            errs.append(status)


async def _python_load(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    lat: list[float] = []
    errs: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as c:
        until = time.perf_counter() + seconds
        t = time.perf_counter()
        step = max(1, len(paths) // clients)  # clients start at different URLs
        await asyncio.gather(*[_client(c, paths, k * step, until, lat, errs) for k in range(clients)])
        wall = time.perf_counter() - t
    return _stats(lat, wall, errs, clients)


def python_load(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    return asyncio.run(_python_load(base, paths, clients, seconds))


# --- wrk ------------------------------------------------------------------------------------------
# Each wrk thread has its own Lua state: setup() gives each a different start in the rotation,
# done() prints the summary as JSON (latencies in microseconds).
WRK_LUA = """
local paths = %(paths)s
local counter = 0
function setup(thread) thread:set("start", counter * %(step)d); counter = counter + 1 end
function init(args) i = tonumber(start) or 0 end
function request() i = i + 1; return wrk.format("GET", paths[(i %% #paths) + 1]) end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests": %%d, "duration_us": %%d, "p50": %%d, "p95": %%d, "p99": %%d, ' ..
    '"status": %%d, "connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect, e.read, e.write, e.timeout))
end
"""


def _lua_list(paths: list[str]) -> str:
    return "{" + ", ".join(json.dumps(p) for p in paths) + "}"  # URL-quoted: plain ASCII strings


def wrk_load(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    threads = min(clients, 2)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_LUA % {"paths": _lua_list(paths), "step": max(1, len(paths) // threads)})
    cmd = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{max(1, round(seconds))}s", "--timeout", "30s",
           "-s", f.name, base]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    finally:
        Path(f.name).unlink()
    w = json.loads(next(line[4:] for line in out.splitlines() if line.startswith("WRK ")))
    kinds = {k: w[k] for k in ("status", "connect", "read", "write", "timeout") if w[k]}
    ms = lambda us: round(us / 1000, 1)  # noqa: E731
    return {"clients": clients, "requests": w["requests"], "errors": sum(kinds.values()),
            "error_kinds": sorted(f"{k}:{v}" for k, v in kinds.items()),
            "req_per_s": round(w["requests"] / (w["duration_us"] / 1e6), 1),
            **({"p50_ms": ms(w["p50"]), "p95_ms": ms(w["p95"]), "p99_ms": ms(w["p99"])} if w["requests"]
               else {"p50_ms": None, "p95_ms": None, "p99_ms": None})}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--clients", default="1,16,64")
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    ap.add_argument("--cache", choices=("off", "on"), default="off",
                    help="the API's graph-versioned read cache (kg.store.cache); off measures every query")
    ap.add_argument("--distinct", type=int, default=50, help="distinct URLs per endpoint")
    ap.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    ap.add_argument("--only", default="", help="comma-separated endpoints (default: all)")
    ap.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout whose API to serve (before/after)")
    args = ap.parse_args()
    global CACHE_ENTRIES
    CACHE_ENTRIES = 4096 if args.cache == "on" else 0
    client = ("wrk" if shutil.which("wrk") else "python") if args.client == "auto" else args.client
    load = wrk_load if client == "wrk" else python_load
    paths, graph = pick(get_settings(), args.distinct)
    if args.only:
        paths = {k: v for k, v in paths.items() if k in args.only.split(",")}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = start_api(port, args.workers, args.app_dir)
    try:
        results = {}
        for name, urls in paths.items():
            warm(base, urls)
            results[name] = [load(base, urls, int(c), args.seconds) for c in args.clients.split(",")]
    finally:
        api.terminate()
        api.wait(timeout=30)
    emit({"client": client, "workers": args.workers, "cache": args.cache, "graph": graph, "seconds": args.seconds,
          "paths": {k: v[0] for k, v in paths.items()}, "distinct_paths": {k: len(v) for k, v in paths.items()},
          "results": results})


if __name__ == "__main__":
    main()
