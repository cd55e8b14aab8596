"""`kg import`: the first load of a large corpus through ``neo4j-admin database import full``.

The order matters for what a failure leaves behind: the database is checked to be empty (or
``force``) before any extraction, the CSV files are written while the server still runs, and
the server is stopped only for the import itself. After it: the values CSV cannot hold
(kg.store.bulk.Fixups), the schema, and the graph-version token (already in the files) are in
place, and the transactional writer takes increments, re-ingests and deletes as after `kg build`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from neo4j import Driver
from pydantic import BaseModel

from kg.build import GraphRows
from kg.config import Settings
from kg.errors import Err, StoreError
from kg.store import cypher
from kg.store.bulk import ARRAY_DELIMITER_ARG, Fixups, ImportFiles, write_import_files
from kg.store.driver import open_driver, store_errors, write_session
from kg.store.schema import apply_schema
from kg.store.verdicts import refresh_all

log = logging.getLogger(__name__)

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class ImportSummary(BaseModel):
    documents: int
    nodes: int
    relationships: int
    files: int
    seconds: dict[str, float]  # per phase: csv (with extraction), import, start, schema, fixups, verdicts


@dataclass
class _Clock:
    seconds: dict[str, float] = field(default_factory=dict)
    last: float = field(default_factory=time.perf_counter)

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.seconds[phase] = round(now - self.last, 2)
        self.last = now


def check_local(settings: Settings) -> None:
    """kg import stops and starts the server: only the local instance of these settings."""
    uri = urlparse(settings.neo4j_uri)
    if uri.hostname not in _LOOPBACK or uri.port != settings.neo4j_bolt_port:
        raise StoreError(Err.E273.format(port=settings.neo4j_bolt_port, uri=settings.neo4j_uri))


def data_nodes(driver: Driver, settings: Settings) -> int:
    with store_errors(settings, "counting nodes"), write_session(driver, settings) as s:
        return s.run(cypher.COUNT_DATA_NODES).single(strict=True)["n"]


def _refuse_non_empty(settings: Settings, force: bool) -> None:
    with open_driver(settings) as driver:
        n = data_nodes(driver, settings)
    if n and not force:
        raise StoreError(Err.E274.format(database=settings.neo4j_database, n=n))


def import_corpus(settings: Settings, docs: Iterable[GraphRows], folder: Path, *, force: bool = False,
                  on_phase: Callable[[str], None] | None = None) -> ImportSummary:
    """Write ``docs`` as CSV into ``folder`` and import them into the local server's database,
    replacing it. Refuses a non-empty database unless ``force`` (E274), checked before and after
    the (long) extraction. The server runs afterwards, whether it ran before or not."""
    from kg.server import start, stop
    from kg.server.admin import import_full

    say = on_phase or (lambda _phase: None)
    check_local(settings)
    clock = _Clock()
    start(settings)
    _refuse_non_empty(settings, force)
    say("extracting into CSV files")
    files = write_import_files(docs, folder)
    clock.lap("csv")
    _refuse_non_empty(settings, force)  # nobody loaded anything meanwhile
    say(f"importing {files.elements:,} nodes and relationships (server stopped)")
    stop(settings)
    try:
        report = import_full(settings, files.nodes, files.relationships, array_delimiter=ARRAY_DELIMITER_ARG,
                             multiline=files.multiline, folder=folder)
        log.info("neo4j-admin: %s", report)
    finally:
        clock.lap("import")
        start(settings)
        clock.lap("start")
    return _after_import(settings, files, clock, say)


def _after_import(settings: Settings, files: ImportFiles, clock: _Clock, say: Callable[[str], None]) -> ImportSummary:
    with open_driver(settings) as driver:
        say("creating constraints and indexes")
        apply_schema(driver, settings)
        clock.lap("schema")
        apply_fixups(driver, settings, files.fixups)
        clock.lap("fixups")
        say("comparing targets with results")
        refresh_all(driver, settings)  # the verdicts kg build sets after each write (kg.store.verdicts)
        clock.lap("verdicts")
        with store_errors(settings, "counting the imported graph"), write_session(driver, settings) as s:
            nodes = s.run(cypher.COUNT_NODES).single(strict=True)["n"]
            rels = s.run("MATCH ()-[r]->() RETURN count(r) AS n").single(strict=True)["n"]
    return ImportSummary(documents=files.documents, nodes=nodes, relationships=rels, files=len(files.counts),
                         seconds=clock.seconds)


def apply_fixups(driver: Driver, settings: Settings, fixups: Fixups, batch: int = 5000) -> None:
    """Set the list values the CSV files could not hold ([] and [''])."""
    with store_errors(settings, "setting empty lists after the import"), write_session(driver, settings) as s:
        for kind, name, prop, value, keys in fixups.plan():
            if keys is None:
                query = cypher.fill_missing_node_list(name, prop) if kind == "node" else \
                    cypher.fill_missing_rel_list(name, prop)
                s.run(query, value=value).consume()  # CALL ... IN TRANSACTIONS: auto-commit
                continue
            query = cypher.set_node_list(name, prop) if kind == "node" else cypher.set_rel_list(name, prop)
            for i in range(0, len(keys), batch):
                s.run(query, value=value, keys=[list(k) if isinstance(k, tuple) else k
                                                for k in keys[i:i + batch]]).consume()
