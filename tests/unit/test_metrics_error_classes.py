"""Metric error classes seen on reports from other provinces, each on invented sentences.

Places, numbers and wording are made up; each test names the class it guards.
"""

from kg.extract.metrics import extract_metrics, find_figures, metrics_from_sentence
from kg.ingest import document_from_text


def rows(text: str, *, hint: str | None = None, year: int = 2024, kind: str | None = None) -> list[tuple]:
    ms = metrics_from_sentence(text, period_hint=hint, year=year, kind_hint=kind)
    return [(m.indicator, m.kind, m.measure, m.value, m.unit) for m in ms]


# ------------------------------------------------ "分别…X和Y": values joined by 和

def test_values_joined_by_he_go_to_the_listed_names_in_order() -> None:
    s = "城乡居民人均可支配收入分别达到41235元和19876元，分别增长6.2%和7.4%。"
    assert rows(s, hint="2023") == [
        ("城镇居民人均可支配收入", "actual", "level", 41235.0, "元"),
        ("农村居民人均可支配收入", "actual", "level", 19876.0, "元"),
        ("城镇居民人均可支配收入", "actual", "growth", 6.2, "%"),
        ("农村居民人均可支配收入", "actual", "growth", 7.4, "%"),
    ]


def test_no_indicator_is_named_he() -> None:
    s = "全年接待游客人次、旅游总花费分别增长18.3%和21.7%。"
    got = rows(s, hint="2023")
    assert [r[0] for r in got] == ["接待游客人次", "旅游总花费"]
    assert all(r[2] == "growth" for r in got)


def test_a_counted_noun_after_he_still_names_the_figure() -> None:
    s = "新建村级卫生室12所和乡镇养老院3所。"
    assert [r[0] for r in rows(s, hint="2023")][:1] != ["和"]


# ------------------------------------------------ comparison basis is never an indicator

def test_same_basis_words_are_not_an_indicator() -> None:
    s = "税收收入86.4亿元、同口径增长4.3%，非税收入21亿元、按可比口径下降2.6%。"
    assert rows(s, hint="2023") == [
        ("税收收入", "actual", "level", 86.4, "亿元"), ("税收收入", "actual", "growth", 4.3, "%"),
        ("非税收入", "actual", "level", 21.0, "亿元"), ("非税收入", "actual", "growth", -2.6, "%"),
    ]


def test_price_rise_is_growth_and_stays_out_of_the_name() -> None:
    assert rows("全市居民消费价格上涨1.6%。", hint="2023") == [("居民消费价格", "actual", "growth", 1.6, "%")]


# ------------------------------------------------ units

def test_units_of_grain_power_and_livestock() -> None:
    got = {(f.value, f.unit) for f in find_figures(
        "粮食产量38.6亿斤，全社会用电量72亿度，出栏生猪与肉羊共计85.5万头只，开行班列46列，新增业务12类。")}
    assert got == {(38.6, "亿斤"), (72.0, "亿度"), (85.5, "万头只"), (46.0, "列"), (12.0, "类")}


def test_bare_degrees_are_not_a_unit() -> None:
    assert find_figures("冬季最低气温零下28度，供暖温度不低于18度。") == []


# ------------------------------------------------ page furniture of a copied web page

def test_page_furniture_is_never_a_metric() -> None:
    for s in ("来源：某市政府网 | 发布时间：2024-02-06 | 3862次浏览 | 分享到：",
              "发布日期：2023-01-30    来源：某某日报    访问量：15873次",
              "点击数：2741次  字号：大 中 小  打印本页"):
        assert rows(s) == [], s


# ------------------------------------------------ 预计到<last year> is an estimate of a result

def test_estimate_for_the_year_under_review_is_an_actual() -> None:
    s = "预计到2023年末，全县地区生产总值实现318亿元，增长6.8%；一般公共预算收入完成12.5亿元。"
    got = metrics_from_sentence(s, period_hint=None, year=2024)
    assert [(m.kind, m.period) for m in got] == [("actual", "2023")] * 3


def test_estimate_for_a_future_year_stays_a_target() -> None:
    s = "预计到2027年，全县地区生产总值达到400亿元。"
    got = metrics_from_sentence(s, period_hint=None, year=2024)
    assert [(m.kind, m.period) for m in got] == [("target", "2027")]


# ------------------------------------------------ counted achievements keep the text's words

def test_counted_achievement_keeps_its_words_in_order() -> None:
    s = "全镇18个自然村全部实现污水集中处理，9条乡村道路年度养护到位。"
    assert [r[0] for r in rows(s, hint="2023", kind="actual")] == ["自然村全部实现污水集中处理",
                                                                   "乡村道路年度养护到位"]


# ------------------------------------------------ a rate named after the number

def test_rate_named_after_the_number_is_growth() -> None:
    assert rows("力争工业产值实现6.5%左右的增长，单位能耗实现2%的下降。", kind="target") == [
        ("工业产值", "target", "growth", 6.5, "%"), ("单位能耗", "target", "growth", -2.0, "%")]
    assert rows("工业产值必须保持9%的年均增长水平。", kind="target") == [
        ("工业产值", "target", "growth", 9.0, "%")]


# ------------------------------------------------ kind and period from the document's structure

def doc_rows(text: str) -> list[tuple]:
    return [(m.indicator, m.kind, m.value, m.period) for m in extract_metrics(document_from_text(text))]


HEAD = "石岭县2025年政府工作报告\n一、2024年工作回顾\n全县地区生产总值完成88亿元，增长5.6%。\n"
BODY = "地区生产总值增长6%左右，城镇登记失业率控制在4%以内。\n新建村级幼儿园6所，改造乡村道路45公里。\n"


def test_numbered_plan_heading_with_a_year_makes_targets() -> None:
    got = doc_rows(HEAD + "二、2025年主要预期目标\n" + BODY)
    assert got[2:] == [("地区生产总值", "target", 6.0, "2025"), ("城镇登记失业率", "target", 4.0, "2025"),
                       ("新建村级幼儿园", "target", 6.0, "2025"), ("改造乡村道路", "target", 45.0, "2025")]


def test_bare_plan_heading_makes_targets() -> None:
    got = doc_rows(HEAD + "2025年经济社会发展预期目标\n" + BODY)
    assert {r[1:] for r in got[2:]} == {("target", 6.0, "2025"), ("target", 4.0, "2025"),
                                        ("target", 6.0, "2025"), ("target", 45.0, "2025")}


def test_a_lead_in_sentence_makes_what_follows_a_plan() -> None:
    text = ("石岭县2025年政府工作报告\n各位代表：\n2024年，全县地区生产总值完成88亿元，增长5.6%。\n"
            "今年是承上启下的一年。今年重点抓好以下工作：\n" + BODY)
    got = doc_rows(text)
    assert got[:2] == [("地区生产总值", "actual", 88.0, "2024"), ("地区生产总值", "actual", 5.6, "2024")]
    assert {r[1] for r in got[2:]} == {"target"} and {r[3] for r in got[2:]} == {"2025"}


def test_closing_phrase_does_not_move_a_year_to_the_plan_span() -> None:
    text = ("石岭县2022年政府工作报告\n各位代表：\n"
            "2021年，全县地区生产总值完成88亿元，增长5.6%，实现“十四五”良好开局。\n")
    assert doc_rows(text) == [("地区生产总值", "actual", 88.0, "2021"), ("地区生产总值", "actual", 5.6, "2021")]


def test_an_excerpt_of_a_plan_without_its_heading_states_targets() -> None:
    text = ("（三）推进乡村全面振兴。稳定粮食生产，新增高标准农田40万亩以上，加快建设示范村80个。"
            "要持续改善人居环境，农村卫生厕所普及率达到85%。\n")
    assert {r[1] for r in doc_rows(text)} == {"target"}


def test_an_excerpt_of_results_stays_actual() -> None:
    text = ("（三）乡村振兴取得新进展。新增高标准农田40万亩，建成示范村80个，"
            "农村卫生厕所普及率达到85%，比上年提高3个百分点。\n")
    assert {r[1] for r in doc_rows(text)} == {"actual"}


# ------------------------------------------------ a named project's investment (convention 6)

def test_investment_before_a_named_project_is_that_projects_total() -> None:
    got = rows("仅用半年就促成某某集团投资18亿元的北山新材料项目签约落地。", hint="2023", kind="actual")
    assert ("北山新材料项目总投资", "target", "level", 18.0, "亿元") in got


def test_project_name_ends_at_its_head_word() -> None:
    assert rows("总投资6亿元的城西污水处理厂工程建成投用。", hint="2023", kind="actual") == [
        ("城西污水处理厂工程总投资", "actual", "level", 6.0, "亿元")]
    assert rows("投资9亿元的南岭康养综合体项目开工建设。", hint="2023", kind="actual") == [
        ("南岭康养综合体项目总投资", "target", "level", 9.0, "亿元")]


def test_total_of_counted_projects_stays_an_actual() -> None:
    assert rows("签约项目12个，总投资57亿元。", hint="2023", kind="actual") == [
        ("签约项目", "actual", "count", 12.0, "个"), ("签约项目总投资", "actual", "level", 57.0, "亿元")]


# ------------------------------------------------ names and units spread over a sentence

def test_indicator_in_the_clause_before_a_bare_rate() -> None:
    assert rows("全县工业增加值增速由降转升，增长2.4%以上。", hint="2023", kind="actual") == [
        ("工业增加值增速", "actual", "growth", 2.4, "%")]


def test_list_unit_written_once_at_its_end() -> None:
    got = rows("存款和贷款余额分别增长6%、4%，分别提高1.5个、0.8个百分点。", hint="2023", kind="actual")
    assert [(r[2], r[3], r[4]) for r in got[2:]] == [("growth", 1.5, "个百分点"), ("growth", 0.8, "个百分点")]


def test_one_word_for_two_indicators_splits_under_fenbie() -> None:
    got = rows("全县外贸进出口额分别增长9.1%、3.6%。", hint="2023", kind="actual")
    assert [r[0] for r in got] == ["外贸进口额", "外贸出口额"]


def test_a_speed_is_not_a_metric() -> None:
    assert rows("开通时速250公里的城际列车。", hint="2023", kind="actual") == []


# ------------------------------------------------ ceilings and deadlines before the figure (kg.compare reads them)

def test_not_more_than_is_a_ceiling_and_not_less_than_a_floor() -> None:
    ms = metrics_from_sentence("城镇登记失业率不超过4.2%，森林覆盖率不低于31%。", period_hint="2025", year=2025,
                               kind_hint="target")
    assert [(m.indicator, m.value, m.qualifier) for m in ms] == [("城镇登记失业率", 4.2, "以内"),
                                                                 ("森林覆盖率", 31.0, "以上")]


def test_a_deadline_year_before_the_indicator_is_not_part_of_its_name() -> None:
    ms = metrics_from_sentence("确保到2027年全县生产总值突破300亿元。", period_hint="2024", year=2024, kind_hint="target")
    assert [(m.indicator, m.period, m.value, m.qualifier) for m in ms] == [("生产总值", "2027", 300.0, "突破")]
