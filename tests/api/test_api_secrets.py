"""The Neo4j password never shows in errors or logs (CLI and API); defaults listen on loopback only."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.main import create_app
from kg.config import PROJECT_ROOT, Settings
from kg.server.layout import Instance, render_conf

WRONG_PASSWORD = "Wr0ng-Pa55word-XYZ"
# A user the server does not know: Neo4j locks a user for a few seconds after 3 failed logins, and
# locking the real test user would break the tests that run next. The refusal is the same.
WRONG_USER = "policykg-nobody"


def _assert_clean(text: str) -> None:
    assert WRONG_PASSWORD not in text
    assert "Traceback" not in text and 'File "' not in text
    assert "[E202]" in text and "KG_NEO4J_PASSWORD" in text  # says what to do


@pytest.mark.neo4j
def test_api_secrets_cli_wrong_password_is_one_clean_line(neo4j_server: Settings) -> None:
    env = {**os.environ, "KG_NEO4J_USER": WRONG_USER, "KG_NEO4J_PASSWORD": WRONG_PASSWORD,
           "KG_LOG_LEVEL": "DEBUG"}  # even debug logging must not print it
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "stats"], env=env, cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    _assert_clean(proc.stdout + proc.stderr)


@pytest.mark.neo4j
def test_api_secrets_503_body_and_log_hide_the_password(neo4j_server: Settings, caplog) -> None:
    settings = neo4j_server.model_copy(update={"neo4j_user": WRONG_USER,
                                               "neo4j_password": SecretStr(WRONG_PASSWORD)})
    with caplog.at_level(logging.DEBUG), TestClient(create_app(settings)) as c:
        r = c.get("/api/v1/stats")
    assert r.status_code == 503
    _assert_clean(r.text)
    assert WRONG_PASSWORD not in caplog.text and "Traceback" not in caplog.text


def test_api_secrets_settings_repr_hides_the_password() -> None:
    s = Settings(neo4j_password=WRONG_PASSWORD, api_key="k-123456", read_api_key="r-123456")
    for text in (repr(s), str(s), s.model_dump_json()):
        assert WRONG_PASSWORD not in text and "k-123456" not in text and "r-123456" not in text


def test_api_secrets_defaults_bind_to_loopback_only(tmp_path) -> None:
    fields = Settings.model_fields
    assert fields["api_host"].default == "127.0.0.1"
    assert fields["neo4j_bolt_host"].default == "127.0.0.1"
    assert fields["neo4j_uri"].default.startswith("bolt://127.0.0.1:")
    defaults = Settings.model_construct(neo4j_data_dir=tmp_path / "inst")  # defaults, not the environment
    conf = dict(line.split("=", 1) for line in render_conf(defaults, Instance.of(defaults)).splitlines()
                if line and not line.startswith("#"))
    addresses = {k: v for k, v in conf.items() if k.endswith(("listen_address", "advertised_address"))}
    assert len(addresses) >= 4
    assert all(v.split(":")[0] == "127.0.0.1" for v in addresses.values()), addresses
