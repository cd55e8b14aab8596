"""make prints a line per step: scripts/step.sh keeps a command's output in a log and shows it
only when the command fails; a `make setup` on an installed checkout says one line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT

STEP = PROJECT_ROOT / "scripts" / "step.sh"


def step(tmp_path: Path, *cmd: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"STEP_LOG": str(tmp_path / "make.log")}
    return subprocess.run(["bash", str(STEP), "doing a thing", *cmd], env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_make_steps_success_prints_one_line_and_logs_the_rest(tmp_path: Path) -> None:
    done = step(tmp_path, "bash", "-c", "echo '  !! BuildBackendWarning block !!'; printf '\\033[0m' >&2")
    assert done.returncode == 0
    assert done.stdout == "doing a thing\n" and done.stderr == ""
    assert "BuildBackendWarning" in (tmp_path / "make.log").read_text()


def test_make_steps_failure_shows_the_log_tail_and_the_exit_code(tmp_path: Path) -> None:
    done = step(tmp_path, "bash", "-c", "echo the reason it broke; exit 3")
    assert done.returncode == 3
    assert "failed (exit 3)" in done.stderr and "the reason it broke" in done.stderr


def test_make_steps_setup_on_an_installed_checkout_is_one_quiet_line() -> None:
    if shutil.which("make") is None or not (PROJECT_ROOT / ".venv" / ".installed").is_file():
        pytest.skip("needs make and an installed checkout (make setup)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
    done = subprocess.run(["make", "--no-print-directory", "setup"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["neo4j: server jars (assembled from Maven Central once, then cached)"]
    assert "\x1b" not in done.stdout + done.stderr and done.stderr == ""
