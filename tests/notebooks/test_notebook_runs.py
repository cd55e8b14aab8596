"""notebooks/analyst_walkthrough.ipynb runs top to bottom against the test graph, executed by
the very command the README gives (so that command works on a fresh `make setup`).

The graph holds the sample report and the two invented follow-up reports of tests/data/multiyear
(so that targets meet the next years' results), extracted and loaded the way `kg build` does it; the
kernel gets the test server's KG_* settings through its environment, as an analyst's
kernel gets them from the shell.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from kg.config import PROJECT_ROOT, Settings

NOTEBOOK = PROJECT_ROOT / "notebooks" / "analyst_walkthrough.ipynb"
SAMPLE = PROJECT_ROOT / "data" / "sample" / "chuanhui-2021-government-work-report.txt"
FOLLOW_UPS = sorted((PROJECT_ROOT / "tests" / "data" / "multiyear").glob("*.txt"))


@pytest.fixture(scope="module")
def sample_graph(driver: object, test_settings: Settings) -> object:
    """The test database holding the sample report and its invented follow-ups."""
    from kg.build import build_rows
    from kg.extract.pipeline import Extractor
    from kg.store.writer import wipe_test_database, write_document

    wipe_test_database(driver, test_settings)  # refuses anything but the test server
    extractor = Extractor(test_settings)
    for path in [SAMPLE, *FOLLOW_UPS]:
        write_document(driver, test_settings, build_rows(extractor.extract_path(path)))
    return driver


def kernel_env(settings: Settings) -> dict[str, str]:
    """This process's environment with the test server's connection settings."""
    return os.environ | {
        "KG_NEO4J_URI": settings.neo4j_uri, "KG_NEO4J_USER": settings.neo4j_user,
        "KG_NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "KG_NEO4J_DATABASE": settings.neo4j_database}


def outputs_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", "") + out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def readme_command() -> list[str]:
    """The notebook command of the README's "Analyst notebook" section, as a word list."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"`(\.venv/bin/jupyter [^`]+)`", text)
    assert found, "the README gives no notebook command"
    return shlex.split(found.group(1).replace("\n", " "))


@pytest.fixture(scope="module")
def executed(sample_graph: object, test_settings: Settings, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[nbformat.NotebookNode, Path]:
    """The README's command run in a copy of the checkout's layout; the kernel writes its plot
    beside the notebook (nbconvert runs it in the notebook's folder)."""
    workdir = tmp_path_factory.mktemp("notebook")
    (workdir / "notebooks").mkdir()
    shutil.copy(NOTEBOOK, workdir / "notebooks" / NOTEBOOK.name)
    cmd = readme_command()
    out = workdir / "executed.ipynb"
    cmd[0] = str(PROJECT_ROOT / cmd[0])  # .venv/bin/jupyter of this checkout
    cmd[cmd.index("--output") + 1] = str(out)
    done = subprocess.run(cmd, cwd=workdir, env=kernel_env(test_settings), capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return nbformat.read(out, as_version=4), workdir / "notebooks"


def test_notebook_runs_without_errors(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    nb, _ = executed
    errors = [out for cell in nb.cells for out in cell.get("outputs", []) if out.output_type == "error"]
    assert errors == []


def test_notebook_runs_answers_each_question(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    text = outputs_text(executed[0])
    for marker in ("GRAPH:", "SEARCH:", "PROJECTS of", "TARGETS around", "PROMISED vs REPORTED:",
                   "CONNECTED:", "CENTRAL:", "FONT:", "PLOT:", "TARGETS vs RESULTS:", "TIMELINE:"):
        assert marker in text, marker
    # The sample report has a district that set targets, and companies in the entity graph.
    assert "targets," in text and " 0 targets" not in text
    assert "Company" in text


def test_notebook_runs_writes_the_plot(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    for name in ("central_entities.png", "targets_results.png"):
        plot = executed[1] / "notebook_output" / name
        assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name


def test_notebook_runs_compares_targets_with_later_results(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    text = outputs_text(executed[0])
    line = next(x for x in text.splitlines() if x.startswith("TARGETS vs RESULTS:"))
    assert " met" in line and " missed" in line  # the follow-ups answer the earlier targets
    timeline = next(x for x in text.splitlines() if x.startswith("TIMELINE:"))
    assert "from 3 reports" in timeline


def test_notebook_is_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")
