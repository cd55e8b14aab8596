"""`kg search` as a user runs it (a subprocess) against the test Neo4j: sentence hits with their
report and section, matches in brackets, --json in the API's shape, one-line errors."""

from __future__ import annotations

import json

import pytest

from kg.config import Settings
from tests.reliability.support import cli_env, run_kg
from tests.textsearch_support import load_reports

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def env(driver: object, neo4j_server: Settings) -> dict[str, str]:
    load_reports(driver, neo4j_server)
    return cli_env(neo4j_server)


def test_cli_search_prints_entities_and_marked_sentences(env: dict[str, str]) -> None:
    r = run_kg(env, "search", "口袋公园")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "entities: 0"
    assert lines[1] == "sentences: 1 (1 containing '口袋公园')"
    assert lines[2].strip() == "meiling-2022 > 一、2021年工作回顾"
    assert lines[3].strip() == "完成[口袋公园]改造42个，惠及居民5600户。"


def test_cli_search_json_with_filters(env: dict[str, str]) -> None:
    r = run_kg(env, "search", "食品安全", "--scope", "sentences", "--district", "539902", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"sentences"}
    hit = out["sentences"]["data"][0]
    assert hit["sentence"] == "竹溪县食品安全示范县创建通过验收。" and hit["hits"] == [{"start": 3, "end": 7}]
    assert hit["marked"] == "竹溪县<mark>食品安全</mark>示范县创建通过验收。"


@pytest.mark.parametrize(("args", "code"), [(("汛情", "--scope", "bogus"), "E298"), (("\u200b",), "E295"),
                                            (("汛情", "--district", "不存在区"), "E297")])
def test_cli_search_errors_are_one_line(env: dict[str, str], args: tuple[str, ...], code: str) -> None:
    r = run_kg(env, "search", *args)
    assert r.returncode == 1 and r.stderr.startswith(f"error: [{code}]") and r.stderr.count("\n") == 1, r.stderr
