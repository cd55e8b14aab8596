"""The subject of a figure: what the sentence measures.

A work report states two kinds of numbers. Aggregates (地区生产总值, 固定资产投资, 城镇新增就业)
measure the reporting district, or the district the sentence names. Others measure one thing
the sentence names: "加快推进总投资30亿元的智能仓储物流产业园项目" is the project's investment,
"筑工科技完成15万平方米厂房建设" the company's output, "电子信息产业产值突破百亿" the
industry's. This component gives such a metric its ``subject`` (name and type); the graph then
hangs the figure on that entity ((:Metric)-[:ABOUT]->(subject)) instead of on the district.

The rules, most specific first, all inside the metric's own sentence:

1. the indicator's name starts with the name of a project, company or industry the sentence
   names (智能仓储物流产业园项目总投资 -> 智能仓储物流产业园项目);
2. "总投资X亿元的P" / "年产值X亿元的P": a project or company right after the figure and 的;
3. a project-only measure (总投资, 投资额, 产值, 产能 ...) with a project or company named earlier
   in the same clause: "P总投资X亿元", "P，总投资X亿元";
4. rule 2 where P is not yet an entity but the indicator names it (荷花商城项目总投资 from
   "总投资12亿元的荷花商城项目"): P becomes a Project entity with that mention.

Standard aggregates (the indicator lexicon) never get a subject: they stay on the district.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from kg.extract.normalize import norm
from kg.extract.registry import component
from kg.extract.rules import lexicons as L
from kg.extract.rules import patterns as P
from kg.models import Document, Entity, Mention, Metric

SUBJECT_TYPES = ("Project", "Company", "Industry")
_CLAUSE_SEP = "，,；;：:。"
# Measures that only a project or a company has (a district's are standard aggregates).
_OWN_MEASURE = re.compile(r"(?:总投资|投资额|计划投资|完成投资|年产值|产值|产能|年产|营业收入|销售收入|营收|"
                          r"建筑面积|占地面积?|厂房建设|税收)$")
# Between the figure and the thing it measures: 亿元 [左右] 的.
_FIGURE_TO_NAME = re.compile(r"[^，,；;。“”]{0,6}?的")
# A project name the indicator carries: a stem of 2+ characters and a project head.
_NAMED_PROJECT = re.compile(rf"^(?P<name>[\u4e00-\u9fff]{{2,16}}?(?:{'|'.join(map(re.escape, P.PROJECT_SUFFIXES))}))"
                            r"(?:总投资|投资)$")
# Words that make "X项目" a count or a class of projects, not a named one (签约项目, 重点项目).
_CLASS_STEM = re.compile(r"^(?:签约|洽谈|在建|新建|续建|重点|重大|亿元以上|省市|省级|市级|招商|改造|产业|民生|"
                         r"基础设施|新开工|竣工|储备)")
_AGGREGATES = frozenset(norm(x) for x in L.INDICATORS)


@component("policykg.metrics.subjects.v1", "subjects")
def assign_subjects(doc: Document, entities: list[Entity], metrics: list[Metric]) -> tuple[list[Entity], list[Metric]]:
    """Give each metric that measures a project, company or industry its subject."""
    starts = [s.start for s in doc.sentences] or [0]
    by_sentence = _mentions_by_sentence(entities)
    out_entities = list(entities)
    out_metrics = []
    for m in metrics:
        found = _subject(doc, m, by_sentence.get(m.sentence, [])) if m.sentence is not None else None
        if found is None and m.sentence is not None:
            new = _new_project(doc, m, starts, out_entities)
            if new is not None:
                out_entities.append(new)
                by_sentence.setdefault(m.sentence, []).append((new.mentions[0], new))
                found = new
        out_metrics.append(m.model_copy(update={"subject": found.name, "subject_type": found.type})
                           if found is not None else m)
    return out_entities, out_metrics


def _mentions_by_sentence(entities: Iterable[Entity]) -> dict[int, list[tuple[Mention, Entity]]]:
    out: dict[int, list[tuple[Mention, Entity]]] = {}
    for e in entities:
        if e.type in SUBJECT_TYPES:
            for mention in e.mentions:
                out.setdefault(mention.sentence, []).append((mention, e))
    return out


def _subject(doc: Document, m: Metric, named: list[tuple[Mention, Entity]]) -> Entity | None:
    if not named or norm(m.indicator) in _AGGREGATES:
        return None
    return (_by_indicator_prefix(m, named) or _after_figure(doc, m, named)
            or (_earlier_in_clause(doc, m, named) if _OWN_MEASURE.search(m.indicator) else None))


def _by_indicator_prefix(m: Metric, named: list[tuple[Mention, Entity]]) -> Entity | None:
    """Rule 1: the longest name or alias the indicator starts with."""
    best: tuple[int, Entity] | None = None
    for _, e in named:
        for form in (e.name, *e.aliases):
            if len(form) >= 2 and m.indicator.startswith(form) and len(form) < len(m.indicator):
                if best is None or len(form) > best[0]:
                    best = (len(form), e)
    return best[1] if best else None


def _after_figure(doc: Document, m: Metric, named: list[tuple[Mention, Entity]]) -> Entity | None:
    """Rule 2: 总投资30亿元的P — a project or company right after the figure and 的."""
    if m.end is None:
        return None
    gap = _FIGURE_TO_NAME.match(doc.text, m.end)
    if gap is None:
        return None
    after = [(mn, e) for mn, e in named if e.type in ("Project", "Company") and mn.start == gap.end()]
    return after[0][1] if after else None


def _earlier_in_clause(doc: Document, m: Metric, named: list[tuple[Mention, Entity]]) -> Entity | None:
    """Rule 3: the nearest project or company before the figure in its clause (or the clause before,
    when the figure's clause opens with the measure: "P，总投资X亿元")."""
    if m.start is None:
        return None
    floor = _clause_start(doc.text, m.start)
    if _OWN_MEASURE.search(doc.text[floor:m.start].strip("约近超过突破达")) and floor > 0:
        floor = _clause_start(doc.text, floor - 1)
    before = [(mn, e) for mn, e in named if e.type in ("Project", "Company") and floor <= mn.start and mn.end <= m.start]
    return max(before, key=lambda p: p[0].end)[1] if before else None


def _clause_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and text[i - 1] not in _CLAUSE_SEP:
        i -= 1
    return i


def _new_project(doc: Document, m: Metric, starts: list[int], entities: list[Entity]) -> Entity | None:
    """Rule 4: 总投资12亿元的荷花商城项目 when the indicator names the project and no entity does."""
    named = _NAMED_PROJECT.match(m.indicator)
    if named is None or m.end is None or _CLASS_STEM.match(named["name"]):
        return None
    gap = _FIGURE_TO_NAME.match(doc.text, m.end)
    name = named["name"]
    if gap is None or not doc.text.startswith(name, gap.end()):
        return None
    if any(e.type == "Project" and name in (e.name, *e.aliases) for e in entities):
        return None
    start = gap.end()
    sentence = max(0, bisect.bisect_right(starts, start) - 1)
    mention = Mention(text=name, start=start, end=start + len(name), sentence=sentence, type="Project",
                      source="metric-subject", score=0.6)
    return Entity(id=f"Project:{norm(name)}", type="Project", name=name, mentions=[mention], confidence=0.6)
