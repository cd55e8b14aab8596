"""Reads for the analyst web page (/ui/): districts with their counts, sentences containing a
phrase, and metrics as CSV rows.

Its own module (Cypher and functions) rather than lines in kg.store.cypher / kg.store.reader,
so that it merges cleanly with work on those two; it reads through GraphReader's session and
error handling all the same. Values travel as parameters.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from kg.build import format_number
from kg.store.reader import GraphReader, Page

# Districts, the ones with the most figures first. Projects count as `projects?district=` counts
# them (kg.store.cypher.PROJECT_PLACES): located in the district or a place inside it (PART_OF up
# to three levels: village, town, district), or named by its report with no place of their own.
DISTRICTS = """
MATCH (e:District)
WITH e,
  COUNT { (e)<-[:ABOUT]-(:Metric {kind: 'target'}) } AS targets,
  COUNT { (e)<-[:ABOUT]-(:Metric {kind: 'actual'}) } AS actuals,
  COUNT { (e)-[:MENTIONED_IN]->() } AS mentions,
  COUNT { MATCH (p:Project)-[:LOCATED_IN|REPORTED_BY]->(:Entity)-[:PART_OF*0..3]->(e) RETURN DISTINCT p } AS projects
ORDER BY targets + actuals DESC, mentions DESC, e.name
WITH collect(e {.id, .name, .type, .code, .parent, aliases: coalesce(e.aliases, []),
                doc_ids: coalesce(e.doc_ids, []), targets: targets, actuals: actuals,
                mentions: mentions, projects: projects}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
"""

# Sentences holding the phrase, in document order, with their section path. A substring test
# (no index): Chinese has no spaces to tokenise on, and the analyst wants the exact phrase.
SENTENCES = """
MATCH (s:Sentence) WHERE s.text CONTAINS $q
WITH s ORDER BY s.doc_id, s.index
WITH collect(s) AS found
RETURN size(found) AS total, [s IN found[$offset..$offset + $limit] |
  {doc_id: s.doc_id, sentence_id: s.id, sentence: s.text,
   section_path: coalesce(COLLECT { MATCH (h:Section)-[:HAS_SENTENCE]->(s) RETURN h.path }[0], []),
   entities: COLLECT { MATCH (e:Entity)-[:MENTIONED_IN]->(s) RETURN DISTINCT e {.id, .name, .type} }}] AS items
"""


def districts(reader: GraphReader, limit: int = 50, offset: int = 0) -> Page:
    return reader._page(DISTRICTS, "listing districts", limit, offset)


def sentences(reader: GraphReader, q: str, limit: int = 20, offset: int = 0) -> Page:
    return reader._page(SENTENCES, f"searching sentences for {q!r}", limit, offset, q=q)


CSV_COLUMNS = ("id", "indicator", "kind", "measure", "value", "unit", "period", "qualifier",
               "district", "district_id", "doc_id", "section", "sentence")
CSV_PAGE = 1000


def metric_rows(reader: GraphReader, district: str | None = None, indicator: str | None = None
                ) -> list[dict[str, str]]:
    """Every metric (of a district or indicator) as a flat row of text (CSV_COLUMNS), with its
    sentence. Whole numbers are written without a decimal point (309, not 309.0)."""
    return [dict(zip(CSV_COLUMNS, _csv_row(m), strict=True)) for m in _all_metrics(reader, district, indicator)]


def to_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def metrics_csv(reader: GraphReader, district: str | None = None, indicator: str | None = None) -> str:
    """metric_rows as CSV."""
    return to_csv(metric_rows(reader, district=district, indicator=indicator))


def _all_metrics(reader: GraphReader, district: str | None, indicator: str | None) -> Iterable[dict[str, Any]]:
    offset = 0
    while True:
        page = reader.metrics(indicator=indicator, district=district, limit=CSV_PAGE, offset=offset)
        yield from page.items
        offset += CSV_PAGE
        if offset >= page.total or not page.items:
            return


def _csv_row(m: dict[str, Any]) -> list[str]:
    ev = (m.get("evidence") or [{}])[0]
    district = m.get("district") or {}
    return [m["id"], m["indicator"], m["kind"], m["measure"], format_number(m["value"]) if m.get("value") is not None else "", m.get("unit") or "",
            m.get("period") or "", m.get("qualifier") or "", district.get("name", ""), district.get("id", ""),
            m["doc_id"], " / ".join(ev.get("section_path", [])), ev.get("sentence", "")]


