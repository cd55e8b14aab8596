"""The indicator synonym table (schemas/indicator_synonyms.yaml), as data.

One owner for "GDP is 地区生产总值": extraction names indicators by the standard name, search
expands a query by it, and cross-report identity can key indicators by it. Pure: no neo4j here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from kg.errors import Err, SchemaError
from kg.resources import INDICATOR_SYNONYMS, data_path

SYNONYMS_PATH = data_path(INDICATOR_SYNONYMS)  # package data (kg.resources): schemas/indicator_synonyms.yaml


class SynonymTable:
    """Standard indicator names and their synonyms, both ways."""

    def __init__(self, groups: dict[str, list[str]], generic_tails: list[str] | None = None) -> None:
        self.groups = {k: list(v) for k, v in groups.items()}
        self.generic_tails = tuple(generic_tails or ())
        self.standard: dict[str, str] = {}
        for name, synonyms in self.groups.items():
            for s in synonyms:
                if s in self.standard or s in self.groups:
                    raise SchemaError(Err.E303.format(path=SYNONYMS_PATH, detail=f"{s!r} listed twice"))
                self.standard[s] = name

    def standard_name(self, name: str) -> str:
        """The standard name of an indicator (itself when it is one or is unknown). Case-blind
        for Latin letters: gdp is GDP."""
        return self.standard.get(name) or self._latin().get(name.upper()) or name

    def canonical(self, name: str) -> str:
        """The name target-against-result and timelines key an indicator by: its standard name, after
        a generic tail (``generic_tails``: 新建中小学校建设 -> 新建中小学校) is taken off a name
        the table does not know."""
        std = self.standard_name(name)
        if std != name or name in self.groups:
            return std
        for tail in self.generic_tails:
            if name.endswith(tail) and len(name) - len(tail) >= 2:
                return self.standard_name(name[:-len(tail)])
        return name

    def forms(self, name: str) -> list[str]:
        """Every name of the indicator ``name`` denotes: the standard one first, then its synonyms."""
        std = self.standard_name(name)
        return [std, *self.groups.get(std, [])] if std in self.groups else [name]

    def _latin(self) -> dict[str, str]:
        return {k.upper(): v for k, v in self.standard.items() if k.isascii()}


def load_synonyms(path: Path = SYNONYMS_PATH) -> SynonymTable:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return SynonymTable(data["indicators"], data.get("generic_tails"))
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as e:
        raise SchemaError(Err.E303.format(path=path, detail=str(e).splitlines()[0])) from e


@lru_cache(maxsize=1)
def get_synonyms() -> SynonymTable:
    return load_synonyms()
