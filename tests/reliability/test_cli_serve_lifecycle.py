"""`kg serve --background / --restart / --stop` say what is true: checked against the process
that really owns the port. No Neo4j needed: the API starts without it (health says degraded)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from kg.config import PROJECT_ROOT
from kg.server.api import pid_file, port_owner
from tests.reliability.support import free_port, kg_command


def kg(port: int, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("KG_API_KEY", "KG_READ_API_KEY")}
    environ.update(KG_NEO4J_URI="bolt://127.0.0.1:1", KG_RATE_LIMIT_PER_MINUTE="0", **env)
    return subprocess.run(kg_command("serve", "--port", str(port), *args), env=environ, cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def upload_status(port: int) -> int:
    """POST /api/v1/documents without a key: 403 when the server has no KG_API_KEY, 401 with one."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/documents", data=b"", method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


@pytest.fixture
def port() -> Iterator[int]:
    p = free_port()
    yield p
    kg(p, "--stop")  # whatever a failed test left running


def recorded_pid(port: int) -> int:
    return json.loads(pid_file(port).read_text())["pid"]


def test_cli_serve_second_background_says_so_and_fails(port: int) -> None:
    first = kg(port, "--background")
    assert first.returncode == 0, first.stderr
    pid = recorded_pid(port)
    assert port_owner(port) == pid and f"pid {pid}" in first.stdout
    second = kg(port, "--background")
    assert second.returncode == 1
    assert "[E260]" in second.stderr and f"pid {pid}" in second.stderr
    assert recorded_pid(port) == pid and port_owner(port) == pid  # nothing overwritten, still serving


def test_cli_serve_restart_replaces_the_server_with_new_settings(port: int) -> None:
    assert kg(port, "--background").returncode == 0
    old = recorded_pid(port)
    assert upload_status(port) == 403  # no key configured: writes disabled
    done = kg(port, "--background", "--restart", KG_API_KEY="a-new-key")
    assert done.returncode == 0, done.stderr
    new = recorded_pid(port)
    assert new != old and port_owner(port) == new
    assert upload_status(port) == 401  # the new server has the key


def test_cli_serve_stop_port_ends_the_server_even_without_its_pid_file(port: int) -> None:
    assert kg(port, "--background").returncode == 0
    pid = recorded_pid(port)
    pid_file(port).unlink()  # lost, as an older `kg serve` overwrote it
    done = kg(port, "--stop")
    assert done.returncode == 0 and f"pid {pid}" in done.stdout
    assert port_owner(port) is None
    assert "not running" in kg(port, "--stop").stdout


def test_cli_serve_stop_ignores_a_stale_pid_file(port: int) -> None:
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        pid_file(port).parent.mkdir(parents=True, exist_ok=True)
        pid_file(port).write_text(json.dumps({"pid": bystander.pid, "host": "127.0.0.1", "port": port}))
        done = kg(port, "--stop")
        assert done.returncode == 0 and "not running" in done.stdout
        assert bystander.poll() is None  # not an API server: left alone
        assert not pid_file(port).exists()
    finally:
        bystander.kill()
        bystander.wait()


def test_cli_serve_refuses_a_port_another_program_holds(port: int) -> None:
    other = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import time

        deadline = time.monotonic() + 20
        while port_owner(port) != other.pid and time.monotonic() < deadline:
            time.sleep(0.1)
        done = kg(port, "--background")
        assert done.returncode == 1 and "[E261]" in done.stderr
        assert other.poll() is None and not pid_file(port).exists()
    finally:
        other.kill()
        other.wait()
