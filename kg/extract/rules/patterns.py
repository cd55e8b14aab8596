"""Suffix grammars, context cues and stop lists for the entity rules.

Chinese names are head-final: the type of a named thing is carried by its
last morpheme (川汇*区*, 荷花商*城*, 筑工*科技*, 蓝天*工程*).  So each type is a
list of head suffixes; ``kg.extract.entities`` finds a suffix and extends the
name leftwards over name-like words (HanLP tokens) to find the proper stem.

The values live in ``data/patterns.yaml`` (data, reviewable, checked for duplicates by
tests/unit/test_rules_data.py); this module only gives them names and types.
"""

from __future__ import annotations

from kg.extract.rules.data import load

_D = load("patterns.yaml")

# Suffix -> type.  Longest suffix wins (regex alternation is ordered by length).
DISTRICT_SUFFIXES: tuple[str, ...] = tuple(_D["district_suffixes"])
# Zone heads whose stem must be a name (海口综保区, 南宁东部新城), not a description (生态新城).
PROPER_ZONE_SUFFIXES: frozenset[str] = frozenset(_D["proper_zone_suffixes"])
ORG_SUFFIXES: tuple[str, ...] = tuple(_D["org_suffixes"])
COMPANY_SUFFIXES: tuple[str, ...] = tuple(_D["company_suffixes"])
# Weaker heads: a company only in an investor context or as a HanLP ntc word.
COMPANY_SOFT_SUFFIXES: tuple[str, ...] = tuple(_D["company_soft_suffixes"])
PROJECT_SUFFIXES: tuple[str, ...] = tuple(_D["project_suffixes"])
# Phase and zone modifiers that stay on a facility's name (某某产业园一期, 某某园区南扩区).
PROJECT_PHASE_TAILS: str = str(_D["project_phase_tails"])
LOCATION_SUFFIXES: tuple[str, ...] = tuple(_D["location_suffixes"])
POLICY_SUFFIXES: tuple[str, ...] = tuple(_D["policy_suffixes"])
INDUSTRY_SUFFIXES: tuple[str, ...] = tuple(_D["industry_suffixes"])
# What may follow a quoted slogan and still belong to its name
# (“放管服”改革, “万人助万企”活动, “1336”发展战略, “四主四市”工作思路).
QUOTE_TAILS: tuple[str, ...] = tuple(_D["quote_tails"])
# Heads after a quote that make it a project or company rather than a slogan.
QUOTE_PROJECT_TAILS: tuple[str, ...] = tuple(_D["quote_project_tails"])
# Relative organs: 区委 区政府 县人大 市政协 ... The level character comes first.
REL_LEVELS: str = str(_D["rel_levels"])
REL_ORGANS: tuple[str, ...] = tuple(_D["rel_organs"])
# Words that are never (part of the start of) a name: scope words, pronouns,
# generic modifiers and the verbs reports put before names.
SCOPE_WORDS: frozenset[str] = frozenset(_D["scope_words"])
GENERIC_STEMS: frozenset[str] = frozenset(_D["generic_stems"])
# Verbs and function words a left extension must stop at even when HanLP tags them as nouns.
STOP_WORDS: frozenset[str] = frozenset(_D["stop_words"])
# HanLP cuts names it does not know into one-character fragments tagged as
# verbs, adjectives or localisers (筑/v 友/ng 智造, 雅/ag 迪/nz 电动车): a single
# character with these natures may sit inside a name.
FRAGMENT_NATURES: frozenset[str] = frozenset(_D["fragment_natures"])
# Words ending in 局 that are not bureaus.
NOT_BUREAU: tuple[str, ...] = tuple(_D["not_bureau"])
# Stems that make a 城/园 name an honour title, not a place: 国家园林城, 双拥模范城.
HONOUR_STEMS: tuple[str, ...] = tuple(_D["honour_stems"])
# Natures (HanLP) that may be part of a name's stem.
NAME_NATURES: frozenset[str] = frozenset(_D["name_natures"])
# Natures that by themselves make a stem proper (a named thing rather than a description).
PROPER_NATURES: frozenset[str] = frozenset(_D["proper_natures"])
PERSON_TITLES: tuple[str, ...] = tuple(_D["person_titles"])
# Contexts that make an enumerated name an investor (company): 引进XX, 与XX合作 ...
COMPANY_CONTEXT_BEFORE: tuple[str, ...] = tuple(_D["company_context_before"])
COMPANY_CONTEXT_AFTER: tuple[str, ...] = tuple(_D["company_context_after"])
# Words ending in 业 that are not sectors (企业 is a firm, 就业 a job).
NOT_SECTOR: tuple[str, ...] = tuple(_D["not_sector"])
# Modifiers that make an institution name a class (民办学校, 社区服务中心, 乡镇卫生院), not one body.
GENERIC_INSTITUTION_PREFIXES: tuple[str, ...] = tuple(_D["generic_institution_prefixes"])
# Verbs that make a noun phrase a slogan (大商贸促进大物流), whatever HanLP tags it.
SLOGAN_VERBS: tuple[str, ...] = tuple(_D["slogan_verbs"])
# Function characters a segmenter may glue to the front of a name (和周口大道, 赴长三角).
LEADING_FUNCTION_CHARS: str = str(_D["leading_function_chars"])
# Words that make an item of a project list a construction (华山2万千瓦风电, 某某生产线扩建): without
# one, an item of "引进A、B等一批项目" is the investor's name, a Company (GUIDELINES convention 8).
PROJECT_WORDS: tuple[str, ...] = tuple(_D["project_words"])
# Verbs after which a bare proper name is an investor (引进某某, 携手某某, 签约某某).
INVESTOR_VERBS: tuple[str, ...] = tuple(_D["investor_verbs"])
