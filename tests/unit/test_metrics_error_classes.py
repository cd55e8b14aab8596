"""Metric error classes seen on reports from other provinces, each on invented sentences.

Places, numbers and wording are made up; each test names the class it guards.
"""

from kg.extract.metrics import find_figures, metrics_from_sentence


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
