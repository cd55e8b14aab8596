"""kg.extract.hanlp_adapter.parse_rendered: HanLP's rendered term list back to offsets (no JVM)."""

from __future__ import annotations

from kg.extract.hanlp_adapter import Token, parse_rendered


def test_hanlp_parse_rendered_offsets_cover_the_text() -> None:
    toks = parse_rendered("川汇区 发展", "[川汇区/ns,  /w, 发展/vn]")
    assert toks == [Token("川汇区", "ns", 0, 3), Token(" ", "w", 3, 4), Token("发展", "vn", 4, 6)]


def test_hanlp_parse_rendered_keeps_separators_inside_words() -> None:
    toks = parse_rendered("3/4, 5", "[3/4/m, , /w, 5/m]")
    assert [(t.word, t.nature) for t in toks] == [("3/4", "m"), (", ", "w"), ("5", "m")]


def test_hanlp_parse_rendered_misaligned_rest_is_one_unknown_token() -> None:
    toks = parse_rendered("甲乙丙", "[甲/n, 丁/n]")
    assert toks == [Token("甲", "n", 0, 1), Token("乙丙", "x", 1, 3)]
