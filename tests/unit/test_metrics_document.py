"""kg.extract.metrics.extract_metrics over hand-made Documents (sections, paragraphs, offsets)."""

from kg.extract.metrics import extract_metrics, review_year_of
from kg.models import Document, Section, Sentence


def make_doc(parts: list[tuple[int | None, int, str]], titles: list[str], year: int = 2021) -> Document:
    """parts: (section index, paragraph, sentence text); sections are flat level-1 headings."""
    text, sents = "", []
    for i, (sec, para, s) in enumerate(parts):
        sents.append(Sentence(index=i, start=len(text), end=len(text) + len(s), text=s, section=sec, paragraph=para))
        text += s
    secs = [Section(index=i, level=1, title=t, start=0, end=0, path=[t]) for i, t in enumerate(titles)]
    return Document(doc_id="t", source="t.txt", year=year, text=text, raw_sha256="0", sections=secs, sentences=sents)


TITLES = ["一、2020年工作回顾和“十三五”主要成就",
          "二、2035年远景目标及“十四五”时期经济社会发展主要目标任务",
          "三、2021年目标任务和后几个月重点工作"]


def test_metrics_document_kind_and_period_follow_sections() -> None:
    doc = make_doc([
        (0, 0, "2020年是极不平凡的一年。"),
        (0, 0, "地区生产总值完成292亿元；规模以上工业增加值完成65.6亿元，增长4.3%。"),
        (1, 1, "今后五年经济社会发展的主要目标是：一般公共预算收入突破 10 亿元，年均增长 6.5%以上。"),
        (2, 2, "打造示范街区4条，硬化背街小巷22条，新建公厕10个。"),
    ], TITLES)
    got = {(m.indicator, m.value): (m.kind, m.period) for m in extract_metrics(doc)}
    assert got[("地区生产总值", 292.0)] == ("actual", "2020")
    assert got[("一般公共预算收入", 10.0)] == ("target", "2025")  # a stock's level: the span's last year
    assert got[("一般公共预算收入", 6.5)] == ("target", "2021-2025")
    assert got[("新建公厕", 10.0)] == ("target", "2021")


def test_metrics_document_paragraph_opener_sets_the_span() -> None:
    doc = make_doc([
        (0, 0, "“十三五”时期，是我区经济持续快速增长的五年。"),
        (0, 0, "固定资产投资、社会消费品零售总额年均分别增长 12.8%、14.3%。"),
        (0, 0, "累计签订招商引资协议 139 个，引进亿元以上项目 118 个，到位资金 183.5 亿元。"),
        (0, 1, "五年来，累计用于民生支出 78.97 亿元，占财政一般预算支出的 76.6%；居民人均可支配收入 2.5 万元。"),
    ], TITLES)
    got = {(m.indicator, m.value): m.period for m in extract_metrics(doc)}
    assert got[("固定资产投资", 12.8)] == "2016-2020" and got[("社会消费品零售总额", 14.3)] == "2016-2020"
    assert got[("到位资金", 183.5)] == "2016-2020"
    assert got[("用于民生支出占财政一般预算支出", 76.6)] == "2016-2020"  # 累计: a total over the span
    assert got[("居民人均可支配收入", 2.5)] == "2020"


def test_metrics_document_restated_figure_counts_once() -> None:
    doc = make_doc([
        (0, 0, "地区生产总值完成292亿元。"),
        (0, 1, "“十三五”时期，地区生产总值达 292 亿元，是 2015 年的 1.5 倍。"),
    ], TITLES)
    assert [(m.indicator, m.value, m.period) for m in extract_metrics(doc)] == [("地区生产总值", 292.0, "2020")]


def test_metrics_document_offsets_are_in_document_text() -> None:
    doc = make_doc([(None, 0, "各位代表："), (0, 1, "全年外出招商 82 批次，接待客商 108 批次。")], TITLES)
    ms = extract_metrics(doc)
    assert [doc.text[m.start:m.end] for m in ms] == ["82", "108"]
    assert [m.sentence for m in ms] == [1, 1]


def test_metrics_document_review_year_from_text_without_sections() -> None:
    text = "一、2017年工作回顾即将过去的2017年，我们奋力拼搏。预计全区完成地区生产总值395亿元，同比增长8%；"
    assert review_year_of(text) == 2017
    doc = make_doc([(None, 0, text[:27]), (None, 0, text[27:])], [], year=2018)
    got = [(m.indicator, m.kind, m.measure, m.value, m.period) for m in extract_metrics(doc)]
    assert got == [("地区生产总值", "actual", "level", 395.0, "2017"), ("地区生产总值", "actual", "growth", 8.0, "2017")]
