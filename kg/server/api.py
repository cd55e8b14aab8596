"""The API server as a background process (``kg serve --background / --restart / --stop``).

What these functions say is checked against the machine, not taken from a pid file: the
process that owns a port is read from /proc (the listening socket's inode, then the process
holding it), and a pid file only counts when its pid is that process. So a second
``--background`` on a busy port says so and fails instead of reporting the old server as
new, and ``--stop`` ends the server that really listens, even when its pid file is stale.

Linux only (/proc), like the Neo4j process checks beside it (kg.server.process).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.config import STATE_ROOT
from kg.errors import Err, ServerError

# The module uvicorn imports in every API process we start; what identifies one in /proc.
APP = "api.main:create_app"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
_TCP_LISTEN = "0A"


@dataclass(frozen=True)
class ApiServer:
    pid: int
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def state_dir() -> Path:
    return STATE_ROOT / ".cache"


def pid_file(port: int) -> Path:
    return state_dir() / f"api-{port}.pid"


def log_file(port: int) -> Path:
    return state_dir() / f"api-{port}.log"


# --- what owns a port ---------------------------------------------------------------------------

def _listening_inodes(port: int) -> set[str]:
    """Inodes of the sockets listening on ``port`` (any address, IPv4 or IPv6)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == _TCP_LISTEN and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def port_owner(port: int) -> int | None:
    """The pid of the process listening on ``port``, or None when nothing listens there.
    -1 when something listens but its process is not visible to us (another user's)."""
    inodes = _listening_inodes(port)
    if not inodes:
        return None
    wanted = {f"socket:[{inode}]" for inode in inodes}
    for pid in _pids():
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") in wanted:
                    return pid
            except OSError:
                continue
    return -1


def _pids() -> Iterator[int]:
    return (int(name) for name in os.listdir("/proc") if name.isdigit())


def is_api_process(pid: int) -> bool:
    """Is ``pid`` a PolicyKG API server (uvicorn on api.main, or a foreground `kg serve`)?"""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except OSError:
        return False
    if APP in args:
        return True
    foreground = any(Path(a).name == "kg" for a in args[:2]) or "kg.cli" in args[:3]
    return foreground and "serve" in args


def started_here(pid: int) -> bool:
    """Was ``pid`` started from this installation (its interpreter is this environment's, or it
    runs in this state directory)? Other checkouts on the machine run their own APIs."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
        cwd = Path(os.readlink(f"/proc/{pid}/cwd"))
    except OSError:
        return False
    prefix = sys.prefix.rstrip("/") + "/"
    return any(a.startswith(prefix) for a in args[:2]) or cwd == STATE_ROOT


def _owner_text(pid: int | None) -> str:
    return f" (pid {pid})" if pid and pid > 0 else ""


# --- pid files ----------------------------------------------------------------------------------

def _write_pid(server: ApiServer) -> None:
    state_dir().mkdir(parents=True, exist_ok=True)
    pid_file(server.port).write_text(json.dumps({"pid": server.pid, "host": server.host, "port": server.port}))


def recorded() -> list[ApiServer]:
    """The servers our pid files name, whether or not they still run."""
    found = []
    for path in sorted(state_dir().glob("api-*.pid")):
        try:
            data = json.loads(path.read_text())
            found.append(ApiServer(int(data["pid"]), str(data["host"]), int(data["port"])))
        except (OSError, ValueError, KeyError, TypeError):
            path.unlink(missing_ok=True)  # unreadable: it cannot name a server
    return found


def running(port: int, host: str = "127.0.0.1") -> ApiServer | None:
    """The PolicyKG API listening on ``port`` now, whoever started it."""
    pid = port_owner(port)
    if pid is not None and pid > 0 and is_api_process(pid):
        return ApiServer(pid, host, port)
    return None


# --- start and stop -----------------------------------------------------------------------------

def check_port(host: str, port: int) -> None:
    """Raise unless ``port`` is free: E260 when our API holds it, E261 for anything else."""
    pid = port_owner(port)
    if pid is None:
        return
    url = f"http://{host}:{port}"
    if pid > 0 and is_api_process(pid):
        raise ServerError(Err.E260.format(url=url, owner=_owner_text(pid), port=port))
    raise ServerError(Err.E261.format(host=host, port=port, owner=_owner_text(pid)))


def start_background(host: str, port: int, restart: bool = False, timeout: float = START_TIMEOUT_S) -> ApiServer:
    """Start uvicorn detached on host:port and return once it is the process answering there.

    A PolicyKG API already on the port is an error (E260) unless ``restart``, which stops it
    first: a restart with new settings (KG_API_KEY ...) must not silently keep the old server.
    """
    if restart and (old := running(port, host)) is not None:
        stop(old)
    check_port(host, port)
    state_dir().mkdir(parents=True, exist_ok=True)
    log = log_file(port)
    cmd = [sys.executable, "-m", "uvicorn", APP, "--factory", "--host", host, "--port", str(port),
           "--no-proxy-headers"]
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                cwd=STATE_ROOT, start_new_session=True)
    server = ApiServer(proc.pid, host, port)
    _write_pid(server)
    _wait_ready(server, proc, timeout)
    return server


def _wait_ready(server: ApiServer, proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Until our child owns the port and /health answers; its exit or the timeout is an error."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        code = proc.poll()
        if code is not None:
            pid_file(server.port).unlink(missing_ok=True)
            raise ServerError(Err.E262.format(url=server.url, pid=server.pid, code=code, log=log_file(server.port)))
        if port_owner(server.port) == server.pid and _answers(server.url + "/health"):
            return
        time.sleep(0.3)
    stop(server)
    raise ServerError(Err.E263.format(url=server.url, pid=server.pid, timeout=timeout, log=log_file(server.port)))


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def stop(server: ApiServer, timeout: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM (uvicorn finishes its requests), SIGKILL after ``timeout``; the pid file goes."""
    _signal(server.pid, signal.SIGTERM)
    if not _wait_gone(server.pid, timeout):
        _signal(server.pid, signal.SIGKILL)
        if not _wait_gone(server.pid, 5.0):
            raise ServerError(Err.E264.format(port=server.port, pid=server.pid, timeout=timeout))
    pid_file(server.port).unlink(missing_ok=True)


def stop_all(ports: list[int], every_recorded: bool, host: str = "127.0.0.1") -> list[ApiServer]:
    """Stop the PolicyKG API servers listening on ``ports`` and, with ``every_recorded``, every
    one our pid files name (when the pid really is an API process: pids are reused). Stale pid
    files are removed. Returns what was stopped.

    With ``every_recorded`` (`make stop`), an API on ``ports`` without a pid file is stopped only
    if it was started here (started_here): another checkout's server on the default port is not
    ours to end. A port given by name (`--stop --port P`) stops the PolicyKG API on it."""
    stopped: dict[int, ApiServer] = {}
    for server in recorded():
        if not every_recorded and server.port not in ports:
            continue
        if _alive(server.pid) and is_api_process(server.pid):
            stop(server)
            stopped[server.pid] = server
        else:
            pid_file(server.port).unlink(missing_ok=True)
    for p in ports:
        live = running(p, host)
        if live is not None and live.pid not in stopped and (not every_recorded or started_here(live.pid)):
            stop(live)
            stopped[live.pid] = live
    legacy = state_dir() / "api.pid"  # written by versions before pid files carried their port
    legacy.unlink(missing_ok=True)
    return list(stopped.values())


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _signal(pid: int, sig: signal.Signals) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass
