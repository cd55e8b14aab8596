"""Shared helpers for the benchmarks: environment, timing, machine facts, JSON between processes."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SAMPLE = ROOT / "data" / "sample" / "chuanhui-2021-government-work-report.txt"

# Benchmarks wipe the database, so by default they run on the test instance (7688), never the
# demo's 7687. A helper's own instance (KG_NEO4J_URI=...) set in the environment wins.
BENCH_ENV = {"KG_TEST_SERVER": "true", "KG_NEO4J_URI": "bolt://127.0.0.1:7688", "KG_NEO4J_BOLT_PORT": "7688",
             "KG_TEST_BOLT_PORT": "7688", "KG_NEO4J_HTTP_PORT": "7475",
             "KG_NEO4J_DATA_DIR": str(ROOT / ".neo4j" / "test"), "KG_NEO4J_PASSWORD": "policykg-test"}


def bench_env() -> dict[str, str]:
    env = dict(os.environ)
    if "KG_NEO4J_URI" not in env:
        env.update(BENCH_ENV)
    return env


def peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux; it covers the whole process, JVM included.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pin_one_core() -> None:
    """Run this process (and threads it starts later, e.g. the JVM's) on one core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


@contextmanager
def timer(out: dict, key: str):
    t = time.perf_counter()
    yield
    out[key] = time.perf_counter() - t


def run_json(args: list[str], timeout: float = 1800) -> dict:
    """Run a bench script in its own process (own memory, own JVM) and parse its last stdout line."""
    proc = subprocess.run([PY, *args], cwd=ROOT, env=bench_env(), capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def emit(result: dict) -> None:
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


def machine() -> dict:
    def ver(mod: str) -> str:
        try:
            from importlib.metadata import version
            return version(mod)
        except Exception:  # noqa: BLE001 - a missing package is reported as such
            return "n/a"
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"), "host": platform.node(), "python": platform.python_version(),
        "platform": platform.platform(), "cpus": os.cpu_count(), "cpu": _cpu_model(),
        "mem_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_avg": os.getloadavg(), "java": java[0] if java else "n/a",
        "packages": {m: ver(m) for m in ("neo4j", "jpype1", "jieba", "spacy", "fastapi", "uvicorn", "httpx")},
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
