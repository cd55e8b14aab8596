"""Faults around the store: Neo4j down at start, and concurrent writers on overlapping reports."""

from __future__ import annotations

import random
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.build import EntityRow, GraphRows, RelationRow, build_rows
from kg.store.writer import write_document
from tests.conftest import wipe
from tests.reliability.support import cli_env, free_port, kg_command, run_kg, shape

# Invented district and companies (no gold names): two small reports that share entities.
SMALL_1 = ("青禾区2021年政府工作报告\n一、2020年工作回顾\n2020年，青禾区地区生产总值完成310亿元，比上年增长4.1%。"
           "青禾区人民政府加强与远山集团合作。星河智造有限公司入驻青禾数字产业园。\n")
SMALL_2 = ("青禾区2022年政府工作报告\n一、2021年工作回顾\n2021年，青禾区地区生产总值增长7.5%。"
           "远山集团投资建设松风物流园项目。星河智造有限公司实现投产。\n")


@pytest.mark.parametrize("command", [["stats"], ["build", "data/sample"]])
def test_cli_neo4j_down_one_line_e201(test_settings, command: list[str]) -> None:
    env = cli_env(test_settings, KG_NEO4J_URI=f"bolt://127.0.0.1:{free_port()}")
    done = run_kg(env, *command, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: [E201] Cannot reach Neo4j"), done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def _inputs(tmp_path: Path, sample_path: Path) -> tuple[list[Path], list[Path]]:
    shared = tmp_path / "shared-report.txt"
    shutil.copy(sample_path, shared)
    one, two = tmp_path / "qinghe-2021.txt", tmp_path / "qinghe-2022.txt"
    one.write_text(SMALL_1, encoding="utf-8")
    two.write_text(SMALL_2, encoding="utf-8")
    return [shared, one, two], [two, shared, one]  # same reports, other order: locks taken crosswise


@pytest.mark.neo4j
def test_cli_two_builds_at_once_equal_builds_in_turn(graph, neo4j_server, tmp_path, sample_path) -> None:
    first, second = _inputs(tmp_path, sample_path)
    env = cli_env(neo4j_server)
    procs = [subprocess.Popen(kg_command("build", *files), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for files in (first, second)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    together = shape(graph, neo4j_server)
    wipe(graph, neo4j_server)
    for files in (first, second):
        done = run_kg(env, "build", *files)
        assert done.returncode == 0, done.stderr
    in_turn = shape(graph, neo4j_server)
    assert together["labels"]["Document"] == 3 and together["labels"]["Entity"] > 300
    assert together == in_turn


def _crossing_documents(n_docs: int, n_shared: int) -> list[GraphRows]:
    """Documents that MERGE the same entities and relations, each in its own shuffled order."""
    base = build_rows_stub()
    docs = []
    for d in range(n_docs):
        rows = base.model_copy(deep=True)
        rows.doc_id = rows.document.id = f"crossing-{d}"
        rows.document.sha256 = str(d)
        ents = [EntityRow(id=f"Company:共享企业{i:03d}", type="Company", name=f"共享企业{i:03d}") for i in range(n_shared)]
        random.Random(d).shuffle(ents)
        rows.entities = ents
        rows.relations = [RelationRow(type="COOPERATES_WITH", head_id=a.id, tail_id=b.id, evidence="合作",
                                      confidence=0.5 + d / 100) for a, b in zip(ents, ents[1:], strict=False)]
        docs.append(rows)
    return docs


def build_rows_stub() -> GraphRows:
    from tests.conftest import report_b

    rows = build_rows(report_b())
    rows.sections, rows.sentences, rows.mentions, rows.metrics = [], [], [], []
    return rows


@pytest.mark.neo4j
def test_writer_concurrent_crossing_writes_all_commit(graph, neo4j_server) -> None:
    """Crosswise lock order makes Neo4j detect deadlocks; the writer's retry must absorb them."""
    docs = _crossing_documents(n_docs=6, n_shared=150)
    with ThreadPoolExecutor(max_workers=6) as pool:
        summaries = list(pool.map(lambda rows: write_document(graph, neo4j_server, rows), docs))
    assert [s.status for s in summaries] == ["created"] * 6
    together = shape(graph, neo4j_server)
    wipe(graph, neo4j_server)
    for rows in docs:
        write_document(graph, neo4j_server, rows)
    assert together == shape(graph, neo4j_server)
    assert together["labels"]["Document"] == 6 and together["labels"]["Company"] == 150
