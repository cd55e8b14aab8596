"""`pip install .` works outside the repository: the wheel carries the schema, the pipeline spec,
the poms, the sample and the web page, and an installed `kg` builds the sample's graph and
serves it (API, /ui/, /docs) from a directory that is not a checkout.

The virtualenv is new and holds only the wheel; the third-party packages it imports come from
the project's environment through a path entry (no network, and not the checkout's code: the
editable install's import hook is not loaded that way).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT, Settings
from kg.resources import CONSTRAINTS, EXTRACT_PIPELINE, INDICATOR_SYNONYMS, NEO4J_POM, ONTOLOGY, SAMPLE_REPORT
from tests.reliability.support import free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.jvm, pytest.mark.slow]


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False, **kw)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{cmd}: {done.stdout[-2000:]} {done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
         str(PROJECT_ROOT)])
    return next(out.glob("policykg-*.whl"))


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv") / "env"
    run([sys.executable, "-m", "venv", "--without-pip", str(root)])
    python = root / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)])
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "zz_policykg_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return root


def test_wheel_install_carries_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (ONTOLOGY, CONSTRAINTS, INDICATOR_SYNONYMS, EXTRACT_PIPELINE, NEO4J_POM, SAMPLE_REPORT):
        assert f"kg/data/{name}" in names, name
    assert {"api/static/ui/index.html", "api/static/ui/app.js", "api/static/ui/vendor/cytoscape.min.js",
            "api/static/ui/vendor/cytoscape.LICENSE"} <= names


def test_wheel_install_builds_and_serves_the_sample_outside_the_repository(
        venv: Path, graph: object, test_settings: Settings, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | {
        "KG_NEO4J_URI": test_settings.neo4j_uri, "KG_NEO4J_USER": test_settings.neo4j_user,
        "KG_NEO4J_PASSWORD": test_settings.neo4j_password.get_secret_value(),
        "KG_JAVA_LIB_DIR": str(test_settings.java_lib_dir), "KG_RATE_LIMIT_PER_MINUTE": "0"}
    where = run([str(venv / "bin/python"), "-c", "import kg, api; print(kg.__file__); print(api.__file__)"],
                cwd=tmp_path, env=env).stdout.split()
    assert all(Path(w).is_relative_to(venv) for w in where), where  # the wheel's code, not the checkout's
    sample = Path(run([str(venv / "bin/python"), "-c", "from kg.resources import data_path, SAMPLE_REPORT; "
                       "print(data_path(SAMPLE_REPORT))"], cwd=tmp_path, env=env).stdout.strip())
    assert sample.is_relative_to(venv)
    built = run([str(venv / "bin/kg"), "build", str(sample)], cwd=tmp_path, env=env)
    assert ": created" in built.stdout
    port = free_port()
    run([str(venv / "bin/kg"), "serve", "--background", "--port", str(port)], cwd=tmp_path, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(base + "/api/v1/stats", timeout=30) as resp:
            stats = json.load(resp)
        assert stats["labels"]["Document"] == 1 and stats["labels"]["District"] > 0
        with urllib.request.urlopen(base + "/api/v1/browse/districts?limit=1", timeout=30) as resp:
            assert json.load(resp)["data"][0]["targets"] > 0
        with urllib.request.urlopen(base + "/ui/", timeout=30) as resp:
            assert "PolicyKG" in resp.read().decode()
        with urllib.request.urlopen(base + "/docs", timeout=30) as resp:
            assert "/static-offline-docs/swagger-ui-bundle.js" in resp.read().decode()
        assert (tmp_path / ".cache" / f"api-{port}.pid").is_file()  # state in the working directory
    finally:
        run([str(venv / "bin/kg"), "serve", "--stop", "--port", str(port)], cwd=tmp_path, env=env)
