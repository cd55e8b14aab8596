"""Assemble a Neo4j Community server from Maven Central artifacts.

Maven Central publishes no neo4j-community tarball for 5.x, but it does publish every
module of the server. ``java/neo4j/pom.xml`` lists the two roots (``org.neo4j:neo4j``
with the entry point, ``org.neo4j.app:neo4j-server`` with HTTP and Bolt) plus the
Browser; Maven resolves the rest and copies them into ``<neo4j_home>/lib``.
Downloads are cached in ~/.m2, so a second provision is a copy, not a download.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from kg.config import Settings
from kg.errors import Err, ServerError
from kg.resources import NEO4J_POM, data_path

from .layout import Instance

log = logging.getLogger(__name__)

POM = data_path(NEO4J_POM)  # package data (kg.resources): the repository's java/neo4j/pom.xml
# Written last, after the jars are in place: a lib/ without it is an interrupted copy.
STAMP = ".provisioned"
# The jar that holds org.neo4j.server.CommunityEntryPoint.
ENTRY_JAR_GLOB = "neo4j-5.*.jar"


def provision(settings: Settings) -> Path:
    """Make sure ``<neo4j_home>/lib`` holds the jars of the pom; return neo4j_home.

    Idempotent: when lib/ was assembled from the same pom it returns at once.
    """
    inst = Instance.of(settings)
    if _is_current(inst.lib):
        return inst.home
    with _exclusive(inst.home):
        if not _is_current(inst.lib):  # another process may have assembled it meanwhile
            _assemble(inst)
    return inst.home


@contextlib.contextmanager
def _exclusive(home: Path) -> Iterator[None]:
    """One assembler at a time (a test run and `make demo` may start together)."""
    home.mkdir(parents=True, exist_ok=True)
    with (home / ".provision.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _assemble(inst: Instance) -> None:
    log.info("Assembling Neo4j jars from Maven Central into %s", inst.lib)
    staging = inst.home / "lib.partial"
    shutil.rmtree(staging, ignore_errors=True)
    _copy_dependencies(staging)
    _require_entry_jar(staging, inst.home)
    (staging / STAMP).write_text(_pom_digest(), encoding="utf-8")
    shutil.rmtree(inst.lib, ignore_errors=True)
    staging.rename(inst.lib)
    log.info("Neo4j %s jars ready (%d files)", jar_version(inst.lib), len(list(inst.lib.glob("*.jar"))))


def _is_current(lib: Path) -> bool:
    stamp = lib / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == _pom_digest()


def _pom_digest() -> str:
    # Editing the pom (e.g. a new Neo4j patch version) re-assembles lib/ on next start.
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def _copy_dependencies(target: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError(Err.E250.format(cmd="mvn", detail="mvn is not on PATH"))
    target.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        mvn,
        "-q",
        "-B",
        "-Dstyle.color=never",  # Maven 3.8 writes colour codes even in batch mode
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={target}",
        "-DincludeScope=runtime",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise ServerError(Err.E250.format(cmd=" ".join(cmd[1:5]), detail="\n".join(tail)))


def _require_entry_jar(lib: Path, home: Path) -> None:
    if not list(lib.glob(ENTRY_JAR_GLOB)):
        raise ServerError(Err.E204.format(where=home))


def jar_version(lib: Path) -> str | None:
    """The Neo4j version of the jars, read off the kernel jar's file name."""
    for jar in lib.glob("neo4j-kernel-[0-9]*.jar"):  # not neo4j-kernel-api-*
        return jar.stem.removeprefix("neo4j-kernel-")
    return None
