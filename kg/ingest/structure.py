"""The report's outline: section tree, title, year, and what each heading says about time."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.ingest.headings import Heading, numbered_heading, run_in_heading
from kg.models import Section

_TITLE_YEAR = re.compile(r"(\d{4})年.{0,30}?政府工作报告")
# The delivery date opens its own line ("——2021年9月12日在…", "2022年1月19日").
_DATE = re.compile(r"^(?:——|—|-)?(\d{4})年(\d{1,2})月\d{1,2}日", re.MULTILINE)
_TITLE_LINE = re.compile(r"[^】【\n•·]{0,40}?政府工作报告")
_PLAN_YEAR = re.compile(
    r"(\d{4})年(?:[^，。；\n]{0,12}?)(?:工作安排|目标任务|主要目标|主要任务|重点工作|工作建议)"
)
_HEAD_LINES = 12  # title and date sit in the first lines of every report

# Five-year plans by ordinal ("十三五" = the 13th plan). From the 3rd plan on
# they run 1966 + 5 * (n - 3) for five years: 十三五 = 2016-2020. The ordinal
# must be closed by a quote or a plan word, so "第十五届" is not the 10th plan.
_PLAN = re.compile(
    r"(?<!第)(十[一二三四五六七八九]?|[一二三四五六七八九])五(?=”|\"|时期|期间|规划|计划|以来|末|$)"
)
_CN_DIGIT = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
_YEAR = re.compile(r"((?:19|20)\d{2})年(?!远景)")
_RELATIVE = (
    (re.compile(r"过去五年|五年来|本届政府"), lambda y: f"{y - 5}-{y - 1}"),
    (re.compile(r"过去一年|去年|上年"), lambda y: str(y - 1)),
    (re.compile(r"今年|本年"), lambda y: str(y)),
    (re.compile(r"明年"), lambda y: str(y + 1)),
)
_VISION_YEAR = re.compile(r"((?:19|20)\d{2})年远景")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every non-empty line; the cleaned text has one paragraph per line."""
    pos = 0
    for line in text.split("\n"):
        if line:
            yield pos, pos + len(line)
        pos += len(line) + 1


def build_sections(text: str, year: int | None) -> list[Section]:
    """Headings in document order, each with its span, parent and path."""
    found = [(s, e, h) for s, e in paragraphs(text) for h in _headings_of(text[s:e])]
    sections: list[Section] = []
    stack: list[tuple[int, int]] = []  # (rank, section index)
    for i, (start, _, head) in enumerate(found):
        while stack and stack[-1][0] >= head.rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        end = _section_end(found, i, len(text))
        sections.append(_section(i, head, start, end, parent, sections, year))
        stack.append((head.rank, i))
    return sections


def _headings_of(paragraph: str) -> list[Heading]:
    head = numbered_heading(paragraph) or run_in_heading(paragraph)
    return [head] if head else []


def _section_end(found: list[tuple[int, int, Heading]], i: int, text_len: int) -> int:
    start, para_end, head = found[i]
    for s, _, h in found[i + 1 :]:
        if h.rank <= head.rank:
            return min(s - 1, para_end) if head.rank >= 9 else s - 1
    return para_end if head.rank >= 9 else text_len


def _section(
    i: int, head: Heading, start: int, end: int, parent: int | None, sections: list[Section], year: int | None
) -> Section:
    up = sections[parent] if parent is not None else None
    period = period_of_heading(head.title, year) or (up.period if up else None)
    path = (up.path if up else []) + [head.title]
    level = len(path)
    return Section(
        index=i, level=level, title=head.title, start=start, end=end, parent=parent, path=path, period=period
    )


def period_of_heading(title: str, year: int | None) -> str | None:
    """What a heading says about time: a year ("2020") or a span ("2016-2020").

    Explicit spans win over years when the year is a far vision ("2035年远景目标及
    “十四五”…" is about 2021-2025); otherwise the first time expression wins
    ("2020年工作回顾和“十三五”主要成就" opens with the 2020 review). Relative
    words (今年, 过去一年, 过去五年) need the report year.
    """
    hits: list[tuple[int, str]] = []
    for m in _PLAN.finditer(title):
        n = _cn_number(m.group(1))
        if n and n >= 3:
            first = 1966 + 5 * (n - 3)
            hits.append((m.start(), f"{first}-{first + 4}"))
    hits += [(m.start(), m.group(1)) for m in _YEAR.finditer(title)]
    if year is not None:
        hits += [(m.start(), fn(year)) for pattern, fn in _RELATIVE for m in pattern.finditer(title)]
    if hits:
        return min(hits)[1]
    vision = _VISION_YEAR.search(title)
    return vision.group(1) if vision else None


def _cn_number(s: str) -> int | None:
    """十三 -> 13, 九 -> 9, 十 -> 10 (the five-year plan ordinals)."""
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGIT.get(s[1:], 0) if len(s) == 2 else None
    if len(s) == 1:
        return _CN_DIGIT.get(s)
    return None


def find_title(text: str) -> str | None:
    """The title line, cut to the phrase ending in 政府工作报告 (web copies prefix site tags)."""
    for line in text.split("\n")[:_HEAD_LINES]:
        m = _TITLE_LINE.search(line)
        if m:
            return m.group(0)
    return None


def find_year(text: str) -> int | None:
    """The year the report is for.

    From the title ("2021年政府工作报告"), else the delivery date line
    ("——2021年9月12日在…"): a report delivered in December opens the next
    year's session, so December counts as the next year. Else the latest
    "XXXX年工作安排/目标任务" year.
    """
    head = "\n".join(text.split("\n")[:_HEAD_LINES])
    m = _TITLE_YEAR.search(head)
    if m:
        return int(m.group(1))
    d = _DATE.search(head)
    if d:
        return int(d.group(1)) + (1 if int(d.group(2)) == 12 else 0)
    plans = [int(y) for y in _PLAN_YEAR.findall(text)]
    return max(plans) if plans else None
