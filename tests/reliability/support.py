"""Helpers for the reliability tests: a whole-graph snapshot, free ports, `kg` CLI runs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.config import PROJECT_ROOT, Settings

VOLATILE = {"loaded_at"}  # set to datetime() on every write of a document


def _props(p: dict) -> str:
    return json.dumps({k: v for k, v in p.items() if k not in VOLATILE}, sort_keys=True,
                      ensure_ascii=False, default=str)


def snapshot(driver, settings: Settings) -> dict[str, list]:  # noqa: ANN001
    """Every node (labels + properties) and relationship (ends' ids, type, properties), sorted;
    not the graph-version token, which every write changes by design (kg.store.cache)."""
    with driver.session(database=settings.neo4j_database) as s:
        nodes = sorted((sorted(r["l"]), _props(r["p"])) for r in s.run(
            "MATCH (n) WHERE NOT n:GraphVersion RETURN labels(n) AS l, properties(n) AS p"))
        rels = sorted((r["a"], r["t"], r["b"], _props(r["p"])) for r in s.run(
            "MATCH (x)-[r]->(y) RETURN x.id AS a, type(r) AS t, y.id AS b, properties(r) AS p"))
    return {"nodes": nodes, "rels": rels}


def shape(driver, settings: Settings) -> dict[str, object]:  # noqa: ANN001
    """What must not depend on write order: labels/types counted, ids, relation triples, support sets."""
    with driver.session(database=settings.neo4j_database) as s:
        labels = {r["l"]: r["n"] for r in s.run("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS n")}
        types = {r["t"]: r["n"] for r in s.run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n")}
        ids = sorted(r["id"] for r in s.run("MATCH (n) RETURN n.id AS id"))
        support = sorted((r["id"], sorted(r["d"] or []), sorted(r["a"] or [])) for r in s.run(
            "MATCH (e:Entity) RETURN e.id AS id, e.doc_ids AS d, e.aliases AS a"))
        triples = sorted((r["a"], r["t"], r["b"], sorted(r["d"] or []), sorted(r["s"] or [])) for r in s.run(
            "MATCH (x)-[r]->(y) RETURN x.id AS a, type(r) AS t, y.id AS b, r.doc_ids AS d, "
            "r.sentence_ids AS s"))
    return {"labels": labels, "types": types, "ids": ids, "support": support, "triples": triples}


def free_port() -> int:
    with socket.socket() as sock:  # bind then release: nothing listens there afterwards
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throwaway_server(data_dir: Path, test_settings: Settings) -> Iterator[Settings]:
    """A Neo4j instance of its own (the given data dir, spare ports) that a test may kill or replace;
    stopped when the generator closes."""
    from kg.server import start, stop

    bolt, http = free_port(), free_port()
    settings = Settings(
        neo4j_uri=f"bolt://127.0.0.1:{bolt}", neo4j_bolt_port=bolt, neo4j_http_port=http,
        neo4j_data_dir=data_dir, neo4j_password=test_settings.neo4j_password,
        neo4j_home=test_settings.neo4j_home, test_server=True, test_bolt_port=bolt,
    )
    start(settings)
    yield settings
    stop(settings)


def cli_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment for a `kg` subprocess talking to the server of ``settings``, rules only (fast)."""
    env = dict(os.environ)
    env.update(KG_NEO4J_URI=settings.neo4j_uri, KG_NEO4J_USER=settings.neo4j_user,
               KG_NEO4J_PASSWORD=settings.neo4j_password.get_secret_value(),
               KG_NEO4J_DATABASE=settings.neo4j_database, KG_USE_HANLP="false", KG_LOG_LEVEL="WARNING")
    env.update(extra)
    return env


def kg_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *map(str, args)]


def run_kg(env: dict[str, str], *args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kg_command(*args), env=env, cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=timeout, check=False)
