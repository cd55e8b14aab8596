"""kg.store.browse on the invented reports: districts with counts, sentence search, metrics CSV,
and Metric nodes with their value text (the Browser caption)."""

from __future__ import annotations

import csv
import io

import pytest

from kg.config import Settings
from kg.store import browse
from kg.store.reader import GraphReader

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def reader(loaded_graph: object, neo4j_server: Settings) -> GraphReader:
    return GraphReader(loaded_graph, neo4j_server)  # type: ignore[arg-type]


def test_store_browse_districts_count_targets_and_results(reader: GraphReader) -> None:
    page = browse.districts(reader, limit=50)
    by_name = {d["name"]: d for d in page.items}
    assert page.total == len(page.items)
    qinghe = by_name["青禾区"]
    assert qinghe["targets"] >= 1 and qinghe["actuals"] >= 2
    assert page.items[0]["targets"] + page.items[0]["actuals"] == max(d["targets"] + d["actuals"] for d in page.items)


def test_store_browse_district_project_counts_agree_with_the_projects_listing(reader: GraphReader) -> None:
    # The web page shows this count next to each district; the district page then lists
    # `projects?district=`: the two must be the same number (placed or reported-by projects).
    for d in browse.districts(reader, limit=50).items:
        assert d["projects"] == reader.projects(district=d["id"], limit=1).total, d["name"]


def test_store_browse_sentences_contain_the_phrase_in_document_order(reader: GraphReader) -> None:
    page = browse.sentences(reader, "产业园", limit=10)
    assert page.total >= 1 and all("产业园" in s["sentence"] for s in page.items)
    assert all(s["section_path"] for s in page.items)
    assert any(e["type"] == "Project" for s in page.items for e in s["entities"])
    assert browse.sentences(reader, "没有这句话", limit=10).total == 0


def test_store_browse_metrics_csv_writes_whole_numbers_without_a_point(reader: GraphReader) -> None:
    rows = list(csv.DictReader(io.StringIO(browse.metrics_csv(reader, district="青禾区"))))
    values = {(r["indicator"], r["kind"], r["measure"], r["period"]): r["value"] for r in rows}
    assert values[("地区生产总值", "actual", "level", "2020")] == "310"
    assert values[("地区生产总值", "actual", "growth", "2020")] == "4.1"
    assert all(r["sentence"] for r in rows)


def test_store_browse_metric_nodes_carry_value_text(reader: GraphReader) -> None:
    rows = reader.run_cypher("MATCH (m:Metric) RETURN m.value AS v, m.value_text AS t").rows
    assert rows and all(r["t"] == (str(int(r["v"])) if float(r["v"]).is_integer() else str(r["v"])) for r in rows)
