"""Neo4j dies in the middle of `kg build`: the user gets one line saying so, not a screen of
driver warnings and a traceback. Runs on a throwaway instance (``crash_server``) it SIGKILLs."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT
from kg.server import start, status
from tests.reliability.support import cli_env, kg_command

pytestmark = pytest.mark.neo4j

PLACES = ["青禾区", "松风县", "柳塘镇", "石桥区", "云州区", "白沙县", "鹿鸣区", "金溪县"]


def _folder(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        (folder / f"r{i:03d}.txt").write_text(
            f"{place}政府工作报告\n一、2020年工作回顾\n2020年，全区地区生产总值完成{300 + i}亿元，比上年增长4.1%。"
            f"全年新增城镇就业{5000 + i}人。\n二、2021年工作安排\n2021年，地区生产总值预期增长7%左右。\n",
            encoding="utf-8")
    return folder


def test_cli_build_server_killed_mid_build_one_line(crash_server, tmp_path: Path) -> None:
    settings = crash_server
    folder = _folder(tmp_path, 400)
    env = cli_env(settings, KG_WRITE_BATCH_DOCS="1", KG_LOG_LEVEL="WARNING")
    proc = subprocess.Popen(kg_command("build", folder), env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:  # wait until the build is writing
            if "committed" in line:
                break
        os.kill(status(settings).pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
        start(settings)  # the fixture's server, back for the tests after this one
    assert proc.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: [E201] Cannot reach Neo4j"), err
    assert "Traceback" not in err
