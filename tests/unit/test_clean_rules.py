"""Each cleaning rule, on real sentences of the 2021 Chuanhui report."""

from __future__ import annotations

import pytest

from kg.ingest.clean import clean_text


def clean(text: str) -> str:
    return clean_text(text).text


def test_clean_joins_sentence_broken_across_page() -> None:
    raw = "我们坚持稳中求进工作总基调，深入贯彻新发展理念，拼搏进取、奋力赶超，办\n\n成了一批事关全区长远发展的大事要事。"
    assert (
        clean(raw)
        == "我们坚持稳中求进工作总基调，深入贯彻新发展理念，拼搏进取、奋力赶超，办成了一批事关全区长远发展的大事要事。"
    )


def test_clean_removes_character_repeated_across_page_break() -> None:
    raw = "老旧小区改造分步实施，农村人居环境\n\n境整治全面开展，33个行政村全部实现社会化保洁。"
    assert clean(raw) == "老旧小区改造分步实施，农村人居环境整治全面开展，33个行政村全部实现社会化保洁。"


@pytest.mark.parametrize("word", ["常常", "人人", "层层"])
def test_clean_keeps_real_doubled_characters_at_break(word: str) -> None:
    first, second = word[0], word[1]
    raw = f"加快构建人人有责、{first}\n{second}尽责的社会治理共同体。"
    assert f"{first}{second}尽责" in clean(raw)


def test_clean_keeps_doubled_characters_inside_a_line() -> None:
    raw = "加快构建人人有责、人人尽责、人人享有的社会治理共同体。"
    assert clean(raw) == raw


def test_clean_does_not_join_after_sentence_end() -> None:
    raw = "形成了全民参与、共战疫情的良好氛围。\n\n——聚焦主导产业、招商引资，项目建设快速推进。"
    assert clean(raw) == "形成了全民参与、共战疫情的良好氛围。\n——聚焦主导产业、招商引资，项目建设快速推进。"


def test_clean_does_not_join_into_heading() -> None:
    raw = "实现上述目标，要着力做好六个方面工作\n（一）树牢发展理念，壮大经济实力。"
    assert clean(raw).split("\n")[1] == "（一）树牢发展理念，壮大经济实力。"


def test_clean_keeps_front_matter_lines_apart() -> None:
    raw = (
        "政 府 工 作 报 告\n\n——2021年9月12日在川汇区第十五届人民代表大会\n第五次会议上\n\n"
        "川汇区人民政府代区长 胡友涛\n\n各位代表："
    )
    assert clean(raw).split("\n") == [
        "政府工作报告",
        "——2021年9月12日在川汇区第十五届人民代表大会第五次会议上",
        "川汇区人民政府代区长胡友涛",
        "各位代表：",
    ]


def test_clean_salutation_without_colon_stays_its_own_line() -> None:
    raw = "各位代表\n\n2020年是“十三五”规划收官之年。"
    assert clean(raw) == "各位代表\n2020年是“十三五”规划收官之年。"


@pytest.mark.parametrize("footer", ["— 3 —", "- 12 -", "12", "第 3 页", "第3页 共20页", "3/20", "－ 7 －"])
def test_clean_drops_page_number_lines(footer: str) -> None:
    raw = f"释放三产动能。围绕居民就业、消费需求，把抓三产作为稳\n{footer}\n经济、保民生、促就业的有力途径。"
    assert (
        clean(raw) == "释放三产动能。围绕居民就业、消费需求，把抓三产作为稳经济、保民生、促就业的有力途径。"
    )


def test_clean_drops_running_header_repeated_on_pages() -> None:
    body = "全年外出招商82批次，接待客商108批次。"
    raw = "\n".join(["川汇区政府工作报告", body] * 3)
    assert clean(raw) == "\n".join([body] * 3)


def test_clean_keeps_repeated_salutation() -> None:
    raw = "各位代表！\n站在新起点。\n各位代表！\n奋斗成就梦想。\n各位代表！\n实干创造未来！"
    assert clean(raw).count("各位代表！") == 3


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("全区 3000 多名党员干部闻令而动", "全区3000多名党员干部闻令而动"),
        ("一般公共预算收入累计完成 6. 59 亿元", "一般公共预算收入累计完成6.59亿元"),
        ("川 汇 区人民政府", "川汇区人民政府"),
        ("比上年增长 2.5 %", "比上年增长2.5%"),
        ("优良天数、PM2.5、PM10 三项指标", "优良天数、PM2.5、PM10三项指标"),
    ],
)
def test_clean_removes_spaces_in_numbers_and_between_chinese(raw: str, want: str) -> None:
    assert clean(raw) == want


def test_clean_keeps_space_between_latin_words() -> None:
    assert clean("引进 Hong Kong Land 项目") == "引进Hong Kong Land项目"


def test_clean_normalises_fullwidth_digits_letters_percent_only() -> None:
    raw = "地区生产总值完成２９２亿元，增长４．３％；依托ＡＰＰ平台：（试点）“五城联创”。"
    assert clean(raw) == "地区生产总值完成292亿元，增长4.3%；依托APP平台：（试点）“五城联创”。"


def test_clean_makes_halfwidth_punctuation_fullwidth_in_chinese() -> None:
    raw = "各位代表:\n我代表区人民政府,向大会报告工作;平安单位(村、社区)创建活动!"
    assert clean(raw) == "各位代表：\n我代表区人民政府，向大会报告工作；平安单位（村、社区）创建活动！"


def test_clean_keeps_halfwidth_punctuation_inside_numbers() -> None:
    assert clean("投资6,000万元，8:30开馆") == "投资6,000万元，8:30开馆"


def test_clean_removes_control_and_zero_width_characters() -> None:
    raw = "\ufeff筑友智造\u200b8月底\x07实现投产。\r\n筑工科技完成15万平方米厂房建设。"
    assert clean(raw) == "筑友智造8月底实现投产。\n筑工科技完成15万平方米厂房建设。"


def test_clean_drops_stray_english_word_between_chinese() -> None:
    raw = "建立土壤环境信息化管理平台 and 预警网络，加强土壤质量监测。"
    assert clean(raw) == "建立土壤环境信息化管理平台预警网络，加强土壤质量监测。"


def test_clean_keeps_latin_acronyms() -> None:
    raw = "依托手机APP平台实现线上线下连接，统筹做好D级危房征迁，加快推进5G建设。"
    assert clean(raw) == raw


def test_clean_removes_markdown_bold_and_footnote_markers() -> None:
    raw = "还存在一些突出问题：**一是综合实力不强**。区委“1336”发展战略〔1〕，紧盯目标。"
    assert clean(raw) == "还存在一些突出问题：一是综合实力不强。区委“1336”发展战略，紧盯目标。"


def test_clean_drops_lost_character_marks_in_web_copies() -> None:
    assert clean("天心区人民政府区长? 黄?滔") == "天心区人民政府区长黄滔"


def test_clean_is_idempotent_on_the_excerpt(excerpt: str) -> None:
    once = clean(excerpt)
    assert clean(once) == once


@pytest.fixture
def excerpt() -> str:
    from pathlib import Path

    return (Path(__file__).parent.parent / "data" / "chuanhui_excerpt.txt").read_text(encoding="utf-8")


def test_clean_indented_line_opens_a_paragraph() -> None:
    raw = "\u3000\u3000全力招商引资。围绕主导产业招商引资，坚持大员招商\n、全员招商。\n\u3000\u3000推进项目建设。树牢鲜明导向。"
    assert (
        clean(raw)
        == "全力招商引资。围绕主导产业招商引资，坚持大员招商、全员招商。\n推进项目建设。树牢鲜明导向。"
    )


def test_clean_heading_with_body_continues_on_next_line() -> None:
    raw = "（一）树牢发展理念，壮大经济实力。找准路径，发挥优势，紧盯重点产业、\n谋划重点项目。"
    assert clean(raw) == "（一）树牢发展理念，壮大经济实力。找准路径，发挥优势，紧盯重点产业、谋划重点项目。"


def test_clean_sample_layout_is_not_taken_for_wrapped_text(excerpt: str) -> None:
    from kg.ingest.clean import wrap_width

    assert wrap_width(excerpt) is None


def test_clean_full_wrapped_line_ending_a_sentence_continues() -> None:
    from kg.ingest.clean import wrap_width

    body = "围绕主导产业、优势产业、传统产业招商引资，坚持大员招商、全员招商。" * 8
    lines = [body[i : i + 30] for i in range(0, len(body), 30)]
    raw = "\n".join(lines)
    assert wrap_width(raw) == 30
    assert clean(raw) == body


def test_clean_keeps_doubled_character_at_ordinary_line_wrap() -> None:
    raw = (
        "加快推进新型城镇化，基本实现社会主义现代化，稳步推进产业转型升级和城市更新，实\n实在在为群众办好事。"
    )
    assert "实实在在" in clean(raw)
    raw2 = "围绕主导产业强化项目招引，持续优化营商环境，推进交通运输、仓储物流等产业做大做强，促进企\n业转型升级。"
    assert "促进企业转型升级" in clean(raw2)


def test_clean_keeps_shared_character_of_two_words_at_page_break() -> None:
    raw = "坚持稳中求进工作总基调，深入贯彻新发展理念，加快推进经济社会高质量发展，基本实现\n\n现代化。"
    assert "基本实现现代化。" in clean(raw)


def test_clean_keeps_numbers_a_pdf_put_on_lines_of_their_own() -> None:
    # some text layers give every number a span (line) of its own; they are not page numbers
    raw = ("全年粮食产量达到\n86\n亿斤，全县生产总值增长\n5.8%\n左右，新建学校\n12\n所，"
           "减免税费\n27\n亿元。")
    assert clean(raw) == "全年粮食产量达到86亿斤，全县生产总值增长5.8%左右，新建学校12所，减免税费27亿元。"


def test_clean_still_drops_a_lone_page_number_before_a_unit_word() -> None:
    raw = "围绕居民就业、消费需求，把抓三产作为\n12\n年度工作的重点。"
    assert clean(raw) == "围绕居民就业、消费需求，把抓三产作为年度工作的重点。"
