"""neo4j.conf and JVM command of a local instance; port checks. No JVM is started."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from kg.config import Settings
from kg.errors import ServerError
from kg.server import start, status
from kg.server.layout import ENTRY_POINT, Instance, render_conf, server_command


def _settings(tmp_path: Path, **kw: object) -> Settings:
    base: dict[str, object] = {"neo4j_data_dir": tmp_path / "inst", "neo4j_home": tmp_path / "home"}
    return Settings.model_validate(base | kw)


def _conf(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return dict(pairs)


def test_server_conf_uses_the_instance_ports_and_dirs(tmp_path: Path) -> None:
    s = _settings(tmp_path, neo4j_bolt_port=7699, neo4j_http_port=7499)
    inst = Instance.of(s)
    conf = _conf(render_conf(s, inst))
    assert conf["server.bolt.listen_address"] == "127.0.0.1:7699"
    assert conf["server.bolt.advertised_address"] == "127.0.0.1:7699"
    assert conf["server.http.listen_address"] == "127.0.0.1:7499"
    assert conf["server.directories.data"] == str(inst.root / "data")
    assert conf["server.directories.lib"] == str(inst.home / "lib")


def test_server_conf_is_loopback_with_auth_and_no_usage_reports(tmp_path: Path) -> None:
    s = _settings(tmp_path, neo4j_heap="384m", neo4j_pagecache="64m")
    conf = _conf(render_conf(s, Instance.of(s)))
    assert conf["server.default_listen_address"] == "127.0.0.1"
    assert conf["dbms.security.auth_enabled"] == "true"
    assert conf["dbms.usage_report.enabled"] == "false"
    assert conf["server.memory.heap.max_size"] == "384m"
    assert conf["server.memory.pagecache.size"] == "64m"


def test_server_conf_never_holds_the_password(tmp_path: Path) -> None:
    s = _settings(tmp_path, neo4j_password="very-secret-pw")
    assert "very-secret-pw" not in render_conf(s, Instance.of(s))


def test_server_command_names_its_instance_and_heap(tmp_path: Path) -> None:
    s = _settings(tmp_path, neo4j_heap="256m")
    inst = Instance.of(s)
    cmd = server_command("java", s, inst)
    assert ENTRY_POINT in cmd and "-Xmx256m" in cmd
    assert f"--config-dir={inst.conf_dir}" in cmd
    assert f"-Dpolicykg.instance={inst.root}" in cmd


def test_server_status_of_a_never_started_instance(tmp_path: Path) -> None:
    info = status(_settings(tmp_path))
    assert not info.running and info.pid is None and info.version is None


def test_server_start_refuses_a_taken_port(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServerError, match=rf"\[E251\] Port {port} on 127.0.0.1"):
            start(_settings(tmp_path, neo4j_bolt_port=port))


def test_server_conf_limits_what_a_read_query_can_reach(tmp_path: Path) -> None:
    # Anyone with read access sends Cypher: no server files or URLs for LOAD CSV (SSRF), and one
    # transaction's memory is capped (the writer's 20-report batches peaked at 65 MB).
    conf = _conf(render_conf(_settings(tmp_path), Instance.of(_settings(tmp_path))))
    assert conf["dbms.security.allow_csv_import_from_file_urls"] == "false"
    assert conf["internal.dbms.cypher_ip_blocklist"] == "0.0.0.0/0,::/0"
    assert conf["db.memory.transaction.max"] == "160m"
    assert _conf(render_conf(_settings(tmp_path, neo4j_tx_memory_max="1g"),
                             Instance.of(_settings(tmp_path))))["db.memory.transaction.max"] == "1g"
