"""Recognising headings of a Chinese government work report.

Reports number their outline the same way everywhere: ``一、`` (part),
``（一）`` (chapter), ``1.``/``1、`` (item), ``（1）``/``①`` (sub-item).
Below that, the bold *run-in* heading: a short phrase closed by ``。`` that
opens a paragraph (``全力招商引资。围绕……``, ``一是……。``, ``——聚焦……，……。``);
PDF and web exports lose the bold, so we recognise its shape instead.

Ranks order the kinds: a heading closes every open section whose rank is
greater than or equal to its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_NUM = "一二三四五六七八九十"
RUN_IN_RANK = 9

# (rank, pattern). The marker must open the line; "1." must not be a decimal ("1.5倍").
NUMBERED: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^第[{CN_NUM}]{{1,3}}(?:部分|章)")),
    (1, re.compile(rf"^[{CN_NUM}]{{1,3}}(?:、|[．.](?!\d))")),  # "二、2022年…" is a heading
    (2, re.compile(rf"^[（(][{CN_NUM}]{{1,3}}[）)]")),
    (3, re.compile(r"^\d{1,2}(?:、|[.．](?!\d))")),
    (4, re.compile(r"^(?:[（(]\d{1,2}[）)]|[①-⑳])")),
)
# Unnumbered part headings ("2021年工作回顾", "2022年工作安排"): short, no final
# punctuation, and ending in one of the words reports use for their parts.
PART_WORDS = re.compile(
    r"(?:工作回顾|工作安排|工作建议|目标任务|主要任务|重点工作|工作任务|总体要求|主要目标|政府自身建设|"
    r"主要成就|远景目标|预期目标|发展目标)$"
)
TERMINAL = "。！？!?；;：:"
SALUTATION = re.compile(r"^各位代表[：:！!，,]?$")
DATE_LINE = re.compile(r"^(?:——|—|-)?\s*\d{4}年\d{1,2}月\d{1,2}日")

# Run-in heads at the start of a paragraph, each up to and including its "。".
RUN_IN = (
    re.compile(rf"^[{CN_NUM}]是[^。！？；]{{2,40}}。"),  # 一是……。
    re.compile(r"^——[^。！？；]{2,48}。"),  # ——聚焦……，……。 (dash-led lead sentence)
    # A bare verb phrase: no punctuation, digits or function words that mark a
    # normal sentence ("2020年是极不平凡的一年。" is not a heading).
    re.compile(r"^[^，。、；：！？“”《》（）()\d的是了在我这]{4,14}。"),
)


@dataclass(frozen=True)
class Heading:
    rank: int
    title: str  # the heading text, without a closing "。"
    length: int  # characters of the paragraph the heading itself occupies


def numbered_heading(line: str) -> Heading | None:
    """A numbered or part heading that opens ``line``, or None."""
    for rank, pattern in NUMBERED:
        if pattern.match(line):
            return _numbered(rank, line)
    if len(line) <= 32 and line[-1:] not in TERMINAL and PART_WORDS.search(line):
        return Heading(1, line, len(line))
    return None


def _numbered(rank: int, line: str) -> Heading:
    # "（一）树牢发展理念，壮大经济实力。找准路径……": the heading ends at the first
    # sentence end; a bare heading line is all heading.
    cut = _first_stop(line)
    if cut is None:
        return Heading(rank, line[:60], len(line))
    return Heading(rank, line[: cut - 1][:60], cut)


def _first_stop(line: str) -> int | None:
    for i, ch in enumerate(line):
        if ch in "。！？":
            return i + 1
    return None


def run_in_heading(paragraph: str) -> Heading | None:
    """A bold run-in heading that opens ``paragraph`` and has body text after it."""
    if DATE_LINE.match(paragraph):
        return None
    for pattern in RUN_IN:
        m = pattern.match(paragraph)
        if m and m.end() < len(paragraph):
            return Heading(RUN_IN_RANK, m.group(0)[:-1], m.end())
    return None


def is_heading_line(line: str) -> bool:
    return numbered_heading(line) is not None


def is_standalone_line(line: str) -> bool:
    """Lines that never continue onto the next one: salutations, signatures, dates."""
    if SALUTATION.match(line) or line.endswith("会议上"):
        return True
    return len(line) < 16 and not any(ch in line for ch in "，、,")
