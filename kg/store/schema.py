"""Constraints and indexes from schemas/constraints.cypher; applying them is idempotent."""

from __future__ import annotations

import logging
from pathlib import Path

from neo4j import Driver

from kg.config import Settings
from kg.ontology import CONSTRAINTS_PATH
from kg.store.driver import store_errors, write_session

log = logging.getLogger(__name__)


def schema_statements(path: Path = CONSTRAINTS_PATH) -> list[str]:
    """The statements of a .cypher file: ';'-separated, '//' comment lines dropped."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.strip().startswith("//")]
    return [stmt.strip() for stmt in "\n".join(lines).split(";") if stmt.strip()]


def apply_schema(driver: Driver, settings: Settings, path: Path = CONSTRAINTS_PATH) -> int:
    """Create every constraint and index (IF NOT EXISTS) and wait until they are online.

    Schema statements cannot share a transaction with data writes, so each runs in
    its own auto-commit transaction.
    """
    statements = schema_statements(path)
    with store_errors(settings, f"applying the schema from {path}"), write_session(driver, settings) as s:
        for stmt in statements:
            s.run(stmt).consume()
        s.run("CALL db.awaitIndexes(60)").consume()
    log.info("schema applied: %d statements", len(statements))
    return len(statements)


def list_schema(driver: Driver, settings: Settings) -> dict[str, list[str]]:
    """Names of the constraints and indexes present on the server."""
    with store_errors(settings, "listing the schema"), write_session(driver, settings) as s:
        constraints = [r["name"] for r in s.run("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")]
        indexes = [r["name"] for r in s.run("SHOW INDEXES YIELD name RETURN name ORDER BY name")]
    return {"constraints": constraints, "indexes": indexes}
