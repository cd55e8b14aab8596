"""Fuzzing the text pipeline (document_from_text + Extractor, rules only) with hypothesis.

Any text either becomes an ExtractionResult whose offsets are consistent, or is refused
with a KGError (InputError); nothing else may escape. Bounded: ~200 examples.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.ingest import document_from_text, to_original

# Pieces that drive the extractor's rules: headings, numbers, units, suffixes, punctuation.
FRAGMENTS = ["一、", "（一）", "2020年", "2021年", "工作回顾", "工作安排", "地区生产总值", "增长", "完成",
             "亿元", "万元", "%", "左右", "以上", "区", "县", "镇", "村", "人民政府", "有限公司", "集团",
             "项目", "产业园", "建设", "签约", "合作", "，", "。", "；", "、", "：", "“", "”", "（", "）",
             "\n", "\n\n", " ", "\u3000", "\t", "6.59", "１２．５", "二〇二一", "同比", "下降", "青禾", "松风"]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ANY = st.characters(blacklist_categories=("Cs",))
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(CJK, max_size=8), st.text(ANY, max_size=4)),
                max_size=80).map("".join)

RAN = {"cases": 0, "refused": 0}


def _check(result) -> None:  # noqa: ANN001
    doc = result.document
    n = len(doc.text)
    prev_end = 0
    for i, s in enumerate(doc.sentences):
        assert s.index == i and prev_end <= s.start < s.end <= n and doc.text[s.start : s.end] == s.text
        prev_end = s.end
    for sec in doc.sections:
        assert 0 <= sec.start <= sec.end <= n
    for e in result.entities:
        for m in e.mentions:
            assert 0 <= m.start < m.end <= n and doc.text[m.start : m.end] == m.text
    for m in result.metrics:
        assert m.sentence is None or 0 <= m.sentence < len(doc.sentences)
    for r in result.relations:
        assert 0 <= r.sentence < len(doc.sentences)
    originals = [to_original(doc, k) for k in range(0, n + 1, max(1, n // 20))]
    assert originals == sorted(originals)  # cleaning never reorders text


@pytest.mark.filterwarnings("ignore")
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_extract_fuzz_text_never_crashes(rules_extractor, text: str) -> None:
    RAN["cases"] += 1
    try:
        doc = document_from_text(text, doc_id="fuzz")
    except KGError:
        RAN["refused"] += 1
        return
    _check(rules_extractor.extract(doc))


def test_extract_fuzz_text_ran_the_cases() -> None:
    """Runs after the fuzz test (file order): the bounded run really exercised the pipeline."""
    assert RAN["cases"] >= 100 and RAN["cases"] - RAN["refused"] >= 20, RAN
