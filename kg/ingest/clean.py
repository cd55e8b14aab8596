"""Undo the damage PDF and web export does to a report, keeping offsets.

Each rule is one pass over a :class:`Tracked` string, so every character of
the result still knows its offset in the original text. Order matters: page
furniture goes before line joining (a "— 3 —" line between two halves of a
sentence would block the join), spaces go before the join (the join looks
at the last character of a line).
"""

from __future__ import annotations

import re
from collections import Counter

from kg.ingest.headings import (
    DATE_LINE,
    SALUTATION,
    TERMINAL,
    is_standalone_line,
    numbered_heading,
    run_in_heading,
)
from kg.ingest.tracked import Tracked

# CJK ideographs (basic + extension A + compatibility) and CJK/full-width punctuation.
CJK_CHAR = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = (
    r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018-\u201f\u2026\u00b7"
)
_CJK_RE = re.compile(f"[{CJK_CHAR}]")
_CJK_OR_PUNCT_RE = re.compile(f"[{CJK_CHAR}{CJK_PUNCT}]")

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")
# Invisible format characters (Unicode category Cf, all of it): zero-width spaces and joiners,
# soft hyphens, the BOM, and the bidirectional controls (U+202A-202E embeddings and overrides,
# U+2066-2069 isolates, LRM/RLM). A Chinese report needs none of them; copy-paste from PDF
# viewers and web pages leaves some, and a hostile file plants U+202E inside names, where it
# would end up in entity and metric ids that nobody can type or find.
INVISIBLE = (r"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
             r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
             r"\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
# Control characters and invisible marks break regex matching of names and numbers downstream.
_CONTROL = re.compile(f"[\\x00-\\x08\\x0e-\\x1f\\x7f-\\x9f{INVISIBLE}]")
_ODD_SPACES = re.compile(r"[\t\u00a0\u3000\u2002-\u200a\u202f]")
# Full-width digits, Latin letters and ％/．: NFKC only these. Chinese punctuation
# (，。：；（）“”) stays full-width: the extractor splits clauses on it.
_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05]")
_FULLWIDTH_DOT = re.compile(r"(?<=\d)\uff0e(?=\d)")
_MD_BOLD = re.compile(r"\*\*")
_FOOTNOTE = re.compile(r"〔\d{1,2}〕")
# Page furniture: "— 3 —", "- 12 -", "3", "第 3 页", "第3页 共20页", "3/20".
_PAGE_NUMBER_LINE = re.compile(
    r"^[ ]*(?:[-—–－~]+[ ]*)?(?:第[ ]*)?\d{1,3}(?:[ ]*页)?(?:[ ]*(?:[/／][ ]*\d{1,3}|共[ ]*\d{1,3}[ ]*页))?"
    r"(?:[ ]*[-—–－~]+)?[ ]*$",
    re.MULTILINE,
)
_RULE_LINE = re.compile(r"^[ ]*[-—–－_=*•·]+[ ]*$", re.MULTILINE)  # separators and lone bullets
_LINE_EDGE_SPACES = re.compile(r"^[ ]+|[ ]+$", re.MULTILINE)
_SPACES = re.compile(r"[ ]+")
# Half-width punctuation typed inside Chinese text (common in web copies):
# made full-width so that clause and sentence splitting see it.
_HALF_PUNCT = re.compile(r"[,;:!()]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "(": "（", ")": "）"}
# A "?" between Chinese characters is a character the web page could not
# encode (often a no-break space in a name: "黄?滔"), not a question.
_LOST_CHAR = re.compile(rf"(?<=[{CJK_CHAR}])\?[ ]*(?=[{CJK_CHAR}])")
# English function words stranded between Chinese characters ("平台 and 预警网络")
# are conversion noise; Latin acronyms (APP, PM2.5, 5G) are upper-case and kept.
_LATIN_NOISE = re.compile(rf"(?<=[{CJK_CHAR}])[ ]*(?:and|or|the|of|to|in|with|for)[ ]*(?=[{CJK_CHAR}])")
_LINE_BREAKS = re.compile(r"\n(?:[ ]*\n)*")
# An indented line opens a paragraph. The indent is replaced by this private-use
# mark until the lines are joined, then the mark is removed.
INDENT = "\ue000"
_INDENT_RE = re.compile(r"^[ ]+(?=\S)", re.MULTILINE)
_INDENT_MARK = re.compile(INDENT)
# Characters that legitimately double: reduplicated words ("常常", "人人", "层层")
# and word pairs common in reports that share a character ("实现|现代化",
# "企业|业务", "工作|作风", "建设|设施", "推动|动能"). At a page break these are
# kept; any other doubled character is the repeated-character artefact.
_REDUPLICATING = set(
    "常人天年月日家户处事时刻层步节紧牢稳深渐刚仅往纷默久悄慢好多大足频屡个条项件村实扎踏方面明清"
    "干认真平安世代兢业勤恳红火轰烈井点滴片声统样级环岗切星匆谢哈"
    "现作设化动展能务量区力发进"
)
_SENTENCE_CLOSERS = "”’」』）)"


def is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_RE.match(ch) is not None


def _is_cjk_or_punct(ch: str) -> bool:
    return bool(ch) and _CJK_OR_PUNCT_RE.match(ch) is not None


def count_cjk(text: str) -> int:
    return len(_CJK_RE.findall(text))


def clean_text(text: str, *, join_broken_lines: bool = True) -> Tracked:
    """Apply every cleaning rule, in order, to ``text``.

    ``join_broken_lines=False`` for DOCX: its paragraphs are real paragraphs,
    and table rows must not be glued together.
    """
    t = Tracked.of(text)
    for rule in RULES:
        if rule is join_lines and not join_broken_lines:
            rule = collapse_blank_lines  # noqa: PLW2901
        t = rule(t)
    return t


def normalize_chars(t: Tracked) -> Tracked:
    t = t.sub(_NEWLINES, lambda m: "\n")
    t = t.sub(_CONTROL, lambda m: "")
    t = t.sub(_ODD_SPACES, lambda m: " ")
    t = t.sub(_FULLWIDTH_ALNUM, lambda m: chr(ord(m.group(0)) - 0xFEE0))
    t = t.sub(_FULLWIDTH_DOT, lambda m: ".")
    t = t.sub(_MD_BOLD, lambda m: "")
    return t.sub(_FOOTNOTE, lambda m: "")


def drop_page_furniture(t: Tracked) -> Tracked:
    """Remove page-number lines and running headers/footers (short lines seen 3+ times)."""
    inline = _inline_number_lines(t.text)
    t = t.sub(_PAGE_NUMBER_LINE, lambda m: m.group(0) if m.start() in inline else "")
    t = t.sub(_RULE_LINE, lambda m: "")
    repeated = _repeated_lines(t.text)
    if not repeated:
        return t
    line = re.compile(r"^[^\n]+$", re.MULTILINE)
    return t.sub(line, lambda m: "" if m.group(0).strip() in repeated else m.group(0))


# Some PDF text layers put every number in a span of its own: "增长\n3.5%\n左右", "减税降费\n322\n亿元".
# A bare number followed by a unit or measure word is then part of the sentence, not a page number.
_BARE_NUMBER_LINE = re.compile(r"^[ ]*\d{1,3}[ ]*\n[ ]*(?=[%％年月日个位倍万亿元千百人户家项次亩米吨公里天名所条座批件辆列类])",
                               re.MULTILINE)
MIN_INLINE_NUMBERS = 3  # fewer could be page numbers that happen to precede such a word


def _inline_number_lines(text: str) -> set[int]:
    """Starts of bare-number lines that belong to their sentence (a document with several)."""
    found = {m.start() for m in _BARE_NUMBER_LINE.finditer(text)}
    return found if len(found) >= MIN_INLINE_NUMBERS else set()


def _repeated_lines(text: str) -> set[str]:
    counts = Counter(ln.strip() for ln in text.split("\n"))
    return {
        ln
        for ln, n in counts.items()
        if n >= 3
        and 4 <= len(ln) <= 40
        and ln[-1] not in TERMINAL + "”"
        and numbered_heading(ln) is None
        and not SALUTATION.match(ln)
    }


def fix_spaces(t: Tracked) -> Tracked:
    """Drop spaces a PDF puts between Chinese characters and inside numbers."""
    t = t.sub(_LINE_EDGE_SPACES, lambda m: "")
    return t.sub(_SPACES, _space_repl)


def _space_repl(m: re.Match[str]) -> str:
    s, a, b = m.string, m.start(), m.end()
    before = s[a - 1] if a else ""
    after = s[b] if b < len(s) else ""
    if _is_cjk_or_punct(before) or _is_cjk_or_punct(after):
        return ""  # "3000 多名" -> "3000多名", "川 汇" -> "川汇"
    if after == "%" and before.isdigit():
        return ""  # "2.5 %"
    if before == "." and after.isdigit() and a >= 2 and s[a - 2].isdigit():
        return ""  # "6. 59" -> "6.59"
    if before.isdigit() and after == "." and b + 1 < len(s) and s[b + 1].isdigit():
        return ""  # "6 .59"
    return " "  # between Latin words: keep one space


def fix_punctuation(t: Tracked) -> Tracked:
    """Half-width punctuation touching Chinese text becomes full-width; lost chars go."""
    t = t.sub(_LOST_CHAR, lambda m: "")
    t = t.sub(_HALF_PUNCT, _half_punct_repl)
    return t.sub(_LATIN_NOISE, lambda m: "")


def _half_punct_repl(m: re.Match[str]) -> str:
    s, a = m.string, m.start()
    before = s[a - 1] if a else ""
    after = s[a + 1] if a + 1 < len(s) else ""
    ch = m.group(0)
    if ch in ",:" and before.isdigit() and after.isdigit():
        return ch  # "6,000", "8:30"
    if is_cjk(before) or is_cjk(after) or _is_cjk_or_punct(before) and ch in ")":
        return _HALF_TO_FULL[ch]
    return ch


def mark_indents(t: Tracked) -> Tracked:
    return t.sub(_INDENT_RE, lambda m: INDENT)


def unmark_indents(t: Tracked) -> Tracked:
    return t.sub(_INDENT_MARK, lambda m: "")


def join_lines(t: Tracked) -> Tracked:
    """Join lines (and pages) broken mid-sentence; one "\\n" between paragraphs."""
    edits: list[tuple[int, int, str]] = []
    text = t.text
    width = wrap_width(text)
    for m in _LINE_BREAKS.finditer(text):
        prev = text[text.rfind("\n", 0, m.start()) + 1 : m.start()].lstrip(INDENT)
        end_next = text.find("\n", m.end())
        nxt = text[m.end() : end_next if end_next >= 0 else len(text)]
        if not prev or not nxt:
            continue  # document edges: strip_document removes them
        if _continues(prev, nxt, width):
            # The repeated-character artefact happens at page breaks (a blank
            # line); at an ordinary wrap "实现\n现代化" is real text.
            repeated = _repeated_prefix(prev, nxt) if m.group(0).count("\n") >= 2 else 0
            edits.append((m.start(), m.end() + repeated, ""))
        elif m.group(0) != "\n":
            edits.append((m.start(), m.end(), "\n"))
    return t.splice(edits)


def wrap_width(text: str) -> int | None:
    """The line width of hard-wrapped text (PDF layout), or None for one paragraph per line.

    Wrapped text has most of its longer lines close to one width; digits and
    Latin letters are narrower, so "close" is ±20%.
    """
    lengths = sorted(len(ln.lstrip(INDENT)) for ln in text.split("\n") if len(ln) >= 8)
    if len(lengths) < 8:
        return None
    width = lengths[int(len(lengths) * 0.75)]
    near = sum(1 for n in lengths if 0.8 * width <= n <= 1.2 * width)
    return width if width <= 90 and near >= 0.5 * len(lengths) else None


def collapse_blank_lines(t: Tracked) -> Tracked:
    return t.sub(_LINE_BREAKS, lambda m: "\n")


def _continues(prev: str, nxt: str, width: int | None = None) -> bool:
    """Does ``nxt`` continue the sentence (or paragraph) that ``prev`` leaves open?"""
    if nxt.startswith(INDENT):
        return False  # an indented line opens a paragraph
    if nxt[0] in "，、；：。！？）”" and not _is_bare_heading(prev):
        return True  # a line cannot start with these: always a continuation
    if _is_bare_heading(prev) or numbered_heading(nxt) or SALUTATION.match(nxt):
        return False
    if _NUMBER_PIECE.fullmatch(prev) and _is_cjk_or_punct(nxt[0]) or _number_opens(prev, nxt):
        return True  # "增长" / "3.5%" / "左右": a number in a span of its own
    if _ends_sentence(prev):
        # In hard-wrapped text a full line that ends a sentence usually ends
        # mid-paragraph; a short one ends the paragraph.
        return width is not None and len(prev) >= 0.8 * width and run_in_heading(nxt) is None
    if is_standalone_line(prev):
        return False
    return not nxt.startswith(("——", "•", "●", "■", "◆"))


_NUMBER_PIECE = re.compile(r"\d+(?:\.\d+)?%?")


def _number_opens(prev: str, nxt: str) -> bool:
    """Does ``nxt`` open with the number of the sentence ``prev`` leaves open ("增长" / "3.5%…")?
    Not in the title block: a date line or the line after the title or the salutation."""
    if not (nxt[0].isdigit() and is_cjk(prev[-1])) or DATE_LINE.match(nxt) or _YEAR_START.match(nxt):
        return False
    return not (SALUTATION.match(prev) or prev.endswith(("报告", "会议上")))


_YEAR_START = re.compile(r"(?:19|20)\d{2}\s*年")


def _is_bare_heading(line: str) -> bool:
    """A heading that is the whole line ("一、2020年工作回顾"), not one with body text after it."""
    head = numbered_heading(line)
    return head is not None and head.length >= len(line)


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_SENTENCE_CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL + "…"


def _repeated_prefix(prev: str, nxt: str) -> int:
    """How many leading characters of ``nxt`` repeat the end of ``prev`` by mistake.

    Page breaks in exported PDFs sometimes repeat the last character(s) of a
    page at the top of the next one ("农村人居环境" / "境整治"). Doubled words
    that Chinese really uses ("常常", "人人") are kept.
    """
    for k in (3, 2, 1):
        if len(prev) < k or len(nxt) <= k:
            continue
        tail = prev[-k:]
        if tail == nxt[:k] and all(is_cjk(c) for c in tail):
            if k == 1 and tail in _REDUPLICATING:
                return 0
            return k
    return 0


def strip_document(t: Tracked) -> Tracked:
    return t.sub(re.compile(r"^\s+|\s+$"), lambda m: "")


RULES = (
    normalize_chars,
    drop_page_furniture,
    mark_indents,
    fix_spaces,
    fix_punctuation,
    join_lines,
    unmark_indents,
    strip_document,
)
