"""Scripts and the library name no folder of one machine: paths come from the checkout's place,
the settings or the command line."""

from __future__ import annotations

import re

import pytest

from kg.config import PROJECT_ROOT

SOURCES = sorted([*PROJECT_ROOT.glob("scripts/*"), *PROJECT_ROOT.glob("bench/*.py"),
                  *PROJECT_ROOT.glob("kg/**/*.py"), *PROJECT_ROOT.glob("api/**/*.py"), PROJECT_ROOT / "Makefile"])
MACHINE_PATH = re.compile(r"""["'](/work/|/home/|/root/|/Users/|C:\\\\Users)""")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_scripts_no_machine_paths(path) -> None:  # noqa: ANN001
    assert MACHINE_PATH.findall(path.read_text(encoding="utf-8")) == []
