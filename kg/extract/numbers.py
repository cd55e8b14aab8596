"""Parse the numbers a Chinese report writes: Arabic, Chinese and mixed forms.

Reports mix "6.59", "3 000", full-width "６.５９", Chinese numerals (十件, 两个,
一百五十) and mixed "1.2万". The Chinese side is left to ``cn2an`` (a maintained
library) instead of hand tables; every failure becomes ``None`` because a
number we cannot read is simply not a metric, never an error.

``parse_number`` returns the full value: "1.2万" -> 12000.0. Metric extraction
keeps 万/亿 with the unit instead (1.2 with 万个, as the guidelines ask), so it
splits the prefix off before calling this function.
"""

from __future__ import annotations

import logging
import re

import cn2an

log = logging.getLogger(__name__)

# Full-width digits and punctuation occur in PDF text; map them 1:1 so offsets hold.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
_ARABIC = re.compile(r"^[+-]?\d+(?:,\d{3})*(?:\.\d+)?$")
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN_ONLY = re.compile(rf"^[{CN_DIGITS}]+$")
_MIXED = re.compile(rf"^\d+(?:\.\d+)?[{CN_DIGITS}]+$")


def to_halfwidth(s: str) -> str:
    """Full-width digits/dot/comma/percent to ASCII, one char for one char."""
    return s.translate(_FULLWIDTH)


def parse_number(s: str | None) -> float | None:
    """"6.59" -> 6.59, "3,000" -> 3000.0, "两" -> 2.0, "一百五十" -> 150.0, "1.2万" -> 12000.0.

    Returns None for anything that is not a number (never raises).
    """
    if not s:
        return None
    t = re.sub(r"\s+", "", to_halfwidth(s))
    if _ARABIC.match(t):
        return float(t.replace(",", ""))
    if _CN_ONLY.match(t) or _MIXED.match(t):
        return _cn2an(t)
    return None


def _cn2an(t: str) -> float | None:
    # "〇" is cn2an's "零" spelled the other way; "smart" mode reads mixed "1.2万".
    try:
        return float(cn2an.cn2an(t.replace("〇", "零"), "smart"))
    except Exception as e:  # cn2an raises bare ValueError/KeyError on odd strings
        log.debug("cn2an could not read %r: %s", t, e)
        return None
