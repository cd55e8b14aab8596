"""`kg build` / `kg extract` on folders an attacker (or an untidy archive) hands over: files of the
same name in different folders, and a bad file among good ones. Each report must load under its
own id, and a bad file must not cost the good ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reliability.support import cli_env, run_kg

pytestmark = pytest.mark.neo4j

# Invented districts (not in the gold set): one report per district and year.
PLACES = ["青禾区", "松风县", "柳塘镇", "石桥区", "云州区", "白沙县", "鹿鸣区", "金溪县"]


def _report(place: str, year: int, gdp: int) -> str:
    return (f"{place}{year}年政府工作报告\n一、{year - 1}年工作回顾\n{year - 1}年，全区地区生产总值完成{gdp}亿元，"
            f"比上年增长4.1%。全年新增城镇就业5200人。\n二、{year}年工作安排\n{year}年，地区生产总值预期增长7%左右。\n")


def _documents(driver, settings) -> dict[str, str]:  # noqa: ANN001
    with driver.session(database=settings.neo4j_database) as s:
        return {r["id"]: r["source"] for r in s.run("MATCH (d:Document) RETURN d.id AS id, d.source AS source")}


def test_cli_build_same_file_name_in_two_folders_loads_both(graph, neo4j_server, tmp_path: Path) -> None:
    """d/2021/report.txt and d/2022/report.txt were one Document that every rebuild swapped."""
    for year, gdp in ((2021, 310), (2022, 335)):
        (tmp_path / "d" / str(year)).mkdir(parents=True)
        (tmp_path / "d" / str(year) / "report.txt").write_text(_report("青禾区", year, gdp), encoding="utf-8")
    env = cli_env(neo4j_server)
    done = run_kg(env, "build", tmp_path / "d")
    assert done.returncode == 0, done.stderr
    docs = _documents(graph, neo4j_server)
    assert set(docs) == {"2021-report", "2022-report"}
    assert docs["2021-report"].endswith("2021/report.txt") and docs["2022-report"].endswith("2022/report.txt")
    again = run_kg(env, "build", tmp_path / "d")
    assert again.returncode == 0 and again.stdout.count(": unchanged") == 2, again.stdout


def test_cli_build_same_id_from_two_arguments_reported(graph, neo4j_server, tmp_path: Path) -> None:
    """Two files given by name, both 'report': both load, under longer ids, and the clash is said."""
    for folder, place in (("a", "青禾区"), ("b", "松风县")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(_report(place, 2021, 300), encoding="utf-8")
    done = run_kg(cli_env(neo4j_server), "build", tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt")
    assert done.returncode == 0, done.stderr
    assert set(_documents(graph, neo4j_server)) == {"a-report", "b-report"}
    notes = [ln for ln in done.stderr.splitlines() if ln.startswith("note:")]
    assert len(notes) == 1 and "'report'" in notes[0] and "'a-report', 'b-report'" in notes[0], done.stderr


def test_cli_build_single_file_keeps_its_stem(graph, neo4j_server, sample_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "青禾区-2021.txt"
    target.write_text(_report("青禾区", 2021, 310), encoding="utf-8")
    assert run_kg(cli_env(neo4j_server), "build", target).returncode == 0
    assert set(_documents(graph, neo4j_server)) == {"青禾区-2021"}


def test_cli_build_bad_files_in_folder_load_every_good_one(graph, neo4j_server, tmp_path: Path) -> None:
    """A bad file in the middle of a batch (KG_WRITE_BATCH_DOCS=3) used to stop the build there."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, place in enumerate(PLACES[:7]):
        (folder / f"r{i}.txt").write_text(_report(place, 2021, 300 + i), encoding="utf-8")
    (folder / "r3-empty.txt").write_bytes(b"")
    (folder / "r5-broken.docx").write_bytes(b"PK\x03\x04" + bytes(300))
    done = run_kg(cli_env(neo4j_server, KG_WRITE_BATCH_DOCS="3"), "build", folder)
    assert done.returncode == 1
    errors = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr and len(errors) == 3, done.stderr
    assert errors[0].startswith("error: [E002]") and "r3-empty.txt" in errors[0]
    assert errors[1].startswith("error: [E006]") and "r5-broken.docx" in errors[1]
    assert errors[2].startswith("error: [E015] 2 of 9 input file(s) failed")
    assert set(_documents(graph, neo4j_server)) == {f"r{i}" for i in range(7)}
    assert done.stdout.count(": created") == 7


def test_cli_extract_folder_one_json_per_report(tmp_path: Path, neo4j_server) -> None:
    """Output files are named by document id: same-name reports no longer overwrite each other."""
    for year in (2021, 2022):
        (tmp_path / "d" / str(year)).mkdir(parents=True)
        (tmp_path / "d" / str(year) / "report.txt").write_text(_report("青禾区", year, 300), encoding="utf-8")
    (tmp_path / "d" / "empty.txt").write_bytes(b"")
    done = run_kg(cli_env(neo4j_server), "extract", tmp_path / "d", "--out", tmp_path / "out")
    assert done.returncode == 1 and "[E002]" in done.stderr and "[E015] 1 of 3" in done.stderr, done.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["2021-report.json", "2022-report.json"]
    texts = {json.loads((tmp_path / "out" / n).read_text(encoding="utf-8"))["doc_id"] for n in written}
    assert texts == {"2021-report", "2022-report"}
