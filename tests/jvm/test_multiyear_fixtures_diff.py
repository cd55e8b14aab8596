"""The documents diff on three years of one district: the sample report (2021) and the invented
2022 and 2023 fixture reports (tests/data/multiyear), extracted with HanLP and loaded into the real
test Neo4j. What is new, dropped and kept is checked against what the fixture texts say.

Names are written here only where the fixtures invent them; what the sample report also names is
checked by shape (a company kept through all three years, the phases of one park), not by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from kg.build import build_rows
from kg.config import PROJECT_ROOT, Settings
from kg.extract.pipeline import Extractor
from kg.store.reader import GraphReader
from kg.store.writer import write_document
from tests.conftest import wipe

pytestmark = [pytest.mark.jvm, pytest.mark.neo4j]

REPORTS = {"y2021": PROJECT_ROOT / "data" / "sample" / "chuanhui-2021-government-work-report.txt",
           "y2022": PROJECT_ROOT / "tests" / "data" / "multiyear" / "chuanhui-2022-fixture.txt",
           "y2023": PROJECT_ROOT / "tests" / "data" / "multiyear" / "chuanhui-2023-fixture.txt"}


@pytest.fixture(scope="module")
def diffs(hanlp_extractor: Extractor, driver: object, neo4j_server: Settings) -> Iterator[dict[str, dict]]:
    wipe(driver, neo4j_server)
    for doc_id, path in REPORTS.items():
        write_document(driver, neo4j_server, build_rows(hanlp_extractor.extract_path(path, doc_id=doc_id)))
    reader = GraphReader(driver, neo4j_server)  # type: ignore[arg-type]
    yield {"21-22": reader.diff("y2021", "y2022"), "22-23": reader.diff("y2022", "y2023")}


def _ids(items: list[dict]) -> set[str]:
    return {i["id"] for i in items}


def _target(items: list[dict], indicator: str, measure: str, period_b: str | None = None) -> dict:
    found = [t for t in items if (t["indicator"], t["measure"]) == (indicator, measure)
             and (period_b is None or (t["b"] or t["a"])["period"] == period_b)]
    assert len(found) == 1, (indicator, measure, [(t["a"], t["b"]) for t in items if t["indicator"] == indicator])
    return found[0]


def test_multiyear_diff_every_item_has_its_sentence_on_each_side(diffs: dict[str, dict]) -> None:
    for d in diffs.values():
        assert d["a"]["district_id"] == d["b"]["district_id"] == "District:411602"
        for part in ("projects", "companies"):
            for what in ("new", "dropped", "kept"):
                for item in d[part][what]:
                    for side in ("a", "b"):
                        name = item[f"name_{side}"]
                        if name is not None:
                            ev = item[f"evidence_{side}"]
                            assert ev["doc_id"] == d[side]["id"] and name in ev["sentence"], item
        for what in ("new", "dropped", "kept"):
            for t in d["targets"][what]:
                for side in ("a", "b"):
                    if t[side] is not None:
                        assert t[side]["evidence"]["doc_id"] == d[side]["id"], t


def test_multiyear_diff_2021_to_2022_targets(diffs: dict[str, dict]) -> None:
    t = diffs["21-22"]["targets"]
    gdp = _target(t["kept"], "地区生产总值", "growth", "2022")
    assert (gdp["a"]["period"], gdp["b"]["value"], gdp["b"]["qualifier"]) == ("2021", 7.5, "左右")
    assert "生产总值增长7.5%左右" in gdp["b"]["evidence"]["sentence"]
    revenue = _target(t["kept"], "一般公共预算收入", "growth", "2022")
    assert (revenue["b"]["value"], revenue["b"]["qualifier"]) == (6, "以上")
    assert _target(t["kept"], "城镇新增就业", "count")["b"]["value"] == 4500
    assert _target(t["kept"], "规模以上工业增加值", "growth")["b"]["value"] == 8
    by_2025 = _target(t["kept"], "地区生产总值", "level", "2025")  # 到2025年 in both reports
    assert (by_2025["a"]["period"], by_2025["b"]["value"], by_2025["changed"]) == ("2025", 500, False)
    invest = {(x["about"] or {}).get("id"): x["b"]["value"] for x in t["new"] if x["indicator"].endswith("总投资")}
    assert invest == {"Project:川汇区/颍川智能装备产业园": 18, "Project:川汇区/沙河湾冷链物流中心": 6.5}


def test_multiyear_diff_2021_to_2022_projects_and_companies(diffs: dict[str, dict]) -> None:
    d = diffs["21-22"]
    assert {"Project:川汇区/颍川智能装备产业园", "Project:川汇区/沙河湾冷链物流中心"} <= _ids(d["projects"]["new"])
    assert {"Company:周口恒拓新材料", "Company:豫东云数科技"} <= _ids(d["companies"]["new"])
    phases = [p["id"] for p in d["projects"]["new"] if re.search("[一二三]期$", p["id"])]
    assert len({re.sub("[一二三]期$", "", i) for i in phases}) < len(phases)  # two phases of one park, apart
    assert d["companies"]["kept"], "a company both reports name"


def test_multiyear_diff_2022_to_2023_projects(diffs: dict[str, dict]) -> None:
    p = diffs["22-23"]["projects"]
    kept = {i["id"]: i for i in p["kept"]}
    park = kept["Project:川汇区/颍川智能装备产业园"]  # with 项目 in 2022, without it in 2023
    assert (park["name_a"], park["name_b"], park["renamed"]) == ("颍川智能装备产业园项目", "颍川智能装备产业园", True)
    assert any(i["name_a"] == i["name_b"] and i["name_b"].endswith("二期") for i in p["kept"])  # a phase 2 kept
    assert "Project:周口锦程光电产业园" in _ids(p["new"])
    assert "Project:川汇区/沙河湾冷链物流中心" in _ids(p["dropped"])  # 2023 does not name it
    new_phase3 = {re.sub("三期$", "", i["name"]) for i in p["new"] if i["name"].endswith("三期")}
    old_phase2 = {re.sub("二期$", "", i["name"]) for i in p["dropped"] if i["name"].endswith("二期")}
    assert new_phase3 & old_phase2  # phase 3 of a project starts, its phase 2 is no longer named: not merged


def test_multiyear_diff_2022_to_2023_companies(diffs: dict[str, dict]) -> None:
    c = diffs["22-23"]["companies"]
    kept = {i["id"]: i for i in c["kept"]}
    firm = kept["Company:周口恒拓新材料"]  # 有限公司 in 2022, 公司 in 2023
    assert (firm["name_a"], firm["name_b"]) == ("周口恒拓新材料有限公司", "周口恒拓新材料公司")
    assert "Company:周口锦程光电科技" in _ids(c["new"])
    assert "Company:豫东云数科技" in _ids(c["dropped"])
    through = _ids(c["kept"]) & _ids(diffs["21-22"]["companies"]["kept"])
    assert len(through) == 1  # the one firm all three reports name


def test_multiyear_diff_2022_to_2023_targets(diffs: dict[str, dict]) -> None:
    t = diffs["22-23"]["targets"]
    gdp = _target(t["kept"], "地区生产总值", "growth", "2023")
    assert (gdp["a"]["value"], gdp["b"]["value"], gdp["b"]["qualifier"]) == (7.5, 7, "左右")
    assert _target(t["kept"], "规模以上工业增加值", "growth")["b"]["value"] == 7.5  # 规上 in 2023
    jobless = _target(t["kept"], "城镇登记失业率", "share")
    assert (jobless["a"]["value"], jobless["b"]["value"], jobless["changed"]) == (4.5, 4.5, False)
    span = _target(t["new"], "地区生产总值", "growth", "2021-2025")  # 十四五 restated in 2023 only
    assert (span["b"]["value"], span["b"]["qualifier"]) == (8, "以上")
    dropped_invest = {(x["about"] or {}).get("id") for x in t["dropped"] if x["indicator"].endswith("总投资")}
    assert "Project:川汇区/颍川智能装备产业园" in dropped_invest
