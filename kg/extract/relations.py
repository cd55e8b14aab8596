"""Relation extraction from patterns over entity mentions, clause by clause.

Six relation types (shared/eval/GUIDELINES.md): LOCATED_IN, PART_OF, PARTICIPATES_IN,
IN_INDUSTRY, HOLDS_POST, COOPERATES_WITH. Every relation comes with the sentence that
states it (``Relation.evidence``) and a confidence that depends on the rule that fired.

How it works
------------
* Per sentence, the entity mentions become *spans*; spans nested inside a longer span
  (周口 inside 周口高新区) are kept apart as *inner* spans, the rest are *top* spans.
* A sentence is cut into clauses at ，；： (full- and half-width). Chinese reports chain
  many predicates in one sentence with commas, and a clause is roughly one predicate:
  a trigger word and both arguments in the same clause is our main precision guard.
* Rules are small functions; each yields candidates. Document-level rules read entity
  *names* (a project called 周口数字产业园 is in 周口 by its name) or the gazetteer
  parent of a district. Candidates are deduplicated on (type, head, tail), keeping the
  most confident one and its evidence.

Rules never contain place, company or person names: only function words and
suffixes of Chinese administrative and report language, listed in the tables below.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.admin import AdminLevel, level_of_name
from kg.extract.normalize import norm
from kg.extract.registry import Component, component, get
from kg.extract.rules import patterns as P
from kg.models import Document, Entity, Relation, RelationType, Sentence

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- tables
# Clause boundaries. 、 is NOT one: it joins list items inside a clause.
CLAUSE_SEP = "，,；;：:"
# Words that join list items (筑工、筑友 / 京东和顺丰).
LIST_JOIN = re.compile(r"^\s*[、和及与]\s*$")
# Gap allowed between two adjacent mentions that read as one noun phrase:
# nothing, spaces, or an opening quote (周口高新区“科技企业孵化器”).
ADJACENT_GAP = re.compile(r"^[\s“”\"'‘’「」《》]*$")

# An unrecognised village name (2-4 characters) as the first item of a list: 王响午、
UNKNOWN_FIRST_ITEM = re.compile(r"^[\u4e00-\u9fff]{2,4}、$")
# Administrative level of a district name from its suffix; higher contains lower.
# Checked in order: 街道办事处 before 区, 开发区/高新区 before 区 etc.
# A district whose name ends like this is a park: 园区 in "入驻园区" refers back to it.
PARK_SUFFIXES = P.PARK_SUFFIXES
# The part of a name after a district prefix must look like a division for PART_OF.
DIVISION_TAIL = re.compile(r"(区|县|市|镇|乡|村|街道|办事处|社区|园区|旗|州)$")
# Organisations that are the government of a place, not located in it (a 区人民政府 is
# not "LOCATED_IN" its district in the gold convention).
GOV_ORGAN_TAIL = re.compile(r"(政府|代表大会|人大|常委会|政协|委|法院|检察院|人武部)$")
GOV_TAIL = re.compile(r"人民政府$")

# Posts that a signature line or a title gives: 区长, 代县长, 副市长, 书记 ...
TITLE = r"(?:代|副|常务副)?(?:省|市|州|县|区|旗|镇|乡)长|(?:党委|党组|党工委)?书记|主任|主席|秘书长"
TITLE_GAP = re.compile(rf"^[\s?？　]*(?:{TITLE})[\s?？　]*$")
TITLE_ONLY = re.compile(r"(?:^|[\s　])((?:代|副)?(省|市|州|县|区|旗|镇|乡)长)[\s?？　]*$")
# 以习近平总书记为核心的党中央: the person leads the organisation.
CORE_GAP = re.compile(r"^(?:同志|总书记|主席)?为核心的$")

# Verbs that make a company the builder/investor/operator of a project in one clause.
BUILD_VERB = re.compile(r"建成|建设|投资|开工|投产|落地|签约|运营|承建|打造|实施|入驻|竣工")
# Verbs that settle a company somewhere: 落户, 入驻 (园区), 落地.
# 落地 is left out on purpose: it says a *project* landed, not where a company settled.
SETTLE_VERB = re.compile(r"落户|入驻|进驻|扎根")
SETTLE_PLACE = re.compile(r"(?:落户|入驻|落地|进驻|扎根|位于|坐落于|坐落在|选址|建在|建于)(?:在|于|到)?$")
PARK_ANAPHOR = re.compile(r"(?:落户|入驻|进驻)(?:到|在|于)?园区")
# 在X建设/新建/打造 ... Y
IN_PLACE_BUILD = re.compile(r"^(?:建设|新建|打造|投资建设|开工建设|建成)")
# Cooperation: 与X合作 / 与X签约 / 携手X.
COOP_AFTER = re.compile(r"^[^，,；;。]{0,8}?(?:战略合作|合作|签约|签订|携手|共建|对接|合资)")
# 立足/依托 P，发挥 C、D 等…优势: the companies a park or platform is built on.
ANCHOR_PROJECT = re.compile(r"^(?:立足|依托|围绕|借助)$")
LEVERAGE = re.compile(r"^(?:充分)?发挥$")
LEVERAGE_END = re.compile(r"^等?[^，,；;。]{0,8}(?:优势|作用|带动)")
# A clause whose project is being advanced: 推进/建设/实施 ... P.
PROJECT_VERB = re.compile(r"推进|建设|实施|建成|开工|打造")
# "以X为引爆点/依托/龙头 ..." names an industry a project is built around.
INDUSTRY_AS = re.compile(r"^以(?P<body>.+?)为(?:引爆点|依托|龙头|重点|主导|核心|引领|支撑|方向|主|特色)")
INDUSTRY_BUILD = re.compile(r"^(?:打造|发展|培育|壮大)")
# Industry developed in one clause, companies that lead it in the next.
DEVELOP_VERB = re.compile(r"发展|围绕|聚焦|培育|壮大|做强|做大|加快")
LEAD_LIST = re.compile(r"等(?:重点|龙头|骨干|领军)?(?:项目|企业|龙头企业)|为(?:龙头|引领|依托|支撑|核心)")
# Industry, then a short gap naming the company's role, then the company:
# 新型建材主导产业筑友智造 / XX世界领军企业YY.
INDUSTRY_ROLE_GAP = re.compile(r"^[^，,；;。、]{0,8}(?:企业|产业|龙头|领军者)$")
# Company (list) + 等 + industry: 筑工、筑友绿色装配式建筑产业 / A、B等新型建材企业.
COMPANY_INDUSTRY_GAP = re.compile(r"^(?:等)?$")
BECOME_VERB = re.compile(r"成为|建成|打造|是")
# Project clause followed by "将L打造成": the project reshapes the place it is in.
TURN_PLACE = re.compile(r"^将$")

# Confidence per rule: textual patterns with both arguments adjacent are the most
# reliable; rules that cross a clause or rest on a gazetteer are weaker.
CONF = {
    "signature": 0.95, "core": 0.75, "title_only": 0.85,
    "nesting": 0.9, "nesting_unknown": 0.7, "name_prefix_district": 0.85, "gazetteer": 0.7,
    "name_prefix_place": 0.8, "adjacent_place": 0.8, "settle_place": 0.8, "settle_home": 0.65,
    "settle_park": 0.7, "in_place_build": 0.7, "turn_place": 0.5,
    "name_prefix_company": 0.8, "company_builds": 0.7, "coop_then_project": 0.55,
    "anchor_then_leverage": 0.55,
    "company_industry_adjacent": 0.8, "industry_role_company": 0.8, "company_becomes": 0.65,
    "industry_then_leaders": 0.6, "project_industry_as": 0.6, "name_contains_industry": 0.7,
    "cooperates": 0.75,
}


# --------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Span:
    """One mention of an entity, offsets into Document.text."""

    start: int
    end: int
    entity: Entity = field(compare=False, hash=False)
    key: tuple[str, str] = ("", "")  # (type, name), the identity used for equality

    @property
    def type(self) -> str:
        return self.entity.type


@dataclass
class Clause:
    start: int
    end: int
    text: str


@dataclass
class SentenceView:
    """A sentence with its spans (top-level and nested) and its clauses."""

    sentence: Sentence
    top: list[Span]
    inner: list[Span]
    clauses: list[Clause]
    # top spans by clause (start, end): the rules ask for the same clauses over and over
    _in_clause: dict[tuple[int, int], list[Span]] = field(default_factory=dict, init=False, repr=False,
                                                          compare=False)

    def clause_of(self, offset: int) -> int:
        starts = [c.start for c in self.clauses]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def top_in(self, clause: Clause, types: Iterable[str] | None = None) -> list[Span]:
        key = (clause.start, clause.end)
        spans = self._in_clause.get(key)
        if spans is None:
            spans = self._in_clause[key] = [s for s in self.top if clause.start <= s.start < clause.end]
        if not types:
            return list(spans)
        wanted = set(types)
        return [s for s in spans if s.type in wanted]


@dataclass(frozen=True)
class Candidate:
    type: RelationType
    head: Entity
    tail: Entity
    sentence: int
    confidence: float
    rule: str


@dataclass
class DocContext:
    """What the rules need to know about the whole document."""

    doc: Document
    entities: list[Entity]
    views: list[SentenceView]
    home_district: Entity | None
    home_government: Entity | None
    # sentence rules ask for the same types once per sentence: filter the entities once
    _typed: dict[tuple[str, ...], list[Entity]] = field(default_factory=dict, init=False, repr=False,
                                                         compare=False)

    def by_type(self, *types: str) -> list[Entity]:
        if types not in self._typed:
            self._typed[types] = [e for e in self.entities if e.type in types]
        return list(self._typed[types])


# --------------------------------------------------------------------------- helpers
def forms(entity: Entity) -> list[str]:
    """The surface forms of an entity, longest first; single characters are too ambiguous."""
    out = {f for f in [entity.name, *entity.aliases] if f and len(f) >= 2}
    return sorted(out, key=len, reverse=True)


@lru_cache(maxsize=4096)


def _strip_admin(name: str) -> str:
    return re.sub(r"(省|市|自治州|州|地区|盟|县|区)$", "", name)


def _clauses(text: str, offset: int) -> list[Clause]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in CLAUSE_SEP:
            out.append(Clause(offset + start, offset + i + 1, text[start:i + 1]))
            start = i + 1
    if start < len(text):
        out.append(Clause(offset + start, offset + len(text), text[start:]))
    return out or [Clause(offset, offset + len(text), text)]


def _split_nested(spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """Top spans are not strictly inside a longer span; equal spans of two types both stay."""
    top: list[Span] = []
    inner: list[Span] = []
    for s in spans:
        nested = any(o.start <= s.start and s.end <= o.end and (o.end - o.start) > (s.end - s.start)
                     for o in spans)
        (inner if nested else top).append(s)
    top.sort(key=lambda s: (s.start, -s.end))
    return top, inner


def _sentence_index(sentences: list[Sentence], offset: int, starts: list[int] | None = None) -> int | None:
    starts = starts if starts is not None else [s.start for s in sentences]
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and offset < sentences[i].end:
        return i
    return None


def _spans_by_sentence(doc: Document, entities: list[Entity]) -> dict[int, list[Span]]:
    """Bucket mentions by the sentence their offsets fall in (offsets win over Mention.sentence)."""
    buckets: dict[int, set[Span]] = {}
    starts = [s.start for s in doc.sentences]  # once, not per mention (long reports)
    for e in entities:
        for m in e.mentions:
            i = _sentence_index(doc.sentences, m.start, starts)
            if i is None or m.end > doc.sentences[i].end or m.end <= m.start:
                continue
            buckets.setdefault(i, set()).add(Span(m.start, m.end, e, (e.type, e.name)))
    return {i: sorted(b, key=lambda s: (s.start, -s.end)) for i, b in buckets.items()}


def build_views(doc: Document, entities: list[Entity]) -> list[SentenceView]:
    by_sent = _spans_by_sentence(doc, entities)
    views = []
    for i, sent in enumerate(doc.sentences):
        top, inner = _split_nested(by_sent.get(i, []))
        views.append(SentenceView(sent, top, inner, _clauses(doc.text[sent.start:sent.end], sent.start)))
    return views


def _gap(doc: Document, a: Span, b: Span) -> str:
    return doc.text[a.end:b.start] if b.start >= a.end else ""


def adjacent_pairs(spans: list[Span]) -> Iterator[tuple[Span, Span]]:
    """Consecutive spans; a name listed under two types (周口高新区 as District and as
    Organization) sits at one position, so every pair across two positions is yielded."""
    groups: list[list[Span]] = []
    for s in spans:
        if groups and (groups[-1][0].start, groups[-1][0].end) == (s.start, s.end):
            groups[-1].append(s)
        else:
            groups.append([s])
    for g1, g2 in zip(groups, groups[1:], strict=False):
        for a in g1:
            for b in g2:
                yield a, b


def _list_after(doc: Document, spans: list[Span], i: int, types: set[str],
                join: re.Pattern[str] = LIST_JOIN) -> list[Span]:
    """Spans i+1.. that continue a list (joined by 、 和 及) of the given types."""
    out, prev = [], spans[i]
    for s in spans[i + 1:]:
        if (s.start, s.end) == (prev.start, prev.end):
            continue  # the same name under another type
        if s.type not in types or not join.match(_gap(doc, prev, s)):
            break
        out.append(s)
        prev = s
    return out


def _list_before(doc: Document, spans: list[Span], i: int, types: set[str]) -> list[Span]:
    """Spans ..i-1 that precede spans[i] in a list of the given types."""
    out, nxt = [], spans[i]
    for s in reversed(spans[:i]):
        if (s.start, s.end) == (nxt.start, nxt.end):
            continue
        if s.type not in types or not LIST_JOIN.match(_gap(doc, s, nxt)):
            break
        out.append(s)
        nxt = s
    return out


def _company_of(span: Span, companies: list[Entity]) -> Entity | None:
    """A company span is itself; a project named after a company (顺丰周口分拨中心) yields it."""
    if span.type == "Company":
        return span.entity
    if span.type == "Project":
        return _prefix_entity(span.entity.name, companies, min_rest=2)[0]
    return None


FormTable = list[tuple[Entity, list[str]]]


def form_table(candidates: list[Entity]) -> FormTable:
    """Candidates with their ``forms``, for rules that test many names against one list."""
    return [(c, forms(c)) for c in candidates]


def _prefix_entity(name: str, candidates: list[Entity], min_rest: int) -> tuple[Entity | None, str]:
    """The candidate whose longest form starts ``name``, and the rest of the name."""
    return _prefix_in(name, form_table(candidates), min_rest)


def _prefix_in(name: str, table: FormTable, min_rest: int) -> tuple[Entity | None, str]:
    """``_prefix_entity`` over candidates whose forms are already computed."""
    best: tuple[Entity | None, str] = (None, name)
    best_len = 0
    for c, fs in table:
        if c.name == name:
            continue
        for f in fs:
            if name.startswith(f) and len(name) - len(f) >= min_rest and len(f) > best_len:
                best, best_len = (c, name[len(f):]), len(f)
    return best


# --------------------------------------------------------------------------- context
def _home_government(entities: list[Entity], districts: list[Entity]) -> Entity | None:
    """The reporting government: its 人民政府, preferably one named after a district."""
    govs = [e for e in entities if e.type == "Organization" and GOV_TAIL.search(e.name)]
    if not govs:
        # Only 区政府/某某县政府 written: a bare 省政府/市政府 is usually the level above,
        # so without 人民政府 take only a government named after a district of the report.
        govs = [e for e in entities if e.type == "Organization" and e.name.endswith("政府")
                and _prefix_entity(e.name, districts, min_rest=2)[0] is not None]
    if not govs:
        return None
    def rank(e: Entity) -> tuple[int, int, int]:
        named = _prefix_entity(e.name, districts, min_rest=2)[0] is not None
        return (int(named), len(e.mentions), len(e.name))
    return max(govs, key=rank)


def _home_district(gov: Entity | None, districts: list[Entity]) -> Entity | None:
    """The district the report is about: the one its government is named after, else the
    most mentioned county-level district."""
    if gov is not None:
        found = _prefix_entity(gov.name, districts, min_rest=2)[0]
        if found is not None:
            return found
    county = [d for d in districts if level_of_name(d.name) == AdminLevel.COUNTY] or districts
    return max(county, key=lambda d: len(d.mentions), default=None)


def build_context(doc: Document, entities: list[Entity]) -> DocContext:
    districts = [e for e in entities if e.type == "District"]
    gov = _home_government(entities, districts)
    return DocContext(doc, entities, build_views(doc, entities), _home_district(gov, districts), gov)


def _cand(rtype: RelationType, head: Entity, tail: Entity, sentence: int, rule: str) -> Candidate:
    return Candidate(rtype, head, tail, sentence, CONF[rule], rule)


def _first_sentence(ctx: DocContext, entity: Entity, other: Entity | None = None) -> int | None:
    """The first sentence mentioning ``entity`` (and ``other`` too, when one does)."""
    hits = [v.sentence.index for v in ctx.views if any(s.entity is entity for s in v.top + v.inner)]
    if other is not None:
        both = [i for i in hits if any(s.entity is other for s in ctx.views[i].top + ctx.views[i].inner)]
        if both:
            return both[0]
    if hits:
        return hits[0]
    # The entity has no usable mention: look for its name in the text.
    for v in ctx.views:
        if any(f in v.sentence.text for f in forms(entity)):
            return v.sentence.index
    return None


# --------------------------------------------------------------------------- HOLDS_POST
def rule_signature(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """川汇区人民政府代区长 胡友涛: organisation, title, person; or a bare 县长 李永军."""
    for s in v.top:
        if s.type != "Person":
            continue
        before = [o for o in v.top if o.end <= s.start]
        org = next((o for o in reversed(before) if o.type == "Organization"
                    and TITLE_GAP.match(_gap(ctx.doc, o, s))), None)
        if org is not None:
            yield _cand("HOLDS_POST", s.entity, org.entity, v.sentence.index, "signature")
            continue
        left = max([v.sentence.start, *(o.end for o in before)])
        m = TITLE_ONLY.search(" " + ctx.doc.text[left:s.start])
        gov = _government_for_title(ctx, m.group(2)) if m else None
        if gov is not None:
            yield _cand("HOLDS_POST", s.entity, gov, v.sentence.index, "title_only")


def _government_for_title(ctx: DocContext, unit: str) -> Entity | None:
    """县长 heads the 县人民政府: prefer a government whose name ends with that unit."""
    govs = [e for e in ctx.by_type("Organization") if e.name.endswith(f"{unit}人民政府")]
    if ctx.home_government in govs or not govs:
        return ctx.home_government
    return max(govs, key=lambda e: len(e.mentions))


_DELEGATE = re.compile(r"代表([^，。,；\n]{0,20}?政府)")


def rule_speaker(ctx: DocContext) -> Iterator[Candidate]:
    """The speaker of the front matter (省长 某某 / a byline) reports "代表X政府": they hold a post
    in that government (GUIDELINES convention 4), however many lines apart the two stand."""
    m = _DELEGATE.search(ctx.doc.text, 0, 3000)
    if m is None:
        return
    want = norm(m.group(1))
    gov = next((e for e in ctx.by_type("Organization") if want in {norm(f) for f in [e.name, *e.aliases]}), None)
    if gov is None:
        return
    before = [(min(x.start for x in p.mentions), p) for p in ctx.by_type("Person")
              if p.mentions and min(x.start for x in p.mentions) < m.start()]
    if not before:
        return
    speaker = max(before, key=lambda t: t[0])[1]
    i = next((v.sentence.index for v in ctx.views if v.sentence.start <= m.start() < v.sentence.end), None)
    if i is not None:
        yield _cand("HOLDS_POST", speaker, gov, i, "signature")


def rule_core(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """以习近平总书记为核心的党中央."""
    for a, b in adjacent_pairs(v.top):
        if a.type == "Person" and b.type == "Organization" and CORE_GAP.match(_gap(ctx.doc, a, b)):
            yield _cand("HOLDS_POST", a.entity, b.entity, v.sentence.index, "core")


# --------------------------------------------------------------------------- PART_OF
def rule_nesting(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """华耀城街道办事处葛湾村, 城北街道办事处朱楼村、邵寨村: a container then its members."""
    spans = v.top
    for a, b in adjacent_pairs(spans):
        if a.type != "District" or b.type != "District" or not ADJACENT_GAP.match(_gap(ctx.doc, a, b)):
            continue
        if b.start - a.end > 1 or not _contains_level(a.entity.name, b.entity.name):
            continue
        for member in [b, *_list_after(ctx.doc, spans, spans.index(b), {"District"})]:
            if _contains_level(a.entity.name, member.entity.name):
                yield _cand("PART_OF", member.entity, a.entity, v.sentence.index, "nesting")
    yield from _nesting_after_unknown(ctx, v)


def _nesting_after_unknown(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """城南街道办事处王响午、小王营村 when 王响午 was not recognised: a town/street, one short
    unrecognised list item, then villages."""
    spans = v.top
    for a, b in adjacent_pairs(spans):
        if a.type != "District" or b.type != "District" or level_of_name(a.entity.name) != AdminLevel.TOWN:
            continue
        if not UNKNOWN_FIRST_ITEM.match(_gap(ctx.doc, a, b)) or level_of_name(b.entity.name) != AdminLevel.VILLAGE:
            continue
        for member in [b, *_list_after(ctx.doc, spans, spans.index(b), {"District"})]:
            if level_of_name(member.entity.name) == AdminLevel.VILLAGE:
                yield _cand("PART_OF", member.entity, a.entity, v.sentence.index, "nesting_unknown")


def _contains_level(outer: str, inner: str) -> bool:
    lo, li = level_of_name(outer), level_of_name(inner)
    if lo is None:
        return False
    # A village without a 村 suffix (王响午) after a town/street container is still a member.
    return lo < li if li is not None else lo >= AdminLevel.TOWN


def rule_name_prefix_district(ctx: DocContext) -> Iterator[Candidate]:
    """遂宁市安居区 ⊂ 遂宁市, 周口高新区 ⊂ 周口: a district named after its parent."""
    districts = ctx.by_type("District")
    table = form_table(districts)
    for d in districts:
        parent, rest = _prefix_in(d.name, table, min_rest=2)
        if parent is None or not DIVISION_TAIL.search(rest):
            continue
        lp, lc = level_of_name(parent.name), level_of_name(d.name)
        if lp is not None and lc is not None and lp > lc:
            continue  # the prefix names a smaller unit than the district
        i = _first_sentence(ctx, d, parent)
        if i is not None:
            yield _cand("PART_OF", d, parent, i, "name_prefix_district")


# --------------------------------------------------------------------------- LOCATED_IN
def rule_name_prefix_place(ctx: DocContext) -> Iterator[Candidate]:
    """周口数字产业园 → 周口, 贾鲁河两岸升级改造项目 → 贾鲁河, 顺丰周口分拨中心 → 周口:
    a project (or non-government organisation) named after its place."""
    places = ctx.by_type("District", "Location")
    companies = form_table(ctx.by_type("Company"))
    # A province prefix (四川职业技术学院, 河南XX项目) is part of an institution's or brand's
    # proper name, not a statement of where it is.
    below_province = form_table([p for p in places if level_of_name(p.name) != AdminLevel.PROVINCE])
    for e in ctx.by_type("Project", "Organization"):
        if e.type == "Organization" and (GOV_ORGAN_TAIL.search(e.name) or _also_place(e, places)):
            continue
        name = e.name
        company, rest = _prefix_in(name, companies, min_rest=3)
        if company is not None:
            name = rest
        place, rest = _prefix_in(name, below_province, min_rest=2)
        # 周口源项目: what is left (源) is too short to be a facility, so 周口 is part of a
        # proper name, not a place.
        if place is None or len(re.sub(r"(项目|工程)$", "", rest)) < 2:
            continue
        i = _first_sentence(ctx, e, place)
        if i is not None:
            yield _cand("LOCATED_IN", e, place, i, "name_prefix_place")


def _also_place(e: Entity, places: list[Entity]) -> bool:
    """周口高新区 as an organisation is the zone's administration, not something inside it."""
    return any(p.name == e.name for p in places)


def rule_adjacent_place(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """高新区智能物流产业园 / 周口高新区“科技企业孵化器”: a place right before a project."""
    for a, b in adjacent_pairs(v.top):
        if a.type not in ("District", "Location") or b.type not in ("Project", "Company"):
            continue
        if b.start - a.end <= 1 and ADJACENT_GAP.match(_gap(ctx.doc, a, b)):
            yield _cand("LOCATED_IN", b.entity, a.entity, v.sentence.index, "adjacent_place")


def rule_settle(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """X落户/入驻/位于Y; X…相继落户 (no place: the reporting district); X…入驻园区 (the park
    named last before)."""
    for c in v.clauses:
        spans = v.top_in(c)
        explicit = list(_settle_explicit(ctx, v, spans))
        if explicit:
            yield from explicit
        elif SETTLE_VERB.search(c.text):
            yield from _settle_implicit(ctx, v, c, [s for s in spans if s.type == "Company"])


def _settle_explicit(ctx: DocContext, v: SentenceView, spans: list[Span]) -> Iterator[Candidate]:
    for i, s in enumerate(spans):
        if s.type not in ("Company", "Project"):
            continue
        nxt = next((o for o in spans[i + 1:] if o.type in ("District", "Location")), None)
        if nxt is None:
            continue
        between = _gap(ctx.doc, s, nxt)
        if len(between) <= 12 and SETTLE_PLACE.search(between):
            for h in [s, *_list_before(ctx.doc, spans, i, {s.type})]:
                yield _cand("LOCATED_IN", h.entity, nxt.entity, v.sentence.index, "settle_place")


def _settle_implicit(ctx: DocContext, v: SentenceView, c: Clause, companies: list[Span]) -> Iterator[Candidate]:
    if not companies:
        return
    verb = SETTLE_VERB.search(c.text)
    if verb is None or any(s.start - c.start > verb.start() for s in companies):
        return  # the companies must be the subject, before the verb
    if PARK_ANAPHOR.search(c.text):
        place, rule = _last_park(ctx, c.start), "settle_park"
    else:
        place, rule = ctx.home_district, "settle_home"
    if place is None:
        return
    for s in companies:
        yield _cand("LOCATED_IN", s.entity, place, v.sentence.index, rule)


def _last_park(ctx: DocContext, before: int) -> Entity | None:
    """The park-type district whose name occurs last before ``before`` in the text."""
    best, best_pos = None, -1
    for d in ctx.by_type("District"):
        if not d.name.endswith(PARK_SUFFIXES):
            continue
        for f in forms(d):
            pos = ctx.doc.text.rfind(f, 0, before)
            if pos > best_pos:
                best, best_pos = d, pos
    return best


def rule_in_place_build(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """在X建设/打造Y: a place, a building verb right after it, a project later in the clause."""
    for c in v.clauses:
        spans = v.top_in(c)
        for i, s in enumerate(spans):
            if s.type not in ("District", "Location") or not ctx.doc.text[max(c.start, s.start - 1):s.start] == "在":
                continue
            after = ctx.doc.text[s.end:c.end]
            if not IN_PLACE_BUILD.match(after):
                continue
            for p in spans[i + 1:]:
                if p.type == "Project":
                    yield _cand("LOCATED_IN", p.entity, s.entity, v.sentence.index, "in_place_build")
                    break


def rule_turn_place(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """推进P建设，将L打造成…: the project is what turns the place into something."""
    for k in range(len(v.clauses) - 1):
        projects = v.top_in(v.clauses[k], ["Project"])
        nxt = v.clauses[k + 1]
        places = v.top_in(nxt, ["District", "Location"])
        if len(projects) != 1 or not places or not PROJECT_VERB.search(v.clauses[k].text):
            continue
        lead = ctx.doc.text[nxt.start:places[0].start].strip()
        if TURN_PLACE.match(lead) and "打造" in ctx.doc.text[places[0].end:nxt.end][:4]:
            yield _cand("LOCATED_IN", projects[0].entity, places[0].entity, v.sentence.index, "turn_place")


# --------------------------------------------------------------------------- PARTICIPATES_IN
def rule_name_prefix_company(ctx: DocContext) -> Iterator[Candidate]:
    """顺丰周口分拨中心 ← 顺丰, 中储粮20万吨粮食储备库 ← 中储粮: a project named after its company."""
    companies = form_table(ctx.by_type("Company"))
    for p in ctx.by_type("Project"):
        company = _prefix_in(p.name, companies, min_rest=3)[0]
        if company is None:
            continue
        i = _first_sentence(ctx, p, company)
        if i is not None:
            yield _cand("PARTICIPATES_IN", company, p, i, "name_prefix_company")


def rule_company_builds(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """四川裕能建成…生产基地 / 四川能投全省首个…项目开工建设: company, short gap, project."""
    for c in v.clauses:
        spans = v.top_in(c)
        for a, b in adjacent_pairs(spans):
            if a.type != "Company" or b.type != "Project":
                continue
            gap = _gap(ctx.doc, a, b)
            if len(gap) > 12 or re.search(r"[、和及与]", gap):
                continue
            if BUILD_VERB.search(ctx.doc.text[a.end:c.end]):
                yield _cand("PARTICIPATES_IN", a.entity, b.entity, v.sentence.index, "company_builds")


def rule_coop_then_project(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """加强与C合作，加快推进P建设: the partner of the next clause's project."""
    for k in range(len(v.clauses) - 1):
        partners = list(_coop_partners(ctx, v, v.clauses[k]))
        if not partners:
            continue
        nxt = v.clauses[k + 1]
        projects = v.top_in(nxt, ["Project"])
        if len(projects) == 1 and PROJECT_VERB.search(nxt.text):
            for p in partners:
                if p.type == "Company":
                    yield _cand("PARTICIPATES_IN", p.entity, projects[0].entity, v.sentence.index,
                                "coop_then_project")


def rule_anchor_then_leverage(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """立足周口数字产业园，发挥甲、乙等信息平台优势: the companies the park draws on take part in it."""
    text = ctx.doc.text
    for k in range(len(v.clauses) - 1):
        c, nxt = v.clauses[k], v.clauses[k + 1]
        projects = v.top_in(c, ["Project"])
        if len(projects) != 1 or not ANCHOR_PROJECT.match(text[c.start:projects[0].start].strip()):
            continue
        spans = v.top_in(nxt)
        firms = [s for s in spans if s.type == "Company"]
        if not firms or spans[0].type != "Company" or not LEVERAGE.match(text[nxt.start:spans[0].start].strip()):
            continue
        if LEVERAGE_END.match(text[firms[-1].end:nxt.end]):
            for f in firms:
                yield _cand("PARTICIPATES_IN", f.entity, projects[0].entity, v.sentence.index, "anchor_then_leverage")


# --------------------------------------------------------------------------- COOPERATES_WITH
def _coop_partners(ctx: DocContext, v: SentenceView, c: Clause) -> Iterator[Span]:
    """Companies/organisations in 与X(、Y)合作 inside one clause."""
    spans = v.top_in(c)
    for i, s in enumerate(spans):
        if s.type not in ("Company", "Organization"):
            continue
        if ctx.doc.text[s.start - 1:s.start] not in ("与", "同", "和") or s.start - 1 < c.start:
            continue
        group = [s, *_list_after(ctx.doc, spans, i, {"Company", "Organization"})]
        if COOP_AFTER.match(ctx.doc.text[group[-1].end:c.end]):
            yield from group


def rule_cooperates(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """(我区)加强与X合作 → the reporting government; A与B签约 → A."""
    for c in v.clauses:
        partners = list(_coop_partners(ctx, v, c))
        if not partners:
            continue
        subject = _coop_subject(ctx, v, c, partners[0])
        if subject is None:
            continue
        for p in partners:
            if p.entity is not subject:
                yield _cand("COOPERATES_WITH", subject, p.entity, v.sentence.index, "cooperates")


def _coop_subject(ctx: DocContext, v: SentenceView, c: Clause, first: Span) -> Entity | None:
    before = [s for s in v.top_in(c) if s.end <= first.start]
    if before:
        s = before[0]
        # An explicit subject at the head of the clause; a district stands for its government.
        if s.start - c.start <= 2 and s.type in ("Company", "Organization"):
            return s.entity
        if s.start - c.start <= 2 and s.type == "District" and s.entity is not ctx.home_district:
            return None  # another district cooperates (XX镇与YY签约): not the reporting government
        if before and any(b.type in ("Company", "Organization", "Project") for b in before):
            return None  # someone else is the subject (鼓励A、B加强与…合作)
    return ctx.home_government


# --------------------------------------------------------------------------- IN_INDUSTRY
def rule_company_industry_adjacent(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """围绕筑工、筑友绿色装配式建筑产业 / A、B等新型建材企业: companies then their industry."""
    spans = v.top
    for a, b in adjacent_pairs(spans):
        if a.type != "Company" or b.type != "Industry" or not COMPANY_INDUSTRY_GAP.match(_gap(ctx.doc, a, b)):
            continue
        if b.start < a.end:
            continue
        for s in [a, *_list_before(ctx.doc, spans, spans.index(a), {"Company"})]:
            yield _cand("IN_INDUSTRY", s.entity, b.entity, v.sentence.index, "company_industry_adjacent")


def rule_industry_role_company(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """新型建材主导产业筑友智造 / 涉重固危废资源化利用世界领军企业鑫联环保科技."""
    for a, b in adjacent_pairs(v.top):
        if a.type == "Industry" and b.type == "Company" and INDUSTRY_ROLE_GAP.match(_gap(ctx.doc, a, b)):
            yield _cand("IN_INDUSTRY", b.entity, a.entity, v.sentence.index, "industry_role_company")


def rule_company_becomes(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """中遂净化成为…天然气净化基地 / 四川裕能建成…磷酸铁锂正极材料生产基地: a company that
    opens its clause and becomes/builds something of an industry."""
    industries = ctx.by_type("Industry")
    for c in v.clauses:
        spans = v.top_in(c)
        if not spans or spans[0].type != "Company" or spans[0].start - c.start > 2:
            continue
        head = spans[0]
        verb = BECOME_VERB.search(ctx.doc.text[head.end:c.end])
        if verb is None:
            continue
        after = head.end + verb.end()
        for ind in _industries_after(ctx, v, spans, after, industries):
            yield _cand("IN_INDUSTRY", head.entity, ind, v.sentence.index, "company_becomes")


def _industries_after(ctx: DocContext, v: SentenceView, spans: list[Span], after: int,
                      industries: list[Entity]) -> Iterator[Entity]:
    """Industries named after ``after`` in the clause: top spans, or inside a project's name."""
    for s in spans:
        if s.start < after:
            continue
        if s.type == "Industry":
            yield s.entity
        elif s.type == "Project":
            yield from _industry_in_name(s.entity.name, industries)


def _industry_in_name(name: str, industries: list[Entity]) -> list[Entity]:
    found = [i for i in industries if any(f in name for f in forms(i))]
    # Keep the most specific: 医药仓储物流 hides 仓储物流.
    return [i for i in found if not any(o is not i and i.name in o.name for o in found)]


def rule_industry_then_leaders(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """围绕智能终端产业，抓好富士康、精泰电子等项目 / 加快智能物流发展，以京东、顺丰…为龙头."""
    companies = ctx.by_type("Company")
    for k in range(len(v.clauses) - 1):
        ind = v.top_in(v.clauses[k], ["Industry"])
        nxt = v.clauses[k + 1]
        if len(ind) != 1 or not DEVELOP_VERB.search(v.clauses[k].text) or not LEAD_LIST.search(nxt.text):
            continue
        if v.top_in(v.clauses[k], ["Company", "Project"]):
            continue
        for s in v.top_in(nxt):
            company = _company_of(s, companies)
            if company is not None:
                yield _cand("IN_INDUSTRY", company, ind[0].entity, v.sentence.index, "industry_then_leaders")


def rule_project_industry_as(ctx: DocContext, v: SentenceView) -> Iterator[Candidate]:
    """推进荷花商城项目建设，以电商产业为引爆点，以智慧物流为依托 / 推进P，打造冷链、… :
    the clauses right after a project's clause say what industry it serves."""
    for k in range(len(v.clauses) - 1):
        projects = v.top_in(v.clauses[k], ["Project"])
        if len(projects) != 1 or not PROJECT_VERB.search(v.clauses[k].text):
            continue
        for nxt in v.clauses[k + 1:]:
            found = _industries_governed(ctx, v, nxt)
            if not found:
                break
            for ind in found:
                yield _cand("IN_INDUSTRY", projects[0].entity, ind, v.sentence.index, "project_industry_as")


def _industries_governed(ctx: DocContext, v: SentenceView, c: Clause) -> list[Entity]:
    text = ctx.doc.text[c.start:c.end].lstrip()
    lead = c.end - c.start - len(text)
    m = INDUSTRY_AS.match(text)
    if m:
        lo, hi = c.start + lead + m.start("body"), c.start + lead + m.end("body")
        return [s.entity for s in v.top_in(c, ["Industry"]) if lo <= s.start and s.end <= hi]
    if INDUSTRY_BUILD.match(text):
        spans = v.top_in(c)
        items: list[Span] = []
        for s in spans:  # the list right after the verb: 打造冷链、医药仓储物流…
            if s.type != "Industry" or (items and not LIST_JOIN.match(_gap(ctx.doc, items[-1], s))):
                break
            items.append(s)
        return [s.entity for s in items if not items or items[0].start - c.start - lead <= 3]
    return []


def rule_name_contains_industry(ctx: DocContext) -> Iterator[Candidate]:
    """依托直播电商产业基地…推动直播电商…: a project named after an industry that the same
    sentence also names on its own."""
    industries = ctx.by_type("Industry")
    for v in ctx.views:
        for s in v.top:
            if s.type != "Project":
                continue
            for ind in _industry_in_name(s.entity.name, industries):
                if any(o.entity is ind for o in v.top):
                    yield _cand("IN_INDUSTRY", s.entity, ind, v.sentence.index, "name_contains_industry")


# --------------------------------------------------------------------------- driver
SentenceRule = Callable[[DocContext, SentenceView], Iterable[Candidate]]
DocRule = Callable[[DocContext], Iterable[Candidate]]


def _family(rtype: str, sentence_rules: tuple[SentenceRule, ...],
            doc_rules: tuple[DocRule, ...]) -> Callable[[DocContext], Iterator[Candidate]]:
    def run(ctx: DocContext) -> Iterator[Candidate]:
        for view in ctx.views:
            for srule in sentence_rules:
                yield from srule(ctx, view)
        for drule in doc_rules:
            yield from drule(ctx)

    names = ", ".join(r.__name__ for r in (*sentence_rules, *doc_rules))
    run.__doc__ = f"{rtype} from {names}."
    return run


# One registered component per relation family: each can be switched off in the pipeline spec.
# No PART_OF from the gazetteer: a parent the table knows but the text does not write beside
# the district (川汇区 … 周口) is outside knowledge, not a stated PART_OF (GUIDELINES convention 3).
FAMILIES: dict[str, tuple[str, tuple[SentenceRule, ...], tuple[DocRule, ...]]] = {
    "policykg.relations.holds_post.v1": ("HOLDS_POST", (rule_signature, rule_core), (rule_speaker,)),
    "policykg.relations.part_of.v1": ("PART_OF", (rule_nesting,), (rule_name_prefix_district,)),
    "policykg.relations.located_in.v1": (
        "LOCATED_IN", (rule_adjacent_place, rule_settle, rule_in_place_build, rule_turn_place),
        (rule_name_prefix_place,)),
    "policykg.relations.participates_in.v1": (
        "PARTICIPATES_IN", (rule_company_builds, rule_coop_then_project, rule_anchor_then_leverage),
        (rule_name_prefix_company,)),
    "policykg.relations.cooperates_with.v1": ("COOPERATES_WITH", (rule_cooperates,), ()),
    "policykg.relations.in_industry.v1": (
        "IN_INDUSTRY", (rule_company_industry_adjacent, rule_industry_role_company, rule_company_becomes,
                        rule_industry_then_leaders, rule_project_industry_as),
        (rule_name_contains_industry,)),
}
for _name, (_rtype, _srules, _drules) in FAMILIES.items():
    component(_name, "relations", produces=(_rtype,))(_family(_rtype, _srules, _drules))


@lru_cache(maxsize=1)
def _signatures() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Allowed (head, tail) types per relation, from schemas/ontology.yaml (the guidelines')."""
    from kg.ontology import get_ontology

    return {t: (frozenset(v["head"]), frozenset(v["tail"])) for t, v in get_ontology().relation_types.items()}


def _valid(c: Candidate) -> bool:
    heads, tails = _signatures()[c.type]
    return c.head.type in heads and c.tail.type in tails and c.head.name != c.tail.name


def extract_relations(doc: Document, entities: list[Entity],
                      families: list[Component] | None = None) -> list[Relation]:
    """Relations that the document's sentences state between the given entities, from the
    given relation families (all registered ones by default)."""
    if not doc.sentences or not entities:
        return []
    ctx = build_context(doc, entities)
    if families is None:
        families = [get(n, "relations") for n in FAMILIES]
    best: dict[tuple[str, str, str], Candidate] = {}
    for fam in families:
        for c in fam.fn(ctx):
            if c.type not in fam.produces or not _valid(c):
                continue
            key = (c.type, c.head.name, c.tail.name)
            if key not in best or c.confidence > best[key].confidence:
                best[key] = c
    out = [_to_relation(doc, c) for c in best.values()]
    log.debug("%s: %d relations", doc.doc_id, len(out))
    return sorted(out, key=lambda r: (r.sentence if r.sentence is not None else -1, r.type, r.head))


def _to_relation(doc: Document, c: Candidate) -> Relation:
    return Relation(type=c.type, head=c.head.name, tail=c.tail.name, head_type=c.head.type,
                    tail_type=c.tail.type, evidence=doc.sentences[c.sentence].text.strip(),
                    sentence=c.sentence, confidence=c.confidence)
