"""Metrics: the numbers a report states about indicators, achieved or aimed at.

One sentence usually holds several figures ("一般公共预算收入累计完成6.59亿元，
比上年增长2.5%，税收占比71.4%" is three). For every figure we decide:

- measure from the unit and the verb before it (增长 X% is growth, 占比 X% share,
  亿元 level, 个/家/户 count);
- indicator from the text: the noun phrase LEFT of the number inside its clause,
  with verbs (完成, 实现, 累计 ...) and scope words (全区, 全年) stripped; when the
  clause has no name (", 增长8.7%") the sentence's last name is inherited, and
  "A和B分别增长x%、y%" hands the values to the names in order. Counted things
  usually follow the number ("129座公厕实行分类管理"): then the phrase RIGHT of it;
- kind (actual/target) from the section and the sentence's wording;
- period from ``kg.extract.period`` plus a few figure-level rules (年均 -> the span,
  "从A增加到B" -> start and end of the span).

Everything is rules over plain strings: fast, and the same for any province.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from kg.extract.numbers import parse_number, to_halfwidth
from kg.extract.period import PeriodMention, find_periods, pick, span_bounds, year_mentions, years
from kg.extract.registry import component
from kg.models import Document, Metric, MetricKind, MetricMeasure, Sentence

# ---------------------------------------------------------------- figures

# Unit classes. 万/亿 are prefixes that stay with the unit (2.3 万户, 292 亿元).
_PCT = ["个百分点", "百分点", "%"]
_MONEY = ["人民币", "美元", "欧元", "元"]
_PHYS = ["平方公里", "平方米", "立方米", "公里", "千米", "公顷", "千瓦时", "千瓦", "兆瓦", "公斤",
         "千克", "吨", "亩", "米", "天", "标箱", "斤", "度"]
_COUNT = ["人口", "人次", "批次", "场次", "户次", "头只", "个", "家", "户", "人", "名", "所", "条", "项", "件",
          "座", "处", "宗", "套", "栋", "场", "块", "辆", "台", "间", "张", "支", "只", "头", "株", "棵",
          "盏", "部", "篇", "批", "艘", "架", "次", "期", "列", "类"]
# Chinese numerals are mostly rhetoric ("三个机制", "四篇文章"); only these
# measure words, and only in achievements, make them a count (十件民生实事).
_CN_COUNT = ["个", "件", "所", "块", "家", "条", "座", "项", "名", "户", "处", "宗", "套", "栋", "场"]
_UNIT_CLASS = {u: "pct" for u in _PCT} | {u: "money" for u in _MONEY} | {u: "phys" for u in _PHYS} \
    | {u: "count" for u in _COUNT}
_BASES = "|".join(sorted(_UNIT_CLASS, key=len, reverse=True)).replace("%", "%")
_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = r"[一二两三四五六七八九十百千]+"
_FIGURE = re.compile(
    rf"(?<![\dA-Za-z.\-])(?P<num>{_AR}|{_CN})"
    rf"(?:\s*%?\s*[-—–~～至到]\s*(?P<num2>{_AR}))?"
    r"\s*(?P<approx>多|余)?\s*"
    rf"(?P<unit>(?P<pfx>万亿|千万|百万|万|亿)?(?P<base>{_BASES})?)"
    r"(?P<approx2>多|余)?\s*(?P<qual>左右|以上|以内|以下|之内|上下)?"
)
# "不超过4.5%" is a ceiling (以内), not 超过; "不低于" a floor (以上).
_BEFORE_QUAL = re.compile(r"(不超过|不高于|不低于|突破|超过|逾|超|约|大约|近)\s*$")
_QUAL_MAP = {"不超过": "以内", "不高于": "以内", "不低于": "以上", "突破": "突破", "超过": "超过", "逾": "超过", "超": "超过", "约": "约", "大约": "约",
             "近": "约", "多": "超过", "余": "超过", "左右": "左右", "上下": "左右", "以上": "以上",
             "以内": "以内", "之内": "以内", "以下": "以下"}
# What may follow a measure word without it being a count of that noun.
_NOT_COUNTED = re.compile(r"^(?:月|位次|名次|工作日|小时|百分|指标|方面|机制|体系|意识|自信|维护|规定|会议|环节)")

# Web-page furniture around a copied report: "1751次浏览", "阅读量：2300", "发布时间：…".
_FURNITURE_AFTER = re.compile(r"\s*(?:次)?\s*(?:浏览|阅读|访问|点击|点赞|评论|转发|收藏)")
_FURNITURE_BEFORE = re.compile(
    r"(?:浏览|阅读|访问|点击|点赞|评论|转发|收藏)(?:次数|量|数)?\s*[:：]?\s*$"
    r"|(?:发布时间|发布日期|更新时间|来源|字号|分享到|打印本页|关闭窗口|责任编辑)[^，,。；;]{0,20}$")


@dataclass
class Figure:
    start: int
    end: int  # end of number + unit + qualifier
    num_end: int
    value: float
    unit: str
    uclass: str  # pct | money | phys | count
    qualifier: str | None
    chinese: bool
    value_max: float | None = None


def _in_quotes(text: str, pos: int) -> bool:
    """Inside “…” and 《…》 numbers are names ("“13710”", "《…十条措施》"), not reports."""
    head = text[:pos]
    return head.count("“") > head.count("”") or head.count("《") > head.count("》")


def _figure(text: str, m: re.Match[str]) -> Figure | None:
    base, pfx = m.group("base"), m.group("pfx")
    if not base and not pfx:
        return None
    if base == "度" and not pfx:
        return None  # 亿度 is electricity; a bare 度 is a temperature or an angle
    chinese = not m.group("num")[0].isdigit()
    if chinese and (pfx or base not in _CN_COUNT):
        return None
    value = parse_number(m.group("num"))
    if value is None or (chinese and value < 2):  # 一个 is "a", not a count
        return None
    uclass = _UNIT_CLASS.get(base, "phys") if base else "phys"
    approx = m.group("approx") or m.group("approx2")
    qual = m.group("qual") or approx
    bq = _BEFORE_QUAL.search(text[:m.start()])
    if not (m.group("qual")) and bq:
        qual = bq.group(1)
    unit = (pfx or "") + (base or "")
    unit = "%" if unit == "%" else unit
    v2 = parse_number(m.group("num2")) if m.group("num2") else None
    return Figure(m.start(), m.end(), m.start("num") + len(m.group("num")), value, unit, uclass,
                  _QUAL_MAP.get(qual) if qual else None, chinese, v2)


def _rejected(text: str, f: Figure) -> bool:
    """Years, dates, ranks, parts of names and truncated tails are not metrics."""
    before, after = text[:f.start].rstrip(), text[f.end:]
    if before.endswith(("第", "前", "排名", "编号", "时速", "车速", "航速")) or _in_quotes(text, f.start):
        return True
    if f.uclass == "count" and _NOT_COUNTED.match(after.lstrip()):
        return True
    if _FURNITURE_AFTER.match(after) or _FURNITURE_BEFORE.search(before[-24:]):
        return True
    if f.unit.endswith("人") and after.startswith("民"):
        return True  # "为全区40万人民营造…": 人民 is rhetoric, not a head count
    # "10亿元以上项目": an amount that qualifies a noun is part of its name.
    if f.qualifier in ("以上", "以下") and re.match(r"[\u4e00-\u9fff]", after) and not after.startswith("的"):
        return True
    if f.uclass == "count" and len(str(int(f.value))) >= 7 and "." not in text[f.start:f.num_end]:
        return True  # phone and document numbers
    # a figure that runs into the end of the text lost its unit's tail (truncated excerpt)
    return not after.strip()


def find_figures(text: str) -> list[Figure]:
    text = to_halfwidth(text)
    out = []
    for m in _FIGURE.finditer(text):
        f = _figure(text, m)
        if f is not None and not _rejected(text, f):
            out.append(f)
    for a, b in zip(out, out[1:], strict=False):
        # "分别提高9.9个、3.1个百分点": the list's unit is written once, at its end
        if a.unit == "个" and b.unit == "个百分点" and text[a.end:b.start].strip() == "、":
            a.unit, a.uclass = b.unit, b.uclass
    return out


# ---------------------------------------------------------------- words

_HARD = "，,；;。：:！？!?\n"
_GROWTH_VERB = re.compile(r"(?:增长|增加|提高|提升|上升|上涨|增幅|增速|涨幅|下降|降低|减少|压减|回落|缩减|下滑|降幅)"
                          r"(?:了|达|为|约|近|超过)?$")
_TO_VERB = re.compile(r"(?:提高|增长|增加|提升|上升|下降|降低|减少)(?:到|至)$")
_NEGATIVE = re.compile(r"下降|降低|减少|压减|回落|缩减|下滑|降幅")
_GROWTH_NAME = re.compile(r"(?:涨幅|增速|增幅|增长率|降幅)$")
_COMPARE = re.compile(r"比|较|同比|年均")
# "同口径增长5.5%": the basis of a comparison, never an indicator (nor part of one)
_BASIS = r"(?:按|以)?(?:同口径|可比口径|可比价格?(?:计算)?|现价(?:计算)?)(?:计算)?"
_TAIL_WORDS = re.compile(
    r"(?:的|了|分别|年均|同比|环比|累计|共计|总计|合计|约|近|逾|不超过|不高于|不低于|超过|突破|达到|达|为|至|到|完成|实现|"
    r"控制在|(?:必须|需要|要)?保持在?|稳定在|增长|增加|提高|提升|上升|上涨|下降|降低|减少|压减|回落|调整|扩大|缩小|从|由|"
    r"(?:比|较)(?:上年|去年|上年同期|同期|\d{4}年)|\d{4}年(?:底|末|度)?|[、，\s*]|" + _BASIS + ")$")
_HEAD_WORDS = re.compile(
    r"^(?:全区|全市|全县|全省|全国|全镇|全乡|全州|全旗|全年|今年|去年|年内|当年|预计|据统计测算|据统计|"
    r"其中|累计|共计|共|力争|确保|计划|剩余|同时|此外|并|以及|及|和|、|一年来|五年来|(?:到|至|截至|截止)?\d{4}年(?:底|末)?|"
    + _BASIS + "|"
    r"(?:持续|加快|强力|全力|大力|积极|稳步|继续|进一步|扎实|着力|坚决)?"
    r"(?:推进|抓好|实施|开展|建设|打造|完成|实现|形成|推动|组织|举办|启动|做好|落实|达到))")
_PLAN_WORD = re.compile(r"[“\"]?十[一二三四五六七八九]?五[”\"]?(?:末|时期|期间)?的?")
_ATTRIBUTE = re.compile(r"(?:总投资|总装机|装机容量|装机|总面积|占地面积|面积|规模|总长度?|长度|总量|容量|产能)$")
_FILLER = re.compile(r"全部|均|已经|已|都|正在|基本|全面|顺利|如期|年度|实行|做到|即将|有序|加快")
_MID_VERB = re.compile(r"(?:实现|达到)")


def _strip_tail(s: str) -> str:
    while True:
        t = _TAIL_WORDS.sub("", s)
        if t == s:
            return s
        s = t


def _strip_head(s: str) -> str:
    while True:
        t = _HEAD_WORDS.sub("", s)
        if t == s or not t:
            return t if t != s else s
        s = t


def _drop_from_phrase(s: str) -> str:
    """"二三产业比值由“十二五”末的" -> "二三产业比值": the 从/由 phrase names the base."""
    m = re.search(r"(?:从|由)([^从由]{0,14})$", s)
    if m and (not m.group(1) or re.search(r"年|五|末", m.group(1))) and m.start() > 0:
        return s[:m.start()]
    return s


def clean_name(raw: str) -> str:
    """The indicator phrase inside a clause's left context, verbs and scope words stripped."""
    s = re.sub(r"[\s*]", "", raw).strip("、，,；;：:")
    if s.endswith("等"):  # "A、B等5个X": the list names examples, not the indicator
        return ""
    s = _PLAN_WORD.sub("", _drop_from_phrase(s))
    s = _strip_head(_strip_tail(s))
    # "规上企业实现工业总产值": the indicator is the object of the last 实现/达到
    ends = [m.end() for m in _MID_VERB.finditer(s)]
    if ends and len(s) - ends[-1] >= 3:
        s = s[ends[-1]:]
    return _strip_tail(s)


def _right_phrase(text: str, pos: int, stop: int) -> str:
    """The counted thing after the measure word: "129座|公厕实行分类管理，" -> 公厕实行分类管理."""
    seg = text[pos:stop]
    cut = re.search(rf"[{_HARD}、（(]", seg)
    seg = seg[:cut.start()] if cut else seg
    seg = re.sub(r"[\s*]", "", seg).lstrip("的")
    # the counted thing keeps the text's own words and order (GUIDELINES convention 5):
    # only fillers that open the span go ("129座|已全部…")
    seg = re.sub(rf"^(?:{_FILLER.pattern})+", "", seg)
    seg = re.split(r"任务|工作", seg)[0]
    return seg[:16].rstrip("的")


# ---------------------------------------------------------------- names lists

# Two indicators written as one word, split when 分别 hands them two values.
_PAIRED_WORDS = {"存贷款": ("存款", "贷款"), "进出口": ("进口", "出口"), "产销量": ("产量", "销量")}
_PAIRED = re.compile("|".join(_PAIRED_WORDS))


def expand_names(name: str) -> list[str]:
    """"城镇和农村居民人均可支配收入" -> [城镇居民…, 农村居民…]; "一般公共预算收入和支出" ->
    [一般公共预算收入, 一般公共预算支出]; "城乡X" -> [城镇X, 农村X]. Used with 分别."""
    parts = [p for p in re.split(r"、|和|及|与", name) if p]
    if len(parts) == 1 and name.startswith("城乡"):
        return ["城镇" + name[2:], "农村" + name[2:]]
    pair = _PAIRED.search(name) if len(parts) == 1 else None
    if pair:  # "存贷款余额" -> 存款余额, 贷款余额
        return [name[:pair.start()] + w + name[pair.end():] for w in _PAIRED_WORDS[pair.group(0)]]
    if len(parts) < 2:
        return [name]
    longest = max(parts, key=len)
    out = []
    for p in parts:
        if len(p) <= 3 and len(longest) > 4 and p != longest:
            if longest.startswith(("城镇", "农村", "城乡")) or parts.index(p) < parts.index(longest):
                p = p + longest[len(p):]  # 城镇 + 居民人均… (the shared head is on the right)
            else:
                p = longest[:-len(p)] + p  # 一般公共预算 + 支出 (the shared head is on the left)
        out.append(p)
    return out


# ---------------------------------------------------------------- kind and period

_TARGET_CUE = re.compile(r"力争|预期目标|主要目标|目标是|目标为|确保|争取达到|预计到|"
                         r"计划(?:完成|新建|实施|投资|建设|开工|实现|引进|新增)")
_SPAN_TOTAL = re.compile(r"累计|合计|总计|共计|年均|(?:^|[，,；;：:])共")
_ANNUAL = re.compile(r"收入|总值|总额|增加值|产值|余额|人均|率|比重|占比|指数|价格")


@dataclass
class Context:
    """What the sentence's surroundings say: kind and period hints, the years."""

    kind_hint: str | None = None
    period_hint: str | None = None
    doc_year: int | None = None
    review_year: int | None = None
    mentions: list[PeriodMention] = field(default_factory=list)
    cache: dict[tuple[str, str], list[PeriodMention]] = field(default_factory=dict)


_ESTIMATE_PAST = re.compile(r"预计到\s*((?:19|20)\d{2})\s*年")


def _has_target_cue(sentence: str, review: int | None) -> bool:
    """"预计到2025年" is a plan; "预计到2017年末" said of the year under review is an
    estimate of a result (GUIDELINES convention 9), not a target."""
    for m in _TARGET_CUE.finditer(sentence):
        past = _ESTIMATE_PAST.match(sentence, m.start())
        if not (past and review is not None and int(past.group(1)) <= review):
            return True
    return False


def _kind(sentence: str, ctx: Context, clause_year: int | None) -> str:
    review, plan = years(ctx.doc_year, ctx.review_year)
    if clause_year is not None and plan is not None and clause_year >= plan:
        return "target"
    if clause_year is not None and review is not None and clause_year <= review:
        return "actual"  # a baseline year inside a plan ("从2020年的X提高到…")
    if _has_target_cue(sentence, review):
        return "target"
    if ctx.kind_hint:
        return ctx.kind_hint
    b = span_bounds(ctx.period_hint) or ((int(ctx.period_hint),) * 2 if ctx.period_hint else None)
    return "target" if b and plan is not None and b[0] >= plan else "actual"


def _span_of(ctx: Context) -> str | None:
    for p in reversed(ctx.mentions):
        if "-" in p.period:
            return p.period
    return ctx.period_hint if span_bounds(ctx.period_hint) else None


def _period(text: str, f: Figure, clause_start: int, measure: str, indicator: str, kind: str,
            ctx: Context, from_to: str | None) -> str | None:
    own = [p for p in ctx.mentions if clause_start <= p.start < f.start and not p.vision]
    if own:
        return own[-1].period
    if kind == "target" and "总投资" in indicator:
        return None  # a planned project's total investment is not tied to a year
    left = text[clause_start:f.start]
    if "年均" in left or "年平均" in left:
        return _span_of(ctx) or ctx.period_hint
    found = pick(ctx.mentions) or ctx.period_hint
    if found is None:
        review, plan = years(ctx.doc_year, ctx.review_year)
        found = str(plan if kind == "target" else review) if review is not None else None
    part = text[max(text.rfind(c, 0, f.start) for c in "；;。") + 1:f.start]
    return _narrow_span(part, found, measure, indicator, from_to)


def _narrow_span(part: str, period: str | None, measure: str, indicator: str,
                 from_to: str | None) -> str | None:
    """Inside a five-year span, a stock indicator's level is the last year's
    (收入 2.5 万元 in "十三五" is 2020's), totals (累计, 共) are the span's;
    "从A增加到B" reads A at the base year and B at the last year.
    ``part`` is the sentence part (up to ；) left of the figure."""
    b = span_bounds(period)
    if b is None:
        return period
    if from_to == "from":
        return str(b[0] - 1)
    if from_to == "to":
        return str(b[1])
    if measure in ("level", "share") and _ANNUAL.search(indicator) and not _SPAN_TOTAL.search(part):
        return str(b[1])
    return period


# ---------------------------------------------------------------- measure

# "实现7%左右的增长", "保持10%的年均增速": the rate is named after the number
_RATE_AFTER = re.compile(r"的?(?:年均|年平均)?(?:增长|增速|增幅|上涨|(?P<neg>下降|降幅|降低|减少))")


def _measure(f: Figure, left: str, name: str, after: str = "") -> tuple[str, float]:
    """(measure, signed value) from the unit class and the verb right before the number
    (or a rate noun right after it: "实现7%的增长")."""
    left = re.sub(r"[\s*]", "", left)
    growth = bool(_GROWTH_VERB.search(left)) and not _TO_VERB.search(left)
    negative = bool(_NEGATIVE.search(left[-6:])) and not _TO_VERB.search(left)
    rate = _RATE_AFTER.match(after) if f.uclass == "pct" and not growth else None
    if rate:
        growth, negative = True, bool(rate.group("neg"))
    if f.uclass == "pct":
        if f.unit.endswith("百分点") or growth or _GROWTH_NAME.search(name):
            return "growth", -f.value if negative else f.value
        return "share", f.value
    if growth and _COMPARE.search(left):
        return "growth", -f.value if negative else f.value
    return ("count" if f.uclass == "count" else "level"), f.value


# ---------------------------------------------------------------- sentence

@dataclass
class _State:
    names: list[str] = field(default_factory=list)
    slot: int = 0
    groups: list[tuple[list[str], list[Metric]]] = field(default_factory=list)
    last: str = ""
    prev: Metric | None = None
    from_seen: bool = False

    def start_group(self, names: list[str]) -> None:
        self.names, self.slot = names, 0
        self.groups.append((names, []))


def _clause_start(text: str, pos: int) -> int:
    i = pos - 1
    while i >= 0 and text[i] not in _HARD:
        i -= 1
    return i + 1


def _next_stop(text: str, figs: list[Figure], i: int) -> int:
    return figs[i + 1].start if i + 1 < len(figs) else len(text)


_VALUE_LIST = re.compile(r"(?:和|与|及|或)\s*(?:\d|[一二两三四五六七八九十]+[个件所家条座项名户处])")
# Between two figures of a list, these hand the next value to the next name.
_LIST_SEP = re.compile(r"[、\s]*(?:和|与|及)?[、\s]*")


def _is_right_mode(text: str, f: Figure) -> bool:
    """Does a noun follow the unit ("3000多名党员干部", "7公里沿岸观光带")?"""
    if f.uclass == "pct":
        return False
    after = text[f.end:].lstrip()
    if after.startswith("的") and f.uclass in ("money", "phys"):
        return True
    if _VALUE_LIST.match(after):
        return False  # "分别达到A元和B元": the next value, not a counted noun
    return bool(re.match(r"[\u4e00-\u9fff“]", after)) and not re.match(
        r"(?:的|增长|增加|下降|提高|提升|降低|减少|比|较|同比|左右|以上|以下|以内|到|至|达|占|分别|为|人民币)", after)


def _right_indicator(text: str, figs: list[Figure], i: int, name: str) -> str:
    f = figs[i]
    noun = _right_phrase(text, f.end, _next_stop(text, figs, i))
    if not noun:
        return name
    project = _PROJECT_NAME.match(noun)
    if name and _ATTRIBUTE.search(name):  # 总投资30亿元的X项目(建设) -> X项目总投资
        return (project.group(0) if project else re.sub(r"建设$", "", noun)) + name
    if name.endswith("投资") and text[f.end:f.end + 1] == "的" and project:
        # "某集团投资50亿元的X项目洽谈引进": X项目's investment (GUIDELINES convention 6)
        return project.group(0) + "总投资"
    return (name if len(name) <= 8 else "") + noun


# A project's name up to its last head word ("X产业基地项目洽谈引进" -> X产业基地项目).
_PROJECT_NAME = re.compile(r".+(?:项目|工程)")
# A named project's investment is a target (planned, under way) unless the text says it is done.
_PROJECT_DONE = re.compile(r"建成|竣工|完工|投产|投用|运营")


_BARE_ATTRIBUTE = re.compile(r"总?投资|总?产值|总?面积|资金|总额")


def _listed_noun(text: str, figs: list[Figure], i: int) -> str:
    """"第一批108个、第二批124个老旧小区验收": the list's noun, written once at its end."""
    if i + 1 >= len(figs) or not text[figs[i].end:figs[i + 1].start].strip().startswith("、"):
        return ""
    nxt = figs[i + 1]
    if nxt.unit != figs[i].unit or not _is_right_mode(text, nxt):
        return ""
    return _right_phrase(text, nxt.end, _next_stop(text, figs, i + 1))


def _run_tail_noun(text: str, figs: list[Figure], i: int) -> str:
    """"剩余119户309人全部脱贫": a run of figures shares the noun after the last one."""
    j = i
    while j + 1 < len(figs) and not text[figs[j].end:figs[j + 1].start].strip():
        j += 1
    return _right_phrase(text, figs[j].end, _next_stop(text, figs, j))


def _assign_name(text: str, figs: list[Figure], i: int, raw_left: str, st: _State,
                 measure_hint: str) -> str | None:
    """The indicator of figure i; updates the sentence state (names list, slot)."""
    f = figs[i]
    name = clean_name(raw_left)
    if _is_right_mode(text, f):
        ind = _right_indicator(text, figs, i, name)
        st.start_group([ind])
        return ind or None
    if name:
        if name.startswith("占") and st.last:
            name = st.last + name  # "民生支出78.97亿元，占财政支出的76.6%"
        elif _BARE_ATTRIBUTE.fullmatch(name) and st.last:
            # "签约项目22个，总投资257.7亿元": the attribute belongs to the thing just counted
            name = st.last + _strip_tail(re.sub(r"[\s*]", "", raw_left).strip("、，,；;：:"))
        name += _listed_noun(text, figs, i)
        listy = "分别" in raw_left or (measure_hint in ("growth", "share") and "、" in name)
        st.start_group(expand_names(name) if listy else [name])
        return st.names[0]
    at_clause_start = not raw_left.strip() and (i == 0 or _clause_start(text, f.start) >= figs[i - 1].end)
    if not st.names or at_clause_start:
        # "，1182户4787人脱贫任务如期完成": a clause opening with figures names them after
        noun = _run_tail_noun(text, figs, i)
        if st.names and not noun:
            return st.names[0]
        if not noun and i == 0:
            noun = _previous_clause_name(text, _clause_start(text, f.start))
        st.start_group([noun] if noun else [])
        return noun or None
    sep = text[figs[i - 1].end:f.start].strip() if i else "，"
    st.slot = st.slot + 1 if _LIST_SEP.fullmatch(sep) else 0
    return st.names[min(st.slot, len(st.names) - 1)]


# Heads that end an indicator's name, so that a clause's predicate can be cut off after them.
_INDICATOR_HEAD = re.compile(r"(?:总值|增加值|收入|支出|投资|总额|产值|产量|销量|余额|价格|指数|率|增速)")


def _previous_clause_name(text: str, clause_start: int) -> str:
    """"规上工业增加值增速由负转正，增长3%": the figure's indicator opens the clause before."""
    if clause_start <= 0 or text[clause_start - 1] not in "，,":
        return ""
    prev = text[_clause_start(text, clause_start - 1):clause_start - 1]
    heads = list(_INDICATOR_HEAD.finditer(prev))
    if not heads or len(prev) - heads[-1].end() > 6:
        return ""
    name = clean_name(prev[:heads[-1].end()])
    return name if 2 <= len(name) <= 16 else ""


def _from_to(text: str, left_start: int, f: Figure, st: _State) -> str | None:
    left = re.sub(r"\s", "", text[left_start:f.start])
    if re.search(r"(?:从|由)[^，]{0,14}$", left) and not re.search(r"\d{4}年", left[-10:]):
        st.from_seen = True
        return "from"
    if st.from_seen and re.search(r"(?:到|至)$", left):
        st.from_seen = False
        return "to"
    return None


def metrics_from_sentence(text: str, *, period_hint: str | None, year: int | None,
                          kind_hint: str | None = None, review_year: int | None = None) -> list[Metric]:
    """Every metric the sentence states. ``year`` is the report's year; ``period_hint``
    the period the section/paragraph gives; ``kind_hint`` "actual"/"target" from the section."""
    text = to_halfwidth(text)
    figs = find_figures(text)
    if not figs:
        return []
    ctx = Context(kind_hint, period_hint, year, review_year)
    out: list[Metric] = []
    st = _State()
    for i in range(len(figs)):
        m = _metric(text, figs, i, ctx, st)
        if m is not None:
            out.append(m)
            if st.groups:
                st.groups[-1][1].append(m)
            st.last, st.prev = m.indicator, m
    return out + _replicated(st)


def _metric(text: str, figs: list[Figure], i: int, ctx: Context, st: _State) -> Metric | None:
    f = figs[i]
    cs = _clause_start(text, f.start)
    lb = max(cs, figs[i - 1].end) if i else cs
    raw_left = text[lb:f.start]
    after = text[f.end:f.end + 8]
    measure, value = _measure(f, text[cs:f.start], clean_name(raw_left), after)
    indicator = _assign_name(text, figs, i, raw_left, st, measure)
    if not indicator:
        return None
    if indicator != clean_name(raw_left):
        measure, value = _measure(f, text[cs:f.start], indicator, after)
    if st.prev and st.prev.measure == "growth" and f.unit == st.prev.unit and _LIST_SEP.fullmatch(raw_left):
        measure, value = "growth", -f.value if st.prev.value < 0 else f.value  # "分别增长6.9%、0.8%"
    kind = _kind_for(text, f, cs, ctx)
    if indicator.endswith("总投资") and indicator != _strip_tail(clean_name(raw_left)) and _is_right_mode(text, f):
        kind = "actual" if _PROJECT_DONE.search(text[f.end:_next_stop(text, figs, i)]) else "target"
    if f.chinese and kind != "actual":
        return None  # Chinese-numeral counts in plans are rhetoric ("三个机制")
    ctx.mentions = _mentions(text, ctx, kind)
    period = _period(text, f, cs, measure, indicator, kind, ctx, _from_to(text, lb, f, st))
    return Metric(indicator=indicator, kind=cast(MetricKind, kind), measure=cast(MetricMeasure, measure), value=value, unit=f.unit,
                  period=period, qualifier=f.qualifier, evidence=text, start=f.start, end=f.num_end,
                  value_max=_signed(f.value_max, value))


def _signed(v: float | None, value: float) -> float | None:
    """A range "增长8%-10%" keeps its lower bound as value and the upper in value_max."""
    return None if v is None else (-v if value < 0 else v)


def _kind_for(text: str, f: Figure, clause_start: int, ctx: Context) -> str:
    # only a written year counts here: "全年" is ambiguous until the kind is known
    own = [p for p in year_mentions(to_halfwidth(text[clause_start:f.start])) if not p.vision]
    return _kind(text, ctx, int(own[-1].period) if own else None)


def _mentions(text: str, ctx: Context, kind: str) -> list[PeriodMention]:
    # "全年" is the review year in an achievement and the plan year in a plan.
    key = (text, kind)
    if key not in ctx.cache:
        found = find_periods(text, doc_year=ctx.doc_year, review_year=ctx.review_year, kind=kind)
        ctx.cache[key] = [p for p in found if not _CLOSING.match(text, p.end)]
    return ctx.cache[key]


# "…，实现“十四五”良好开局": a closing phrase names the plan a year opened or closed;
# it does not move that year's figures to the plan's span.
_CLOSING = re.compile(r"[”\"]?(?:规划)?的?(?:良好开局|开好局|起好步|开局|收官|圆满收官|胜利收官|决胜)")


def _replicated(st: _State) -> list[Metric]:
    """"固定资产投资、社会消费品零售总额年均增长10%": one rate for every listed name;
    "分别压减20%、50%以上": the list's closing qualifier holds for every value."""
    out = []
    for names, ms in st.groups:
        if len(names) >= 2 and len(ms) >= 2 and ms[-1].qualifier and not any(m.qualifier for m in ms[:-1]):
            for m in ms[:-1]:
                m.qualifier = ms[-1].qualifier
        if len(names) >= 2 and len(ms) == 1 and ms[0].measure in ("growth", "share"):
            out += [ms[0].model_copy(update={"indicator": n}) for n in names[1:]]
    return out


# ---------------------------------------------------------------- document

_TARGET_TITLE = re.compile(r"目标|任务|安排|计划|重点工作|思路|展望|打算|今后|未来")
_ACTUAL_TITLE = re.compile(r"回顾|成就|成绩|过去|总结")
_REVIEW_YEAR = re.compile(r"((?:19|20)\d{2})\s*年[^。\n，]{0,12}回顾")
_DATE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月")


@component("policykg.metrics.sentences.v1", "metrics")
def extract_metrics(doc: Document) -> list[Metric]:
    """Every distinct metric of the document, with sentence index and offsets in ``doc.text``."""
    review = review_year_of(doc.text)
    year = doc.year or _date_year(doc.text)
    openers = _paragraph_periods(doc, year, review)
    out: list[Metric] = []
    hints: dict[int | None, tuple[str | None, str | None]] = {}  # by section: its sentences share them
    for s in doc.sentences:
        if s.section not in hints:
            hints[s.section] = _section_hints(doc, s, year, review)
    plan_only = _plan_only(doc, hints, year, review)
    lead: str | None = None  # "今年重点抓好以下工作：" makes what follows a plan
    for s in doc.sentences:
        kind_hint, section_period = hints[s.section]
        lead = _lead_kind(s.text, lead, year, review)
        kind_hint = kind_hint or lead or ("target" if plan_only else None)
        hint = openers.get(s.paragraph) or section_period
        for m in metrics_from_sentence(s.text, period_hint=hint, year=year, kind_hint=kind_hint,
                                       review_year=review):
            out.append(m.model_copy(update={"sentence": s.index, "start": s.start + (m.start or 0),
                                            "end": s.start + (m.end or 0)}))
    return dedupe(out)


# A sentence that announces the year's plan, and one that turns back to the year's results.
_PLAN_LEAD = re.compile(
    r"^(?:今年|明年|(?P<y>(?:19|20)\d{2})年)[^。；！？]{0,30}?"
    r"(?:主要(?:预期)?目标|预期目标|目标任务|工作安排|重点工作|重点抓好|着力抓好|(?:做|抓)好以下|总体要求)")
_REVIEW_LEAD = re.compile(r"^(?:过去(?:的)?一年|一年来|过去五年|五年来|回顾过去|(?:19|20)\d{2}年(?:工作)?回顾)")
# Words only an account of results uses; a text without any is a plan (an excerpt of one).
_PAST_WORDS = re.compile(r"了|一年来|过去|年来|以来|同比|比上年|较上年|上年|去年|已|成功|获评|荣获|首次|"
                         r"创历史|新高|位居|居全|排名|回顾")
_PLAN_WORDS = re.compile(r"要|将|力争|确保|争取|加快|着力|抓好|谋划|今年|推进|实施")


def _lead_kind(text: str, lead: str | None, year: int | None, review: int | None) -> str | None:
    t = text.lstrip("“”\"'—-－ \u3000*")
    if _REVIEW_LEAD.match(t):
        return None
    m = _PLAN_LEAD.match(t)
    if m and (m.group("y") is None or years(year, review)[1] in (None, int(m.group("y")))):
        return "target"
    return lead


def _plan_only(doc: Document, hints: dict[int | None, tuple[str | None, str | None]],
               year: int | None, review: int | None) -> bool:
    """An excerpt of a plan section, without its heading: no section says what it is, no
    period lies in the past and nothing is told as done."""
    if review is not None or any(k for k, _ in hints.values()):
        return False
    if _PAST_WORDS.search(doc.text) or len(_PLAN_WORDS.findall(doc.text)) < 2:
        return False
    past, _ = years(year, review)
    periods = find_periods(doc.text, doc_year=year, review_year=review, kind="target")
    return past is None or all((span_bounds(p.period) or (int(p.period),) * 2)[1] > past for p in periods)


def review_year_of(text: str) -> int | None:
    """The year under review as the report names it ("2020年工作回顾")."""
    m = _REVIEW_YEAR.search(to_halfwidth(text))
    return int(m.group(1)) if m else None


def _date_year(text: str) -> int | None:
    m = _DATE_YEAR.search(to_halfwidth(text[:400]))
    return int(m.group(1)) if m else None


def _paragraph_periods(doc: Document, year: int | None, review: int | None) -> dict[int, str]:
    """A paragraph that opens with a time ("2020年是…", "“十三五”时期，是…", "过去五年，")
    sets the period of every figure in it."""
    out: dict[int, str] = {}
    for s in doc.sentences:
        if s.paragraph in out or (s.index and doc.sentences[s.index - 1].paragraph == s.paragraph):
            continue
        head = len(s.text) - len(s.text.lstrip("“”\"'—-－ \u3000*"))
        firm = [p for p in find_periods(s.text, doc_year=year, review_year=review, kind="actual")
                if not p.vision and p.start <= head + 1]
        if firm:
            out[s.paragraph] = firm[0].period
    return out


def _section_chain(doc: Document, s: Sentence) -> list[int]:
    chain, i = [], s.section
    while i is not None and 0 <= i < len(doc.sections) and i not in chain:
        chain.append(i)
        i = doc.sections[i].parent
    return chain


def _section_hints(doc: Document, s: Sentence, year: int | None,
                   review: int | None) -> tuple[str | None, str | None]:
    """(kind, period) from the nearest section titles that say something about them."""
    kind = period = None
    for i in _section_chain(doc, s):
        sec = doc.sections[i]
        if kind is None:
            kind = "target" if _TARGET_TITLE.search(sec.title) else (
                "actual" if _ACTUAL_TITLE.search(sec.title) else None)
        if period is None:
            firm = [p for p in find_periods(sec.title, doc_year=year, review_year=review) if not p.vision]
            period = firm[0].period if firm else sec.period
    return kind, period


def dedupe(metrics: list[Metric]) -> list[Metric]:
    """A figure restated later ("地区生产总值达 292 亿元" in the five-year review) counts once."""
    out: list[Metric] = []
    # only metrics with the same figure can be the same: compare within those
    by_figure: dict[tuple[object, ...], list[Metric]] = {}
    for m in metrics:
        same_figure = by_figure.setdefault(_figure_key(m), [])
        if not any(_same(m, o) for o in same_figure):
            out.append(m)
            same_figure.append(m)
    return out


def _figure_key(m: Metric) -> tuple[object, ...]:
    return (m.kind, m.measure, m.value, m.unit, m.period)


def _same(a: Metric, b: Metric) -> bool:
    if (a.kind, a.measure, a.value, a.unit, a.period) != (b.kind, b.measure, b.value, b.unit, b.period):
        return False
    x, y = a.indicator, b.indicator
    return x in y or y in x
