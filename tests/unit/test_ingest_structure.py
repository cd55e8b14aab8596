"""Section tree, report title and year, and what headings say about time."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest import document_from_text, period_of_heading

EXCERPT = Path(__file__).parent.parent / "data" / "chuanhui_excerpt.txt"


@pytest.fixture(scope="module")
def doc():
    return document_from_text(EXCERPT.read_text(encoding="utf-8"), doc_id="chuanhui-excerpt")


@pytest.mark.parametrize(
    ("title", "year", "want"),
    [
        ("一、2020年工作回顾", 2021, "2020"),
        ("2021年工作安排", 2021, "2021"),
        ("三、2021年目标任务和后几个月重点工作", 2021, "2021"),
        ("“十三五”时期工作回顾", 2021, "2016-2020"),
        ("十三五", None, "2016-2020"),
        ("二、“十四五”时期主要目标任务", 2021, "2021-2025"),
        ("二、2035年远景目标及“十四五”时期经济社会发展主要目标任务", 2021, "2021-2025"),
        ("2035年远景目标", 2021, "2035"),
        ("一、2020年工作回顾和“十三五”主要成就", 2021, "2020"),
        ("一、过去五年工作回顾", 2022, "2017-2021"),
        ("过去一年工作回顾", 2024, "2023"),
        ("二、今年工作安排", 2023, "2023"),
        ("二、今年工作安排", None, None),
        ("（一）树牢发展理念，壮大经济实力", 2021, None),
        ("第十五届人民代表大会", 2021, None),
    ],
)
def test_ingest_structure_period_of_heading(title: str, year: int | None, want: str | None) -> None:
    assert period_of_heading(title, year) == want


def test_ingest_structure_title_and_year(doc) -> None:
    assert doc.title == "政府工作报告"
    assert doc.year == 2021


@pytest.mark.parametrize(
    ("head", "year"),
    [
        ("2021年川汇区政府工作报告\n各位代表：", 2021),
        ("政府工作报告\n——2024年1月18日在牟定县第十八届人民代表大会第三次会议上", 2024),
        ("政府工作报告\n2022年1月19日\n在遂宁市安居区第五届人民代表大会第二次会议上", 2022),
        # delivered in December: the report opens the next year's session
        ("政府工作报告\n2022年12月29日在中江县第十九届人民代表大会第二次会议上", 2023),
        ("各位代表：\n一、2022年工作回顾\n二、2023年工作安排", 2023),
        ("各位代表：\n我代表区人民政府向大会报告工作。", None),
    ],
)
def test_ingest_structure_year_sources(head: str, year: int | None) -> None:
    assert document_from_text(head).year == year


def test_ingest_structure_web_title_drops_site_tags() -> None:
    doc = document_from_text("•【投资蔡甸区】2018年武汉市蔡甸区政府工作报告\n各位代表：")
    assert doc.title == "2018年武汉市蔡甸区政府工作报告"


def test_ingest_structure_numbered_sections_nest(doc) -> None:
    titles = {s.title: s for s in doc.sections}
    part = titles["三、2021年目标任务和后几个月重点工作"]
    chapter = titles["（一）树牢发展理念，壮大经济实力"]
    item = titles["全力招商引资"]
    assert (part.level, chapter.level, item.level) == (1, 2, 3)
    assert chapter.parent == part.index and item.parent == chapter.index
    assert item.path == [part.title, chapter.title, item.title]
    assert part.start <= chapter.start < item.start < item.end <= chapter.end <= part.end


def test_ingest_structure_periods_are_inherited(doc) -> None:
    titles = {s.title: s for s in doc.sections}
    assert titles["一、2020年工作回顾和“十三五”主要成就"].period == "2020"
    assert titles["——聚焦主导产业、招商引资，项目建设快速推进"].period == "2020"
    assert titles["全力招商引资"].period == "2021"


def test_ingest_structure_run_in_section_is_one_paragraph(doc) -> None:
    item = next(s for s in doc.sections if s.title == "推进项目建设")
    body = doc.text[item.start : item.end]
    assert body.startswith("推进项目建设。树牢“项目为王”鲜明导向")
    assert "\n" not in body  # page-broken halves were joined back into one paragraph


def test_ingest_structure_sentence_section_is_innermost(doc) -> None:
    s = next(s for s in doc.sentences if s.text.startswith("新型建材主导产业筑友智造8月底实现投产"))
    assert doc.section_path(s) == [
        "一、2020年工作回顾和“十三五”主要成就",
        "——聚焦主导产业、招商引资，项目建设快速推进",
    ]
    front = doc.sentences[0]
    assert front.section is None


def test_ingest_structure_ordinary_first_sentence_is_not_a_heading() -> None:
    doc = document_from_text(
        "一、2020年工作回顾\n2020年是极不平凡的一年。面对疫情冲击和经济下行压力，经济持续恢复向好。"
    )
    assert [s.title for s in doc.sections] == ["一、2020年工作回顾"]


def test_ingest_structure_sections_cover_decimal_items_correctly() -> None:
    doc = document_from_text(
        "（一）发展经济\n1.全力招商引资。全年引进项目10个。\n1.5倍的增长来自工业。\n2、推进项目建设"
    )
    assert [(s.title, s.level) for s in doc.sections] == [
        ("（一）发展经济", 1),
        ("1.全力招商引资", 2),
        ("2、推进项目建设", 2),
    ]


def test_ingest_structure_yishi_run_in_heading_opens_paragraph_section() -> None:
    doc = document_from_text(
        "二、2021年工作安排\n一是综合实力显著提高。主要经济指标年均增速高于全市平均水平。\n二是城市品质明显提升。城市功能不断完善。"
    )
    assert [(s.title, s.level, s.period) for s in doc.sections] == [
        ("二、2021年工作安排", 1, "2021"),
        ("一是综合实力显著提高", 2, "2021"),
        ("二是城市品质明显提升", 2, "2021"),
    ]
    body = doc.sentences[2]
    assert body.text == "主要经济指标年均增速高于全市平均水平。" and body.section == 1
