"""A real API server (uvicorn, as `kg serve` runs it) on the test graph holding the sample report,
and a headless Chromium to look at it; screenshots go to .cache/test-artifacts/."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT, Settings
from kg.resources import SAMPLE_REPORT, data_path
from tests.ui.chromium import Page, chromium_path, open_page

ARTIFACTS = PROJECT_ROOT / ".cache" / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(settings: Settings) -> dict[str, str]:
    """This environment with the test server's connection settings (the child reads KG_*)."""
    return os.environ | {
        "KG_NEO4J_URI": settings.neo4j_uri, "KG_NEO4J_USER": settings.neo4j_user,
        "KG_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "KG_NEO4J_DATABASE": settings.neo4j_database, "KG_RATE_LIMIT_PER_MINUTE": "0"}


@pytest.fixture(scope="package")
def sample_graph(driver: object, test_settings: Settings) -> object:
    """The test database holding only the sample report, built as `kg build` builds it."""
    from kg.build import build_rows
    from kg.extract.pipeline import Extractor
    from kg.store.writer import wipe_test_database, write_document

    wipe_test_database(driver, test_settings)  # refuses anything but the test server
    write_document(driver, test_settings, build_rows(Extractor(test_settings).extract_path(data_path(SAMPLE_REPORT))))
    return driver


@pytest.fixture(scope="package")
def live_api(sample_graph: object, test_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """http://127.0.0.1:PORT of a uvicorn serving api.main on the sample graph."""
    port = free_port()
    log = tmp_path_factory.mktemp("api") / "api.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
                                 "--host", "127.0.0.1", "--port", str(port), "--no-proxy-headers"],
                                env=server_env(test_settings), stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/health", proc, log)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def wait_http(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the API exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the API did not answer at {url}")


@pytest.fixture(scope="package")
def chromium() -> str:
    exe = chromium_path()
    if exe is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium fonts-wqy-zenhei; "
                    "scripts/ensure_tools.sh does it when run as root)")
    return exe


@pytest.fixture
def page(chromium: str) -> Iterator[Page]:
    with open_page(chromium) as p:
        yield p
