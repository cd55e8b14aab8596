"""Name normalisation shared by extraction, resolution and evaluation.

``norm`` is exactly the matching key of shared/eval/score.py: NFKC (full-width
to half-width), whitespace and quote/bracket marks dropped, lower case.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(r"[\s“”‘’\"'「」『』《》〈〉]")
# Marks that wrap a slogan or a document title in Chinese text.
QUOTE_OPEN = "“‘「『\""
QUOTE_CLOSE = "”’」』\""
_DRAFT = re.compile(r"[（(]\s*(?:草案|征求意见稿|讨论稿|试行)\s*[)）]$")
_QUOTED = re.compile(r"[“‘「『\"]([^“”‘’「」『』\"]{1,40})[”’」』\"]")
# OCR / encoding debris inside names ("黄?滔"): not part of the name.
_DEBRIS = re.compile(r"[?？�\s\u3000]")


def norm(s: str | None) -> str:
    """The evaluation key of a name (same as score.py's ``norm``)."""
    if s is None:
        return ""
    return _norm_str(s) if type(s) is str else _norm_str(str(s))


@lru_cache(maxsize=65536)
def _norm_str(s: str) -> str:
    # resolution and relations key the same few hundred names thousands of times a report
    return _DROP.sub("", unicodedata.normalize("NFKC", s)).lower()


def strip_draft(name: str) -> str:
    """《…纲要（草案）》 and the final document name the same: drop the draft marker."""
    return _DRAFT.sub("", name).strip()


def quoted_core(name: str) -> str | None:
    """The quoted part of a slogan name (“放管服”改革 -> 放管服), if any."""
    m = _QUOTED.search(name)
    return m.group(1) if m else None


def clean_person(name: str) -> str:
    """Drop spaces and encoding debris inside a person's name (魏 宇 -> 魏宇)."""
    return _DEBRIS.sub("", name)


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
