"""The gazetteer links a name only where the report's jurisdiction supports it (issue 12).

A tiny invented gazetteer: the report's province 青禾省 (code 99), a far one 远海特区 (98) with a
division 南区 that is unique nationally, and a county whose village shares a town's stem."""

from __future__ import annotations

from kg.extract.entities import DocView, _pick_division, _unambiguous_subdivisions
from kg.extract.gazetteer import Division, Gazetteer
from tests.conftest import make_result

PROVINCE = Division("青禾省", 0, "990000", "青禾", None, None, "青禾省")
CITY = Division("云州市", 1, "990100", "云州", "青禾省", "990000", "青禾省")
COUNTY = Division("松岭县", 2, "990101", "松岭", "云州市", "990100", "青禾省")
FAR = Division("远海特区", 0, "980000", "远海", None, None, "远海特区")
SOUTH = Division("南区", 2, "980001", "南区", "远海特区", "980000", "远海特区")


def _gaz() -> Gazetteer:
    gaz = Gazetteer()
    for d in (PROVINCE, CITY, COUNTY, FAR, SOUTH):
        gaz.by_code[d.code or ""] = d
        gaz.by_name.setdefault(d.name, []).append(d)
    return gaz


def _view(line: str) -> DocView:
    r = make_result("songling-2022", "松岭县2022年政府工作报告", [("一、工作", "2022", [line])], [], [], [])
    return DocView(doc=r.document, tokens=[], gaz=_gaz(), jurisdiction=COUNTY, chain=[COUNTY, CITY, PROVINCE])


def test_gazetteer_no_code_from_a_province_the_report_does_not_name() -> None:
    assert _pick_division(_view("推动南区、北区协同发展。"), "南区") is None


def test_gazetteer_code_when_the_report_names_the_province() -> None:
    assert _pick_division(_view("与远海特区南区开展合作。"), "南区") == SOUTH


def test_gazetteer_own_chain_always_links() -> None:
    view = _view("云州市松岭县加快发展。")
    assert _pick_division(view, "云州市") == CITY and view.named_provinces() == frozenset({"99"})


def test_gazetteer_ambiguous_village_names_get_no_parent() -> None:
    towns = [Division("鹿鸣街道", 3, None, None, "松岭县", "990101"),
             Division("竹溪街道", 3, None, None, "松岭县", "990101")]
    villages = [Division("鹿鸣村", 4, None, None, "竹溪街道"),  # no town's name starts with it: kept
                Division("鹿鸣", 4, None, None, "竹溪街道"),  # the town 鹿鸣街道 starts with it
                Division("白石村", 4, None, None, "鹿鸣街道"), Division("白石村", 4, None, None, "竹溪街道")]
    names = _unambiguous_subdivisions([*towns, *villages])
    assert set(names) == {"鹿鸣街道", "竹溪街道", "鹿鸣村"}
