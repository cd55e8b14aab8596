"""Synthetic report-like corpora for benchmarks: N documents made from one real report.

Each generated document keeps the shape of a government work report (title block,
numbered top-level parts 一、二、三、, sub-parts （一）（二）) so the extractor sees
realistic input, but varies it: sub-parts and paragraphs are shuffled inside their
part, some paragraphs are dropped (documents differ in length), and the reporting
district and the names the caller lists (companies, projects, other districts) are
replaced by generated names, so entities grow with the corpus as in a real
multi-district collection instead of collapsing onto one set of nodes.

Pure: no models, no database. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import Err, InputError

# Top-level parts of a work report are numbered with Chinese numerals and 、 (一、二、...);
# sub-parts with full-width brackets （一）. Both are line-initial in the text we ingest.
_PART = re.compile(r"^[一二三四五六七八九十]+、")
_SUBPART = re.compile(r"^（[一二三四五六七八九十]+）")
# The title block opens with the body that hears the report: "川汇区十五届人大…".
_HOME = re.compile(r"^\s*([\u4e00-\u9fa5]{2,6}?(?:自治州|自治县|新区|区|县|市|旗))")
# Generic tails that say what kind of thing a name is; a substitute keeps the tail so a
# company stays a company (…集团) and a district stays a district (…区) for the extractor.
_TAILS = ("有限责任公司", "股份有限公司", "有限公司", "自治县", "产业园", "工业园", "开发区", "高新区",
          "示范区", "集团", "公司", "项目", "园区", "基地", "中心", "街道", "新区", "区", "县", "市",
          "镇", "乡", "村", "园", "城")
# Characters common in Chinese place and firm names; two of them make a plausible new name.
_SYLLABLES = ("安平华阳东兴西岭南湖北川青山明德永昌丰泰和盛金宁福新源江河清远嘉禾龙凤瑞康"
              "长乐广信恒通海星云松柏梅兰桂林峰泉石桥宏达鑫隆益博万启元祥")


@dataclass(frozen=True)
class CorpusSpec:
    n: int
    seed: int = 0
    drop_rate: float = 0.15  # share of body paragraphs dropped, so lengths differ


def home_district(text: str) -> str | None:
    """The reporting district named at the top of a report, if the title block names one."""
    m = _HOME.match(text)
    return m.group(1) if m else None


def _tail(name: str) -> str:
    return next((t for t in _TAILS if name.endswith(t) and len(name) > len(t)), name[-1])


def _new_name(rng: random.Random, old: str, taken: set[str]) -> str:
    tail = _tail(old)
    for _ in range(50):
        name = "".join(rng.sample(_SYLLABLES, 2)) + tail
        if name not in taken:
            taken.add(name)
            return name
    return "".join(rng.sample(_SYLLABLES, 3)) + tail  # crowded pool: a longer name, still plausible


def substitution_map(rng: random.Random, names: Iterable[str]) -> dict[str, str]:
    """A fresh name for each given name; a district's short form (川汇 of 川汇区) follows it."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    # longest first, ties by the name itself: a set's order changes with PYTHONHASHSEED
    for old in sorted({n for n in names if len(n) >= 2}, key=lambda n: (-len(n), n)):
        new = _new_name(rng, old, taken)
        out[old] = new
        tail = _tail(old)
        if tail in ("区", "县", "市") and len(old) >= 3:  # reports say 川汇 as often as 川汇区
            out.setdefault(old[: -len(tail)], new[: -len(tail)])
    return out


def substitute(text: str, mapping: dict[str, str]) -> str:
    """Replace every listed name in one pass, longest first, so replacements never overlap."""
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def split_parts(text: str) -> tuple[list[str], list[list[str]]]:
    """(title-block lines, [lines of each top-level part]) of a report."""
    head: list[str] = []
    parts: list[list[str]] = []
    for line in text.splitlines():
        if _PART.match(line.strip()):
            parts.append([line])
        elif parts:
            parts[-1].append(line)
        else:
            head.append(line)
    return head, parts


def _blocks(lines: list[str]) -> list[list[str]]:
    """A part's body as blocks: text before the first sub-part, then one block per sub-part."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if _SUBPART.match(line.strip()):
            blocks.append([line])
        elif line.strip():
            blocks[-1].append(line)
    return [b for b in blocks if b]


def _shuffle_block(rng: random.Random, block: list[str], drop_rate: float) -> list[str]:
    first, rest = (block[:1], block[1:]) if _SUBPART.match(block[0].strip()) else ([], block)
    kept = [p for p in rest if rng.random() >= drop_rate] or rest[:1]
    rng.shuffle(kept)
    return first + kept


def _shuffle_part(rng: random.Random, part: list[str], drop_rate: float) -> list[str]:
    blocks = _blocks(part[1:])
    lead = blocks.pop(0) if blocks and not _SUBPART.match(blocks[0][0].strip()) else []
    rng.shuffle(blocks)  # sub-parts of one part are parallel topics; their order is free
    body = [_shuffle_block(rng, b, drop_rate) for b in ([lead] if lead else []) + blocks]
    return [part[0], *[line for b in body for line in b]]


def generate_text(seed_text: str, rng: random.Random, names: Iterable[str] = (),
                  drop_rate: float = 0.15, source: str = "<seed text>") -> str:
    """One report-like text: shuffled, trimmed, with the home district and ``names`` renamed."""
    head, parts = split_parts(seed_text)
    if not parts:
        raise InputError(Err.E010.format(path=source))
    home = home_district(seed_text)
    mapping = substitution_map(rng, [*names, *([home] if home else [])])
    lines = head + [line for p in parts for line in ["", *_shuffle_part(rng, p, drop_rate)]]
    return substitute("\n\n".join(x for x in lines if x.strip()) + "\n", mapping)


def generate_corpus(seed_text: str, out_dir: Path, spec: CorpusSpec, names: Iterable[str] = ()) -> list[Path]:
    """Write ``spec.n`` generated reports to ``out_dir`` (doc-00000.txt, ...) and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = list(names)
    paths = []
    for i in range(spec.n):
        rng = random.Random(f"{spec.seed}:{i}")  # per-document seed: document i is the same at any n
        path = out_dir / f"doc-{i:05d}.txt"
        path.write_text(generate_text(seed_text, rng, names, spec.drop_rate), encoding="utf-8")
        paths.append(path)
    return paths
