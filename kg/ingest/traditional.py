"""Traditional-character reports read like simplified ones.

Reports copied from Hong Kong, Taiwan or overseas sites arrive in traditional
characters (增長, 預期, 億元); every rule and lexicon downstream is written in
simplified ones. ``to_simplified`` converts such text with OpenCC's ``t2s``
configuration (a maintained converter, data shipped in the wheel, no network)
and never changes the text's length, so every offset, and the cleaned→original
offset map, stays valid:

- the text is converted segment by segment (a segment ends at punctuation or a
  line break), phrase-aware ("乾坤"→"乾坤", "乾淨"→"干净");
- a segment whose conversion changed its length is converted one character at
  a time instead (single characters map one to one).

Only text that is detectably traditional is touched: simplified text has almost
no characters that ``t2s`` would change, traditional text has many.

Names keep the text's spelling (GUIDELINES convention 8), so the conversion also
returns a respelling map (simplified character → the character the text wrote)
that ``respell`` applies to extracted names.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from kg.models import ExtractionResult

# Share of CJK characters that t2s changes above which a text is traditional. Simplified
# reports score ~0.001 (a stray 於 or 乾), traditional ones 0.15-0.3.
MIN_TRADITIONAL_SHARE = 0.04
MIN_TRADITIONAL_CHARS = 3
_SAMPLE = 20_000  # characters looked at to decide
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SEGMENT = re.compile(r"[^，。；：、！？,.;:!?\n“”‘’（）()《》\s]+|.", re.S)


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def _char(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


def traditional_share(text: str) -> tuple[float, int]:
    """(share, count) of the CJK characters in (a sample of) ``text`` that t2s changes."""
    cjk = _CJK.findall(text[:_SAMPLE])
    if not cjk:
        return 0.0, 0
    changed = sum(1 for ch in cjk if _char(ch) != ch)
    return changed / len(cjk), changed


def is_traditional(text: str) -> bool:
    share, n = traditional_share(text)
    return n >= MIN_TRADITIONAL_CHARS and share >= MIN_TRADITIONAL_SHARE


def convert_same_length(text: str) -> str:
    """``text`` in simplified characters, exactly as long as ``text``."""
    conv = _converter()
    out = []
    for m in _SEGMENT.finditer(text):
        seg = m.group(0)
        new = conv.convert(seg) if _CJK.search(seg) else seg
        if len(new) != len(seg):
            new = "".join(_char(ch) for ch in seg)
        out.append(new)
    result = "".join(out)
    assert len(result) == len(text)
    return result


def respelling(original: str, simplified: str) -> dict[str, str]:
    """Simplified character → the character the original text wrote in its place,
    for the characters the conversion changed (the most frequent spelling wins:
    "后" may stand for 後 and for 后 itself)."""
    seen: dict[str, Counter[str]] = {}
    for o, s in zip(original, simplified, strict=True):
        if o != s:
            seen.setdefault(s, Counter())[o] += 1
    if not seen:
        return {}
    for o, s in zip(original, simplified, strict=True):
        if o == s and s in seen:
            seen[s][o] += 1
    out = {}
    for s, spellings in seen.items():
        best = spellings.most_common(1)[0][0]
        if best != s:
            out[s] = best
    return out


def to_simplified(text: str) -> tuple[str, dict[str, str]]:
    """(text to analyse, respelling map). Simplified text comes back unchanged with an
    empty map; traditional text converted, same length, with the map back."""
    if not is_traditional(text):
        return text, {}
    simplified = convert_same_length(text)
    return simplified, respelling(text, simplified)


def respell(s: str | None, mapping: dict[str, str]) -> str | None:
    """``s`` (read from the simplified text) in the text's own spelling."""
    if not s or not mapping:
        return s
    return "".join(mapping.get(ch, ch) for ch in s)


def respell_result(result: ExtractionResult) -> ExtractionResult:
    """Names, indicators and relation ends of ``result`` in the document's own spelling."""
    mapping = result.document.respell
    if not mapping:
        return result

    def r(s: str) -> str:
        return respell(s, mapping) or s

    # mentions keep the analysed spelling: their text is document.text[start:end], and their
    # offsets map back to the file; ids stay those of the simplified names, so a traditional and a
    # simplified report of the same place link to one node
    entities = [e.model_copy(update={"name": r(e.name), "aliases": [r(a) for a in e.aliases],
                                     "parent": e.parent and r(e.parent)})
                for e in result.entities]
    metrics = [m.model_copy(update={"indicator": r(m.indicator), "district": m.district and r(m.district),
                                    "subject": m.subject and r(m.subject)})
               for m in result.metrics]
    relations = [x.model_copy(update={"head": r(x.head), "tail": r(x.tail)}) for x in result.relations]
    reporting = result.reporting and result.reporting.model_copy(update={"name": r(result.reporting.name)})
    return result.model_copy(update={"entities": entities, "metrics": metrics, "relations": relations,
                                     "reporting": reporting})
