"""Rule-based entity candidates for the nine types of shared/eval/GUIDELINES.md.

Every rule yields ``Candidate`` spans (possibly overlapping, possibly of
competing types); ``kg.extract.resolve`` picks among them and merges aliases.

Chinese names are head-final, so most rules find a type-bearing suffix
(区, 人民政府, 集团, 产业园, 路, 行动 ...) and extend leftwards over name-like
words to the proper stem.  Word boundaries come from HanLP when it runs;
without it a character-level fallback stops at function characters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.extract.admin import AdminLevel
from kg.extract.gazetteer import GENERIC_DIVISION_NAMES, Division, Gazetteer
from kg.extract.hanlp_adapter import Token
from kg.extract.jurisdiction import Reporting
from kg.extract.jurisdiction import mentions as reporting_mentions
from kg.extract.normalize import QUOTE_CLOSE, QUOTE_OPEN, clean_person, is_cjk, strip_draft
from kg.extract.registry import EntityRecogniser, component
from kg.extract.rules import lexicons as L
from kg.extract.rules import patterns as P
from kg.models import Document

if TYPE_CHECKING:
    from kg.extract.spacy_adapter import LexiconHit

CJK = r"\u4e00-\u9fff"
NUM = "一二三四五六七八九十百零〇两"
# Characters a name never spans across when we have no segmenter.
_STOP_CHARS = set("的了在对向把被从为以于由是和与及或等将要个年月日、，。；：！？（）()“”‘’《》\n ")
_MAX_STEM = 12


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    source: str
    score: float
    name: str | None = None  # when the entity's name differs from the surface text
    aliases: list[str] = field(default_factory=list)
    code: str | None = None
    parent: str | None = None
    nested_ok: bool = False  # may sit inside another kept span (川汇区 in 川汇区人民政府)


@dataclass
class DocView:
    """A document plus its tokens and jurisdiction, shared by all rules."""

    doc: Document
    tokens: list[Token]
    gaz: Gazetteer | None = None
    jurisdiction: Division | None = None
    chain: list[Division] = field(default_factory=list)
    reporting: Reporting | None = None
    lexicon: Callable[[str], list[LexiconHit]] | None = None  # spaCy's phrase matcher, if loaded
    _starts: list[int] = field(default_factory=list)
    _provinces: frozenset[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._starts = [t.start for t in self.tokens]

    @property
    def text(self) -> str:
        return self.doc.text

    def token_at(self, pos: int) -> int | None:
        """Index of the token covering character ``pos``."""
        if not self.tokens:
            return None
        i = bisect.bisect_right(self._starts, pos) - 1
        return i if 0 <= i < len(self.tokens) and self.tokens[i].end > pos else None

    def is_boundary(self, pos: int) -> bool:
        """True when a word starts at ``pos`` (always true without a segmenter)."""
        if not self.tokens:
            return True
        i = bisect.bisect_left(self._starts, pos)
        return i < len(self._starts) and self._starts[i] == pos

    def named_provinces(self) -> frozenset[str]:
        """Code prefixes (2 digits) of the provinces the report names: its own (the reporting
        chain) and any whose full or short name the text writes. Empty: the report names none."""
        if self._provinces is None:
            own = {(d.code or "")[:2] for d in self.chain if d.level == 0 and d.code}
            named = {(d.code or "")[:2] for d in _provinces(self.gaz) if d.code and (
                d.name in self.text or (d.short and len(d.short) >= 2 and d.short in self.text))}
            self._provinces = frozenset(own | named)
        return self._provinces

    def natures(self, start: int, end: int) -> list[str]:
        i = self.token_at(start)
        out: list[str] = []
        while i is not None and i < len(self.tokens) and self.tokens[i].start < end:
            out.append(self.tokens[i].nature)
            i += 1
        return out


# ---------------------------------------------------------------- stems

def extend_left(view: DocView, head_start: int, floor: int, max_len: int = _MAX_STEM) -> int:
    """Start of the proper stem before a head suffix at ``head_start``.

    Walks left over name-like words (nouns, proper nouns, abbreviations) and
    stops at verbs, function words, punctuation and scope words (全区, 我市).
    """
    if not view.tokens:
        return _extend_left_chars(view.text, head_start, floor, max_len)
    i = view.token_at(head_start - 1) if head_start > floor else None
    start = head_start
    while i is not None and i >= 0:
        tok = view.tokens[i]
        if tok.start < floor or head_start - tok.start > max_len or not _name_like(tok):
            break
        start = tok.start
        i -= 1
    return _trim_numeric_start(view, start, head_start)


_COUNTED = re.compile(rf"[{NUM}]+[大个项类批]")


def _name_like(tok: Token) -> bool:
    word = tok.word
    if word in P.STOP_WORDS or word in P.SCOPE_WORDS:
        return False
    if tok.nature in {"m", "mq", "q"}:
        # digits and measure words inside names (中储粮20万吨粮食储备库), trimmed at the left edge;
        # Chinese numerals (三大, 两个) count things and end a name
        return any(c.isdigit() for c in word) or tok.nature == "q" and len(word) <= 2

    if not all(is_cjk(c) or c.isalnum() for c in word):
        return False
    if _COUNTED.fullmatch(word):
        return False  # 三大 / 四个 (HanLP: j): a count of the items before it ends a name
    if tok.nature in P.NAME_NATURES:
        return True
    return len(word) == 1 and tok.nature in P.FRAGMENT_NATURES


def _trim_numeric_start(view: DocView, start: int, head_start: int) -> int:
    """A name does not begin with a number or measure word: 15万平方米厂房 is no name."""
    i = view.token_at(start)
    while i is not None and start < head_start and view.tokens[i].nature in {"m", "mq", "q"}:
        start = view.tokens[i].end
        i += 1
    return start


def _extend_left_chars(text: str, head_start: int, floor: int, max_len: int) -> int:
    start = head_start
    while start > floor and head_start - start < min(max_len, 6):
        ch = text[start - 1]
        if ch in _STOP_CHARS or not (is_cjk(ch) or ch.isalnum()):
            break
        start -= 1
    return start


def strip_generic_prefix(view: DocView, start: int, head_start: int) -> int:
    """Drop leading generic modifiers (重点, 新建, 一批 ...) from a stem."""
    if not view.tokens:
        for w in sorted(P.GENERIC_STEMS, key=len, reverse=True):
            if view.text.startswith(w, start) and start + len(w) <= head_start:
                return start + len(w)
        return start
    i = view.token_at(start)
    while i is not None and start < head_start and view.tokens[i].word in P.GENERIC_STEMS:
        start = view.tokens[i].end
        i += 1
    return start


def has_proper(view: DocView, start: int, end: int) -> bool:
    """Does the span contain a proper-noun word (place, person, org, abbreviation)?"""
    if not view.tokens:
        return end - start >= 3
    return any(n in P.PROPER_NATURES for n in view.natures(start, end))


def suffix_regex(suffixes: Iterable[str]) -> re.Pattern[str]:
    alts = sorted(set(suffixes), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, alts)) + ")")


# ---------------------------------------------------------------- sentences

def sentence_spans(doc: Document) -> list[tuple[int, int]]:
    if doc.sentences:
        return [(s.start, s.end) for s in doc.sentences]
    return [(0, len(doc.text))]


# ---------------------------------------------------------------- districts

def gazetteer_candidates(view: DocView) -> Iterator[Candidate]:
    """Full names of provinces/cities/counties, the reporting district's own
    towns and villages, and short forms of the reporting district's chain and
    of provinces (周口 for 周口市; 四川 for 四川省)."""
    if view.gaz is None:
        return
    hits = list(_full_name_hits(view))
    yield from hits
    yield from _composite_hits(view, hits)
    yield from _reporting_hits(view)
    yield from _short_form_hits(view)
    yield from _local_subdivision_hits(view)


_ADMIN_NAME = re.compile(rf"[{CJK}]{{1,8}}?(?:自治州|自治县|特别行政区|省|市|县|区|州|盟|旗)")


def _full_name_hits(view: DocView) -> Iterator[Candidate]:
    gaz = view.gaz
    assert gaz is not None
    text = view.text
    names = _name_index(gaz)
    pos = 0
    # a name starts at a word boundary: every token start (every character without a segmenter)
    for start in view._starts if view.tokens else range(len(text)):
        if start < pos:
            continue  # inside the last hit
        pos = start
        hit = _longest_name_at(names, text, pos)
        if hit is None or not _tokens_name_like(view, pos, pos + len(hit)):
            continue
        div = _pick_division(view, hit)
        if _glued_far_hit(view, pos, hit, div):
            continue
        yield Candidate(pos, pos + len(hit), "District", "gazetteer", 0.95,
                        code=div.code if div else None, parent=div.parent if div else None,
                        nested_ok=True)
        pos += len(hit)


# Characters that may stand right before a place name inside a clause (在郑州市, 与深圳市, 赴杭州市).
_PLACE_JOINERS = set("在与和同及、赴至到从向对经由跟并等省市县区州") | set(QUOTE_OPEN)


def _reporting_hits(view: DocView) -> Iterator[Candidate]:
    """The reporting district wherever its full name stands, even inside a longer word
    (辽阳县 in the congress line's 辽阳县第十六届人民代表大会, one HanLP token)."""
    rep = view.reporting
    if rep is None:
        return
    div = rep.division
    for s, e in reporting_mentions(view.text, rep):
        yield Candidate(s, e, "District", "jurisdiction", 0.97, code=div.code if div else None,
                        parent=div.parent if div else None, nested_ok=True)


def _glued_far_hit(view: DocView, pos: int, name: str, div: Division | None) -> bool:
    """兴城市 in 聚力兴城市, 和县 in 选聘和县管校聘: a county-level name of another province glued
    into a verb phrase.  Such homographs (兴城 "build up the city", 和县 "and county") are common;
    a report names a far county rarely and then after a joiner or punctuation.  老城区 (a real
    district of 洛阳) is a scope word in every other report."""
    if any(d.name == name for d in view.chain):
        return False
    if name in P.SCOPE_WORDS:
        return True
    found = [div] if div else (view.gaz.lookup(name) if view.gaz else [])
    far = all(d.level >= AdminLevel.COUNTY and not _same_province(view, d) for d in found)
    prev = view.text[pos - 1] if pos > 0 else ""
    if not (far and is_cjk(prev) and prev not in _PLACE_JOINERS):
        return False
    return _place_before(view, pos) == pos  # 浙江义乌市: a parent place before it is fine


def _same_province(view: DocView, div: Division) -> bool:
    home = next((d for d in view.chain if d.level == AdminLevel.PROVINCE), None)
    return home is None or (div.code or "")[:2] == (home.code or "")[:2]


def _tokens_name_like(view: DocView, start: int, end: int) -> bool:
    """兴城市 in 聚力兴城市 and 和县 in 和县域: a function word or verb starts the match."""
    if not view.tokens:
        return True
    i = view.token_at(start)
    first = view.tokens[i] if i is not None else None
    if first is None or first.start != start:
        return False
    j = view.token_at(end - 1)
    if j is None or view.tokens[j].end != end:
        return False
    return first.nature in P.NAME_NATURES or len(first.word) > 1 and first.nature[:1] != "v"


def _composite_hits(view: DocView, hits: list[Candidate]) -> Iterator[Candidate]:
    """遂宁市安居区: a city name followed by its own county is the county's fullest form."""
    gaz = view.gaz
    assert gaz is not None
    for a, b in zip(hits, hits[1:], strict=False):
        if a.end != b.start or not a.code or not b.code:
            continue
        child = gaz.by_code.get(b.code)
        if child and child.parent_code == a.code:
            yield Candidate(a.start, b.end, "District", "gazetteer", 0.95, code=b.code, parent=child.parent,
                            nested_ok=True)


@dataclass(frozen=True)
class _NameIndex:
    """The gazetteer's specific full names, and their lengths (longest first) by first character."""

    names: frozenset[str]
    lengths: dict[str, tuple[int, ...]]


@lru_cache(maxsize=4)
def _name_index(gaz: Gazetteer) -> _NameIndex:
    # the scan asks at every word start; trying only the lengths of names that begin with
    # that character, instead of every length in the table, is most of its cost
    names = frozenset(n for n in gaz.by_name if len(n) >= 2 and n not in GENERIC_DIVISION_NAMES)
    by_first: dict[str, set[int]] = {}
    for n in names:
        by_first.setdefault(n[0], set()).add(len(n))
    return _NameIndex(names, {c: tuple(sorted(ls, reverse=True)) for c, ls in by_first.items()})


def _longest_name_at(index: _NameIndex, text: str, pos: int) -> str | None:
    lengths = index.lengths.get(text[pos])
    if not lengths or not is_cjk(text[pos]):
        return None
    for n in lengths:
        w = text[pos:pos + n]
        if len(w) == n and w in index.names:
            return w
    return None


def _pick_division(view: DocView, name: str) -> Division | None:
    """The division a name means: the one in the report's own chain, else the only one in a province
    the report names. Never one in a province it does not name: 南区 in a 北京 report is not the
    香港 district of that name (810000), whatever the table's uniqueness says."""
    found = view.gaz.lookup(name) if view.gaz else []
    chain_codes = {d.code for d in view.chain}
    for d in found:
        if d.code in chain_codes or d.parent_code in chain_codes:
            return d
    named = view.named_provinces()
    inside = [d for d in found if not named or (d.code or "")[:2] in named]
    return inside[0] if len(inside) == 1 else None


@lru_cache(maxsize=4)
def _provinces(gaz: Gazetteer | None) -> tuple[Division, ...]:
    return tuple(d for d in gaz.by_code.values() if d.level == 0) if gaz else ()


@lru_cache(maxsize=4)
def _province_shorts(gaz: Gazetteer) -> tuple[tuple[str, Division], ...]:
    """(short name, province) in table order: a scan of the whole table, once per gazetteer."""
    return tuple((d.short, d) for d in gaz.by_code.values() if d.level == AdminLevel.PROVINCE and d.short and len(d.short) >= 2)


def _short_form_hits(view: DocView) -> Iterator[Candidate]:
    gaz = view.gaz
    assert gaz is not None
    shorts: dict[str, Division] = {}
    for d in view.chain:
        # 城区/郊区 are real division names (晋城市城区) but generic words in every report
        if d.short and len(d.short) >= 2 and d.short not in GENERIC_DIVISION_NAMES and d.short not in P.SCOPE_WORDS:
            shorts[d.short] = d
    for short, d in _province_shorts(gaz):
        shorts.setdefault(short, d)
    for d in _children_of_chain(view):  # 洛江 in a 泉州 report, 大连 in a 辽宁 one
        if d.short and len(d.short) >= 2 and d.short not in GENERIC_DIVISION_NAMES and d.short not in P.SCOPE_WORDS:
            shorts.setdefault(d.short, d)
    if not shorts:
        return
    rx = re.compile("|".join(map(re.escape, sorted(shorts, key=len, reverse=True))))
    for m in rx.finditer(view.text):
        if _is_short_form_use(view, m.start(), m.end()):
            d = shorts[m.group()]
            # no name override: the entity is named by what the text writes (周口), the code links it
            yield Candidate(m.start(), m.end(), "District", "gazetteer-short", 0.7, code=d.code,
                            parent=d.parent, nested_ok=True)  # 宝鸡 in “宝鸡模式” is still a place


@lru_cache(maxsize=4)
def _children_index(gaz: Gazetteer) -> dict[str, tuple[Division, ...]]:
    out: dict[str, list[Division]] = {}
    for d in gaz.by_code.values():
        if d.parent_code and d.parent_code != d.code:
            out.setdefault(d.parent_code, []).append(d)
    return {k: tuple(v) for k, v in out.items()}


def _children_of_chain(view: DocView) -> list[Division]:
    """The divisions directly under the reporting district's province or city (not its counties'
    towns): the places a report names by their short form."""
    if view.gaz is None:
        return []
    index = _children_index(view.gaz)
    return [c for d in view.chain if d.level <= AdminLevel.CITY and d.code for c in index.get(d.code, ())]


def _is_short_form_use(view: DocView, start: int, end: int) -> bool:
    """周口 is 周口市 only as a whole word: not 周口店, not inside 四川裕能 (a company)."""
    text = view.text
    if not view.tokens:
        nxt = text[end:end + 1]
        return not (nxt and nxt in "省市县区州")  # the full name is matched by the full-name rule
    i = view.token_at(start)
    if i is None:
        return False
    tok = view.tokens[i]
    if tok.start == start and tok.end == end:
        return True
    # the short form is a prefix of a longer place word (周口市区) or a name (四川裕能): reject
    return False


def _local_subdivision_hits(view: DocView) -> Iterator[Candidate]:
    """Towns (街道/镇/乡) and villages (村/社区) of the report's own county."""
    county = next((d for d in view.chain if d.level == AdminLevel.COUNTY), None)
    if county is None or view.gaz is None or not county.code:
        return
    names = _unambiguous_subdivisions(view.gaz.subdivisions(county.code))
    if not names:
        return
    rx = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    for m in rx.finditer(view.text):
        end = m.end()
        if m.group().endswith("街道") and view.text.startswith("办事处", end):
            end += 3  # 华耀城街道办事处: the office name is the fullest form
        if view.text.startswith(_STATION_HEADS, end):
            continue  # 集贤村站: a metro station named after the village, not the village
        d = names[m.group()]
        yield Candidate(m.start(), end, "District", "gazetteer-local", 0.9, name=view.text[m.start():end],
                        aliases=[m.group()] if end != m.end() else [], parent=d.parent, nested_ok=True)


def _unambiguous_subdivisions(divs: list[Division]) -> dict[str, Division]:
    """Towns and villages whose name says which one: not a village name that two towns have, nor
    one that a town's name starts with (中关村 beside 中关村街道: the zone, the 街道 or the
    community). Such a name is left without a parent rather than placed under the wrong one."""
    count: dict[str, int] = {}
    for d in divs:
        count[d.name] = count.get(d.name, 0) + 1
    towns = [d.name for d in divs if d.level == 3]
    out = {}
    for d in divs:
        if len(d.name) < 3 or count[d.name] > 1:
            continue
        if d.level == 4 and any(t != d.name and t.startswith(d.name) for t in towns):
            continue
        out[d.name] = d
    return out


_DISTRICT_HEAD = suffix_regex(P.DISTRICT_SUFFIXES)
# A place name followed by one of these is the name of a station or stop (集贤村站, 龙湖镇站).
_STATION_HEADS = P.STATION_HEADS
# Zone heads long enough to be unambiguous even when the segmenter cuts across them
# (安居经/nr 开/v 区成功/nr): the stem is then taken from the gazetteer.
_ZONE_HEADS = frozenset(h for h in P.DISTRICT_SUFFIXES if len(h) >= 3 and h != "街道办事处")


def district_suffix_candidates(view: DocView) -> Iterator[Candidate]:
    """Zones and sub-county divisions by suffix: 周口高新区, 安居经开区, 龙湖镇, 葛湾村."""
    for s, e in sentence_spans(view.doc):
        for m in _DISTRICT_HEAD.finditer(view.text, s, e):
            c = _stem_candidate(view, m, s, "District", "suffix", 0.6, min_stem=1)
            if c is None and m.group() in _ZONE_HEADS:
                c = _zone_by_place(view, m, s)
            if c and _district_ok(view, c, m.group()):
                c.start = _drop_fragment_before_place(view, c.start, m.start())
                c.nested_ok = m.group() not in {"村", "镇", "乡", "社区", "街道"}
                yield c


def _zone_by_place(view: DocView, m: re.Match[str], floor: int) -> Candidate | None:
    """云南牟定产业园区 inside 云南牟定产业园区管委会/nt: a zone head right after known places."""
    start = m.start()
    while start > floor and (prev := _place_before(view, start)) < start:
        start = prev  # 云南 + 牟定: a province short name before the county short name
    if start == m.start():
        return None
    return Candidate(start, m.end(), "District", "suffix", 0.6)


def _drop_fragment_before_place(view: DocView, start: int, head_start: int) -> int:
    """用好周口高新区 -> 周口高新区: a verb or fragment glued before a known place."""
    if head_start - start < 3 or view.gaz is None:
        return start
    i = view.token_at(start)
    tok = view.tokens[i] if i is not None else None
    if tok is not None and tok.nature not in P.PROPER_NATURES and tok.end < head_start and \
            _place_before(view, head_start) == tok.end:
        return tok.end  # 助力海南自贸港 -> 海南自贸港: a common word glued before a known place
    i = view.token_at(start)
    tok = view.tokens[i] if i is not None else None
    if tok is None or len(tok.word) != 1 or tok.nature not in P.FRAGMENT_NATURES:
        return start
    return start + 1 if _place_before(view, head_start) == start + 1 else start


def _district_ok(view: DocView, c: Candidate, head: str) -> bool:
    name = view.text[c.start:c.end]
    if name in P.SCOPE_WORDS or name[:2] in {"全区", "全市", "全县", "我区", "各区", "本区"}:
        return False
    stem = name[: len(name) - len(head)]
    if view.text.startswith(_STATION_HEADS, c.end) or stem.endswith("强"):
        return False  # 集贤村站 is a station; 千强镇 / 百强县 are honour rankings
    if head in {"村", "镇", "乡", "社区", "街道"}:
        # villages and towns must look like proper names: short, ending a word, a proper stem
        return (len(name) <= 6 and not view.text.startswith(P.NOT_AFTER_VILLAGE, c.end)
                and has_proper(view, c.start, c.end - len(head)))
    if head in P.PROPER_ZONE_SUFFIXES and not (has_proper(view, c.start, c.end - len(head))
                                               or _place_before(view, c.end - len(head)) < c.end - len(head)):
        return False  # 生态新城, 先行示范区: a description; 海口综保区, 东部新城 of a named city: a zone
    return stem not in P.GENERIC_STEMS and not stem.endswith(P.GENERIC_ZONE_STEM_ENDS)


# ---------------------------------------------------------------- generic stem rule

def _stem_candidate(view: DocView, m: re.Match[str], floor: int, etype: str, source: str,
                    score: float, min_stem: int = 2, need_proper: bool = False) -> Candidate | None:
    """Extend a suffix match left to its stem and check the stem is a name."""
    head_start, end = m.start(), m.end()
    if view.tokens:
        i = view.token_at(end - 1)
        if i is not None and view.tokens[i].end != end:
            return None  # the suffix is not the end of a word (路 in 路径, 村 in 村民)
        j = view.token_at(head_start)
        if j is not None and view.tokens[j].start < head_start:
            head_start = view.tokens[j].start  # the suffix word carries part of the stem (太清路)
    start = extend_left(view, head_start, floor)
    start = strip_generic_prefix(view, start, head_start)
    if head_start - start < min_stem and not (view.tokens and head_start < m.start()):
        return None
    start = _cut_function_chars(view.text, start, head_start)
    start = _cut_leading_verb(view.text, start, head_start)
    if end - start < 2 or (need_proper and not has_proper(view, start, end)):
        return None
    return Candidate(start, end, etype, source, score)


_FUNCTION_CHARS = frozenset(P.LEADING_FUNCTION_CHARS)


_LEADING_VERBS = tuple(sorted((w for w in P.STOP_WORDS if len(w) >= 2), key=len, reverse=True))


def _cut_leading_verb(text: str, start: int, head_start: int) -> int:
    """代表海口市人民政府 (one HanLP word) -> 海口市人民政府: a verb glued to the front of a name."""
    for w in _LEADING_VERBS:
        if text.startswith(w, start) and head_start - start - len(w) >= 2:
            return start + len(w)
    return start


def _cut_function_chars(text: str, start: int, head_start: int) -> int:
    """伍城干道和东江 -> 东江; 赴长三角 -> 长三角: a name starts after the last joining word."""
    cut = -1  # the last function character in text[start:head_start] (a stem is a few characters)
    for i in range(min(head_start, len(text)) - 1, max(start, 0) - 1, -1):
        if text[i] in _FUNCTION_CHARS:
            cut = i
            break
    if cut >= start and head_start - cut - 1 >= 1:
        return cut + 1
    return start


# ---------------------------------------------------------------- organisations

_REL_ORG = re.compile(rf"[{P.REL_LEVELS}](?:{'|'.join(P.REL_ORGANS)})")
_REL_PRECEDE_OK = set("在和与及、的对向由经及并同跟，,。；:：（(“ \n") | set("委府会协部")
_TERM_ORG = re.compile(
    rf"(?:[{P.REL_LEVELS}])?第?[{NUM}]+届(?:[{P.REL_LEVELS}])?(?:人民代表大会常务委员会|人大常委会|"
    rf"人民代表大会|人大|人民政府|政府|政协)"
)
_ORG_HEAD = suffix_regex(P.ORG_SUFFIXES)
_CPC = re.compile(rf"中共[{CJK}]{{2,10}}?[省市县区州]委")


def relative_org_candidates(view: DocView) -> Iterator[Candidate]:
    """区委, 区政府, 市人大, 省委省政府 ... (scoped later by the report's jurisdiction)."""
    text = view.text
    for m in _REL_ORG.finditer(text):
        s = m.start()
        if s > 0 and is_cjk(text[s - 1]) and text[s - 1] not in _FUNCTION_CHARS:
            place = _place_before(view, s + 1)
            if place < s:  # 兴庆区委 / 兴庆区政府: the level character ends a place name
                yield Candidate(place, m.end(), "Organization", "relative", 0.85)
                continue
        word = m.group()
        if word[1:] == "委" and text.startswith(P.NOT_AFTER_COMMITTEE, m.end()):
            continue  # 区委员 / 委托: not the party committee
        if _member_noun_after(text, m.end()):
            continue
        yield Candidate(s, m.end(), "Organization", "relative", 0.85)
    for m in _TERM_ORG.finditer(text):
        start = m.start()
        if text[start] in P.REL_LEVELS:
            start = min(start, _place_before(view, start + 1))
        else:
            start = _place_before(view, start)
        yield Candidate(start, m.end(), "Organization", "term", 0.85)
    for m in _CPC.finditer(text):
        yield Candidate(m.start(), m.end(), "Organization", "cpc", 0.9)


def _member_noun_after(text: str, end: int) -> bool:
    """区政协委员 / 县人大代表 name the body's members (people), not the body itself."""
    return text.startswith(("委员", "代表"), end) and text[end - 2:end] in {"政协", "人大"}


def org_suffix_candidates(view: DocView) -> Iterator[Candidate]:
    for s, e in sentence_spans(view.doc):
        for m in _ORG_HEAD.finditer(view.text, s, e):
            c = _stem_candidate(view, m, s, "Organization", "suffix", 0.7, min_stem=2)
            if c and _org_ok(view, c, m.group()) and not _member_noun_after(view.text, c.end):
                yield c


_REL_TAIL = re.compile(rf"[{P.REL_LEVELS}](?:{'|'.join(P.REL_ORGANS)}|人民政府|人民代表大会)$")


def _org_ok(view: DocView, c: Candidate, head: str) -> bool:
    name = view.text[c.start:c.end]
    if not all(is_cjk(ch) or ch.isalnum() for ch in name) or name.endswith(P.NOT_BUREAU):
        return False
    rel = _REL_TAIL.search(name)
    if rel and rel.start() > 0 and not _is_place(view, name[: rel.start() + 1]):
        return False  # 向区政协 / 代表区人民政府: a relative organ with junk before it
    if name.startswith(P.GENERIC_INSTITUTION_PREFIXES):
        return False  # 民办学校, 社区综合服务中心, 乡镇卫生院: a class of institutions, not one body
    if head in {"局", "分局", "办公室", "委员会", "学校", "医院", "银行", "协会", "商会", "党委"}:
        return has_proper(view, c.start, c.end) or len(name) >= 5
    if head in {"服务中心", "管理中心", "指挥中心"}:
        return True
    return len(name) >= 4


def _is_place(view: DocView, name: str) -> bool:
    """Is ``name`` a division of the gazetteer (or the report's own, short or composite)?"""
    if view.gaz is None:
        return True
    if view.gaz.lookup(name) or view.gaz.lookup_short(name):
        return True
    return any(name in (d.name, d.short, d.name + d.name) for d in view.chain) or any(
        name == a.name + b.name for a, b in zip(view.chain[1:], view.chain, strict=False))


def _place_before(view: DocView, pos: int) -> int:
    """Start of a division name that ends at ``pos`` (the longest), else ``pos``."""
    for k in range(12, 1, -1):
        if pos - k >= 0 and _is_place(view, view.text[pos - k:pos]) and view.gaz is not None:
            return pos - k
    return pos


def people_org_candidates(view: DocView) -> Iterator[Candidate]:
    """中央 as the Party centre: only where it stands alone (在中央和市委; 中央、省委)."""
    text = view.text
    for m in re.finditer("(?:党中央|中央)", text):
        nxt = text[m.end():m.end() + 1]
        if m.group() == "中央" and not (nxt in "、和与,，的及" or text.startswith(("坚强", "领导"), m.end())):
            continue
        if m.group() == "中央" and m.start() > 0 and is_cjk(text[m.start() - 1]) and text[m.start() - 1] not in "在和与、党":
            continue
        yield Candidate(m.start(), m.end(), "Organization", "lexicon", 0.85)


# ---------------------------------------------------------------- persons

# A speaker's name after the title: 2-4 characters, maybe spaced out (刘 海 涛), on the same line
# or the next; transliterated names join their parts with a middle dot (奇·达楞太).
_NAME = rf"[{CJK}](?:[ \u3000?？]?[{CJK}]){{1,3}}|[{CJK}]{{1,8}}[·•・．][{CJK}]{{1,10}}"
_SIGNATURE = re.compile(
    rf"(?:{'|'.join(P.PERSON_TITLES)})[ \t\u3000?？]*\n?[ \t\u3000]*({_NAME})"
    rf"(?=[ \t\u3000]*(?:\n|各位|$|代表[{CJK}]{{0,12}}政府))"
)
# A name alone on the last line of the front matter, before 各位代表 (a byline without a title).
_BYLINE = re.compile(rf"(?:^|\n)[ \t\u3000]*({_NAME})[ \t\u3000]*\n(?:[ \t\u3000]*\n)*[ \t\u3000]*各位代表")
_NOT_BYLINE = P.NOT_BYLINE
_HONORIFIC = re.compile(rf"([{CJK}]{{2,3}})(?=同志|总书记|书记|省长|市长|县长|区长|旗长|主席)")


def person_candidates(view: DocView) -> Iterator[Candidate]:
    """Signatures (区长 胡友涛) and honorifics (XXX同志, XXX总书记)."""
    text = view.text
    for m in _SIGNATURE.finditer(text):
        raw = m.group(1)
        name = raw.strip()
        aliases = [clean_person(name)] if clean_person(name) != name else []
        yield Candidate(m.start(1), m.start(1) + len(name), "Person", "signature", 0.95, name=name,
                        aliases=aliases)
    for m in _BYLINE.finditer(text, 0, 3000):
        name = clean_person(m.group(1))
        if not any(w in name for w in _NOT_BYLINE):
            yield Candidate(m.start(1), m.end(1), "Person", "signature", 0.9, name=name,
                            aliases=[m.group(1)] if m.group(1) != name else [])
    for m in _HONORIFIC.finditer(text):
        if view.tokens or text.startswith(("同志", "总书记"), m.end(1)):  # 区委书记: only HanLP's nr tells
            yield from _honorific_person(view, m.start(1), m.end(1))


def _honorific_person(view: DocView, start: int, end: int) -> Iterator[Candidate]:
    if view.tokens:
        i = view.token_at(end - 1)
        if i is None or view.tokens[i].end != end or not view.tokens[i].nature.startswith("nr"):
            return
        start = view.tokens[i].start
        if end - start < 2:
            return
    yield Candidate(start, end, "Person", "honorific", 0.85)


def hanlp_person_candidates(view: DocView) -> Iterator[Candidate]:
    """HanLP nr words right after a job title (区长张三) or before 同志."""
    for i, tok in enumerate(view.tokens):
        if tok.nature != "nr" or not 2 <= len(tok.word) <= 3:
            continue
        prev = view.tokens[i - 1] if i else None
        if prev and prev.nature == "nnt" and prev.word in P.PERSON_TITLES:
            yield Candidate(tok.start, tok.end, "Person", "hanlp", 0.6)


# ---------------------------------------------------------------- quotes and documents

_QUOTE = re.compile(rf"[{re.escape(QUOTE_OPEN)}]([^{re.escape(QUOTE_OPEN + QUOTE_CLOSE)}\n。；]{{1,30}})[{re.escape(QUOTE_CLOSE)}]")
_BOOK = re.compile(r"《([^《》\n]{2,60})》")
_QUOTE_TAIL = re.compile(
    rf"(?:的)?[{CJK}]{{0,8}}?(?:{'|'.join(sorted(P.QUOTE_TAILS, key=len, reverse=True))})"
)
_QUOTE_PROJECT_TAIL = re.compile("|".join(sorted(P.QUOTE_PROJECT_TAILS, key=len, reverse=True)))


def quote_candidates(view: DocView) -> Iterator[Candidate]:
    """Quoted slogans are policies (“六稳”, “放管服”改革); quoted apps/platforms are projects."""
    text = view.text
    for m in _QUOTE.finditer(text):
        inner = m.group(1).strip()
        if not inner or _not_a_name(inner):
            continue
        tail = _QUOTE_TAIL.match(text, m.end())
        ptail = _QUOTE_PROJECT_TAIL.match(text, m.end())
        if ptail is None and inner.endswith(P.QUOTE_PROJECT_TAILS):
            # “六度创客工场”: the quoted name is itself a facility
            yield Candidate(m.start(), m.end(), "Project", "quote", 0.85, aliases=[inner])
            continue
        if ptail:
            yield Candidate(m.start(), ptail.end(), "Project", "quote", 0.85,
                            aliases=[inner, text[m.start():m.end()]])
            continue
        end = tail.end() if tail and tail.end() - m.end() <= 10 else m.end()
        if end == m.end() and (_catchword(view, m.start(1), m.end(1)) or inner.endswith(P.HONOUR_TAILS)):
            continue  # “钱袋子”, “首单”: a quoted ordinary word; “全国文明城市”: an honour, not a policy
        aliases = [text[m.start():m.end()]] if end != m.end() else []
        yield Candidate(m.start(), end, "Policy", "quote", 0.8, aliases=aliases)


def _catchword(view: DocView, start: int, end: int) -> bool:
    """A quoted short ordinary word (HanLP: common nouns, verbs or adjectives only), no numeral in
    it: a catchword or scare quote (GUIDELINES convention 2), not a slogan such as “六稳” or “放管服”."""
    if not view.tokens or end - start > 3 or any(c in NUM or c.isdigit() for c in view.text[start:end]):
        return False
    if not (view.is_boundary(start) and view.is_boundary(end)):
        return False
    return all(n in P.COMMON_WORD_NATURES for n in view.natures(start, end))


def _not_a_name(inner: str) -> bool:
    """Reported speech and numbers in quotes are not slogans."""
    if any(ch in inner for ch in "之的了 ") and len(inner) > 3:
        return True  # “改革发展稳定任务之重”: a quoted phrase, not a name
    return len(inner) > 24 or not any(is_cjk(c) or c.isdigit() for c in inner) or inner.count("，") > 2


def book_candidates(view: DocView) -> Iterator[Candidate]:
    """《…》 titles: laws, plans, measures: policies, named without the draft marker as alias."""
    for m in _BOOK.finditer(view.text):
        inner = m.group(1)
        base = strip_draft(inner)
        aliases = [base] if base != inner else []
        yield Candidate(m.start(), m.end(), "Policy", "book", 0.95, name=inner, aliases=aliases)


# ---------------------------------------------------------------- projects, companies, places, policies

_PROJECT_HEAD = suffix_regex(P.PROJECT_SUFFIXES)
_LOCATION_HEAD = suffix_regex(P.LOCATION_SUFFIXES)
_POLICY_HEAD = suffix_regex(P.POLICY_SUFFIXES)
_COMPANY_HEAD = suffix_regex(P.COMPANY_SUFFIXES)
_COMPANY_SOFT = suffix_regex(P.COMPANY_SOFT_SUFFIXES)


def project_candidates(view: DocView) -> Iterator[Candidate]:
    found = list(_project_suffix_hits(view))
    starts = {c.start for c in found}
    for c in found:
        if not (c.end in starts and view.text.endswith(("项目", "工程"), 0, c.end)):
            yield c  # else: 安置房项目 in 安置房项目宏图家园 is the category of the name after it
            if c.type == "Project" and (brand := brand_in_project(view, c)) is not None:
                yield brand


def _project_suffix_hits(view: DocView) -> Iterator[Candidate]:
    for s, e in sentence_spans(view.doc):
        for m in _PROJECT_HEAD.finditer(view.text, s, e):
            c = _stem_candidate(view, m, s, "Project", "suffix", 0.6, min_stem=2)
            if c is None:
                continue
            apposed = _after_category_word(view.text, c.start, m.start())
            if apposed != c.start:
                c.start = apposed  # a name right after its category noun is proper by position
            elif not _project_ok(view, c, m.group()):
                continue
            if m.group() == "工程" and not has_proper(view, c.start, m.start()):
                c.type = "Policy"  # 蓝天工程, 百城建设提质工程: campaigns, not structures
            phase = _PHASE.match(view.text, c.end)
            if phase and c.type == "Project":
                c.aliases = [view.text[c.start:c.end]]
                c.end = phase.end()  # 某某机场二期: the phase is part of the facility's name
            yield c


_PHASE = re.compile(P.PROJECT_PHASE_TAILS)
_SECTOR_PARK_HEADS = P.SECTOR_PARK_HEADS


def _after_category_word(text: str, start: int, head_start: int) -> int:
    """安置房项目宏图家园 -> 宏图家园: a category noun (…项目, …工程) in apposition before the name."""
    cut = max(text.rfind(w, start, head_start) + len(w) if text.rfind(w, start, head_start) >= 0 else 0
              for w in ("项目", "工程"))
    return cut if cut and head_start - cut >= 2 else start


def _class_noun(text: str, start: int) -> bool:
    """A、B等创新平台 / 华为、浪潮等信息平台: the noun after 等 names the class of the listed items."""
    return start > 0 and text[start - 1] == "等"


def _project_ok(view: DocView, c: Candidate, head: str) -> bool:
    text = view.text
    name = text[c.start:c.end]
    if re.match(r"\s*[\d０-９]+(?:\.\d+)?\s*(?:个|项|批)", text[c.end:c.end + 6]):
        return False  # 光伏项目9个: a count of a class of projects, not a name
    if _class_noun(text, c.start):
        return False
    if c.start > 0 and text[c.start - 1].isdigit() and not has_proper(view, c.start, c.end - len(head)):
        return False  # 24小时全景监控数据中心: a quantity starts a description, not a name
    stem = name[: len(name) - len(head)]
    if stem.endswith(P.HONOUR_STEMS) or stem in P.GENERIC_STEMS or len(stem) < 2:
        return False
    if head in P.GENERIC_FACILITY_HEADS and view.tokens:
        # 农产品基地 (HanLP: one nt word), 开放平台: a kind, not a name, unless the stem holds a proper word
        return _proper_word_within(view, c.start, c.end - len(head))
    if head in {"城", "谷", "站", "苑", "园", "线", "平台"}:
        return has_proper(view, c.start, c.end) and len(name) >= 3
    if head in _SECTOR_PARK_HEADS and len(stem) >= 4:
        return True  # 人工智能产业园, 地理信息产业园: parks are named by their sector
    return has_proper(view, c.start, c.end - len(head)) or len(stem) >= 5


def _proper_word_within(view: DocView, start: int, end: int) -> bool:
    """A proper-noun word lying wholly inside text[start:end] (not one that runs on past it)."""
    i = view.token_at(start)
    while i is not None and i < len(view.tokens) and view.tokens[i].start < end:
        tok = view.tokens[i]
        if tok.start >= start and tok.end <= end and tok.nature in P.PROPER_NATURES:
            return True
        i += 1
    return False


def location_candidates(view: DocView) -> Iterator[Candidate]:
    for s, e in sentence_spans(view.doc):
        for m in _LOCATION_HEAD.finditer(view.text, s, e):
            c = _stem_candidate(view, m, s, "Location", "suffix", 0.55, min_stem=1, need_proper=True)
            if c and view.text[c.start:c.end] not in P.SCOPE_WORDS:
                yield c


def policy_suffix_candidates(view: DocView) -> Iterator[Candidate]:
    for s, e in sentence_spans(view.doc):
        for m in _POLICY_HEAD.finditer(view.text, s, e):
            if m.group() == "工程":
                continue  # decided in project_candidates
            c = _stem_candidate(view, m, s, "Policy", "suffix", 0.55, min_stem=2)
            if c and c.end - c.start >= 4:
                yield c


def company_candidates(view: DocView) -> Iterator[Candidate]:
    """Strong company heads (集团, 有限公司), HanLP company words, and soft heads in investor contexts."""
    text = view.text
    for s, e in sentence_spans(view.doc):
        for m in _COMPANY_HEAD.finditer(text, s, e):
            c = _stem_candidate(view, m, s, "Company", "suffix", 0.75, min_stem=2)
            if c and not _counted_before(text, c.start) and not _COUNT_START.match(text, c.start):
                # 两家保洁公司: a counted class of firms, not a firm
                c.start = _after_last_marker(text, c.start, m.start())
                yield c
        for m in _COMPANY_SOFT.finditer(text, s, e):
            c = _stem_candidate(view, m, s, "Company", "suffix-soft", 0.5, min_stem=2, need_proper=True)
            if c and _investor_context(text, c.start, c.end):
                yield _sector_or_company(text, c)
    yield from _hanlp_company_words(view)
    yield from subject_company_candidates(view)
    yield from investor_candidates(view)


_INVESTOR = re.compile(rf"(?:{'|'.join(P.INVESTOR_VERBS)})([{CJK}A-Za-z]{{2,8}}?)(?=[，,。；、]|等|落户|投资|建设|项目)")


def investor_candidates(view: DocView) -> Iterator[Candidate]:
    """引进某某、携手某某: a bare proper name right after an investment verb is a firm."""
    if not view.tokens:
        return  # only the segmenter tells a name (nz/nt/j) from a common noun (引进人才)
    for m in _INVESTOR.finditer(view.text):
        s, e = m.start(1), m.end(1)
        name = m.group(1)
        if not view.is_boundary(s) or not view.is_boundary(e) or name.endswith(P.PROJECT_SUFFIXES):
            continue
        natures = view.natures(s, e)
        if natures and all(n in {"nz", "nt", "ntc", "ntcb", "ntcf", "j", "nx", "x"} for n in natures) and not _is_place(view, name):
            yield Candidate(s, e, "Company", "investor", 0.6)


# A project named after its investor: 某某20万吨储备库 (a capacity after the brand), 某某周口分拨中心
# (a place after it). The brand is a Company inside the project's name.
def brand_in_project(view: DocView, c: Candidate) -> Candidate | None:
    text = view.text
    for k in (4, 3, 2):
        stem_end = c.start + k
        if stem_end >= c.end - 2:
            continue
        stem = text[c.start:stem_end]
        nxt = text[stem_end]
        placed = _place_at(view, stem_end)
        if not (nxt.isdigit() or placed) or not view.is_boundary(stem_end):
            continue
        if stem in P.GENERIC_STEMS or stem in P.SCOPE_WORDS or _is_place(view, stem) or not all(is_cjk(ch) for ch in stem):
            continue
        if view.tokens and not has_proper(view, c.start, stem_end):
            continue
        return Candidate(c.start, stem_end, "Company", "brand", 0.6, nested_ok=True)
    return None


def _place_at(view: DocView, pos: int) -> bool:
    return any(_is_place(view, view.text[pos:pos + k]) for k in (2, 3, 4) if pos + k <= len(view.text))


def _hanlp_company_words(view: DocView) -> Iterator[Candidate]:
    """HanLP's company words, and its organisation words with a company head (筑工科技/nt)."""
    heads = P.COMPANY_SUFFIXES + P.COMPANY_SOFT_SUFFIXES
    for tok in view.tokens:
        # the nature test first: it is cheap and rules out almost every token
        if not (tok.nature in {"ntc", "ntcf", "ntcb"} or (tok.nature == "nt" and tok.word.endswith(heads)
                                                          and len(tok.word) > 3)):
            continue
        if len(tok.word) < 2 or any(v in tok.word for v in P.SLOGAN_VERBS):
            continue  # 大商贸促进大物流/nt is a slogan, not a firm
        if _counted_before(view.text, tok.start):
            continue  # 两家保洁公司/nt: a counted class of firms
        start = _after_last_marker(view.text, tok.start, tok.end - 2)
        yield _sector_or_company(view.text, Candidate(start, tok.end, "Company", "hanlp", 0.6))


_SECTOR_LIST_AFTER = re.compile(rf"(?:、[{CJK}]{{2,8}})*等[{CJK}]{{0,4}}?(?:产业|行业|业态|领域|服务业)")
_COUNTED_BEFORE = re.compile(rf"(?:[{NUM}]|\d)+家$")
_COUNT_START = re.compile(rf"(?:[{NUM}]|\d)+家")


def _counted_before(text: str, start: int) -> bool:
    return _COUNTED_BEFORE.search(text, max(0, start - 6), start) is not None


def _sector_or_company(text: str, c: Candidate) -> Candidate:
    """交通运输、仓储物流等产业: a soft-headed word in a list of sectors is an Industry."""
    if _SECTOR_LIST_AFTER.match(text, c.end):
        c.type, c.source = "Industry", c.source + "-sector"
    return c


# Clause-initial province short name + two characters + a predicate (四川XX建成…, 河南XX成为…):
# the common [province][brand] company name in subject position, with no suffix to find it by.
_SUBJECT_VERBS = P.SUBJECT_VERBS


@lru_cache(maxsize=4)
def _subject_company_rx(gaz: Gazetteer) -> re.Pattern[str]:
    shorts = {d.short for d in gaz.by_code.values() if d.level == AdminLevel.PROVINCE and d.short and len(d.short) == 2}
    return re.compile(rf"(?:^|(?<=[，,。；;：:\n]))(?:{'|'.join(sorted(shorts))})[{CJK}]{{2}}(?={'|'.join(_SUBJECT_VERBS)})")


def subject_company_candidates(view: DocView) -> Iterator[Candidate]:
    if view.gaz is None:
        return
    for m in _subject_company_rx(view.gaz).finditer(view.text):
        if not view.gaz.lookup_short(m.group()[2:]):  # 河南周口建成: a place, not a brand
            yield Candidate(m.start(), m.end(), "Company", "subject", 0.7)


def _investor_context(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 4):start]
    after = text[end:end + 6]
    return (any(before.endswith(w) for w in P.COMPANY_CONTEXT_BEFORE)
            or any(w in after for w in P.COMPANY_CONTEXT_AFTER)
            or after[:1] in "、" or before[-1:] in "、")


_LIST_HEAD = re.compile(r"等(?:[\d一二三四五六七八九十百]+[个家户批]?|一批)?(?:[\u4e00-\u9fff]{0,6}?)(企业|公司|品牌|项目|金融机构)")
_COOP = re.compile(r"与([^，。；：\n]{2,40}?)(?:等[^，。；]{0,6}?)?(?:开展|深化|加强|建立|达成)?(?:战略|深度|全面)?(?:合作|签约)")
_LIST_SPLIT = re.compile(r"[、和及]")


def enumeration_candidates(view: DocView) -> Iterator[Candidate]:
    """A、B、C等…企业 (companies) / 等…项目 (projects); 与A、B合作 (partners)."""
    text = view.text
    for s, e in sentence_spans(view.doc):
        for m in _LIST_HEAD.finditer(text, s, e):
            etype = "Project" if m.group(1) == "项目" else "Company"
            yield from _list_items(view, s, m.start(), etype)
        for m in _COOP.finditer(text, s, e):
            yield from _partner_items(view, m.start(1), m.end(1))


def _list_items(view: DocView, floor: int, end: int, etype: str) -> Iterator[Candidate]:
    """Items between 、 are whole names; only the first needs a left boundary."""
    text = view.text
    pos = end
    while pos > floor:
        sep = text.rfind("、", floor, pos)
        start = sep + 1 if sep >= 0 and pos - sep - 1 <= 10 else extend_left(view, pos, floor, max_len=10)
        start = _after_last_marker(text, start, pos)
        if pos - start < 2 or not all(is_cjk(c) or c.isalnum() for c in text[start:pos]):
            return
        itype = _item_type(view, start, pos, etype)
        if itype != "Project" or has_proper(view, start, pos):  # 度假酒店、美食文化街等…项目: generic
            yield Candidate(start, pos, itype, "enumeration", 0.7)
        if start == 0 or text[start - 1] != "、":
            return
        pos = start - 1


def _item_type(view: DocView, start: int, end: int, etype: str) -> str:
    """An item of a project list that is itself a company name (富士康、精泰电子等项目)."""
    name = view.text[start:end]
    natures = view.natures(start, end)
    if name.endswith(P.PROJECT_SUFFIXES) and not name.endswith(P.COMPANY_SUFFIXES):
        return "Project"  # 薛店电子信息产业园/nt: a park, whatever HanLP's tag
    if etype == "Project" and (name.endswith(P.COMPANY_SUFFIXES)
                               or (len(natures) == 1 and natures[0] in {"ntc", "nt", "nz"})):
        return "Company"
    if etype == "Project" and len(name) <= 8 and not any(c.isdigit() for c in name) \
            and not any(w in name for w in P.PROJECT_WORDS) and view.text.rfind("引进", 0, start) > start - 40:
        return "Company"  # 引进甲乙汽车、丙丁重工等一批重大项目: the investors, named without a head
    return etype


def _partner_items(view: DocView, start: int, end: int) -> Iterator[Candidate]:
    text = view.text
    pos = start
    for item in _LIST_SPLIT.split(text[start:end]):
        s, e = pos, pos + len(item)
        pos = e + 1
        if 2 <= len(item) <= 8 and all(is_cjk(c) or c.isalnum() for c in item) and not any(
                g in item for g in P.GENERIC_PARTNER_WORDS):
            yield Candidate(s, e, "Company", "partner", 0.65)


def _after_last_marker(text: str, start: int, end: int) -> int:
    """Strip descriptive prefixes: 世界500强企业吉利控股集团 -> 吉利控股集团."""
    seg = text[start:end]
    cut = max(seg.rfind(w) + len(w) if seg.rfind(w) >= 0 else 0 for w in P.DESCRIPTIVE_MARKERS)
    return start + cut


# ---------------------------------------------------------------- indicators and industries

_INDICATOR_HEAD = re.compile(
    rf"([{CJK}A-Za-z0-9.]{{1,12}}?(?:总值|产值|增加值|收入|支出|总额|余额|投资|面积|产量|销量|利润|税收|"
    rf"外资|出口|进出口|天数|人次|指数|覆盖率|化率|增长率|参保率|普及率|达标率|利用率|满意率|解决率|改造率|"
    rf"贡献率|失业率|优良率))(?=(?:累计|全年|分别|同比|比上年)?(?:完成|达到|达|实现|为|增长|下降|提高|突破|"
    rf"超过|保持)?\s*[\d０-９]+)"
)
# 城镇和农村居民人均可支配收入 names two indicators, and so does 城乡… when its values are
# distributed (分别达到X元和Y元, convention 7); otherwise 城乡居民人均可支配收入 is one indicator.
_URBAN_RURAL = re.compile(r"(城乡|城镇和农村|城镇、农村|城镇与农村)((?:常住)?居民人均可支配收入)")
_DISTRIBUTED = re.compile(r"[^。；;，,]{0,8}分别")
_IN_OUT = re.compile(rf"([{CJK}]{{2,10}}?)收入和支出")


def indicator_candidates(view: DocView) -> Iterator[Candidate]:
    text = view.text
    for s, e in sentence_spans(view.doc):
        for m in _INDICATOR_HEAD.finditer(text, s, e):
            start = extend_left(view, m.end(1), s, max_len=12)
            start = max(start, m.start(1))
            start = strip_generic_prefix(view, start, m.end(1))
            if m.end(1) - start >= 4:
                yield Candidate(start, m.end(1), "Indicator", "pattern", 0.5)
    for m in _URBAN_RURAL.finditer(text):
        if m.group(1) == "城乡" and not _DISTRIBUTED.match(text, m.end()):
            yield Candidate(m.start(), m.end(), "Indicator", "pattern", 0.9)
            continue
        for side in ("城镇", "农村"):
            yield Candidate(m.start(), m.end(), "Indicator", "expansion", 0.9, name=side + m.group(2),
                            nested_ok=True)
    for m in _IN_OUT.finditer(text):
        yield Candidate(m.start(), m.end(), "Indicator", "expansion", 0.8, name=m.group(1) + "支出",
                        nested_ok=True)


_INDUSTRY_X = re.compile(rf"(?:{'|'.join(P.INDUSTRY_SUFFIXES)})")
_INDUSTRY_BAD = P.NOT_INDUSTRY_STEMS
def industry_candidates(view: DocView) -> Iterator[Candidate]:
    """X产业 / X经济 / X业 with a noun stem (主导产业 alone is not a sector)."""
    text = view.text
    for s, e in sentence_spans(view.doc):
        for m in _INDUSTRY_X.finditer(text, s, e):
            c = _stem_candidate(view, m, s, "Industry", "suffix", 0.5, min_stem=2)
            if c is None:
                continue
            stem = text[c.start:m.start()]
            role = next((b for b in P.INDUSTRY_ROLE_WORDS if stem.endswith(b)), None)
            if role:
                # 新型建材主导产业: the sector is the part before the role word
                if len(stem) - len(role) >= 2 and stem[: -len(role)] not in _INDUSTRY_BAD:
                    yield Candidate(c.start, m.start() - len(role), "Industry", "suffix", 0.55)
                continue
            if stem in _INDUSTRY_BAD:
                continue
            if m.group() == "业" and (len(stem) < 2 or view.text[c.start:c.end].endswith(P.NOT_SECTOR)):
                continue
            if m.group() == "产业":
                c.aliases = [stem]
            yield c


# ---------------------------------------------------------------- hanlp places

def hanlp_place_candidates(view: DocView) -> Iterator[Candidate]:
    """HanLP ns words ending in a water/road head that the gazetteer does not know: Location."""
    for tok in view.tokens:
        if tok.nature == "ns" and len(tok.word) >= 2 and tok.word[-1] in "河江湖路街桥山":
            if not (view.gaz and view.gaz.lookup(tok.word)):
                yield Candidate(tok.start, tok.end, "Location", "hanlp", 0.5)


# ---------------------------------------------------------------- registered recognisers

@component("policykg.entities.lexicon.v1", "entities")
def lexicon_entities(view: DocView) -> Iterator[Candidate]:
    """Standard names (indicators, sectors, national policies, people's organisations) from the
    lexicons, matched by spaCy's phrase matcher."""
    if view.lexicon is None:
        return
    for h in view.lexicon(view.text):
        yield Candidate(h.start, h.end, h.label, "lexicon", 0.9)


def _recogniser(name: str, doc: str, *rules: Callable[[DocView], Iterable[Candidate]]) -> EntityRecogniser:
    """Register the rules of one recogniser under ``name``; they run in the order given."""

    def recognise(view: DocView) -> Iterator[Candidate]:
        for rule in rules:
            yield from rule(view)

    recognise.__doc__ = doc
    recognise.__name__ = recognise.__qualname__ = name.split(".")[-2] + "_entities"
    return component(name, "entities")(recognise)


district_entities = _recogniser(
    "policykg.entities.districts.v1", "Divisions from the gazetteer (full, composite and short names; the "
    "reporting district) and zones or sub-county divisions by suffix.",
    gazetteer_candidates, district_suffix_candidates)
location_entities = _recogniser(
    "policykg.entities.locations.v1", "Roads, rivers, bridges and named areas by suffix, and HanLP's "
    "water/road place words.", location_candidates, hanlp_place_candidates)
organization_entities = _recogniser(
    "policykg.entities.organizations.v1", "Relative organs (区委, 县政府), term-numbered bodies, suffixed "
    "institutions, the Party centre.", relative_org_candidates, org_suffix_candidates, people_org_candidates)
person_entities = _recogniser(
    "policykg.entities.persons.v1", "The speaker (signature, byline), honorifics and HanLP names after a "
    "job title.", person_candidates, hanlp_person_candidates)
project_entities = _recogniser(
    "policykg.entities.projects.v1", "Facilities and undertakings by head word (产业园, 项目, 机场二期), "
    "with the brand they carry.", project_candidates)
company_entities = _recogniser(
    "policykg.entities.companies.v1", "Firms by strong or soft head, HanLP company words, subjects and "
    "investors.", company_candidates)
enumeration_entities = _recogniser(
    "policykg.entities.enumerations.v1", "Items of lists of firms or projects (A、B等…企业/项目) and "
    "partners (与A、B合作).", enumeration_candidates)
policy_entities = _recogniser(
    "policykg.entities.policies.v1", "Quoted slogans, 《titles》 and campaigns by suffix (行动, 战略, 改革).",
    quote_candidates, book_candidates, policy_suffix_candidates)
indicator_entities = _recogniser(
    "policykg.entities.indicators.v1", "Indicator phrases before a figure (…总值/收入/投资 + number).",
    indicator_candidates)
industry_entities = _recogniser(
    "policykg.entities.industries.v1", "Sectors: X产业, X经济, X业 with a noun stem.", industry_candidates)


def all_candidates(view: DocView, recognisers: Iterable[EntityRecogniser]) -> list[Candidate]:
    """Run the given recognisers; the resolver decides among overlapping candidates."""
    out: list[Candidate] = []
    for recognise in recognisers:
        out.extend(recognise(view))
    return [_canonical_indicator(view.text, c) for c in out]


def _canonical_indicator(text: str, c: Candidate) -> Candidate:
    """全区生产总值 / GDP are 地区生产总值: the standard name, with the surface as alias."""
    surface = text[c.start:c.end]
    if c.type == "Indicator" and c.name is None and surface in L.INDICATOR_SYNONYMS:
        c.name = L.INDICATOR_SYNONYMS[surface]
        c.aliases = [surface, *c.aliases]
    return c
