"""Understanding a Chinese question, without the database: normalisation, the rules
(kg/extract/rules/data/ask.yaml), entity linking against a lexicon, times, metric cues.

Deterministic and offline: the same question and the same graph give the same reading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from kg.errors import BadQuestion, Err
from kg.ingest.traditional import convert_same_length

RULES_FILE = "ask.yaml"
_CN_DIGIT = {"〇": "0", "零": "0", "○": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
             "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})年")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_DROP = re.compile(r"[\s“”‘’\"'「」『』《》〈〉]")
_WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_CN_SMALL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    path = files("kg.extract.rules").joinpath("data", RULES_FILE)
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def fold(s: str | None) -> str:
    """A name or text as it is compared: NFKC, no spaces or quote marks."""
    return _DROP.sub("", unicodedata.normalize("NFKC", s or ""))


def check_question(q: str | None) -> str:
    """The question, stripped; a one-line error (E290-E293) for empty, too long, control
    characters, or no word at all."""
    limit = int(rules()["limits"]["max_chars"])
    if q is None or not q.strip():
        raise BadQuestion(Err.E290.format())
    q = q.strip()
    if len(q) > limit:
        raise BadQuestion(Err.E291.format(n=len(q), limit=limit))
    bad = _CONTROL.search(q)
    if bad:
        raise BadQuestion(Err.E292.format(char=f"U+{ord(bad.group(0)):04X}", pos=bad.start()))
    try:
        q.encode("utf-8")
    except UnicodeEncodeError as e:
        raise BadQuestion(Err.E292.format(char="a lone surrogate", pos=e.start)) from e
    if not _WORDY.search(unicodedata.normalize("NFKC", q)):
        raise BadQuestion(Err.E293.format())
    return q


def normalise(q: str) -> str:
    """NFKC, simplified characters, years in Arabic digits (二〇二一年 -> 2021年), no spaces or quotes."""
    text = convert_same_length(unicodedata.normalize("NFKC", q))
    text = _CN_YEAR.sub(lambda m: "".join(_CN_DIGIT[c] for c in m.group(1)) + "年", text)
    return _DROP.sub("", text)


# --- entity linking ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str


@dataclass(frozen=True)
class Link:
    entity: Entity
    start: int
    end: int
    surface: str
    others: tuple[Entity, ...] = ()   # other entities of the same surface form


@dataclass
class Lexicon:
    """Every entity name and alias (folded) -> the entities that carry it."""

    forms: dict[str, list[Entity]] = field(default_factory=dict)
    max_len: int = 0

    @classmethod
    def of(cls, rows: list[dict[str, Any]]) -> Lexicon:
        lex = cls()
        for r in rows:
            if r["type"] == "Indicator":  # indicators are answered through their figures
                continue
            e = Entity(r["id"], r["name"], r["type"])
            for form in {fold(r["name"]), *(fold(a) for a in r["aliases"] or [])}:
                if len(form) >= 2:
                    lst = lex.forms.setdefault(form, [])
                    if e not in lst:
                        lst.append(e)
                    lex.max_len = max(lex.max_len, len(form))
        for lst in lex.forms.values():  # the entity whose own name this is first, then by type
            lst.sort(key=lambda e: (e.type == "Policy", e.id))
        return lex

    def link(self, text: str, start: int = 0, end: int | None = None) -> list[Link]:
        """Longest matches, left to right, without overlap."""
        end = len(text) if end is None else end
        out: list[Link] = []
        i = start
        while i < end - 1:
            for n in range(min(self.max_len, end - i), 1, -1):
                hit = self.forms.get(text[i:i + n])
                if hit:
                    out.append(Link(hit[0], i, i + n, text[i:i + n], tuple(hit[1:])))
                    i += n
                    break
            else:
                i += 1
        return out


# --- times ------------------------------------------------------------------------------------

@dataclass
class Time:
    periods: list[str] = field(default_factory=list)   # what the question asks, best first
    year: int | None = None                           # a year named in the question (picks reports)
    relative: bool = False
    kind_hint: str | None = None                      # 'target' for the future, 'actual' for the past
    text: str = ""


def plan_years(n: int) -> tuple[int, int]:
    """十四五 (n=14) -> 2021-2025."""
    start = 1966 + 5 * (n - 3)  # the third plan began in 1966 (1963-1965 had none)
    return start, start + 4


def read_time(q: str, newest_year: int | None) -> Time:
    t = rules()["time"]
    out = Time()
    m = re.search(t["plan"], q)
    if m and re.search(r"十[一二三四五六七八九]?五", m.group(0)):
        a, b = plan_years(cn_plan_number(m.group(1)))
        out.periods = [f"{a}-{b}", str(b)]
        out.text = m.group(0)
        if newest_year is not None:
            out.kind_hint = "target" if b >= newest_year else "actual"
        return out
    m = re.search(t["year"] + r"(?!\d)", q)
    if m and "年" in m.group(0):
        y = int(m.group(1))
        out.periods, out.year, out.text = [str(y)], y, m.group(0)
    elif re.search(t["this_year"], q) and newest_year is not None:
        out.periods, out.relative, out.text = [str(newest_year)], True, "今年"
        out.kind_hint = "target"
    elif re.search(t["last_year"], q) and newest_year is not None:
        out.periods, out.relative, out.text = [str(newest_year - 1)], True, "去年"
        out.kind_hint = "actual"
    elif re.search(t["next_year"], q) and newest_year is not None:
        out.periods, out.relative, out.text = [str(newest_year + 1)], True, "明年"
        out.kind_hint = "target"
    return out


# --- metric cues ------------------------------------------------------------------------------

def indicator_score(indicator: str, q: str) -> tuple[float, int]:
    """(share of the indicator's characters inside a two-character piece the question also has,
    how many): 新建公厕 in 今年计划新建多少个公厕 is (1.0, 4)."""
    name = fold(indicator)
    if len(name) < 2:
        return 0.0, 0
    covered = [False] * len(name)
    for i in range(len(name) - 1):
        if name[i:i + 2] in q:
            covered[i] = covered[i + 1] = True
    n = sum(covered)
    return n / len(name), n


def kind_of(q: str, time: Time) -> str | None:
    k = rules()["kind"]
    target, actual = re.search(k["target"], q), re.search(k["actual"], q)
    if target and not (actual and actual.group(0) in ("实际", "完成了", "实现了", "累计")):
        return "target"
    if actual and actual.group(0) != "是多少":
        return "actual"
    return time.kind_hint


def measures_of(q: str) -> set[str]:
    m = rules()["measure"]
    out = set()
    if re.search(m["growth"], q):
        out.add("growth")
    if re.search(m["level"], q):
        out.add("level")
    return out


def cn_plan_number(word: str) -> int:
    """十四 -> 14, 十 -> 10."""
    return 10 + _CN_SMALL.get(word[1], 0) if len(word) == 2 else 10
