"""kg.extract.period: which year or span a sentence's figures refer to."""

from kg.extract.period import find_periods, plan_span, resolve_period


def test_period_resolve_explicit_year_wins_over_section() -> None:
    s = "主要经济指标年均增速高于全市平均水平，全区生产总值 2025 年突破 500 亿元，年均增长 9%以上。"
    assert resolve_period(s, "2021-2025", 2021) == "2025"


def test_period_resolve_five_year_plans() -> None:
    assert plan_span(13) == (2016, 2020)
    assert resolve_period("“十三五”时期，是我区经济持续快速增长的五年。", None, 2021) == "2016-2020"
    assert resolve_period("“十四五”时期经济社会发展主要目标", None, 2021) == "2021-2025"
    assert resolve_period("“十五五”时期", None, 2026) == "2026-2030"


def test_period_resolve_plan_end_is_its_last_year() -> None:
    s = "二三产业总值比值由“十二五”末的 95.6%调整到 2020 年的 96.7%。"
    assert [p.period for p in find_periods(s, doc_year=2021)] == ["2015", "2020"]


def test_period_resolve_this_year_is_the_plan_year() -> None:
    s = "今年经济社会发展的主要预期目标是：地区生产总值增长8%左右。"
    assert resolve_period(s, None, 2021, kind="target") == "2021"


def test_period_resolve_whole_year_depends_on_kind() -> None:
    s = "全年优良天数达260天，较去年增加59天，完成省定目标。"
    assert resolve_period(s, None, 2021, kind="actual", review_year=2020) == "2020"
    assert resolve_period("力争全年引进10亿元以上项目2个。", None, 2021, kind="target") == "2021"


def test_period_resolve_comparison_base_is_not_a_period() -> None:
    s = "一般公共预算收入累计完成6.59亿元，比上年增长2.5%，税收占比71.4%。"
    assert resolve_period(s, "2020", 2021, kind="actual") == "2020"


def test_period_resolve_dates_and_title_years_are_not_periods() -> None:
    assert find_periods("——2021年9月12日在川汇区第十五届人民代表大会第五次会议上") == []
    assert find_periods("【投资蔡甸区】2018年武汉市蔡甸区政府工作报告") == []


def test_period_resolve_relative_spans() -> None:
    assert resolve_period("过去五年，是永川推动发展取得重大进展的五年。", None, 2022) == "2017-2021"
    assert resolve_period("力争三年内培育形成两个五百亿级产业集群。", None, 2021) == "2021-2023"


def test_period_resolve_defaults_by_kind() -> None:
    assert resolve_period("新建电能烤房190座。", None, 2024, kind="actual") == "2023"
    assert resolve_period("新建公厕10个。", None, 2021, kind="target") == "2021"
    assert resolve_period("新建公厕10个。", None, None) is None
