"""China's administrative divisions, from jionlp's ``china_location.txt``.

The file is a tab-indented tree: province / city / county lines carry
``name<TAB>code<TAB>short form``; town (乡镇街道) and village (村社区) lines carry
only a name.  We build the province–city–county index once per process (a few
thousand names) and the town/village names lazily, per county, because only
the reporting district's own towns and villages are worth matching: village
names repeat all over the country (every county has a 新村), so outside the
report's own jurisdiction they cannot be resolved.
"""

from __future__ import annotations

import importlib.util
import logging
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import Err, ExtractionError
from kg.extract.admin import AdminLevel

log = logging.getLogger(__name__)


# Names that are real county-level divisions somewhere (山西 has a 城区, 郊区,
# 矿区) but in a report are almost always generic scope words.
GENERIC_DIVISION_NAMES = frozenset({
    "城区", "郊区", "矿区", "新区", "市区", "市中区", "开发区", "高新区", "林区", "特区",
})


@dataclass(frozen=True)
class Division:
    name: str
    level: AdminLevel
    code: str | None = None
    short: str | None = None
    parent: str | None = None  # parent division's full name
    parent_code: str | None = None
    province: str | None = None


@dataclass(eq=False)  # hashed by identity: one instance per process, cached
class Gazetteer:
    by_name: dict[str, list[Division]] = field(default_factory=dict)
    by_short: dict[str, list[Division]] = field(default_factory=dict)
    by_code: dict[str, Division] = field(default_factory=dict)
    # county code -> (first, last) line numbers of its subtree, for lazy towns/villages
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def lookup(self, name: str) -> list[Division]:
        """Divisions (province/city/county) with this full name."""
        return self.by_name.get(name, [])

    def lookup_short(self, short: str) -> list[Division]:
        return self.by_short.get(short, [])

    def unique(self, name: str) -> Division | None:
        found = self.lookup(name)
        return found[0] if len(found) == 1 else None

    def chain(self, div: Division) -> list[Division]:
        """The division and its ancestors, nearest first."""
        out = [div]
        seen = {div.code}  # the table has self-parented codes (香港 districts: 810000 -> 810000)
        while out[-1].parent_code and out[-1].parent_code in self.by_code and out[-1].parent_code not in seen:
            seen.add(out[-1].parent_code)
            out.append(self.by_code[out[-1].parent_code])
        return out

    def subdivisions(self, county_code: str) -> list[Division]:
        """Towns and villages under one county (lazy; cached)."""
        return list(_subdivisions(self, county_code))


def _location_file() -> Path:
    # find_spec locates the package without importing it: importing jionlp loads
    # its segmenter and prints a banner; we only want its data file.
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.origin:
        raise ExtractionError(Err.E103.format(what="jionlp (china_location.txt)"))
    return Path(spec.origin).parent / "dictionary" / "china_location.txt"


def _location_text() -> str:
    """The file's text. jionlp ships it zipped and unzips it on first import; a fresh
    install that never imported jionlp has only the zip, so read the zip directly."""
    path = _location_file()
    if path.exists():
        return path.read_text(encoding="utf-8")
    archive = path.with_suffix(".zip")
    if not archive.exists():
        raise ExtractionError(Err.E103.format(what=f"jionlp data ({path} or {archive})"))
    with zipfile.ZipFile(archive) as z:
        return z.read(path.name).decode("utf-8")


def _add(index: dict[str, list[Division]], key: str | None, div: Division) -> None:
    if key:
        index.setdefault(key, []).append(div)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Parse the jionlp file once (about 0.3 s) and keep the index for the process."""
    lines = _location_text().splitlines()
    gaz = Gazetteer(lines=lines)
    stack: list[Division | None] = [None, None, None]
    county_start: tuple[str, int] | None = None
    for i, line in enumerate(lines):
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue
        if county_start:
            gaz.spans[county_start[0]] = (county_start[1], i)
            county_start = None
        parts = line.strip().split("\t")
        if len(parts) != 3:
            continue
        name, code, short = parts
        parent = stack[depth - 1] if depth else None
        if depth == 1 and parent and parent.name == name:
            # municipalities (北京市 > 北京市 > 东城区) repeat the province as city
            stack[1] = parent
            continue
        div = Division(name, AdminLevel(depth), code, short, parent.name if parent else None,
                       parent.code if parent else None, stack[0].name if stack[0] and depth else name)
        stack[depth] = div
        gaz.by_code[code] = div
        _add(gaz.by_name, name, div)
        if short and short != name:
            _add(gaz.by_short, short, div)
            auto = next((t for t in ("自治州", "自治县", "自治旗") if name.endswith(t)), None)
            if auto and len(short) >= 2:  # 海西蒙古族藏族自治州 is written 海西州 as often as in full
                _add(gaz.by_name, short + auto[-1], div)
        if depth == 2:
            county_start = (code, i + 1)
    return gaz


@lru_cache(maxsize=64)
def _subdivisions(gaz: Gazetteer, county_code: str) -> tuple[Division, ...]:
    first, last = gaz.spans.get(county_code, (0, 0))
    county = gaz.by_code.get(county_code)
    out: list[Division] = []
    town: str | None = None
    for line in gaz.lines[first:last]:
        depth = len(line) - len(line.lstrip("\t"))
        name = line.strip()
        if depth == 3:
            town = name
            out.append(Division(name, AdminLevel.TOWN, None, None, county.name if county else None, county_code))
        elif depth == 4 and town:
            out.append(Division(name, AdminLevel.VILLAGE, None, None, town, None))
    return tuple(out)

