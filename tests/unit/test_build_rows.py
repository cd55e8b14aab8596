"""kg.build: ExtractionResult -> graph rows (pure, no database)."""

from __future__ import annotations

from kg.build import GAZETTEER, build_rows, metric_id, sentence_id
from kg.models import Entity, ExtractionResult, Relation


def _by_id(rows, kind: str) -> dict:
    return {r.id: r for r in getattr(rows, kind)}


def test_build_rows_is_deterministic(result_a: ExtractionResult) -> None:
    assert build_rows(result_a).model_dump() == build_rows(result_a).model_dump()


def test_build_rows_document_and_provenance(result_a: ExtractionResult) -> None:
    rows = build_rows(result_a)
    assert rows.document.id == "qinghe-2021" and rows.document.sha256 == result_a.document.raw_sha256
    assert [s.id for s in rows.sentences][:2] == ["qinghe-2021:s0", "qinghe-2021:s1"]
    assert {s.section_id for s in rows.sentences} == {"qinghe-2021:h0", "qinghe-2021:h1"}
    assert rows.sections[0].path == ["一、2020年工作回顾"] and rows.sections[0].period == "2020"


def test_build_rows_entity_ids_default_to_type_and_name(result_a: ExtractionResult) -> None:
    ents = _by_id(build_rows(result_a), "entities")
    assert ents["District:青禾区"].aliases == ["青禾"]
    assert ents["District:青禾区"].code == "419901"
    assert ents["Project:青禾数字产业园项目"].aliases_text == "青禾数字产业园"


def test_build_rows_keeps_resolved_ids(result_a: ExtractionResult) -> None:
    result_a.entities[0] = result_a.entities[0].model_copy(update={"id": "district:411602"})
    ents = _by_id(build_rows(result_a), "entities")
    assert "district:411602" in ents and "District:青禾区" not in ents


def test_build_rows_mentions_point_at_sentences(result_a: ExtractionResult) -> None:
    rows = build_rows(result_a)
    mentions = [m for m in rows.mentions if m.entity_id == "Company:星河智造"]
    assert [(m.sentence_id, m.text) for m in mentions] == [(sentence_id("qinghe-2021", 1), "星河智造")]
    text = result_a.document.text
    assert all(text[m.start:m.end] == m.text for m in rows.mentions)


def test_build_rows_relations_carry_evidence(result_a: ExtractionResult) -> None:
    rels = {(r.type, r.head_id, r.tail_id): r for r in build_rows(result_a).relations}
    r = rels[("PARTICIPATES_IN", "Company:星河智造", "Project:青禾数字产业园项目")]
    assert r.sentence_ids == ["qinghe-2021:s1"] and "星河智造入驻" in r.evidence and r.source == "text"


def test_build_rows_relation_ends_resolve_through_aliases(result_a: ExtractionResult) -> None:
    result_a.relations.append(Relation(type="PARTICIPATES_IN", head="星河", tail="青禾数字产业园", sentence=1))
    rels = [r for r in build_rows(result_a).relations if r.type == "PARTICIPATES_IN"]
    assert len(rels) == 1  # merged with the relation stated by full names


def test_build_rows_skips_relation_to_unknown_entity(result_a: ExtractionResult) -> None:
    result_a.relations.append(Relation(type="LOCATED_IN", head="无名项目", tail="青禾区", sentence=0))
    rows = build_rows(result_a)
    assert any("无名项目" in reason for reason in rows.skipped)
    assert not any(r.head_id.endswith("无名项目") for r in rows.relations)


def test_build_rows_creates_typed_relation_ends(result_a: ExtractionResult) -> None:
    result_a.relations.append(Relation(type="PART_OF", head="东村", tail="石桥街道", sentence=4))
    rows = build_rows(result_a)
    assert "District:东村" in _by_id(rows, "entities")  # PART_OF only links districts


def test_build_rows_gazetteer_parents_become_part_of(result_a: ExtractionResult) -> None:
    rows = build_rows(result_a)
    rels = {(r.type, r.head_id, r.tail_id): r for r in rows.relations}
    gaz = rels[("PART_OF", "District:石桥街道", "District:青禾区")]
    assert gaz.source == GAZETTEER and gaz.sentence_ids == []
    stated = rels[("PART_OF", "District:柳塘村", "District:石桥街道")]  # both stated and in the gazetteer
    assert stated.source == "text" and stated.sentence_ids == ["qinghe-2021:s4"]
    assert "District:云州市" in _by_id(rows, "entities")


def test_build_rows_metrics_link_indicator_sentence_and_district(result_a: ExtractionResult) -> None:
    rows = build_rows(result_a)
    assert len(rows.metrics) == 3
    target = next(m for m in rows.metrics if m.kind == "target")
    assert target.indicator_id == "Indicator:地区生产总值"
    assert target.sentence_id == "qinghe-2021:s5" and target.qualifier == "左右"
    assert "预期增长7%" in result_a.document.sentences[5].text
    assert target.about_id == "District:青禾区"  # the reporting district, named in the title


def test_build_rows_metric_ids_are_stable_and_distinct(result_a: ExtractionResult) -> None:
    ids = [metric_id("qinghe-2021", m) for m in result_a.metrics]
    assert len(set(ids)) == 3 and ids == [metric_id("qinghe-2021", m) for m in result_a.metrics]
    assert metric_id("other-doc", result_a.metrics[0]) != ids[0]


def test_build_rows_metric_names_its_own_district(result_b: ExtractionResult) -> None:
    result_b.metrics[0].district = "松岭县"
    rows = build_rows(result_b)
    assert rows.metrics[0].about_id == "District:松岭县"


def test_build_rows_indicator_entity_created_for_new_indicator(result_b: ExtractionResult) -> None:
    result_b.metrics[0].indicator = "城镇新增就业"
    assert "Indicator:城镇新增就业" in _by_id(build_rows(result_b), "entities")


def test_build_rows_drops_mentions_outside_the_document(result_b: ExtractionResult) -> None:
    result_b.entities.append(Entity.model_validate(
        {"type": "Person", "name": "无名", "mentions": [{"text": "无名", "start": 0, "end": 2, "sentence": 99,
                                                       "type": "Person"}]}))
    rows = build_rows(result_b)
    assert not [m for m in rows.mentions if m.entity_id == "Person:无名"]
    assert any("无名" in reason for reason in rows.skipped)
