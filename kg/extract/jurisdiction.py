"""The reporting jurisdiction: whose report this is (the one owner of that fact).

A government work report says who reports in its front matter, in one of a few fixed
formulas, and the rest of the extraction needs the answer: relative organs (区委, 县政府)
are scoped by it, short place names (周口 for 周口市) resolve against its chain, and the
reporting district itself is an entity (GUIDELINES convention 4). The formulas, in the
order we trust them:

* the congress line: "——2021年1月12日在XX第十届人民代表大会第五次会议上";
* the title: "2024年XX政府工作报告";
* the speaker line: "XX人民政府市长 姓名" / "XX市长 姓名";
* "我代表XX人民政府向大会报告工作": its level character (市/县/区/旗/省) at least.

A named division wins; the gazetteer resolves it (composite names such as 银川市兴庆区 by
their last division) and gives its chain of parents. A name the gazetteer lacks but that
ends in a division suffix (an abbreviation such as 科右前旗) is still the reporting
district, without a code. Only when the front matter names nothing (an excerpt that starts
mid-report) do mention counts decide, restricted to the level the "我代表" line gives.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.admin import AdminLevel
from kg.extract.gazetteer import GENERIC_DIVISION_NAMES, Division, Gazetteer
from kg.extract.registry import component
from kg.extract.rules import patterns as P

CJK = r"\u4e00-\u9fff"
NUM = "一二三四五六七八九十百零〇两"
_FRONT = 1500  # characters of front matter searched for the formulas (page furniture included)
_COUNT_WINDOW = 20000
_SUFFIXES = P.ADMIN_NAME_SUFFIXES
_SUFFIX_RX = "|".join(_SUFFIXES)

_CONGRESS = re.compile(rf"在\s*([{CJK}\s]{{2,24}}?)\s*第?\s*[{NUM}\d]+\s*届\s*人民代表大会")
_TITLE = re.compile(rf"(?:\d{{4}}\s*年)?\s*([{CJK}]{{2,16}}?)(?:人民)?政府工作报告")
_SPEAKER = re.compile(rf"([{CJK}]{{2,16}}?)(?:人民政府)?(?:代理|代)?(?:省长|市长|县长|区长|旗长|州长|盟长|主席)")
_DELEGATE = re.compile(rf"我代表\s*([{CJK}]{{0,16}}?)(?:第?[{NUM}]+届)?(?:人民)?政府")
# The level character of a bare "我代表市人民政府" and the division levels it allows
# (a 市 is a prefecture-level city or a county-level one).
_P, _C, _K = AdminLevel.PROVINCE, AdminLevel.CITY, AdminLevel.COUNTY
_LEVELS = {"省": (_P,), "自治区": (_P,), "市": (_K, _C, _P), "州": (_C,), "盟": (_C,), "县": (_K,), "区": (_K,),
           "旗": (_K,)}


@dataclass
class Reporting:
    """The reporting division, its parents (nearest first) and where the text names it."""

    division: Division | None = None
    name: str = ""  # as the text writes it (a name the gazetteer lacks keeps this only)
    level_char: str = ""  # 市 / 县 / 区 / 旗 / 省 ... from the name or the "我代表" line
    chain: list[Division] = field(default_factory=list)
    national: bool = False

    @property
    def found(self) -> bool:
        return bool(self.name)


@component("policykg.jurisdiction.front_matter.v1", "jurisdiction")
def reporting_jurisdiction(text: str, gaz: Gazetteer | None) -> Reporting:
    """The reporting division from the front matter's formulas, else from mention counts."""
    front = text[:_FRONT]
    if "国务院" in front[:300] and not _CONGRESS.search(front):
        return Reporting(national=True)
    level = _delegate_level(front)
    for name in _named(front):
        rep = _resolve_named(name, gaz, text)
        if rep is not None:
            rep.level_char = rep.level_char or level
            return rep
    if gaz is None:
        return Reporting(level_char=level)
    div = _by_counts(text, gaz, level)
    if div is None:
        return Reporting(level_char=level)
    return Reporting(division=div, name=div.name, level_char=level or _level_char(div.name),
                     chain=gaz.chain(div))


def _named(front: str) -> list[str]:
    out = []
    for rx in (_CONGRESS, _TITLE, _SPEAKER):
        for m in rx.finditer(front):
            name = re.sub(r"\s+", "", m.group(1))
            name = re.sub(r"^(?:\d+|[年月日在于])+", "", name)
            if name and re.search(rf"(?:{_SUFFIX_RX})$", name):
                out.append(name)
    return out


def _delegate_level(front: str) -> str:
    m = _DELEGATE.search(front)
    if not m:
        return ""
    words = re.sub(r"\s+", "", m.group(1))
    tail = re.search(rf"(?:{_SUFFIX_RX})$", words)
    return tail.group() if tail else ""


def _level_char(name: str) -> str:
    tail = re.search(rf"(?:{_SUFFIX_RX})$", name)
    return tail.group() if tail else ""


def _resolve_named(name: str, gaz: Gazetteer | None, text: str) -> Reporting | None:
    """The division a front-matter name denotes: the longest suffix the gazetteer knows."""
    if gaz is not None:
        for cut in range(len(name) - 1):
            tail = name[cut:]
            found = gaz.lookup(tail) or [d for d in gaz.lookup_short(tail) if d.level >= AdminLevel.CITY]
            if not found:
                continue
            head = name[:cut]
            div = _choose(found, head, text, gaz)
            if div is not None:
                return Reporting(division=div, name=tail, level_char=_level_char(tail) or _level_char(div.name),
                                 chain=gaz.chain(div))
    if len(name) >= 3:  # a suffixed name the table lacks: still the reporting district
        return Reporting(name=name, level_char=_level_char(name))
    return None


def _choose(found: list[Division], head: str, text: str, gaz: Gazetteer) -> Division | None:
    """Among homonyms, the one whose parent the composite name or the text names."""
    if len(found) == 1:
        return found[0]
    for d in found:
        parent = gaz.by_code.get(d.parent_code or "")
        if parent and head and (head.endswith(parent.name) or (parent.short and head.endswith(parent.short))):
            return d
    for d in found:
        parent = gaz.by_code.get(d.parent_code or "")
        if parent and (parent.name in text or (parent.short and len(parent.short) >= 2 and parent.short in text)):
            return d
    return found[0]


def _by_counts(text: str, gaz: Gazetteer, level_char: str) -> Division | None:
    """No formula names it: the division of the allowed levels named most (title block first)."""
    counts: Counter[str] = Counter()
    # the lookahead lets 横州市 end at 市, not at the 州 inside it
    for m in re.finditer(rf"[{CJK}]{{1,8}}?(?:{_SUFFIX_RX})(?![省市县区州盟旗])", text[:_COUNT_WINDOW]):
        name = m.group()
        for cut in range(len(name) - 2, -1, -1):  # the regex is greedy on the left: try suffixes
            tail = name[cut:]
            if tail in GENERIC_DIVISION_NAMES:
                break  # 城区 / 新区: scope words, whatever the table says
            if gaz.lookup(tail):
                counts[tail] += 1 + (5 if m.start() < 400 else 0)
                break
    for short, full in _city_shorts(gaz).items():  # 宝鸡 for 宝鸡市: cities are often named short
        n = text.count(short, 0, _COUNT_WINDOW)
        if n:
            counts[full] += n
    levels = _LEVELS.get(level_char, (_K, _C))
    for level in levels:
        best = [n for n, _ in counts.most_common()
                if any(d.level == level for d in gaz.lookup(n)) and (not level_char or n.endswith(level_char))]
        if best:
            return _choose([d for d in gaz.lookup(best[0]) if d.level == level], "", text, gaz)
    return None


@lru_cache(maxsize=2)
def _city_shorts(gaz: Gazetteer) -> dict[str, str]:
    """Unambiguous short forms of provinces and prefecture-level cities, to their full names."""
    out: dict[str, str] = {}
    for d in gaz.by_code.values():
        if d.level <= AdminLevel.CITY and d.short and len(d.short) >= 2 and d.short != d.name and len(gaz.lookup_short(d.short)) == 1:
            out[d.short] = d.name
    return out


def mentions(text: str, rep: Reporting) -> list[tuple[int, int]]:
    """Every place the text writes the reporting division's full name (or composite form)."""
    if not rep.name:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(rep.name), text)]
