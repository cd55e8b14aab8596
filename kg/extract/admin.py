"""The one administrative-level type of the extractor.

China's divisions nest province > city (prefecture) > county > town > village; the gazetteer
(jionlp's table) gives each division its level, and a name the table lacks is levelled by its
suffix (街道 is a town-level division, 高新区 a county-level zone). Lower values are larger units,
so ``outer < inner`` reads "outer contains inner's level".
"""

from __future__ import annotations

from enum import IntEnum
from functools import lru_cache

from kg.extract.rules.data import load


class AdminLevel(IntEnum):
    PROVINCE = 0
    CITY = 1
    COUNTY = 2
    TOWN = 3
    VILLAGE = 4


# Suffix -> level, first match wins (街道办事处 before 办事处, 开发区 before 区, 自治州 before 州).
_SUFFIXES: tuple[tuple[str, AdminLevel], ...] = tuple(
    (suffix, AdminLevel[level.upper()]) for suffix, level in load("patterns.yaml")["admin_level_suffixes"].items()
)


@lru_cache(maxsize=8192)
def level_of_name(name: str) -> AdminLevel | None:
    """The level a division's name says by its suffix, None when it says none."""
    for suffix, level in _SUFFIXES:
        if name.endswith(suffix):
            return level
    return None
