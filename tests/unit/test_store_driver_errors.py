"""kg.store.driver.translate: which neo4j errors a client may retry (503, E208) and which are ours
(500, E206). A read's own timeout under load is the first kind: the API must never answer 500 for it."""

from __future__ import annotations

from neo4j.exceptions import Neo4jError

from kg.config import Settings
from kg.errors import StoreBusy, StoreError
from kg.store.driver import translate


def _error(code: str) -> Neo4jError:
    """The error the driver raises when the server answers with ``code`` (its class from the code)."""
    return Neo4jError._hydrate_neo4j(code=code, message=f"failed with {code}")


def test_store_driver_timeouts_and_transient_errors_are_busy() -> None:
    for code in ["Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
                 "Neo.ClientError.Transaction.TransactionTimedOut",
                 "Neo.TransientError.General.MemoryPoolOutOfMemoryError"]:
        err = translate(_error(code), Settings(), "reading metrics")
        assert isinstance(err, StoreBusy) and "[E208]" in str(err), code


def test_store_driver_other_errors_stay_store_errors() -> None:
    err = translate(_error("Neo.DatabaseError.General.UnknownError"), Settings(), "reading metrics")
    assert type(err) is StoreError and "[E206]" in str(err)
