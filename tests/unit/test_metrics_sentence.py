"""kg.extract.metrics.metrics_from_sentence on real sentences of the sample and dev reports."""

from kg.extract.metrics import find_figures, metrics_from_sentence
from kg.models import Metric


def rows(text: str, *, hint: str | None = "2020", year: int = 2021, kind: str | None = "actual") -> list[tuple]:
    ms = metrics_from_sentence(text, period_hint=hint, year=year, kind_hint=kind)
    return [(m.indicator, m.measure, m.value, m.unit, m.qualifier) for m in ms]


def one(text: str, **kw) -> Metric:
    ms = metrics_from_sentence(text, period_hint=kw.get("hint", "2020"), year=kw.get("year", 2021),
                               kind_hint=kw.get("kind", "actual"))
    assert len(ms) == 1, ms
    return ms[0]


def test_metrics_sentence_three_metrics_in_one_sentence() -> None:
    s = "一般公共预算收入累计完成6.59亿元，比上年增长2.5%，税收占比71.4%；"
    assert rows(s) == [("一般公共预算收入", "level", 6.59, "亿元", None),
                       ("一般公共预算收入", "growth", 2.5, "%", None),
                       ("税收占比", "share", 71.4, "%", None)]


def test_metrics_sentence_level_and_growth_joined_by_dunhao() -> None:
    s = "经济增长持续领跑，实现地区生产总值210.42亿元、增长8.7%，连续三年雄踞全市第一；"
    assert rows(s, hint="2021", year=2022) == [("地区生产总值", "level", 210.42, "亿元", None),
                                               ("地区生产总值", "growth", 8.7, "%", None)]


def test_metrics_sentence_fenbie_hands_values_to_names_in_order() -> None:
    s = "一般公共预算收入和支出分别达4.78亿元、20.2亿元，分别增长6.9%、0.8%；"
    assert rows(s, hint="2023", year=2024) == [
        ("一般公共预算收入", "level", 4.78, "亿元", None), ("一般公共预算支出", "level", 20.2, "亿元", None),
        ("一般公共预算收入", "growth", 6.9, "%", None), ("一般公共预算支出", "growth", 0.8, "%", None)]


def test_metrics_sentence_chengxiang_expands_to_urban_and_rural() -> None:
    s = "城乡居民人均可支配收入分别增长8.5%、10.6%，位居全市前列。"
    assert [r[0] for r in rows(s)] == ["城镇居民人均可支配收入", "农村居民人均可支配收入"]


def test_metrics_sentence_one_rate_for_every_listed_indicator() -> None:
    s = "固定资产投资、社会消费品零售总额年均增长 10%左右。"
    got = rows(s, hint="2021-2025", kind="target")
    assert got == [("固定资产投资", "growth", 10.0, "%", "左右"), ("社会消费品零售总额", "growth", 10.0, "%", "左右")]


def test_metrics_sentence_decrease_is_negative_growth() -> None:
    s = "坚决落实区级部门一般性支出和非急需非刚性专项资金分别压减20%、50%以上的目标。"
    assert [(r[1], r[2], r[4]) for r in rows(s, kind="target")] == [("growth", -20.0, "以上"),
                                                                     ("growth", -50.0, "以上")]


def test_metrics_sentence_percentage_points_and_increase_in_days_are_growth() -> None:
    assert rows("预计常住人口城镇化率达44%，提高1.1个百分点。", hint="2022", year=2023) == [
        ("常住人口城镇化率", "share", 44.0, "%", None), ("常住人口城镇化率", "growth", 1.1, "个百分点", None)]
    assert rows("全年优良天数达260天，较去年增加59天，完成省定目标；") == [
        ("优良天数", "level", 260.0, "天", None), ("优良天数", "growth", 59.0, "天", None)]


def test_metrics_sentence_raise_to_is_a_share_not_growth() -> None:
    m = one("全面实施全民参保计划，职工和居民医保参保率提高到95%以上。", hint="2021", kind="target")
    assert (m.indicator, m.measure, m.value, m.qualifier) == ("职工和居民医保参保率", "share", 95.0, "以上")


def test_metrics_sentence_counted_noun_after_the_number() -> None:
    s = "城市道路、社区楼院实现日清日扫，129 座公厕实行分类管理，36 处街头游园做到日常维护。"
    assert rows(s) == [("公厕实行分类管理", "count", 129.0, "座", None), ("街头游园做到日常维护", "count", 36.0, "处", None)]


def test_metrics_sentence_duo_and_yu_mean_more_than() -> None:
    m = one("全区 3000 多名党员干部闻令而动、听令而行，全民动员、网格管理。")
    assert (m.value, m.unit, m.qualifier) == (3000.0, "名", "超过")
    assert "党员干部" in m.indicator
    m = one("服务群众达 10 余万人次。", hint="2016-2020")
    assert (m.indicator, m.value, m.unit, m.qualifier) == ("服务群众", 10.0, "万人次", "超过")


def test_metrics_sentence_wan_stays_with_the_unit() -> None:
    s = "新建和改扩建幼儿园、中小学校 18 所，新增学位 1.7 万个；"
    assert rows(s, hint="2016-2020") == [("新建和改扩建幼儿园、中小学校", "count", 18.0, "所", None),
                                         ("新增学位", "count", 1.7, "万个", None)]


def test_metrics_sentence_run_of_figures_shares_one_name() -> None:
    s = "“两违”得到有效遏制，共拆除违章建筑 1.06 万处 235 万平方米，清理违法占地 538 宗 1930 亩。"
    assert rows(s, hint="2016-2020") == [
        ("拆除违章建筑", "count", 1.06, "万处", None), ("拆除违章建筑", "level", 235.0, "万平方米", None),
        ("清理违法占地", "count", 538.0, "宗", None), ("清理违法占地", "level", 1930.0, "亩", None)]


def test_metrics_sentence_chinese_numerals_count_in_achievements_only() -> None:
    m = one("义务教育均衡化验收顺利通过、十件民生实事全部完成，群众获得感持续增强。")
    assert (m.measure, m.value, m.unit) == ("count", 10.0, "件") and m.indicator.startswith("民生实事")
    assert rows("落实好领导分包、督查问效三个机制，做好三项重点工作。", kind="target") == []


def test_metrics_sentence_qualifiers_before_and_after() -> None:
    assert one("城镇失业率控制在4%以内。").qualifier == "以内"
    assert one("一般公共预算收入突破 10 亿元。", hint="2021-2025", kind="target").qualifier == "突破"
    assert one("预计全年地区生产总值增长4%左右。").qualifier == "左右"


def test_metrics_sentence_amount_inside_a_name_is_not_a_metric() -> None:
    s = "力争全年引进10亿元以上项目2个，亿元以上项目10个。"
    got = rows(s, hint="2021", kind="target")
    assert got == [("引进10亿元以上项目", "count", 2.0, "个", None), ("亿元以上项目", "count", 10.0, "个", None)]


def test_metrics_sentence_attribute_follows_the_thing() -> None:
    m = one("加快推进总投资 30 亿元的智能仓储物流产业园项目，打造冷链试点。", hint="2021", kind="target")
    assert (m.indicator, m.measure, m.value, m.unit, m.period) == (
        "智能仓储物流产业园项目总投资", "level", 30.0, "亿元", None)


def test_metrics_sentence_ranks_multiples_years_and_dates_are_not_metrics() -> None:
    assert rows("地区生产总值达 292 亿元，是 2015 年的 1.5 倍；") == [("地区生产总值", "level", 292.0, "亿元", None)]
    assert rows("规模以上工业增加值增长4.3%，位居全市第二位。")[0][:3] == ("规模以上工业增加值", "growth", 4.3)
    assert rows("贡献率居郑州县（市）第2位，排名第37位。") == []
    assert rows("新型建材主导产业筑友智造 8 月底实现投产。") == []
    assert rows("——2021年9月12日在川汇区第十五届人民代表大会第五次会议上") == []
    assert rows("加快推进5G、人工智能等新一代信息技术应用，PM2.5和PM10两项指标双下降。") == []


def test_metrics_sentence_quoted_and_book_title_numbers_are_names() -> None:
    assert rows("出台《加快科技创新推动经济高质量发展十条措施》等政策。") == []
    assert rows("落实好领导分包、“13710”、督查问效三个机制。") == []


def test_metrics_sentence_truncated_tail_is_dropped() -> None:
    assert rows("打造10条精品研学游线路，推出特色文旅活动，全年接待游客962万人") == [
        ("精品研学游线路", "count", 10.0, "条", None)]


def test_metrics_sentence_range_keeps_both_bounds() -> None:
    m = one("地区生产总值增长8%-10%。", hint="2021", kind="target")
    assert (m.measure, m.value, m.value_max, m.unit) == ("growth", 8.0, 10.0, "%")


def test_metrics_sentence_from_to_reads_base_and_last_year() -> None:
    s = "规上工业总产值从742亿元增加到1550.2亿元，年均增长15.3%。"
    got = metrics_from_sentence(s, period_hint="2017-2021", year=2022, kind_hint="actual")
    assert [(m.indicator, m.value, m.period) for m in got] == [
        ("规上工业总产值", 742.0, "2016"), ("规上工业总产值", 1550.2, "2021"), ("规上工业总产值", 15.3, "2017-2021")]


def test_metrics_sentence_target_cue_sets_kind_and_plan_year() -> None:
    s = "今年经济社会发展的主要预期目标是：地区生产总值增长8%左右，城镇新增就业4300人，城镇调查失业率控制在5.5%以内。"
    got = metrics_from_sentence(s, period_hint=None, year=2021)
    assert {m.kind for m in got} == {"target"} and {m.period for m in got} == {"2021"}
    assert [(m.indicator, m.measure) for m in got] == [
        ("地区生产总值", "growth"), ("城镇新增就业", "count"), ("城镇调查失业率", "share")]


def test_metrics_sentence_offsets_point_at_the_number() -> None:
    s = "全年外出招商 82 批次，接待客商 108 批次。"
    for m in metrics_from_sentence(s, period_hint=None, year=2021):
        assert float(s[m.start:m.end]) == m.value


def test_metrics_sentence_find_figures_reads_fullwidth_digits() -> None:
    (f,) = find_figures("地区生产总值完成２９２亿元。")
    assert (f.value, f.unit) == (292.0, "亿元")
