"""A document is written in one transaction: a crash or an error mid-document leaves none of it.

Runs on a throwaway Neo4j instance (``crash_server``) whose JVM the test SIGKILLs
while a large document is being written, then restarts: recovery must give back
exactly the graph as it was after the last committed document.
"""

from __future__ import annotations

import os
import signal
import threading

import pytest

from kg.build import EntityRow, GraphRows, MentionRow, SentenceRow, build_rows
from kg.errors import StoreError, StoreUnavailable
from kg.server import start, status
from kg.store.driver import open_driver
from kg.store.schema import apply_schema
from kg.store.writer import write_document
from tests.reliability.support import snapshot

pytestmark = pytest.mark.neo4j

BIG_SENTENCES = 10_000  # ~50k rows: fits the transaction memory of a 512m heap, takes seconds
BIG_ENTITIES = 20_000


def big_document(base: GraphRows, doc_id: str = "synthetic-big") -> GraphRows:
    """A large document that also touches every entity of ``base`` (so a partial write would show)."""
    rows = base.model_copy(deep=True)
    rows.doc_id = rows.document.id = doc_id
    rows.document.sha256 = "b" * 64
    rows.sections, rows.metrics, rows.relations, rows.mentions = [], [], [], []
    rows.sentences = [SentenceRow(id=f"{doc_id}:s{i}", doc_id=doc_id, index=i, start=i * 40, end=i * 40 + 39,
                                  text=f"第{i}句：合成企业{i:05d}号有限公司扩大生产规模，实现产值增长。", section_id=None)
                      for i in range(BIG_SENTENCES)]
    rows.entities += [EntityRow(id=f"Company:合成企业{i:05d}号有限公司", type="Company", name=f"合成企业{i:05d}号有限公司")
                      for i in range(BIG_ENTITIES)]
    rows.mentions = [MentionRow(entity_id=e.id, sentence_id=f"{doc_id}:s{i % BIG_SENTENCES}", start=i * 40 + 4,
                                end=i * 40 + 14, text=e.name) for i, e in enumerate(rows.entities)]
    return rows


def _write_in_thread(driver, settings, rows) -> tuple[threading.Thread, dict]:  # noqa: ANN001
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["summary"] = write_document(driver, settings, rows)
        except Exception as e:  # noqa: BLE001 - handed to the test thread
            outcome["error"] = e

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def _wait_for_entity_merge(driver, settings, thread: threading.Thread) -> bool:  # noqa: ANN001
    """Poll the server's transaction list until the writer is MERGE-ing entities (mid-document)."""
    query = ("SHOW TRANSACTIONS YIELD currentQuery WHERE NOT currentQuery STARTS WITH 'SHOW' "
             "AND currentQuery CONTAINS 'MERGE (e:Entity' RETURN count(*) AS n")
    while thread.is_alive():
        with driver.session(database=settings.neo4j_database) as s:
            if s.run(query).single(strict=True)["n"]:
                return True
    return False


def test_writer_sigkill_mid_document_leaves_graph_as_before(crash_server, rules_extractor, sample_path) -> None:
    settings = crash_server
    rows_a = build_rows(rules_extractor.extract_path(sample_path))
    with open_driver(settings) as driver:
        apply_schema(driver, settings)
        write_document(driver, settings, rows_a)
        after_a = snapshot(driver, settings)
        thread, outcome = _write_in_thread(driver, settings, big_document(rows_a))
        assert _wait_for_entity_merge(driver, settings, thread), f"the write ended before the kill: {outcome}"
        os.kill(status(settings).pid, signal.SIGKILL)
        thread.join(timeout=120)  # the driver retries for its retry window, then gives up
        assert not thread.is_alive()
    assert isinstance(outcome.get("error"), StoreUnavailable), outcome
    start(settings)  # recovery replays the log: only committed transactions
    with open_driver(settings) as driver:
        after_restart = snapshot(driver, settings)
    assert len(after_restart["nodes"]) == len(after_a["nodes"]) > 500
    assert len(after_restart["rels"]) == len(after_a["rels"])
    assert after_restart == after_a  # same ids, labels, properties; no node of the big document
    assert not any("synthetic-big" in props for _, props in after_restart["nodes"])


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_writer_constraint_violation_mid_document_leaves_nothing(crash_server, rules_extractor, sample_path) -> None:
    """Two entities with one code violate a (test-only) uniqueness constraint late in the document."""
    settings = crash_server
    rows = build_rows(rules_extractor.extract_path(sample_path))
    rows.doc_id = rows.document.id = "clash"
    for r in (*rows.sections, *rows.sentences):
        r.id, r.doc_id = r.id.replace(r.doc_id, "clash", 1), "clash"
    rows.mentions, rows.metrics, rows.relations = [], [], []
    rows.entities += [EntityRow(id="Company:甲", type="Company", name="甲", code="same-code"),
                      EntityRow(id="Project:乙", type="Project", name="乙", code="same-code")]
    with open_driver(settings) as driver:
        before = snapshot(driver, settings)
        with driver.session(database=settings.neo4j_database) as s:
            s.run("CREATE CONSTRAINT test_entity_code IF NOT EXISTS FOR (n:Entity) REQUIRE n.code IS UNIQUE").consume()
        try:
            with pytest.raises(StoreError, match=r"E206.*clash.*already exists"):
                write_document(driver, settings, rows)
            after = snapshot(driver, settings)
        finally:
            with driver.session(database=settings.neo4j_database) as s:
                s.run("DROP CONSTRAINT test_entity_code IF EXISTS").consume()
    assert after == before
    assert not any('"clash' in props for _, props in after["nodes"])
