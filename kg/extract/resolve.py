"""Pick among competing candidate spans, merge aliases, assign canonical ids (pure).

Input: candidate spans from the rules (any object with start, end, type,
source, score, name, aliases, code, parent, nested_ok) and the report's
jurisdiction.  Output: ``Entity`` objects whose ``name`` is the fullest form
the text uses, ``aliases`` every other surface form, ``mentions`` every
occurrence, and ``id`` a key that links the same thing across reports:

* ``District:<admin code>`` when the gazetteer resolves the division;
* ``Organization:<jurisdiction>/<relative name>`` for 区委, 区政府, 县人大 ...,
  because 区委 in two districts' reports are different bodies;
* ``<type>:<normalised name>`` otherwise.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from kg.extract.identity import (
    brand_of,
    company_key,
    entity_key,
    has_legal_form,
    org_scope,
    phase,
    project_key,
    project_scope,
)
from kg.extract.normalize import clean_person, norm, quoted_core, strip_draft
from kg.extract.registry import component
from kg.models import Entity, Mention

NUM = "一二三四五六七八九十百零〇两"
# Organs of a level of government, with their short and long spellings.
_ORGANS = {
    "人民代表大会常务委员会": "人大常委会", "人大常委会": "人大常委会", "常委会": "人大常委会",
    "人民代表大会": "人大", "人大": "人大", "人民政府": "政府", "政府": "政府", "政协": "政协",
    "委员会": "委", "党委": "委", "委": "委", "人武部": "人武部", "纪委": "纪委", "监委": "监委",
}
_ORGAN_RX = "|".join(sorted(_ORGANS, key=len, reverse=True))
_ORG_NAME = re.compile(
    rf"^(?:中共|中国共产党)?(?P<place>.*?)(?:第?[{NUM}]+届)?(?P<level>[省市州县区镇乡])?"
    rf"(?:第?[{NUM}]+届)?(?P<organ>{_ORGAN_RX})$"
)
# Suffixes that do not change which project/industry a name refers to (a phase does: 一期 ≠ 二期).
_PROJECT_TAIL = re.compile(r"(?:项目|工程)$")
_INDUSTRY_TAIL = re.compile(r"产业$")
# When two candidates overlap, the more specific type wins a tie.
TYPE_PRIORITY = {"Person": 9, "District": 8, "Organization": 7, "Company": 6, "Indicator": 6,
                 "Project": 5, "Policy": 4, "Location": 4, "Industry": 3}


class Span(Protocol):
    start: int
    end: int
    type: str
    source: str
    score: float
    name: str | None
    aliases: list[str]
    code: str | None
    parent: str | None
    nested_ok: bool


@dataclass
class Jurisdiction:
    """The reporting district and its chain of parents (川汇区 -> 周口市 -> 河南省)."""

    name: str = ""
    level: str = ""  # its last character: 区 / 县 / 市
    forms: set[str] = field(default_factory=set)  # full, composite and short names
    scopes: dict[str, str] = field(default_factory=dict)  # level char -> division name
    places: set[str] = field(default_factory=set)  # names of the whole chain, for prefixed names

    def scope_for(self, level: str | None) -> str:
        if not level or level == self.level:
            return self.name
        return self.scopes.get(level, self.name)


# ---------------------------------------------------------------- span selection

def select_spans(cands: Sequence[Span]) -> list[Span]:
    """Longest well-formed span wins; ties go to higher score, then type priority.

    Spans flagged ``nested_ok`` (a division name inside an organisation's name)
    survive inside a longer kept span, but never across one's boundary.
    """
    order = sorted(cands, key=lambda c: (-(c.end - c.start), -c.score, -TYPE_PRIORITY.get(c.type, 0)))
    kept: list[Span] = []
    seen: set[tuple[int, int, str, str | None]] = set()
    # Kept spans by the characters they cover: a candidate is checked only against the
    # spans it overlaps (all others are compatible), so a long report costs linear time,
    # not candidates x kept.
    covering: dict[int, list[Span]] = defaultdict(list)
    for c in order:
        key = (c.start, c.end, c.type, c.name)
        if key in seen or c.end <= c.start:
            continue
        if all(_compatible(c, k) for p in range(c.start, c.end) for k in covering.get(p, ())):
            kept.append(c)
            seen.add(key)
            for p in range(c.start, c.end):
                covering[p].append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def _compatible(c: Span, k: Span) -> bool:
    if c.end <= k.start or k.end <= c.start:
        return True
    if (c.start, c.end) == (k.start, k.end):
        return c.type == k.type and c.name != k.name  # 城乡…收入 -> 城镇… and 农村…
    inside = k.start <= c.start and c.end <= k.end
    return inside and c.nested_ok


# ---------------------------------------------------------------- grouping

def org_key(name: str, jur: Jurisdiction) -> tuple[str, str] | None:
    """(level, organ) for the report's own organs: 区委 / 中共川汇区委 / 川汇区第十五届人民代表大会."""
    m = _ORG_NAME.match(name)
    if not m:
        return None
    place, level = m.group("place"), m.group("level") or ""
    organ = _ORGANS[m.group("organ")]
    if organ == "人大常委会" and m.group("organ") == "常委会" and not level and not place:
        level = jur.level
    if place:
        full = place + level
        if full in jur.forms or place in jur.forms:
            return (jur.level, organ)
        return None
    if not level:
        # 六届人大 / 十八届县人民政府 without a place: the report's own level
        if re.search(f"[{NUM}]+届", name) or organ == "人大常委会":
            return (jur.level, organ)
        return None
    return (level, organ)


def group_key(c: Span, text: str, jur: Jurisdiction) -> tuple[str, str]:
    surface = c.name or text[c.start:c.end]
    if c.type == "District" and c.code:
        return ("District", "code:" + c.code)
    if c.type == "Organization":
        k = org_key(surface, jur)
        if k:
            return ("Organization", "rel:" + "".join(k))
    if c.type == "Person":
        return ("Person", norm(clean_person(surface)))
    if c.type == "Policy":
        core = quoted_core(surface)
        return ("Policy", norm(core) if core else norm(strip_draft(surface)))
    if c.type == "Project":
        return ("Project", project_key(_PROJECT_TAIL.sub("", surface)) or norm(surface))
    if c.type == "Company":
        return ("Company", company_key(surface))
    if c.type == "Industry":
        return ("Industry", norm(_INDUSTRY_TAIL.sub("", surface)) or norm(surface))
    return (c.type, norm(surface))


@dataclass
class _Group:
    type: str
    key: str
    forms: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)

    def add(self, c: Span, text: str) -> None:
        self.spans.append(c)
        # a name override (城乡… expanded to 城镇…) replaces the surface form, it does not add to it
        for f in [c.name or text[c.start:c.end], *c.aliases]:
            if f and f not in self.forms:
                self.forms.append(f)


def group_spans(spans: Sequence[Span], text: str, jur: Jurisdiction) -> list[_Group]:
    groups: dict[tuple[str, str], _Group] = {}
    for c in spans:
        t, k = group_key(c, text, jur)
        g = groups.setdefault((t, k), _Group(t, k))
        g.add(c, text)
    merged = _merge_place_prefixed(list(groups.values()), jur)
    return _merge_company_brands(_merge_shared_forms(merged), _places(merged, jur))


def _places(groups: Sequence[_Group], jur: Jurisdiction) -> set[str]:
    """Place names of the report: its jurisdiction's chain and the districts it names."""
    return {f for g in groups if g.type == "District" for f in g.forms} | jur.forms | jur.places


def _merge_company_brands(groups: list[_Group], places: set[str]) -> list[_Group]:
    """A brand and a registered name the report writes both (筑友智造 / 筑友智造科技有限公司, 恒拓新材料 /
    周口恒拓新材料公司) are one firm when exactly one registered name of the report fits the brand
    (kg.extract.identity.brand_of)."""
    companies = [g for g in groups if g.type == "Company"]
    drop: set[int] = set()
    for g in companies:
        if not g.forms or any(has_legal_form(f) for f in g.forms):
            continue  # a registered name is a host, not a brand
        short = fullest(g.forms)
        hosts = [h for h in companies if h is not g and id(h) not in drop
                 and any(brand_of(f, short, places) for f in h.forms)]
        if len(hosts) == 1:
            hosts[0].spans.extend(g.spans)
            hosts[0].forms.extend(f for f in g.forms if f not in hosts[0].forms)
            drop.add(id(g))
    return [g for g in groups if id(g) not in drop]


def _merge_place_prefixed(groups: list[_Group], jur: Jurisdiction) -> list[_Group]:
    """周口高新区 / 高新区, 周口数字产业园 / 数字产业园: the bare form is an alias of the
    place-prefixed one when exactly one such fuller name exists in the report."""
    places = {f for f in jur.forms | jur.places if len(f) >= 2}
    places |= {f for g in groups if g.type == "District" for f in g.forms if len(f) >= 2}
    by_type: dict[str, list[_Group]] = {}
    for g in groups:
        by_type.setdefault(g.type, []).append(g)
    drop: set[int] = set()
    for gs in by_type.values():
        # hosts by the bare form they prefix (周口高新区 under 高新区): one lookup per group
        # instead of testing every pair of groups of the type
        prefixed: dict[str, dict[int, _Group]] = defaultdict(dict)
        for h in gs:
            _index_prefixed(prefixed, h, h.forms, places)
        for g in gs:
            short = max(g.forms, key=len)
            hosts = [h for h in prefixed.get(short, {}).values() if h is not g]
            if len(hosts) == 1 and id(hosts[0]) not in drop:
                for c in g.spans:
                    hosts[0].spans.append(c)
                had = len(hosts[0].forms)
                hosts[0].forms.extend(f for f in g.forms if f not in hosts[0].forms)
                _index_prefixed(prefixed, hosts[0], hosts[0].forms[had:], places)
                drop.add(id(g))
    return [g for g in groups if id(g) not in drop]


def _index_prefixed(index: dict[str, dict[int, _Group]], host: _Group, forms: Sequence[str],
                    places: set[str]) -> None:
    """Index ``host`` under every bare form its ``forms`` have after a place name (``_is_prefixed``)."""
    for f in forms:
        for cut in range(1, len(f)):
            if f[:cut] in places:
                index[f[cut:]][id(host)] = host


def _is_prefixed(host: _Group, g: _Group, places: set[str]) -> bool:
    """Does a form of ``host`` consist of a place name and ``g``'s longest form?"""
    short = max(g.forms, key=len)
    return any(f.endswith(short) and f[: len(f) - len(short)] in places for f in host.forms if f != short)


def _merge_shared_forms(groups: list[_Group]) -> list[_Group]:
    """Two groups of one type that share a surface form are one thing, except two phases of one
    project (某园一期 and 某园二期 both written 某园 somewhere)."""
    out: list[_Group] = []
    index: dict[tuple[str, str], _Group] = {}
    for g in groups:
        host = next((index[(g.type, norm(f))] for f in g.forms if (g.type, norm(f)) in index), None)
        if host is not None and g.type == "Project" and _phases_differ(host, g):
            host = None
        if host is None:
            out.append(g)
            host = g
        else:
            host.spans.extend(g.spans)
            host.forms.extend(f for f in g.forms if f not in host.forms)
        for f in host.forms:
            index.setdefault((g.type, norm(f)), host)
    return out


def _phases_differ(a: _Group, b: _Group) -> bool:
    pa, pb = phase(fullest(a.forms)), phase(fullest(b.forms))
    return bool(pa and pb and pa != pb)


# ---------------------------------------------------------------- entities

def fullest(forms: Sequence[str]) -> str:
    """The fullest form: longest after normalisation; the first seen on ties."""
    return max(forms, key=lambda f: len(norm(f)))


def canonical_id(etype: str, name: str, code: str | None, rel_key: str | None, jur: Jurisdiction,
                 places: set[str] | None = None) -> str:
    """The id that links the same thing across reports (kg.extract.identity has the keys)."""
    if etype == "District" and code:
        return f"District:{code}"
    if rel_key:
        level, organ = rel_key[0], rel_key[1:]
        return f"Organization:{jur.scope_for(level)}/{level}{organ}"
    every = (places or set()) | jur.forms | jur.places
    if etype == "Organization":
        scoped = org_scope(name, every, jur.scopes, jur.name, jur.level)
        if scoped:
            return f"Organization:{scoped}"
    if etype == "Project":
        scoped = project_scope(name, every, jur.name)
        if scoped:
            return f"Project:{scoped}"
    return f"{etype}:{entity_key(etype, name)}"


def company_id_name(forms: Sequence[str], places: set[str]) -> str:
    """The name a company's id is keyed on: its brand when the report ties the brand to the
    registered name (筑友智造 for 筑友智造科技有限公司, so a report naming only the brand meets it),
    else its fullest name. A place-prefixed registered name keeps its own key (周口恒拓新材料)."""
    name = fullest(forms)
    brands = [f for f in forms if brand_of(name, f, places) == "brand"]
    return min(brands, key=lambda f: (len(norm(f)), f)) if brands else name


def to_entity(g: _Group, text: str, sentence_starts: list[int], jur: Jurisdiction,
              places: set[str] | None = None) -> Entity:
    name = fullest(g.forms)
    id_name = company_id_name(g.forms, places or set()) if g.type == "Company" else name
    seen_norm = {norm(name)}
    aliases: list[str] = []
    for f in g.forms:
        if norm(f) not in seen_norm:
            seen_norm.add(norm(f))
            aliases.append(f)
    code = next((c.code for c in g.spans if c.code), None)
    parent = next((c.parent for c in g.spans if c.parent), None)
    rel = g.key[4:] if g.key.startswith("rel:") else None
    mentions = [
        Mention(text=text[c.start:c.end], start=c.start, end=c.end,
                sentence=max(0, bisect.bisect_right(sentence_starts, c.start) - 1),
                type=g.type, source=c.source, score=c.score)  # type: ignore[arg-type]
        for c in sorted(g.spans, key=lambda c: c.start)
    ]
    conf = max(c.score for c in g.spans)
    return Entity(id=canonical_id(g.type, id_name, code, rel, jur, places), type=g.type, name=name,  # type: ignore[arg-type]
                  aliases=aliases, mentions=mentions, code=code, parent=parent, confidence=conf)


@component("policykg.resolve.v1", "resolver")
def resolve(cands: Sequence[Span], text: str, sentence_starts: list[int], jur: Jurisdiction) -> list[Entity]:
    """Candidates -> one Entity per distinct thing in the document."""
    spans = select_spans(cands)
    groups = group_spans(spans, text, jur)
    places = _places(groups, jur)
    return [to_entity(g, text, sentence_starts, jur, places) for g in groups]
