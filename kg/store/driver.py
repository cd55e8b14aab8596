"""One Neo4j driver per process, and the mapping of neo4j errors to PolicyKG errors.

The driver is opened in the CLI command or the API lifespan, never at import
time. It reconnects by itself when the server comes back, so callers keep it
and never cache a "server is down" state.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import neo4j
from neo4j import Driver, GraphDatabase
from neo4j import exceptions as neo4j_errors

from kg.config import Settings
from kg.errors import AuthError, Err, StoreBusy, StoreError, StoreUnavailable

log = logging.getLogger(__name__)

# Fail fast when the server is down (a refused port answers at once; an unroutable
# host would otherwise hang for the driver's 30 s default), and keep the driver's own
# retry of transient write errors short enough for an HTTP request.
CONNECTION_TIMEOUT_S = 5.0
MAX_TRANSACTION_RETRY_S = 10.0
CONNECT_ATTEMPTS = 3
CONNECT_BACKOFF_S = 1.0

_UNAVAILABLE = (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired,
                neo4j_errors.DatabaseUnavailable, neo4j_errors.ConnectionAcquisitionTimeoutError)


def _detail(e: BaseException) -> str:
    """One line, never the password (the driver's messages do not carry it)."""
    return " ".join(str(e).split())[:300] or type(e).__name__


# What an API client is told instead of the server's Bolt address and the driver's message (which
# names addresses and ports): the setting to check. The full message goes to the server's log.
_PUBLIC_URI = "the configured server (KG_NEO4J_URI)"
_PUBLIC_DETAIL = "the API server's log has the driver's message"


def is_busy(e: Exception) -> bool:
    """Neo4j could not finish for now: out of memory or time under load. Retrying may work."""
    code = getattr(e, "code", None) or ""
    # Neo.ClientError.Transaction.TransactionTimedOut and ...TransactionTimedOutClientConfiguration
    # (the timeout a read sets at its start): a server under load, not a bad request.
    return isinstance(e, neo4j_errors.TransientError) or "TransactionTimedOut" in code


def translate(e: Exception, settings: Settings, doing: str) -> StoreError:
    """The PolicyKG error for a neo4j (or socket) error raised while ``doing`` something."""
    if isinstance(e, neo4j_errors.AuthError):
        return AuthError(Err.E202.format(uri=settings.neo4j_uri, user=settings.neo4j_user),
                         public=Err.E202.format(uri=_PUBLIC_URI, user=settings.neo4j_user))
    if isinstance(e, (*_UNAVAILABLE, OSError)):
        return StoreUnavailable(Err.E201.format(uri=settings.neo4j_uri, detail=_detail(e)),
                                public=Err.E201.format(uri=_PUBLIC_URI, detail=_PUBLIC_DETAIL))
    if is_busy(e):
        code = getattr(e, "code", None) or type(e).__name__
        return StoreBusy(Err.E208.format(doing=doing, detail=_detail(e)),
                         public=Err.E208.format(doing=doing, detail=code))
    return StoreError(Err.E206.format(doing=doing, detail=_detail(e)),
                      public=Err.E206.format(doing=doing, detail=_PUBLIC_DETAIL))


@contextmanager
def store_errors(settings: Settings, doing: str) -> Iterator[None]:
    """Re-raise neo4j errors as StoreError subclasses (``from e``), never swallow them."""
    try:
        yield
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as e:
        raise translate(e, settings, doing) from e


def create_driver(settings: Settings) -> Driver:
    """A driver object; it does not connect yet (the API starts even if Neo4j is down)."""
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    with store_errors(settings, f"creating a driver for {settings.neo4j_uri}"):
        try:
            return GraphDatabase.driver(
                settings.neo4j_uri, auth=auth, connection_timeout=CONNECTION_TIMEOUT_S,
                max_transaction_retry_time=MAX_TRANSACTION_RETRY_S, notifications_min_severity="OFF",
            )
        except ValueError as e:  # a malformed URI
            raise StoreError(Err.E206.format(doing=f"parsing KG_NEO4J_URI={settings.neo4j_uri!r}",
                                             detail=_detail(e))) from e


def create_async_driver(settings: Settings) -> neo4j.AsyncDriver:
    """The asyncio twin of create_driver, same options. The API serves its hot reads with it:
    an async route skips the hop to a worker thread that a sync route pays on every request."""
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    with store_errors(settings, f"creating a driver for {settings.neo4j_uri}"):
        try:
            return neo4j.AsyncGraphDatabase.driver(
                settings.neo4j_uri, auth=auth, connection_timeout=CONNECTION_TIMEOUT_S,
                max_transaction_retry_time=MAX_TRANSACTION_RETRY_S, notifications_min_severity="OFF",
            )
        except ValueError as e:  # a malformed URI
            raise StoreError(Err.E206.format(doing=f"parsing KG_NEO4J_URI={settings.neo4j_uri!r}",
                                             detail=_detail(e))) from e


def verify(driver: Driver, settings: Settings) -> None:
    with store_errors(settings, "verifying connectivity"):
        driver.verify_connectivity()


def open_driver(settings: Settings, attempts: int = CONNECT_ATTEMPTS) -> Driver:
    """Create a driver and check that the server answers, retrying a few times while it starts."""
    driver = create_driver(settings)
    for attempt in range(1, attempts + 1):
        try:
            verify(driver, settings)
            return driver
        except StoreUnavailable:
            if attempt == attempts:
                driver.close()
                raise
            log.info("Neo4j at %s not reachable yet (attempt %d/%d)", settings.neo4j_uri, attempt, attempts)
            time.sleep(CONNECT_BACKOFF_S * attempt)
        except StoreError:
            driver.close()
            raise
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def read_session(driver: Driver, settings: Settings, fetch_size: int | None = None) -> neo4j.Session:
    """A READ session; ``fetch_size`` records per pull from the server (the driver's default, 1000,
    when None): user queries pull few at a time so a cut result is never shipped whole."""
    if fetch_size is None:
        return driver.session(database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS)
    return driver.session(database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS,
                          fetch_size=fetch_size)


def async_read_session(driver: neo4j.AsyncDriver, settings: Settings) -> neo4j.AsyncSession:
    return driver.session(database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS)


def write_session(driver: Driver, settings: Settings) -> neo4j.Session:
    return driver.session(database=settings.neo4j_database, default_access_mode=neo4j.WRITE_ACCESS)
