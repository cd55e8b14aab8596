"""Domain lexicons: standard names every Chinese work report draws on.

These are generic domain knowledge (national statistical indicators, sector
names, national policy slogans, people's organisations), not names of any
particular report.  spaCy's EntityRuler matches them as phrase patterns.

The values live in ``data/lexicons.yaml`` (data, reviewable, checked for duplicates by
tests/unit/test_rules_data.py); this module only gives them names and types.
"""

from __future__ import annotations

from kg.extract.rules.data import load
from kg.synonyms import get_synonyms

_D = load("lexicons.yaml")

# National Bureau of Statistics style indicator names (国民经济和社会发展统计公报).
INDICATORS: tuple[str, ...] = tuple(_D["indicators"])
# Lexicon synonyms: the same indicator under its colloquial names (schemas/indicator_synonyms.yaml,
# which search and cross-report identity read too).
INDICATOR_SYNONYMS: dict[str, str] = dict(get_synonyms().standard)
# Sectors and business fields (国民经济行业分类 plus the "new economy" words reports use).
INDUSTRIES: tuple[str, ...] = tuple(_D["industries"])
# National policies, strategies and campaigns named in most reports since 2012.
POLICIES: tuple[str, ...] = tuple(_D["policies"])
# People's organisations, armed forces and party/state organs with fixed names.
ORGANIZATIONS: tuple[str, ...] = tuple(_D["organizations"])
# Heads that end a statistical indicator's name (…总值, …收入, …率, …用电量).
INDICATOR_HEADS: tuple[str, ...] = tuple(_D["indicator_heads"])
