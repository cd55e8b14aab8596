"""Verdicts in the graph: kg.compare's pairing and verdicts, materialised on the metrics.

After every build and delete the writer calls ``refresh`` inside the same transaction, for the
places (what the metrics are ABOUT) the written or removed reports speak of: every dated metric of
those places is read, kg.compare pairs them, and the targets get ``verdict`` / ``verdict_rule``
and an ``ANSWERED_BY`` relation to the result that answers them; results no target asks for get
``verdict = 'no_target'``. So the API, ``kg compare`` and the Neo4j Browser query read the same
stored answer, and a delete is provenance-exact: removing the report that stated a result takes the
result and its ANSWERED_BY with it, and the refresh turns its target back to no_actual.
``kg import`` refreshes every place after the import (``refresh_all``).
"""

from __future__ import annotations

from collections.abc import Iterable

from neo4j import Driver, ManagedTransaction

from kg.compare import Figure, Outcome, pair
from kg.config import Settings
from kg.store import cypher
from kg.store.driver import store_errors, write_session


def figures(tx: ManagedTransaction, places: list[str]) -> list[Figure]:
    rows = tx.run(cypher.FIGURES_OF_PLACES, places=places)
    return [Figure(id=r["id"], kind=r["kind"], indicator=r["indicator"], measure=r["measure"],
                   value=float(r["value"]), unit=r["unit"], period=r["period"], qualifier=r["qualifier"],
                   place=r["place"], doc_id=r["doc_id"] or "", doc_year=r["doc_year"],
                   order=r["sentence"] if r["sentence"] is not None else 0) for r in rows]


def places_of(tx: ManagedTransaction, doc_ids: Iterable[str]) -> set[str]:
    return set(tx.run(cypher.PLACES_OF_DOCUMENTS, doc_ids=list(doc_ids)).single(strict=True)["ids"])


def refresh(tx: ManagedTransaction, places: Iterable[str]) -> list[Outcome]:
    """Recompute and store the verdicts of every metric about ``places``."""
    ids = sorted(set(places))
    if not ids:
        return []
    outcomes = pair(figures(tx, ids))
    tx.run(cypher.CLEAR_VERDICTS, places=ids).consume()
    rows = [{"id": o.metric_id, "verdict": o.verdict, "rule": o.rule, "actual_id": o.actual_id} for o in outcomes]
    for i in range(0, len(rows), 2000):
        tx.run(cypher.SET_VERDICTS, rows=rows[i:i + 2000]).consume()
    return outcomes


def refresh_all(driver: Driver, settings: Settings, places_per_tx: int = 200) -> int:
    """Refresh every place that has metrics (after ``kg import``), a few hundred per transaction."""
    with store_errors(settings, "comparing targets with results"), write_session(driver, settings) as s:
        places = [r["id"] for r in s.run(cypher.PLACES_WITH_METRICS)]
        for i in range(0, len(places), places_per_tx):
            s.execute_write(refresh, places[i:i + places_per_tx])
    return len(places)
