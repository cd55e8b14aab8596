"""The extract_relations contract: evidence, dedup, types, robustness to odd input.

Sentences come from the sample report (shared/corpus/chuanhui-2021-government-work-report.txt).
"""

from __future__ import annotations

import re

from relations_support import make_doc

from kg.extract.admin import level_of_name
from kg.extract.relations import extract_relations
from kg.models import RELATION_TYPES, Document, Entity, Mention

SAMPLE = (
    "川汇区人民政府代区长 胡友涛\n"
    "我代表川汇区人民政府向大会报告工作，请予审议。\n"
    "围绕筑工、筑友绿色装配式建筑产业拉长产业链条，做大做强建筑业。"
    "力争三年内培育形成绿色装配式建筑产业集群，围绕筑工、筑友绿色装配式建筑产业延链补链。"
)
SPEC = {"川汇区人民政府": "Organization", "胡友涛": "Person", "川汇区": "District",
        "筑工": "Company", "筑友": "Company", "绿色装配式建筑产业": "Industry", "建筑业": "Industry"}


def make_entities(doc: Document, spec: dict[str, str]) -> list[Entity]:
    out = []
    for name, etype in spec.items():
        e = Entity(type=etype, name=name)
        for m in re.finditer(re.escape(name), doc.text):
            i = next(s.index for s in doc.sentences if s.start <= m.start() < s.end)
            e.mentions.append(Mention(text=name, start=m.start(), end=m.end(), sentence=i, type=etype))
        out.append(e)
    return out


def test_relations_every_relation_has_its_sentence_as_evidence():
    doc = make_doc(SAMPLE)
    rels = extract_relations(doc, make_entities(doc, SPEC))
    assert rels
    for r in rels:
        assert r.type in RELATION_TYPES
        assert r.sentence is not None and r.evidence == doc.sentences[r.sentence].text.strip()
        assert r.head in r.evidence or r.type == "PART_OF"
        assert 0.0 < r.confidence <= 1.0


def test_relations_are_deduplicated_on_type_head_tail():
    doc = make_doc(SAMPLE)
    rels = extract_relations(doc, make_entities(doc, SPEC))
    keys = [(r.type, r.head, r.tail) for r in rels]
    assert len(keys) == len(set(keys))
    assert ("IN_INDUSTRY", "筑友", "绿色装配式建筑产业") in keys


def test_relations_carry_head_and_tail_types():
    doc = make_doc(SAMPLE)
    rel = next(r for r in extract_relations(doc, make_entities(doc, SPEC)) if r.type == "HOLDS_POST")
    assert (rel.head, rel.head_type, rel.tail, rel.tail_type) == ("胡友涛", "Person", "川汇区人民政府", "Organization")


def test_relations_empty_inputs_give_no_relations():
    doc = make_doc(SAMPLE)
    assert extract_relations(doc, []) == []
    assert extract_relations(Document(doc_id="e", source="e", text="", raw_sha256=""), make_entities(doc, SPEC)) == []


def test_relations_ignore_mentions_outside_the_text_and_wrong_sentence_index():
    doc = make_doc(SAMPLE)
    ents = make_entities(doc, SPEC)
    for e in ents:
        for m in e.mentions:
            m.sentence = 0  # a stale sentence index: offsets must win
    ents.append(Entity(type="Person", name="某人", mentions=[Mention(text="某人", start=10_000, end=10_002,
                                                                      sentence=0, type="Person")]))
    keys = {(r.type, r.head, r.tail) for r in extract_relations(doc, ents)}
    assert ("HOLDS_POST", "胡友涛", "川汇区人民政府") in keys
    assert not any("某人" in (h, t) for _, h, t in keys)


def test_relations_never_link_types_outside_the_guidelines():
    doc = make_doc("依托胡友涛“科技企业孵化器”。")
    ents = make_entities(doc, {"胡友涛": "Person", "科技企业孵化器": "Project"})
    assert extract_relations(doc, ents) == []


def test_relations_level_reads_division_suffixes():
    # lower is larger: province < city < county < town < village
    names = ["青禾省", "云州市", "青禾区", "城北街道办事处", "柳塘村"]
    levels = [level_of_name(n) for n in names]
    assert levels == sorted(levels) and len(set(levels)) == 5
    assert level_of_name("柳塘") is None
