"""`kg compare` and `kg timeline` as a user runs them (a subprocess) against the test Neo4j, on the
invented 青禾区 reports of 2021 and 2022 (tests/conftest.py): the same answer as the API, one line
per comparison or value, --json in the API's item shape, one-line errors."""

from __future__ import annotations

import json

import pytest

from kg.config import Settings
from tests.reliability.support import cli_env, run_kg

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def env(loaded_graph: object, neo4j_server: Settings) -> dict[str, str]:
    return cli_env(neo4j_server)


def test_cli_compare_pairs_the_target_with_the_later_report_s_result(env: dict[str, str]) -> None:
    r = run_kg(env, "compare", "--indicator", "GDP", "--district", "青禾区", "--period", "2021", "--json")
    assert r.returncode == 0, r.stderr
    items = json.loads(r.stdout)
    growth = next(i for i in items if i["measure"] == "growth")
    assert growth["indicator"] == "地区生产总值" and growth["verdict"] == "met"
    assert (growth["target"]["value"], growth["actual"]["value"]) == (7.0, 7.5)
    assert growth["actual"]["doc_id"] == "qinghe-2022"
    text = run_kg(env, "compare", "--indicator", "GDP", "--district", "青禾区", "--period", "2021")
    line = next(ln for ln in text.stdout.splitlines() if "\tgrowth\t" in ln)
    assert "目标 7%左右" in line and "完成 7.5%" in line and "\tmet\t" in line
    assert "qinghe-2021 → qinghe-2022" in line


def test_cli_timeline_lists_every_value_of_the_indicator(env: dict[str, str]) -> None:
    r = run_kg(env, "timeline", "--indicator", "GDP", "--district", "青禾区", "--json")
    assert r.returncode == 0, r.stderr
    items = json.loads(r.stdout)
    assert len(items) == 4 and [(m["period"], m["kind"]) for m in items][-2:] == [("2021", "target"), ("2021", "actual")]
    assert "4 value(s)" in run_kg(env, "timeline", "--indicator", "GDP").stderr


@pytest.mark.parametrize(("args", "code"), [(("compare", "--indicator", "没有这个指标"), "E281"),
                                            (("compare", "--period", "二〇二一"), "E280"),
                                            (("compare", "--verdict", "maybe"), "E283"),
                                            (("timeline", "--indicator", "GDP", "--district", "没有这个区"), "E282")])
def test_cli_compare_errors_are_one_line(env: dict[str, str], args: tuple[str, ...], code: str) -> None:
    r = run_kg(env, *args)
    assert r.returncode != 0
    assert r.stderr.strip().count("\n") == 0 and code in r.stderr, r.stderr
