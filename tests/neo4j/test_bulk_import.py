"""`kg import` (neo4j-admin database import full) builds the graph the transactional writer builds,
property for property, and the writer takes over afterwards: deletes and re-ingests after an import
leave what they leave after `kg build`. On a throwaway instance of its own: the import stops and
starts the server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build import build_rows
from kg.config import PROJECT_ROOT, Settings
from kg.errors import StoreError
from kg.store.bulk_load import import_corpus
from kg.store.driver import open_driver
from kg.store.reader import GraphReader
from kg.store.schema import apply_schema
from kg.store.textsearch import search_sentences
from kg.store.writer import delete_document, wipe_test_database, write_batch, write_document
from tests.conftest import report_a, report_b
from tests.reliability.support import cli_env, run_kg, snapshot, throwaway_server

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def import_server(tmp_path_factory: pytest.TempPathFactory, test_settings: Settings) -> Iterator[Settings]:
    yield from throwaway_server(tmp_path_factory.mktemp("neo4j-import"), test_settings)


def _fresh(settings: Settings) -> object:
    driver = open_driver(settings)
    wipe_test_database(driver, settings)
    apply_schema(driver, settings)
    return driver


def _version(driver: object, settings: Settings) -> str | None:
    with driver.session(database=settings.neo4j_database) as s:  # type: ignore[attr-defined]
        return s.run("MATCH (v:GraphVersion {id: 'graph'}) RETURN v.version AS v").single()["v"]


def test_bulk_import_then_writer_deletes_and_replaces_as_after_build(import_server: Settings, tmp_path: Path) -> None:
    s = import_server
    a, b, a_v2 = build_rows(report_a()), build_rows(report_b()), build_rows(report_a(with_company=False))
    with _fresh(s) as driver:  # the writer's graph, and what a delete and a replace make of it
        write_batch(driver, s, [a, b])
        built = snapshot(driver, s)
        delete_document(driver, s, "qinghe-2021")
        built_deleted = snapshot(driver, s)
        write_document(driver, s, a_v2)
        built_replaced = snapshot(driver, s)
    summary = import_corpus(s, [a, b], tmp_path / "csv", force=True)
    assert (summary.documents, summary.nodes) == (2, len(built["nodes"]))
    assert summary.relationships == len(built["rels"])
    with open_driver(s) as driver:
        assert snapshot(driver, s) == built  # every label, property and relationship
        assert _version(driver, s)  # the API cache's token (kg.store.cache)
        assert "entity_id" in {c["name"] for c in driver.execute_query("SHOW CONSTRAINTS").records}
        assert write_document(driver, s, a).status == "unchanged"  # same fingerprint: the writer sees it
        # the sentence index and each report's district (Document.district_id) come with the import
        # (the server was just started: its first plans are slow on a busy machine, and this checks
        # what is found, not how fast)
        patient = GraphReader(driver, s.model_copy(update={"cypher_timeout_s": 120.0}))
        found = search_sentences(patient, "地区生产总值", district="青禾区", exact_only=True)
        assert {h["document"]["id"] for h in found.items} == {"qinghe-2021", "qinghe-2022"}  # both 青禾区's
        assert search_sentences(patient, "地区生产总值", district="石桥街道").total == 0
        before = _version(driver, s)
        delete_document(driver, s, "qinghe-2021")
        assert snapshot(driver, s) == built_deleted and _version(driver, s) != before
        write_document(driver, s, a_v2)
        assert snapshot(driver, s) == built_replaced
        assert GraphReader(driver, s).search("青禾").items  # indexes (full-text too) work


def test_bulk_import_refuses_a_database_that_is_not_empty(import_server: Settings, tmp_path: Path) -> None:
    s = import_server
    with _fresh(s) as driver:
        write_document(driver, s, build_rows(report_b()))
        kept = snapshot(driver, s)
        with pytest.raises(StoreError, match=r"E274.*--force"):
            import_corpus(s, [build_rows(report_a())], tmp_path / "csv")
        assert snapshot(driver, s) == kept  # nothing written, and the server never stopped
        assert not (tmp_path / "csv").exists()  # refused before any extraction


def _counts(driver: object, settings: Settings) -> tuple[int, int]:
    stats = GraphReader(driver, settings).stats()  # type: ignore[arg-type]
    return stats["nodes"], stats["relationships"]


def test_cli_build_build_ray_and_import_give_one_graph(import_server: Settings, tmp_path: Path) -> None:
    """The issue's check: 30 generated reports through kg build, kg build --engine ray and kg import,
    each into a fresh database, give the same nodes and relationships (counts and properties)."""
    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
    from load import seed_names

    from kg.corpus import CorpusSpec, generate_corpus

    seed = (PROJECT_ROOT / "data" / "sample" / "chuanhui-2021-government-work-report.txt").read_text(encoding="utf-8")
    generate_corpus(seed, tmp_path / "c", CorpusSpec(n=30, seed=11), seed_names())
    s = import_server
    env = cli_env(s, KG_NEO4J_BOLT_PORT=str(s.neo4j_bolt_port), KG_NEO4J_HTTP_PORT=str(s.neo4j_http_port),
                  KG_NEO4J_DATA_DIR=str(s.neo4j_data_dir), KG_TEST_SERVER="true",
                  KG_TEST_BOLT_PORT=str(s.neo4j_bolt_port))
    graphs = {}
    for name, args in (("build", ["build", tmp_path / "c", "--workers", "2"]),
                       ("ray", ["build", tmp_path / "c", "--workers", "2", "--engine", "ray"]),
                       ("import", ["import", tmp_path / "c", "--workers", "2", "--force"])):
        _fresh(s).close()
        done = run_kg(env, *args, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "\x1b[" not in done.stderr  # no progress bar drawn into a pipe
        with open_driver(s) as driver:
            graphs[name] = snapshot(driver, s)
            assert _counts(driver, s)[0] > 30 * 100
    assert graphs["ray"] == graphs["build"]
    assert graphs["import"] == graphs["build"]
    assert "imported 30 document(s)" in done.stdout


def test_bulk_import_keeps_cross_report_identity_as_build(import_server: Settings, tmp_path: Path) -> None:
    """Reports whose organs, firms and projects meet across reports (tests/multiyear_support): the
    import merges them as the writer does, with each report's names (merge evidence) and the
    documents' districts (the diff's input: the snapshot holds every property), and a delete
    afterwards leaves what it leaves after kg build."""
    from tests.multiyear_support import qinghe_2021, qinghe_2022, shiling_2022

    s = import_server
    docs = [build_rows(r()) for r in (qinghe_2021, qinghe_2022, shiling_2022)]
    with _fresh(s) as driver:
        write_batch(driver, s, docs)
        built = snapshot(driver, s)
        delete_document(driver, s, "qh-2021")
        built_deleted = snapshot(driver, s)
    import_corpus(s, docs, tmp_path / "csv", force=True)
    with open_driver(s) as driver:
        assert snapshot(driver, s) == built
        firm = GraphReader(driver, s).get_entity("Company:远山智造科技")
        assert [e["doc_id"] for e in firm["merge_evidence"]] == ["qh-2021", "qh-2022", "sl-2022"]
        delete_document(driver, s, "qh-2021")
        assert snapshot(driver, s) == built_deleted
