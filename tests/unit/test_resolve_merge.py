"""kg.extract.resolve: span selection, alias merging and canonical ids (pure, no models)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.resolve import Jurisdiction, org_key, resolve, select_spans


@dataclass
class C:
    start: int
    end: int
    type: str
    source: str = "rule"
    score: float = 0.8
    name: str | None = None
    aliases: list[str] = field(default_factory=list)
    code: str | None = None
    parent: str | None = None
    nested_ok: bool = False


JUR = Jurisdiction(name="川汇区", level="区", forms={"川汇区", "川汇", "周口市川汇区"},
                   scopes={"区": "川汇区", "市": "周口市", "省": "河南省"},
                   places={"川汇区", "周口市", "周口", "河南省"})


def test_resolve_longest_span_wins_over_nested_span() -> None:
    kept = select_spans([C(0, 3, "District", nested_ok=False), C(0, 7, "Organization")])
    assert [(k.start, k.end) for k in kept] == [(0, 7)]


def test_resolve_nested_district_survives_inside_organisation() -> None:
    kept = select_spans([C(0, 3, "District", nested_ok=True), C(0, 7, "Organization")])
    assert {(k.start, k.end) for k in kept} == {(0, 3), (0, 7)}


def test_resolve_crossing_spans_keep_the_longer() -> None:
    kept = select_spans([C(0, 4, "Project"), C(2, 8, "Project")])
    assert [(k.start, k.end) for k in kept] == [(2, 8)]


def test_resolve_org_key_scopes_relative_and_full_names() -> None:
    assert org_key("区委", JUR) == ("区", "委")
    assert org_key("中共川汇区委", JUR) == ("区", "委")
    assert org_key("川汇区第十五届人民代表大会", JUR) == ("区", "人大")
    assert org_key("周口市人民政府", JUR) is None
    assert org_key("市委", JUR) == ("市", "委")


def test_resolve_relative_parent_organ_is_scoped_to_parent_city() -> None:
    text = "在市委的领导下"
    ents = resolve([C(1, 3, "Organization")], text, [0], JUR)
    assert ents[0].id == "Organization:周口市/市委"


def test_resolve_place_prefixed_name_absorbs_bare_form() -> None:
    text = "周口高新区建设，高新区发展"
    ents = resolve([C(0, 5, "District"), C(8, 11, "District")], text, [0], JUR)
    assert len(ents) == 1 and ents[0].name == "周口高新区" and ents[0].aliases == ["高新区"]
    assert len(ents[0].mentions) == 2


def test_resolve_district_with_code_gets_code_id() -> None:
    ents = resolve([C(0, 3, "District", code="411602", parent="周口市")], "川汇区", [0], JUR)
    assert ents[0].id == "District:411602" and ents[0].parent == "周口市"


def test_resolve_project_with_and_without_xiangmu_are_one() -> None:
    text = "荷花商城项目开工，荷花商城建成"
    ents = resolve([C(0, 6, "Project"), C(9, 13, "Project")], text, [0], JUR)
    assert len(ents) == 1 and ents[0].name == "荷花商城项目" and ents[0].aliases == ["荷花商城"]


def test_resolve_bare_form_with_two_place_prefixed_names_stays_apart() -> None:
    # 周口高新区 and 川汇高新区 both prefix 高新区: which one it means is unknown, so no merge
    text = "周口高新区建设，川汇高新区建设，高新区发展"
    spans = [C(0, 5, "Organization"), C(8, 13, "Organization"), C(16, 19, "Organization")]
    ents = resolve(spans, text, [0], JUR)
    assert sorted(e.name for e in ents) == ["周口高新区", "川汇高新区", "高新区"]
