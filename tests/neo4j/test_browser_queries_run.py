"""The saved Browser queries (schemas/browser/queries.cypher) run against a loaded graph.

The file is parsed the way Browser runs a pasted block: ``:param name => 'literal';``
lines set parameters that later statements see, every other statement is Cypher.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT, Settings
from kg.models import ExtractionResult
from tests.conftest import make_result

QUERIES = PROJECT_ROOT / "schemas" / "browser" / "queries.cypher"
STYLE = PROJECT_ROOT / "schemas" / "browser" / "style.grass"
PARAM = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+)$")
LABELS = ("District", "Location", "Project", "Company", "Organization", "Person", "Indicator",
          "Industry", "Policy", "Metric", "Document", "Section", "Sentence")


def statements(path: Path) -> list[str]:
    """Statements of a Browser script: comment lines dropped, split on a ';' that ends a line."""
    code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("//"))
    return [s.strip() for s in re.split(r";\s*$", code, flags=re.M) if s.strip()]


def run_script(driver: object, path: Path) -> list[tuple[str, list[dict]]]:
    params: dict[str, object] = {}
    results = []
    for stmt in statements(path):
        m = PARAM.match(stmt)
        if m:  # the examples only set plain literals
            params[m.group(1)] = ast.literal_eval(m.group(2).strip())
            continue
        with driver.session() as s:  # type: ignore[attr-defined]
            results.append((stmt, s.run(stmt, params).data()))
    return results


def grass_rules(path: Path) -> dict[str, dict[str, str]]:
    """GraSS as Browser's parser reads it: selector { key: value; ... } with no comments."""
    rules = {}
    text = path.read_text(encoding="utf-8")
    for selector, body in re.findall(r'([\w.]+)\s*\{((?:"[^"]*"|[^}"])*)\}', text):
        props = [p.split(":", 1) for p in body.split(";") if p.strip()]
        rules[selector] = {k.strip(): v.strip().strip('"') for k, v in props}
    return rules


@pytest.fixture(scope="module")
def browser_graph(loaded_graph: object, test_settings: Settings) -> object:
    """Reports A and B plus a third naming a second agency, so that two agencies can be linked."""
    from kg.build import build_rows
    from kg.store.writer import write_document

    write_document(loaded_graph, test_settings, build_rows(report_c()))
    return loaded_graph


def report_c() -> ExtractionResult:
    sections = [("一、2022年工作安排", "2022", ["青禾区发展和改革委员会与远山集团签订合作协议。"])]
    entities = [{"type": "Organization", "name": "青禾区发展和改革委员会", "aliases": ["区发改委"]},
                {"type": "Company", "name": "远山集团"}]
    relations = [("COOPERATES_WITH", "青禾区发展和改革委员会", "远山集团", 0)]
    return make_result("qinghe-2023", "青禾区2023年政府工作报告", sections, entities, relations, [])


def test_browser_queries_every_block_returns_rows(browser_graph: object) -> None:
    results = run_script(browser_graph, QUERIES)
    assert len(results) == 12
    empty = [stmt.splitlines()[0] for stmt, rows in results if not rows]
    # The hand-made reports have a district target and its actual in the next report,
    # a company in a project, two agencies tied through a company: every example finds something.
    assert not empty, f"queries that returned nothing: {empty}"


def test_browser_queries_agencies_connect_through_a_company(browser_graph: object) -> None:
    rows = dict(run_script(browser_graph, QUERIES))
    paths = next(r for stmt, r in rows.items() if "shortestPath" in stmt)
    names = [n.get("name") for n in paths[0]["p"] if isinstance(n, dict)]
    assert names == ["青禾区人民政府", "远山集团", "青禾区发展和改革委员会"] or \
        names == ["青禾区发展和改革委员会", "远山集团", "青禾区人民政府"]


def test_browser_queries_targets_meet_actuals(browser_graph: object) -> None:
    rows = dict(run_script(browser_graph, QUERIES))
    compare = next(r for stmt, r in rows.items() if "AS targets" in stmt)
    first = compare[0]
    assert first["targets"] and first["actuals"]
    assert first["period"] == "2021" and first["targets"] == ["左右 7%"] and first["actuals"] == ["7.5%"]


def test_browser_queries_targets_have_verdicts(browser_graph: object) -> None:
    rows = dict(run_script(browser_graph, QUERIES))
    verdicts = next(r for stmt, r in rows.items() if "AS verdict" in stmt)
    answered = next(r for r in verdicts if r["period"] == "2021")
    assert (answered["target"], answered["result"], answered["verdict"]) == ("左右 7%", "7.5%", "met")
    assert answered["target_report"] == "qinghe-2021" and answered["result_report"] == "qinghe-2022"
    assert "7%左右" in answered["rule"]


def test_browser_style_gives_every_label_a_colour_and_caption() -> None:
    rules = grass_rules(STYLE)
    for label in LABELS:
        rule = rules[f"node.{label}"]
        assert rule["color"].startswith("#") and rule["caption"], label
    assert rules["node.Metric"]["caption"] == "{indicator} {value_text}{unit}"
    assert rules["node.District"]["caption"] == "{name}"
    assert rules["node.Document"]["caption"] == rules["node.Section"]["caption"] == "{title}"
    colours = [rules[f"node.{label}"]["color"] for label in LABELS]
    assert len(set(colours)) == len(LABELS)


@pytest.mark.parametrize("forbidden", ["//", "/*"])
def test_browser_style_has_no_comments(forbidden: str) -> None:
    # Browser's GraSS parser has no comment syntax: a comment would become part of a selector.
    assert forbidden not in STYLE.read_text(encoding="utf-8")


def test_browser_queries_show_the_co_mention_layer(browser_graph: object) -> None:
    rows = dict(run_script(browser_graph, QUERIES))
    layer = next(r for stmt, r in rows.items() if "r:CO_MENTIONED" in stmt)
    edges = [x for row in layer for x in row["p"] if isinstance(x, str)]
    assert layer and set(edges) == {"CO_MENTIONED"}
