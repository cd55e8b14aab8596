"""The offset map: every clean character points back at the character it came from."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest import document_from_text, to_original
from kg.ingest.clean import clean_text

RAW = (
    "政 府 工 作 报 告\n\n各位代表：\n\n一、2020年工作回顾\n\n全区 3000 多名党员干部闻令而动。农村人居环境\n\n"
    "境整治全面开展，一般公共预算收入累计完成 6. 59 亿元，增长２．５％。\n— 3 —\n"
)


def test_clean_offsets_point_at_the_same_characters() -> None:
    t = clean_text(RAW)
    for i, ch in enumerate(t.text):
        if ch != "\n":
            assert RAW[t.orig[i]] == ch or ch.isascii(), (i, ch)


def test_clean_offsets_to_original_maps_numbers_and_names() -> None:
    doc = document_from_text(RAW)
    for word in ("3000多名", "6.59亿元", "境整治", "政府工作报告"):
        start = doc.text.index(word)
        orig = to_original(doc, start)
        assert RAW[orig] == word[0]
    start = doc.text.index("面开展")
    assert RAW[to_original(doc, start) :].startswith("面开展")


def test_clean_offsets_map_is_sorted_and_sparse() -> None:
    doc = document_from_text(RAW)
    cleans = [c for c, _ in doc.offset_map]
    assert cleans == sorted(cleans)
    assert len(doc.offset_map) < len(doc.text)


def test_clean_offsets_identity_for_clean_text() -> None:
    text = "地区生产总值完成292亿元。\n固定资产投资完成103.4亿元。"
    doc = document_from_text(text)
    assert doc.text == text
    assert all(to_original(doc, i) == i for i in range(len(text) + 1))


CHUNKS = st.sampled_from(
    [
        "地区生产总值",
        "完成",
        "292",
        " ",
        "  ",
        "\n",
        "\n\n",
        "。",
        "，",
        "；",
        "“六稳”",
        "（草案）",
        "6. 59",
        "２０２０",
        "％",
        "**",
        "— 3 —\n",
        "境",
        "人人",
        "and",
        "?",
        "\u200b",
        "\t",
        "一、",
        "（一）",
        "川 汇",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(CHUNKS, max_size=40).map("".join))
def test_clean_offsets_are_monotonic_and_in_range(raw: str) -> None:
    t = clean_text(raw)
    assert len(t.orig) == len(t.text) + 1
    assert all(0 <= o <= len(raw) for o in t.orig)
    assert list(t.orig) == sorted(t.orig)
