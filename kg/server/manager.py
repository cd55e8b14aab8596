"""Start, stop and inspect a local Neo4j Community server (no Docker needed).

Plain functions of a :class:`kg.config.Settings`; ``kg neo4j start|stop|status`` wraps
them. Each instance is identified by ``settings.neo4j_data_dir``: the test suite's
instance and a ``make demo`` instance run side by side from the same jars, on their
own ports, and never touch each other's files or processes.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from kg.config import Settings
from kg.errors import AuthError, Err, ServerError

from . import process
from .layout import Instance, bolt_uri, http_url, render_conf, server_command, set_password_command
from .provision import jar_version, provision

log = logging.getLogger(__name__)

STOP_TIMEOUT_S = 60.0
_POLL_S = 0.5


@dataclass(frozen=True)
class ServerInfo:
    running: bool
    pid: int | None
    bolt_uri: str
    http_url: str
    browser_url: str
    home: Path  # the shared jars (neo4j_home)
    instance_dir: Path  # conf/, data/, logs/, run/ of this instance (neo4j_data_dir)
    log: Path  # neo4j.log of this instance
    version: str | None  # Neo4j version of the jars, None before provisioning

    def __str__(self) -> str:
        """What `kg neo4j start|status` prints."""
        state = f"running (pid {self.pid})" if self.running else "not running"
        return (
            f"Neo4j {self.version or '(not provisioned)'} {state}\n"
            f"  bolt:     {self.bolt_uri}\n"
            f"  browser:  {self.browser_url}\n"
            f"  instance: {self.instance_dir}\n"
            f"  jars:     {self.home / 'lib'}\n"
            f"  log:      {self.log}"
        )


def status(settings: Settings) -> ServerInfo:
    """What runs for this instance now. Reads the pid file and /proc; no network."""
    inst = Instance.of(settings)
    pid = process.read_pid(inst.pid_file)
    running = pid is not None and process.is_instance_process(pid, inst)
    return ServerInfo(
        running=running,
        pid=pid if running else None,
        bolt_uri=bolt_uri(settings),
        http_url=http_url(settings),
        browser_url=f"{http_url(settings)}/browser/",
        home=inst.home,
        instance_dir=inst.root,
        log=inst.user_log,
        version=jar_version(inst.lib),
    )


def start(settings: Settings) -> ServerInfo:
    """Start this instance in the background and wait until Bolt answers ``RETURN 1``.

    A no-op (same pid) when the instance already runs. Raises ServerError when the
    server cannot be assembled, cannot listen, dies or is not ready in time, and
    AuthError when it runs but refuses ``settings.neo4j_password``.
    """
    info = status(settings)
    if info.running and info.pid is not None:
        _wait_ready(settings, Instance.of(settings), info.pid)
        return info
    inst = Instance.of(settings)
    _check_ports(settings, inst)  # before any download: fail fast on a taken port
    provision(settings)
    java = _java()
    _prepare(settings, inst, java)
    began = time.monotonic()
    pid = process.launch(server_command(java, settings, inst), inst)
    log.info("Started Neo4j (pid %d) for %s; waiting for Bolt at %s", pid, inst.root, bolt_uri(settings))
    try:
        _wait_ready(settings, inst, pid)
    except ServerError:
        process.terminate(pid, inst, STOP_TIMEOUT_S)  # never leave a half-started server behind
        process.clear_pid(inst.pid_file)
        raise
    log.info(
        "Neo4j ready in %.1fs: %s, %s/browser/",
        time.monotonic() - began,
        bolt_uri(settings),
        http_url(settings),
    )
    return status(settings)


def stop(settings: Settings, timeout: float = STOP_TIMEOUT_S) -> ServerInfo:
    """Stop this instance cleanly (SIGTERM, then SIGKILL after ``timeout``); no-op if
    it does not run."""
    inst = Instance.of(settings)
    info = status(settings)
    if info.running and info.pid is not None:
        log.info("Stopping Neo4j (pid %d) for %s", info.pid, inst.root)
        process.terminate(info.pid, inst, timeout)
    process.clear_pid(inst.pid_file)
    return status(settings)


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise ServerError(Err.E252.format())
    return java


def _check_ports(settings: Settings, inst: Instance) -> None:
    wanted = ((settings.neo4j_bolt_host, settings.neo4j_bolt_port), ("127.0.0.1", settings.neo4j_http_port))
    for host, port in wanted:
        if not process.port_free(host, port):
            raise ServerError(Err.E251.format(host=host, port=port, instance=inst.root))


def _prepare(settings: Settings, inst: Instance, java: str) -> None:
    """Directories, neo4j.conf, and the initial password before the first start."""
    for path in inst.dirs():
        path.mkdir(parents=True, exist_ok=True)
    inst.conf_file.write_text(render_conf(settings, inst), encoding="utf-8")
    # Neo4j reads an initial password only while it creates the system database; after
    # that the password lives in the database and this file would be ignored.
    if not inst.system_db.exists():
        _set_initial_password(settings, inst, java)


def _set_initial_password(settings: Settings, inst: Instance, java: str) -> None:
    password = settings.neo4j_password.get_secret_value()
    cmd = set_password_command(java, inst, password)
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        # First lines only: the cause, not the Java stack trace below it.
        lines = (done.stdout + done.stderr).strip().splitlines()[:2]
        detail = "\n".join(lines).replace(password, "***")
        raise ServerError(Err.E254.format(instance=inst.root, detail=detail))


def _wait_ready(settings: Settings, inst: Instance, pid: int) -> None:
    deadline = time.monotonic() + settings.neo4j_start_timeout
    while time.monotonic() < deadline:
        if not process.is_instance_process(pid, inst):
            code = process.exit_code(pid)
            raise ServerError(Err.E253.format(pid=pid, code=code, detail=_log_tail(inst), log=inst.user_log))
        if _bolt_answers(settings):
            return
        time.sleep(_POLL_S)
    raise ServerError(Err.E203.format(timeout=settings.neo4j_start_timeout, log=inst.user_log))


def _bolt_answers(settings: Settings) -> bool:
    """True once ``RETURN 1`` runs over Bolt with our credentials.

    The only use of the neo4j driver outside kg.store: a health probe, imported here
    lazily so that importing kg.server costs nothing.
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError as DriverAuthError
    from neo4j.exceptions import DriverError, Neo4jError

    uri, user = bolt_uri(settings), settings.neo4j_user
    auth = (user, settings.neo4j_password.get_secret_value())
    try:
        # session.run, not execute_query: the latter retries with back-off for up to
        # 30s on its own, which would hide when the server actually became ready.
        with GraphDatabase.driver(uri, auth=auth, connection_timeout=2.0) as driver, driver.session() as s:
            s.run("RETURN 1").consume()
    except DriverAuthError as e:
        raise AuthError(Err.E202.format(uri=uri, user=user)) from e
    except (DriverError, Neo4jError, OSError):
        return False  # not listening yet, or databases still coming online
    return True


def _log_tail(inst: Instance, lines: int = 20) -> str:
    tails = []
    for path in (inst.console_log, inst.user_log):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            tails.append(f"--- {path.name}\n" + "\n".join(text))
    return "\n".join(tails) or "(no log written)"
