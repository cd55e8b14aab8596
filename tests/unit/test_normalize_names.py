"""kg.extract.normalize: the evaluation key and name clean-ups."""

from kg.extract.normalize import clean_person, norm, quoted_core, strip_draft


def test_normalize_norm_drops_quotes_spaces_and_widths() -> None:
    assert norm("“放管服”改革") == "放管服改革"
    assert norm("ＰＭ２.５") == "pm2.5"
    assert norm("魏 宇") == "魏宇"
    assert norm(None) == ""


def test_normalize_quoted_core_and_draft_marker() -> None:
    assert quoted_core("“万人助万企”活动") == "万人助万企"
    assert quoted_core("乡村振兴") is None
    assert strip_draft("发展规划纲要（草案）") == "发展规划纲要"


def test_normalize_person_debris_removed() -> None:
    assert clean_person("黄?滔") == "黄滔"
