"""Sentences with offsets into the cleaned text.

Chinese sentences end at 。！？ (a closing quote or bracket right after still
belongs to the sentence). Reports chain long enumerations with ；, so a
sentence longer than ``MAX_SENTENCE`` is also split at ；. Nothing is split
inside “…”, （…）, 《…》 or 「…」: a quoted slogan or a bracketed note is part of
the sentence around it. A period is never a boundary, so 6.59 stays whole.
"""

from __future__ import annotations

import bisect
import re

from kg.ingest.headings import numbered_heading
from kg.ingest.structure import paragraphs
from kg.models import Section, Sentence

MAX_SENTENCE = 150
# No real sentence comes near this (the longest in our reports is ~320 characters), but a
# text without 。 (a 1 MB line, a table flattened into one run) would make one giant
# sentence, and the extractor's per-sentence matching is quadratic in its length: such a
# run is cut at the last clause mark (，、 or a space) before the limit, or hard at it.
HARD_MAX_SENTENCE = 1000
_CLAUSE_MARKS = "，、,； "
_ENDERS = "。！？!?"
_CLOSERS = "”’」』）)》"
_PAIRS = {"“": "”", "（": "）", "(": ")", "《": "》", "「": "」", "『": "』", "‘": "’"}
_CLOSING = set(_PAIRS.values())
_BRACKET = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSING)) + "]")
# Characters that continue a sentence right after a closing quote.
_ATTACHING = set("等的和与及为是了中上里以之，、；：）》")


def split_sentences(text: str, sections: list[Section]) -> list[Sentence]:
    sentences: list[Sentence] = []
    starts = [s.start for s in sections]
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        for a, b in _paragraph_spans(text[p_start:p_end]):
            start, end = p_start + a, p_start + b
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=start,
                    end=end,
                    text=text[start:end],
                    section=_innermost(sections, starts, start),
                    paragraph=p_index,
                )
            )
    return sentences


def _paragraph_spans(para: str) -> list[tuple[int, int]]:
    head = numbered_heading(para)
    if head is not None and head.length == len(para):
        return [(0, len(para))]  # a heading line is its own sentence
    protected = _protected(para)
    spans: list[tuple[int, int]] = []
    for a, b in _split_at(para, protected, _ENDERS):
        for c, d in _split_long(para, protected, a, b):
            spans.extend(_cap(para, c, d))
    return [(a, b) for a, b in spans if para[a:b].strip()]


def _protected(para: str) -> list[bool]:
    """True at every position strictly inside a matched quote/bracket pair.

    An opener that is never closed protects nothing, so one stray “ cannot
    glue the rest of a paragraph into a single sentence.
    """
    inside = [False] * (len(para) + 1)
    stack: list[tuple[str, int]] = []
    for m in _BRACKET.finditer(para):  # only brackets matter: skip the other characters in C
        i, ch = m.start(), m.group()
        if ch in _PAIRS:
            stack.append((ch, i))
            continue
        if ch not in _CLOSING:
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if _PAIRS[stack[depth][0]] == ch:
                j = stack[depth][1]
                del stack[depth:]
                inside[j + 1 : i] = [True] * (i - j - 1)
                break
    return inside


def _split_at(para: str, protected: list[bool], enders: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(f"[{re.escape(enders)}]", para):
        i = m.start()
        if i < start:
            continue  # absorbed into the last sentence's end
        if _can_end(para, protected, i):
            end = _absorb_closers(para, i + 1)
            spans.append((start, end))
            start = end
    if start < len(para):
        spans.append((start, len(para)))
    return spans


def _can_end(para: str, protected: list[bool], i: int) -> bool:
    if not protected[i]:
        return True
    # “……。”我们…: a quoted sentence closes the outer one too, unless the
    # text goes on with a word that attaches to the quote (“……？”等问题).
    nxt = i + 1
    while nxt < len(para) and para[nxt] in _ENDERS:
        nxt += 1
    if nxt >= len(para) - 1 or para[nxt] not in "”’」』" or protected[nxt]:
        return False
    return para[nxt + 1] not in _ATTACHING


def _absorb_closers(para: str, j: int) -> int:
    while j < len(para) and (para[j] in _ENDERS or para[j] in _CLOSERS):
        j += 1
    return j


def _split_long(para: str, protected: list[bool], a: int, b: int) -> list[tuple[int, int]]:
    """Split a sentence over MAX_SENTENCE at ；, greedily keeping pieces under the limit."""
    if b - a <= MAX_SENTENCE:
        return [(a, b)]
    cuts = [i + 1 for i in range(a, b - 1) if para[i] in "；;" and not protected[i]]
    pieces, start = [], a
    for k, cut in enumerate(cuts):
        following = cuts[k + 1] if k + 1 < len(cuts) else b
        if following - start > MAX_SENTENCE:
            pieces.append((start, cut))
            start = cut
    pieces.append((start, b))
    return pieces


def _cap(para: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut a span longer than HARD_MAX_SENTENCE into pieces no longer than it."""
    pieces = []
    while b - a > HARD_MAX_SENTENCE:
        window = para[a : a + HARD_MAX_SENTENCE]
        cut = max(window.rfind(mark) for mark in _CLAUSE_MARKS) + 1
        if cut < HARD_MAX_SENTENCE // 2:  # no clause mark in the second half: cut hard
            cut = HARD_MAX_SENTENCE
        pieces.append((a, a + cut))
        a += cut
    pieces.append((a, b))
    return pieces


def _innermost(sections: list[Section], starts: list[int], pos: int) -> int | None:
    """The deepest section containing ``pos`` (sections are in document order)."""
    i = bisect.bisect_right(starts, pos) - 1
    while i >= 0:
        sec = sections[i]
        if pos < sec.end:
            return i
        i = sec.parent if sec.parent is not None else -1
    return None
