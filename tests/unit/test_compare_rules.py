"""kg.compare's rules, each on invented numbers (README: target against result)."""

from __future__ import annotations

import pytest

from kg.compare import Figure, answers, is_ceiling, pair, split_unit, tolerance, valid_period, verdict
from kg.synonyms import get_synonyms


def target(value: float, *, indicator: str = "甲指标", measure: str = "growth", unit: str | None = "%",
           qualifier: str | None = None, period: str = "2024", id: str = "t", doc: str = "r2024",
           place: str = "District:1") -> Figure:
    return Figure(id=id, kind="target", indicator=indicator, measure=measure, value=value, unit=unit, period=period,
                  qualifier=qualifier, place=place, doc_id=doc, doc_year=int(doc[1:5]))


def actual(value: float, *, indicator: str = "甲指标", measure: str = "growth", unit: str | None = "%",
           period: str = "2024", id: str = "a", doc: str = "r2025", place: str = "District:1",
           order: int = 0) -> Figure:
    return Figure(id=id, kind="actual", indicator=indicator, measure=measure, value=value, unit=unit, period=period,
                  place=place, doc_id=doc, doc_year=int(doc[1:5]), order=order)


@pytest.mark.parametrize("qualifier", [None, "以上", "突破", "超过", "不低于"])
def test_a_floor_is_met_at_or_above_the_target(qualifier: str | None) -> None:
    t = target(6.0, qualifier=qualifier)
    assert verdict(t, actual(6.0)).verdict == "met"
    assert verdict(t, actual(6.3)).verdict == "met"
    assert verdict(t, actual(5.9)).verdict == "missed"


@pytest.mark.parametrize("qualifier", ["以内", "以下", "不超过"])
def test_a_ceiling_qualifier_is_met_at_or_below(qualifier: str) -> None:
    t = target(4.5, indicator="乙比率", measure="share", qualifier=qualifier)
    assert is_ceiling(t)
    assert verdict(t, actual(4.5, indicator="乙比率", measure="share")).verdict == "met"
    assert verdict(t, actual(4.7, indicator="乙比率", measure="share")).verdict == "missed"


@pytest.mark.parametrize("indicator", ["城镇登记失业率", "城镇调查失业率", "居民消费价格指数", "单位生产总值能耗"])
def test_ceiling_indicators_are_met_below_whatever_the_qualifier(indicator: str) -> None:
    t = target(3.0, indicator=indicator)
    assert is_ceiling(t)
    assert verdict(t, actual(2.1, indicator=indicator)).verdict == "met"
    assert verdict(t, actual(3.2, indicator=indicator)).verdict == "missed"


def test_a_decrease_target_is_met_by_a_larger_decrease() -> None:
    t = target(-15.0, qualifier="以上")  # 压减15%以上
    assert verdict(t, actual(-18.0)).verdict == "met"
    assert verdict(t, actual(-12.0)).verdict == "missed"


def test_about_on_growth_allows_half_a_point_on_the_side_that_matters() -> None:
    t = target(7.0, qualifier="左右")
    assert tolerance(t) == 0.5
    assert verdict(t, actual(6.5)).verdict == "met"  # just inside
    assert verdict(t, actual(6.4)).verdict == "missed"  # just outside
    assert "6.5%" in verdict(t, actual(6.4)).rule
    ceiling = target(3.0, indicator="居民消费价格指数", qualifier="左右")
    assert verdict(ceiling, actual(3.5, indicator="居民消费价格指数")).verdict == "met"
    assert verdict(ceiling, actual(3.6, indicator="居民消费价格指数")).verdict == "missed"


def test_about_on_levels_and_counts_allows_five_percent() -> None:
    t = target(200.0, measure="level", unit="亿元", qualifier="左右")
    assert tolerance(t) == pytest.approx(10.0)
    assert verdict(t, actual(190.0, measure="level", unit="亿元")).verdict == "met"
    assert verdict(t, actual(189.0, measure="level", unit="亿元")).verdict == "missed"
    c = target(40.0, measure="count", unit="个", qualifier="左右")
    assert verdict(c, actual(38.0, measure="count", unit="个")).verdict == "met"
    assert verdict(c, actual(37.0, measure="count", unit="个")).verdict == "missed"


def test_units_reconcile_by_their_prefix() -> None:
    assert split_unit("亿元") == (1e8, "元") and split_unit("个百分点") == (1.0, "百分点")
    t = target(2.0, measure="level", unit="亿元")
    assert verdict(t, actual(21000.0, measure="level", unit="万元")).verdict == "met"  # 2.1亿元
    assert verdict(t, actual(19000.0, measure="level", unit="万元")).verdict == "missed"


def test_measures_or_units_that_cannot_be_reconciled_are_not_comparable() -> None:
    growth = target(6.0)
    out = verdict(growth, actual(8.2, measure="level", unit="亿元"))
    assert out.verdict == "not_comparable" and "growth rate" in out.rule and "level" in out.rule
    points = target(1.0, measure="growth", unit="个百分点")
    out = verdict(points, actual(1.2, measure="growth", unit="%"))
    assert out.verdict == "not_comparable" and "个百分点" in out.rule and "%" in out.rule


def test_a_five_year_target_is_answered_by_its_last_year() -> None:
    assert answers("2021-2025", "2025") == 1 and answers("2021-2025", "2021-2025") == 0
    assert answers("2021-2025", "2023") is None and answers("2024", "2025") is None
    t = target(500.0, measure="level", unit="亿元", qualifier="突破", period="2021-2025", doc="r2021")
    (out,) = [o for o in pair([t, actual(512.0, measure="level", unit="亿元", period="2025", doc="r2026")])
              if o.metric_id == "t"]
    assert (out.verdict, out.actual_id) == ("met", "a")


def test_pairing_gives_no_actual_no_target_and_not_comparable() -> None:
    figures = [
        target(6.0, id="t1"),  # answered
        actual(6.4, id="a1"),
        target(9.0, indicator="乙指标", id="t2"),  # nothing stated for 2024
        actual(3.0, indicator="丙指标", id="a2"),  # nobody asked
        target(5.0, indicator="丁指标", id="t3"),  # answered in another measure only
        actual(80.0, indicator="丁指标", measure="level", unit="亿元", id="a3"),
        target(5.0, period="2025", id="t4", doc="r2025"),  # another year
        actual(2.0, id="other-place", place="District:2"),  # another place
    ]
    got = {o.metric_id: (o.verdict, o.actual_id) for o in pair(figures)}
    assert got == {"t1": ("met", "a1"), "t2": ("no_actual", None), "a2": ("no_target", None),
                   "t3": ("not_comparable", "a3"), "t4": ("no_actual", None),
                   "other-place": ("no_target", None)}


def test_the_latest_report_answers_a_restated_result() -> None:
    figures = [target(6.0), actual(5.8, id="first", doc="r2025"), actual(6.1, id="revised", doc="r2026")]
    (out,) = [o for o in pair(figures) if o.metric_id == "t"]
    assert (out.verdict, out.actual_id) == ("met", "revised")
    assert not [o for o in pair(figures) if o.verdict == "no_target"]  # a restatement is not unasked


def test_a_figure_without_a_period_is_left_out() -> None:
    assert pair([target(18.0, measure="level", unit="亿元", period="")]) == []


def test_periods_are_years_or_spans() -> None:
    assert valid_period("2021") and valid_period("2021-2025")
    assert not valid_period("2021年") and not valid_period("2025-2021") and not valid_period("x")


@pytest.mark.parametrize(("written", "canonical"), [
    ("GDP", "地区生产总值"), ("生产总值", "地区生产总值"), ("规上工业增加值", "规模以上工业增加值"),
    ("全社会固定资产投资", "固定资产投资"), ("农村常住居民人均纯收入", "农村居民人均可支配收入"),
    ("农村居民人均纯收入", "农村居民人均可支配收入"), ("居民消费价格涨幅", "居民消费价格指数"),
    ("新建公租房建设", "新建公租房"), ("建设", "建设"),
])
def test_indicator_names_resolve_to_their_canonical_name(written: str, canonical: str) -> None:
    assert get_synonyms().canonical(written) == canonical
