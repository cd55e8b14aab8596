"""kg.extract.lists: a list that holds a Company is a list of companies (invented firms)."""

from __future__ import annotations

from kg.extract.lists import complete_company_lists
from tests.conftest import make_result


def _run(line: str, entities: list[dict]) -> dict[str, object]:
    r = make_result("songling-2022", "松岭县2022年政府工作报告", [("一、工作", "2022", [line])], entities, [], [])
    return {e.name: e for e in complete_company_lists(r.document, r.entities)}


def test_lists_bare_items_beside_a_company_are_companies() -> None:
    out = _run("招商成果丰硕，青松、华岳、星河智造等一批项目落地。", [{"type": "Company", "name": "星河智造"}])
    assert out["华岳"].type == "Company" and out["华岳"].mentions[0].text == "华岳"
    assert "青松" not in out  # the first item's left edge is unknown: only a known suffix counts


def test_lists_first_item_by_its_known_suffix() -> None:
    out = _run("立足云杉产业园，发挥星河智造、华岳等平台优势。", [{"type": "Company", "name": "星河智造"},
                                                     {"type": "Project", "name": "云杉产业园"}])
    assert out["华岳"].type == "Company"


def test_lists_brand_of_a_place_named_project() -> None:
    out = _run("以星河智造、海川松岭分拨中心为龙头。", [{"type": "Company", "name": "星河智造"},
                                              {"type": "Project", "name": "海川松岭分拨中心"},
                                              {"type": "District", "name": "松岭"}])
    assert out["海川"].type == "Company"


def test_lists_without_a_company_change_nothing() -> None:
    out = _run("推进青松、华岳、白云等片区改造。", [{"type": "Location", "name": "白云"}])
    assert set(out) == {"白云"}
