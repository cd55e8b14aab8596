"""Target against result: which figure answers a target, and the verdict (pure: no neo4j here).

Analysts ask "it set a target for 2021 in its 2021 report; what did its 2022 report say was
achieved?". A target for year N is answered by a result (actual) for year N stated in a later
report, or in a later section of the same report, when both are about the same place (the
district, or the project/company the figure is ABOUT), name the same canonical indicator
(schemas/indicator_synonyms.yaml: 规上工业增加值 is 规模以上工业增加值) and state the same measure
(growth, level, share, count) in units that reconcile (万元 and 亿元 do; % and 个百分点 do not).

Pairing (``pair``), per place and canonical indicator:

* a target for a year is answered by a result for that year; a five-year target ("2021-2025")
  by a result for the same span, else by the result of its last year (2025);
* among several results (a figure restated by a later report), the one from the latest report
  (Document.year, then document id), then the first stated in it;
* no result of that period at all: ``no_actual``; results of that period, but none in the same
  measure and reconcilable units: ``not_comparable`` (the rule names the measures or units),
  linked to the first of those results so both sentences can be read;
* a result no target of its period and measure asks for: ``no_target``;
* a figure without a period (a project's total investment) is not a yearly target and is left out.

Verdict of a target against its result (``verdict``): the direction comes from the table below
(``CEILING_INDICATORS``, ``CEILING_QUALIFIERS``) and the tolerance from the
qualifier:

* 以上, 突破, 超过, 不低于, 达到, or no qualifier, on an indicator where more is better:
  met when result >= target;
* 以内, 以下, 不超过 (控制在…以内), and ceiling indicators (失业率, 居民消费价格, 能耗 ...), and a
  target stated as a decrease (a negative growth: 下降3%, 压减20%): met when result <= target;
* 左右 (约, 上下): the target less (or, for a ceiling, plus) a tolerance still counts as met:
  0.5 percentage point for growth and share, 5% of the target for levels and counts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["met", "missed", "no_actual", "no_target", "not_comparable"]
VERDICTS: tuple[str, ...] = ("met", "missed", "no_actual", "no_target", "not_comparable")

# --- the rules as data ------------------------------------------------------------------------

# Indicators where less is better (a ceiling), by a part of their canonical name.
CEILING_INDICATORS: tuple[str, ...] = (
    "失业率", "居民消费价格", "消费价格", "物价", "能耗", "能源消耗", "排放", "PM2.5", "PM10", "细颗粒物",
    "死亡率", "发生率", "事故", "负债率", "债务率", "不良贷款率", "恩格尔系数", "空置率", "发病率",
)
# Qualifiers that make a target a ceiling, whatever the indicator.
CEILING_QUALIFIERS: frozenset[str] = frozenset({"以内", "以下", "不超过", "不高于", "控制在"})
# Qualifiers that mean "about": the tolerance below applies.
ABOUT_QUALIFIERS: frozenset[str] = frozenset({"左右", "约", "上下"})
TOLERANCE_POINTS = 0.5  # growth and share: percentage points
TOLERANCE_RELATIVE = 0.05  # levels and counts: share of the target
_POINT_MEASURES = frozenset({"growth", "share"})

# Unit prefixes that scale a unit (万元 = 10^4 元); bases that are one unit written two ways.
_PREFIXES: tuple[tuple[str, float], ...] = (("万亿", 1e12), ("千万", 1e7), ("百万", 1e6), ("亿", 1e8),
                                            ("万", 1e4), ("千", 1e3))
_SAME_BASE = {"个百分点": "百分点"}
_MEASURE_ZH = {"growth": "growth rate", "level": "level", "share": "share", "count": "count"}


@dataclass(frozen=True)
class Figure:
    """One metric as the comparison sees it."""

    id: str
    kind: str  # target | actual
    indicator: str  # canonical (indicator_canonical)
    measure: str
    value: float
    unit: str | None = None
    period: str | None = None
    qualifier: str | None = None
    place: str | None = None  # what the figure is ABOUT (district, project ...)
    doc_id: str = ""
    doc_year: int | None = None
    order: int = 0  # position in its report (sentence index)


@dataclass(frozen=True)
class Outcome:
    """A target's verdict (and the result that answers it), or an unasked result's no_target."""

    metric_id: str  # the target, or the result for no_target
    verdict: Verdict
    rule: str
    actual_id: str | None = None


# --- units -----------------------------------------------------------------------------------

def split_unit(unit: str | None) -> tuple[float, str]:
    """"亿元" -> (1e8, "元"); "%" -> (1, "%"); "个百分点" -> (1, "百分点")."""
    u = (unit or "").strip()
    for prefix, factor in _PREFIXES:
        if u.startswith(prefix) and len(u) > len(prefix):
            base = u[len(prefix):]
            return factor, _SAME_BASE.get(base, base)
    return 1.0, _SAME_BASE.get(u, u)


def in_target_units(actual: Figure, target: Figure) -> float | None:
    """The actual's value in the target's unit, or None when the units cannot be reconciled."""
    fa, ba = split_unit(actual.unit)
    ft, bt = split_unit(target.unit)
    if ba != bt:
        return None
    return actual.value * fa / ft


def _fmt(v: float) -> str:
    r = round(v, 4)
    return str(int(r)) if float(r).is_integer() else f"{r:g}"


def _shown(value: float, unit: str | None) -> str:
    return f"{_fmt(value)}{unit or ''}"


# --- direction and verdict -------------------------------------------------------------------

def is_ceiling(target: Figure) -> bool:
    """Less is better: a ceiling indicator, a ceiling qualifier or wording, or a decrease target."""
    if any(word in target.indicator for word in CEILING_INDICATORS):
        return True
    if target.qualifier in CEILING_QUALIFIERS:
        return True
    return target.measure == "growth" and target.value < 0


def tolerance(target: Figure) -> float:
    """How far from a 左右 target still counts as met (0 for any other qualifier)."""
    if target.qualifier not in ABOUT_QUALIFIERS:
        return 0.0
    if target.measure in _POINT_MEASURES and split_unit(target.unit)[1] in ("%", "百分点"):
        return TOLERANCE_POINTS
    return abs(target.value) * TOLERANCE_RELATIVE


def verdict(target: Figure, actual: Figure) -> Outcome:
    """met | missed | not_comparable for a target and the result that answers it."""
    why = not_comparable_reason(target, actual)
    if why:
        return Outcome(target.id, "not_comparable", why, actual.id)
    value = in_target_units(actual, target)
    assert value is not None  # reconciled above
    tol = tolerance(target)
    ceiling = is_ceiling(target)
    bound = target.value + tol if ceiling else target.value - tol
    ok = value <= bound + 1e-9 if ceiling else value >= bound - 1e-9
    op = "<=" if ceiling else ">="
    unit = target.unit
    stated = f"{_shown(target.value, unit)}{target.qualifier or ''}"
    if tol:
        side = "above" if ceiling else "below"
        points = f"{_fmt(tol)} percentage point" if tolerance_is_points(target) else f"{_fmt(tol)}{unit or ''} (5%)"
        basis = f"{'ceiling' if ceiling else 'floor'} {stated}, {points} {side} still met"
    else:
        basis = f"{'ceiling' if ceiling else 'floor'} {stated}"
    rule = f"met when result {op} {_shown(bound, unit)} ({basis}); result {_shown(value, unit)}"
    return Outcome(target.id, "met" if ok else "missed", rule, actual.id)


def tolerance_is_points(target: Figure) -> bool:
    return target.measure in _POINT_MEASURES and split_unit(target.unit)[1] in ("%", "百分点")


def not_comparable_reason(target: Figure, actual: Figure) -> str | None:
    """Why a result cannot be held against a target (measures or units), or None when it can."""
    if target.measure != actual.measure:
        return (f"not comparable: the target is a {_MEASURE_ZH.get(target.measure, target.measure)} "
                f"({_shown(target.value, target.unit)}), the result a "
                f"{_MEASURE_ZH.get(actual.measure, actual.measure)} ({_shown(actual.value, actual.unit)})")
    if in_target_units(actual, target) is None:
        return (f"not comparable: units {target.unit or '(none)'} and {actual.unit or '(none)'} "
                f"cannot be reconciled")
    return None


# --- pairing ---------------------------------------------------------------------------------

def answers(target_period: str | None, actual_period: str | None) -> int | None:
    """How well a result's period answers a target's: 0 the same period, 1 the last year of a
    five-year (multi-year) target, None not at all."""
    if not target_period or not actual_period:
        return None
    if target_period == actual_period:
        return 0
    if "-" in target_period and actual_period == target_period.split("-", 1)[1]:
        return 1
    return None


def _latest_first(period_rank: int, a: Figure) -> tuple:
    return (period_rank, -(a.doc_year or 0), _neg(a.doc_id), a.order, a.id)


def _neg(s: str) -> tuple[int, ...]:
    """Sort key that orders strings descending."""
    return tuple(-ord(c) for c in s)


def pair(figures: Iterable[Figure]) -> list[Outcome]:
    """Every target with a period gets a verdict; every result no target asks for gets no_target."""
    groups: dict[tuple[str | None, str], list[Figure]] = defaultdict(list)
    for f in figures:
        if f.period:
            groups[(f.place, f.indicator)].append(f)
    out: list[Outcome] = []
    for key in sorted(groups, key=lambda k: (k[0] or "", k[1])):
        group = groups[key]
        targets = [f for f in group if f.kind == "target"]
        actuals = [f for f in group if f.kind == "actual"]
        asked: set[str] = set()
        for t in sorted(targets, key=lambda f: (f.period or "", f.doc_id, f.order, f.id)):
            ranked = sorted(((r, a) for a in actuals if (r := answers(t.period, a.period)) is not None),
                            key=lambda ra: _latest_first(ra[0], ra[1]))
            fitting = [a for _, a in ranked if not_comparable_reason(t, a) is None]
            asked.update(a.id for _, a in ranked if a.measure == t.measure)
            if fitting:
                out.append(verdict(t, fitting[0]))
            elif ranked:
                first = ranked[0][1]
                asked.add(first.id)
                out.append(Outcome(t.id, "not_comparable", not_comparable_reason(t, first) or "", first.id))
            else:
                out.append(Outcome(t.id, "no_actual", f"no_actual: no result for {t.period} stated in the "
                                                      "reports loaded"))
        for a in actuals:
            if a.id not in asked:
                out.append(Outcome(a.id, "no_target", f"no_target: no target for {a.period} "
                                                      f"({_MEASURE_ZH.get(a.measure, a.measure)}) in the reports loaded"))
    return out


_YEAR = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


def valid_period(period: str) -> bool:
    """2021 or 2021-2025 (the periods metrics carry)."""
    m = _YEAR.match(period)
    if m is None:
        return False
    return m.group(2) is None or int(m.group(2)) >= int(m.group(1))
