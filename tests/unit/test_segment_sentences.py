"""Sentence splitting: Chinese sentence ends, quotes and brackets, long enumerations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import document_from_text
from kg.ingest.segment import MAX_SENTENCE


def sentences(text: str) -> list[str]:
    return [s.text for s in document_from_text(text).sentences]


def test_segment_splits_at_chinese_sentence_ends() -> None:
    text = "2020年是极不平凡的一年。面对疫情冲击，经济持续恢复向好！这是为什么？"
    assert sentences(text) == ["2020年是极不平凡的一年。", "面对疫情冲击，经济持续恢复向好！", "这是为什么？"]


def test_segment_never_splits_decimal_numbers() -> None:
    text = "一般公共预算收入累计完成6.59亿元，比上年增长2.5%，税收占比71.4%。"
    assert sentences(text) == [text]


def test_segment_never_splits_inside_quotes_or_brackets() -> None:
    text = (
        "集中纠治“门好进。脸好看！事难办？”等突出问题。"
        "全面开展平安单位（村。社区）创建活动。严格落实《考核管理办法。》要求。"
    )
    assert sentences(text) == [
        "集中纠治“门好进。脸好看！事难办？”等突出问题。",
        "全面开展平安单位（村。社区）创建活动。",
        "严格落实《考核管理办法。》要求。",
    ]


def test_segment_quoted_sentence_ends_after_closing_quote() -> None:
    text = "群众说：“办事更方便了。”我们将继续努力。"
    assert sentences(text) == ["群众说：“办事更方便了。”", "我们将继续努力。"]


def test_segment_unclosed_quote_does_not_glue_the_paragraph() -> None:
    text = "实施“三大改造项目20个。完成投资18.5亿元。"
    assert sentences(text) == ["实施“三大改造项目20个。", "完成投资18.5亿元。"]


def test_segment_splits_long_sentence_at_semicolons() -> None:
    clause = (
        "加强扬尘治理，落实施工工地“六个百分百”机制，完善“三员”监管台账，严查渣土车辆带泥上路等违法违规行为"
    )
    text = "；".join([clause] * 4) + "。"
    got = sentences(text)
    assert len(got) > 1
    assert all(len(s) <= MAX_SENTENCE for s in got)
    assert "".join(got) == text
    assert all(s.endswith(("；", "。")) for s in got)


def test_segment_keeps_short_semicolon_sentence_whole() -> None:
    text = "地区生产总值完成292亿元；一般公共预算收入累计完成6.59亿元，比上年增长2.5%。"
    assert sentences(text) == [text]


def test_segment_paragraph_end_ends_a_sentence() -> None:
    doc = document_from_text("各位代表：\n我代表川汇区人民政府向大会报告工作，请予审议")
    assert [s.text for s in doc.sentences] == ["各位代表：", "我代表川汇区人民政府向大会报告工作，请予审议"]
    assert [s.paragraph for s in doc.sentences] == [0, 1]


def test_segment_heading_line_is_its_own_sentence() -> None:
    doc = document_from_text("一、2020年工作回顾和“十三五”主要成就\n2020年是极不平凡的一年。")
    assert doc.sentences[0].text == "一、2020年工作回顾和“十三五”主要成就"
    assert doc.sentences[0].section == 0 and doc.sentences[1].section == 0


def test_segment_run_in_heading_is_its_own_sentence() -> None:
    doc = document_from_text(
        "（一）树牢发展理念，壮大经济实力。\n全力招商引资。围绕主导产业招商引资，全年引进亿元以上项目10个。"
    )
    texts = [s.text for s in doc.sentences]
    assert texts[:3] == [
        "（一）树牢发展理念，壮大经济实力。",
        "全力招商引资。",
        "围绕主导产业招商引资，全年引进亿元以上项目10个。",
    ]
    assert doc.sections[doc.sentences[2].section].title == "全力招商引资"


def check_invariants(text: str) -> None:
    try:
        doc = document_from_text(text)
    except InputError:
        return  # not enough Chinese text: refused as a whole, nothing returned
    prev_end = 0
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert doc.text[s.start : s.end] == s.text
        assert s.start >= prev_end and s.end > s.start
        prev_end = s.end
        if s.section is not None:
            sec = doc.sections[s.section]
            assert sec.start <= s.start < sec.end


PIECES = st.sampled_from(
    [
        "地区生产总值完成292亿元",
        "增长6.59%",
        "，",
        "。",
        "；",
        "！",
        "？",
        "“",
        "”",
        "（",
        "）",
        "《",
        "》",
        "\n",
        "\n\n",
        " ",
        "一、",
        "（一）",
        "1.",
        "全力招商引资。",
        "一是",
        "——",
        "2021年工作安排",
        "各位代表",
        "人",
        "常",
        "6. 59",
        "and",
        "A",
        "**",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_segment_invariants_hold_for_report_like_text(text: str) -> None:
    check_invariants(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_segment_invariants_hold_for_any_text(text: str) -> None:
    check_invariants("地区生产总值" + text)


def test_segment_invariants_hold_on_the_excerpt() -> None:
    from pathlib import Path

    text = (Path(__file__).parent.parent / "data" / "chuanhui_excerpt.txt").read_text(encoding="utf-8")
    check_invariants(text)
