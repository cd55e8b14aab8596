"""Pid files and process checks for the detached Neo4j JVM (Linux: reads /proc)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from .layout import INSTANCE_PROPERTY, Instance

# Popen objects of the servers this Python process started. Kept so that a server we
# stop is reaped (otherwise it lingers as a zombie that still looks alive) and so
# Python does not warn about a child it forgot.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def launch(cmd: list[str], inst: Instance) -> int:
    """Start ``cmd`` detached: own session, so it survives this process and its
    terminal; stdout/stderr appended to the instance's console log."""
    with inst.console_log.open("ab") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=inst.root,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _CHILDREN[proc.pid] = proc
    inst.pid_file.write_text(f"{proc.pid}\n", encoding="utf-8")
    return proc.pid


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        return None


def clear_pid(pid_file: Path) -> None:
    pid_file.unlink(missing_ok=True)


def is_instance_process(pid: int, inst: Instance) -> bool:
    """True if ``pid`` is alive and is the JVM of this very instance (a pid file can
    outlive its process, and the kernel reuses pids)."""
    child = _CHILDREN.get(pid)
    if child is not None:
        # Our own child: ask it directly. Right after fork, /proc/<pid>/cmdline still
        # shows the Python parent until exec, so the check below would say "gone".
        return child.poll() is None
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    args = raw.decode("utf-8", "replace").split("\0")
    return f"{INSTANCE_PROPERTY}{inst.root}" in args and not _is_zombie(pid)


def exit_code(pid: int) -> int | None:
    """Exit code of a server we started and that has ended, else None."""
    proc = _CHILDREN.get(pid)
    return proc.poll() if proc is not None else None


def terminate(pid: int, inst: Instance, timeout: float) -> None:
    """SIGTERM (Neo4j checkpoints and stops cleanly), then SIGKILL after ``timeout``."""
    _signal(pid, signal.SIGTERM)
    if not wait_gone(pid, inst, timeout):
        _signal(pid, signal.SIGKILL)
        wait_gone(pid, inst, 10.0)


def wait_gone(pid: int, inst: Instance, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while is_instance_process(pid, inst):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    _CHILDREN.pop(pid, None)
    return True


def port_free(host: str, port: int) -> bool:
    """Can something listen on host:port now? SO_REUSEADDR as Netty and Jetty use it,
    so sockets in TIME_WAIT from a server that just stopped do not count as taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return True
    # Field 3, after the parenthesised command name (which may itself hold spaces).
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"
