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
# A place name followed by one of these is the name of a station or stop (某某村站, 某某镇站).
STATION_HEADS: tuple[str, ...] = tuple(_D["station_heads"])
# Words that make a lone front-matter line a heading, not a speaker's byline.
NOT_BYLINE: tuple[str, ...] = tuple(_D["not_byline"])
# Park heads whose stem may be a sector (人工智能产业园, 地理信息产业园): named by their sector.
SECTOR_PARK_HEADS: frozenset[str] = frozenset(_D["sector_park_heads"])
# Predicates after a clause-initial [province][brand] company name (四川XX建成…, 河南XX成为…).
SUBJECT_VERBS: tuple[str, ...] = tuple(_D["subject_verbs"])
# Stems that make X产业 / X经济 / X业 no named sector (主导产业, 实体经济, 就业).
NOT_INDUSTRY_STEMS: tuple[str, ...] = tuple(_D["not_industry_stems"])
# What follows 村/镇/乡 when it is no village or town name (村级, 村民, 村干部, 乡村振兴).
NOT_AFTER_VILLAGE: tuple[str, ...] = tuple(_D["not_after_village"])
# Stem endings that make a zone name generic (老城区, 主城区, 中心城区, 新城区).
GENERIC_ZONE_STEM_ENDS: tuple[str, ...] = tuple(_D["generic_zone_stem_ends"])
# What follows 区委/县委 when it is not the party committee (委员, 委托, 委派, 委屈, 委婉).
NOT_AFTER_COMMITTEE: tuple[str, ...] = tuple(_D["not_after_committee"])
# Words that make a partner of 与…合作 a class of bodies, not a named firm.
GENERIC_PARTNER_WORDS: tuple[str, ...] = tuple(_D["generic_partner_words"])
# Descriptive prefixes cut from the front of a firm's name (世界500强企业某某集团 -> 某某集团).
DESCRIPTIVE_MARKERS: tuple[str, ...] = tuple(_D["descriptive_markers"])
# Role words between a sector and 产业 (新型建材主导产业): the sector is the part before them.
INDUSTRY_ROLE_WORDS: tuple[str, ...] = tuple(_D["industry_role_words"])
# A district whose name ends like this is a park: 园区 in "入驻园区" refers back to it (relations).
PARK_SUFFIXES: tuple[str, ...] = tuple(_D["park_suffixes"])
# Suffixes a reporting division's name ends with in the front matter (jurisdiction); longer first.
ADMIN_NAME_SUFFIXES: tuple[str, ...] = tuple(_D["admin_name_suffixes"])
# HanLP natures of ordinary words: one of them quoted alone is a catchword (“钱袋子”), not a slogan.
COMMON_WORD_NATURES: frozenset[str] = frozenset(_D["common_word_natures"])
# Endings of honorary titles and rankings in quotes (“全国文明城市”, “先进集体”): not policies.
HONOUR_TAILS: tuple[str, ...] = tuple(_D["honour_tails"])
# Project heads that a description fills as often as a name (农产品基地, 开放平台).
GENERIC_FACILITY_HEADS: frozenset[str] = frozenset(_D["generic_facility_heads"])
