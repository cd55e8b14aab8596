"""Which year or span a sentence's numbers refer to.

A work report talks about three times at once: the year under review (回顾, the
year before the report), the year ahead (今年, the plan year) and five-year plan
spans (“十三五” = 2016-2020). Periods are strings: "2020", "2016-2020".

Order of evidence (see ``resolve_period``): an explicit period in the sentence,
then relative words (今年, 去年, 今后五年 ...), then the section's period, then a
default by kind: actuals belong to the review year, targets to the plan year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.numbers import parse_number, to_halfwidth

_CN_SMALL = "一二两三四五六七八九十"


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    period: str
    vision: bool = False  # "2035年远景目标": a long-range label, weak evidence


# A year is 19xx/20xx followed by 年; "2021年9月12日" is a date, not a period,
# and "2015 年的 1.5 倍" names the base of a multiple, not the figure's year.
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
# "十三五" names a plan only when quoted or followed by 时期/规划/末 ...: "第十五届" is a session.
_PLAN = re.compile(r"(?:“(十[一二三四五六七八九]?)五”|(?<!第)(十[一二三四五六七八九]?)五(?=时期|期间|规划|末|以来)"
                   r"|第(十[一二三四五六七八九]?)个五年规划)\s*(末|期末|时期|期间|规划)?")
_SPAN_BACK = re.compile(rf"(?:过去|近|前)([{_CN_SMALL}\d]+)年|([{_CN_SMALL}\d]+)年(?:来|以来)")
_SPAN_AHEAD = re.compile(rf"(?:今后|未来|此后)([{_CN_SMALL}\d]+)年|([{_CN_SMALL}\d]+)年内")
_THIS_YEAR = re.compile(r"今年|本年度?|年内")
_WHOLE_YEAR = re.compile(r"全年")
# 去年/上年 name a period only when they are not the base of a comparison (比上年增长).
_LAST_YEAR = re.compile(r"(?<![比较同与])(?:去年|上年)(?!同期)")


def plan_span(n: int) -> tuple[int, int]:
    """The n-th five-year plan: the 1st ran 1953-1957, so the 14th is 2021-2025."""
    start = 1951 + 5 * n
    return start, start + 4


def span(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}-{b}"


def _plan_mentions(text: str) -> list[PeriodMention]:
    out = []
    for m in _PLAN.finditer(text):
        n = parse_number(m.group(1) or m.group(2) or m.group(3))
        if n is None or not 6 <= n <= 19:  # only plans that reports still cite
            continue
        a, b = plan_span(int(n))
        end = m.group(4) or ("末" if text[m.end():m.end() + 1] == "末" else None)
        period = str(b) if end in ("末", "期末") else span(a, b)
        out.append(PeriodMention(m.start(), m.end(), period))
    return out


def year_mentions(text: str) -> list[PeriodMention]:
    out = []
    for m in _YEAR.finditer(text):
        tail = text[m.end():m.end() + 14]
        if re.match(r"\s*的\s*[\d.]+\s*倍", tail) or "工作报告" in text[m.end():m.end() + 16]:
            continue  # the base of a multiple; a report's title year
        out.append(PeriodMention(m.start(), m.end(), m.group(1), vision=tail.lstrip().startswith("远景")))
    return out


def _count(m: re.Match[str]) -> int | None:
    raw = m.group(1) or m.group(2)
    n = parse_number(raw)
    return int(n) if n and 1 <= n <= 30 else None


def _relative_mentions(text: str, plan_year: int | None, review_year: int | None) -> list[PeriodMention]:
    out: list[PeriodMention] = []
    if review_year is not None:
        for m in _SPAN_BACK.finditer(text):
            n = _count(m)
            if n:
                out.append(PeriodMention(m.start(), m.end(), span(review_year - n + 1, review_year)))
    if plan_year is not None:
        for m in _SPAN_AHEAD.finditer(text):
            n = _count(m)
            if n:
                out.append(PeriodMention(m.start(), m.end(), span(plan_year, plan_year + n - 1)))
    return out


def find_periods(text: str, *, doc_year: int | None = None, review_year: int | None = None,
                 kind: str | None = None) -> list[PeriodMention]:
    """Every period expression in ``text``, in reading order."""
    text = to_halfwidth(text)
    review_year, plan_year = years(doc_year, review_year)
    found = year_mentions(text) + _plan_mentions(text) + _relative_mentions(text, plan_year, review_year)
    taken = [(p.start, p.end) for p in found]
    for pat, year in ((_THIS_YEAR, plan_year), (_LAST_YEAR, review_year),
                      (_WHOLE_YEAR, review_year if kind == "actual" else plan_year)):
        if year is None:
            continue
        for m in pat.finditer(text):
            if not any(s <= m.start() < e for s, e in taken):
                found.append(PeriodMention(m.start(), m.end(), str(year)))
    return sorted(found, key=lambda p: p.start)


def years(doc_year: int | None, review_year: int | None) -> tuple[int | None, int | None]:
    """(review year, plan year). A report given in year Y reviews Y-1 and plans Y,
    unless the text named its review year (then the plan year is the one after)."""
    if review_year is None and doc_year is not None:
        review_year = doc_year - 1
    plan_year = review_year + 1 if review_year is not None else doc_year
    return review_year, plan_year


def pick(mentions: list[PeriodMention]) -> str | None:
    """The sentence-level period: the last firm mention, else a vision year."""
    firm = [p for p in mentions if not p.vision]
    if firm:
        return firm[-1].period
    return mentions[-1].period if mentions else None


def resolve_period(sentence_text: str, section_period: str | None, doc_year: int | None, *,
                   kind: str | None = None, review_year: int | None = None) -> str | None:
    """The period a sentence's figures refer to.

    Explicit years and plan names in the sentence win; relative words come next
    (今年 -> plan year, 去年 -> review year, 今后五年 -> five years from the plan
    year); then the section's period; then actuals -> review year, targets -> plan year.
    """
    found = pick(find_periods(sentence_text, doc_year=doc_year, review_year=review_year, kind=kind))
    if found:
        return found
    if section_period:
        return section_period
    review, plan = years(doc_year, review_year)
    year = plan if kind == "target" else review
    return str(year) if year is not None else None


def span_bounds(period: str | None) -> tuple[int, int] | None:
    """"2016-2020" -> (2016, 2020); a single year or None -> None."""
    if not period or "-" not in period:
        return None
    a, b = period.split("-", 1)
    return int(a), int(b)
