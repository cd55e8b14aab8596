"""API latency under load: uvicorn in a subprocess, a bounded asyncio+httpx client in this one.

    python bench/api_load.py --seconds 5 --clients 1,16,64
Needs a loaded graph (bench/scale.py leaves one). Picks real ids and names from the graph,
then for each endpoint and client count runs closed-loop clients for --seconds and reports
p50/p95/p99 latency (ms), req/s and errors. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, bench_env, emit  # noqa: E402

from kg.config import get_settings  # noqa: E402
from kg.store.driver import open_driver  # noqa: E402

PICK = """
MATCH (d:District)<-[:ABOUT]-(:Metric)-[:MEASURES]->(i:Indicator)
WITH d, i, count(*) AS n ORDER BY n DESC LIMIT 1
OPTIONAL MATCH (p:Project)-[:LOCATED_IN]->(d)
RETURN d.id AS district_id, d.name AS district, i.name AS indicator, count(p) AS projects
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def endpoints(settings) -> dict[str, str]:
    with open_driver(settings) as d, d.session(database=settings.neo4j_database) as s:
        row = s.run(PICK).single()
    if row is None:
        raise SystemExit("no District with metrics in the graph: run bench/scale.py first")
    did = quote(row["district_id"], safe="")
    return {"search": f"/api/v1/search?q={quote(row['district'][:2])}",
            "entity": f"/api/v1/entities/{did}",
            "neighbours": f"/api/v1/entities/{did}/neighbours",
            "projects_by_district": f"/api/v1/projects?district={quote(row['district'])}",
            "metrics": f"/api/v1/metrics?indicator={quote(row['indicator'])}"}


def start_api(port: int) -> subprocess.Popen:
    env = bench_env() | {"KG_RATE_LIMIT_PER_MINUTE": "0"}  # measure the service, not its rate limiter
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code < 500:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"API did not start: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")


async def _client(c: httpx.AsyncClient, path: str, until: float, lat: list[float], errs: list[str]) -> None:
    while time.perf_counter() < until:
        t = time.perf_counter()
        try:
            status = str((await c.get(path)).status_code)
        except httpx.HTTPError as e:
            status = type(e).__name__
        lat.append(time.perf_counter() - t)
        if status != "200":
            errs.append(status)


async def load(base: str, path: str, clients: int, seconds: float) -> dict:
    lat: list[float] = []
    errs: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as c:
        await c.get(path)  # warm the query plan and the connection
        until = time.perf_counter() + seconds
        t = time.perf_counter()
        await asyncio.gather(*[_client(c, path, until, lat, errs) for _ in range(clients)])
        wall = time.perf_counter() - t
    lat.sort()
    q = lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1)  # noqa: E731
    return {"clients": clients, "requests": len(lat), "errors": len(errs), "error_kinds": sorted(set(errs)), "req_per_s": round(len(lat) / wall, 1),
            "p50_ms": q(0.50), "p95_ms": q(0.95), "p99_ms": q(0.99)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--clients", default="1,16,64")
    args = ap.parse_args()
    settings = get_settings()
    paths = endpoints(settings)
    port = free_port()
    api = start_api(port)
    try:
        results = {name: [asyncio.run(load(f"http://127.0.0.1:{port}", path, int(c), args.seconds))
                          for c in args.clients.split(",")] for name, path in paths.items()}
    finally:
        api.terminate()
        api.wait(timeout=30)
    emit({"paths": paths, "results": results})


if __name__ == "__main__":
    main()
