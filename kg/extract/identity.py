"""Identity across reports: the keys that make one company, project or organisation one node.

The writer MERGEs entities on their canonical id (kg.extract.resolve), so whatever two reports
must share has to give the same id in both, computed from the report alone (pure, order-free:
`kg build` and `kg import` agree, and deleting a report never splits or re-keys another's entity).
The keys are conservative, because a false merge across reports is worse than a missed one:

* Company: the normalised name (kg.extract.normalize.norm: full/half width, quotes, spaces)
  without its legal form (股份有限公司, 有限责任公司, 有限公司, 股份公司, 公司) and a 集团 / （集团）
  before it: 远山智造科技有限公司 = 远山智造科技; 远山集团 = 远山集团有限公司 = 远山. Words that
  say what the firm does (科技, 电子, 物流 ...) stay: 远山科技 ≠ 远山电子.
* Project: the normalised name without a trailing 项目; a phase stays (一期 ≠ 二期), and so does
  工程 (沙河治理工程 is a name, not a category).
* Organization: relative organs (区委, 区政府) are scoped by the reporting district already
  (resolve.canonical_id); a body named without a place (妇联, 总工会, 人力资源服务中心) is the
  reporting district's own as well, and a level-prefixed one (区妇联, 市总工会, 省军区) belongs to
  the division of that level: ``Organization:<division>/<level><name>``. Bodies of the whole
  country (党中央, 国务院) and names that start with a place keep their plain id.
* Project: a name without a place (体育中心, 双创平台) is scoped by the reporting district the same
  way (``Project:<district>/<key>``): two districts' 体育中心 are two projects; a name opening
  with a place (周口数字产业园) keeps a plain id.

Each document's name for an entity is kept on the node (e.doc_names, e.alias_forms), so the
rule that took it to the shared id is derived from them when read (``merge_rule``) and always
agrees with the names the loaded reports still give.
"""

from __future__ import annotations

import re

from kg.extract.normalize import norm
from kg.extract.rules.data import load

_D = load("identity.yaml")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(norm(w)) for w in sorted(words, key=len, reverse=True))


_LEGAL_FORM = re.compile(f"(?:{_alternation(_D['company_legal_forms'])})$")
_GROUP = re.compile(f"(?:{_alternation(_D['company_group_words'])})$")
FILLER_WORDS: frozenset[str] = frozenset(norm(w) for w in _D["company_filler_words"])
# 项目 at the end, or before the phase that ends the name (某园项目二期 = 某园二期项目 = 某园二期).
_PROJECT_SUFFIX = re.compile(r"项目(?=(?:[一二三四五六七八九十]|\d+)期$)|项目$")
_PHASE = re.compile(r"(?:[一二三四五六七八九十]|\d+)期")
MIN_KEY = 2  # a key shorter than this is too generic to merge on: the whole name is kept

NATIONAL_PREFIXES: tuple[str, ...] = tuple(_D["national_prefixes"])
_LEVEL_CHARS = "省市州县区旗镇乡"
_NOT_LEVEL: tuple[str, ...] = tuple(_D["not_level_words"])

# The rules, as merge_rule names them (GET /entities/{id}: merge_evidence[].rule).
RULE_SAME = "same-name"
RULE_SPELLING = "spelling"  # full/half width, quote marks, spaces, Latin case
RULE_LEGAL_FORM = "company-legal-form"
RULE_BRAND = "company-brand-in-report"  # the report writes the brand and the registered name
RULE_PROJECT_SUFFIX = "project-suffix"
RULE_JURISDICTION = "jurisdiction-scoped"
RULE_CODE = "admin-code"
RULE_DISTRICT_FORM = "district-short-form"
RULE_ALIAS = "alias-in-report"  # the report's own resolver joined its forms (one report, one entity)


def company_key(name: str) -> str:
    """远山智造科技有限公司 -> 远山智造科技, 远山集团有限公司 -> 远山: the legal form and 集团 dropped."""
    key = norm(name)
    for rx in (_LEGAL_FORM, _GROUP):
        cut = rx.sub("", key)
        if len(cut) >= MIN_KEY:
            key = cut
    return key


def has_legal_form(name: str) -> bool:
    """Does the name carry a legal form or 集团 (a registered name, not a brand)?"""
    return company_key(name) != norm(name)


def brand_of(full: str, short: str, places: set[str]) -> str | None:
    """How ``short`` names the firm registered as ``full``, when one report writes both: 'brand'
    (筑友智造 for 筑友智造科技有限公司: the key of ``full`` is the brand and filler words) or
    'place' (恒拓新材料 for 周口恒拓新材料公司: the same without the place name it opens with);
    None when they are not plainly one firm."""
    if not has_legal_form(full) or has_legal_form(short):
        return None
    core, brand = company_key(full), company_key(short)
    if len(brand) < MIN_KEY or brand == core:
        return None
    for p in sorted((norm(p) for p in places if len(p) >= 2), key=len, reverse=True):
        if core.startswith(p) and core[len(p):] == brand:
            return "place"
    if core.startswith(brand) and core[len(brand):] in FILLER_WORDS:
        return "brand"
    return None


def project_key(name: str) -> str:
    """松风物流园项目 -> 松风物流园; 柳塘产业园二期项目 = 柳塘产业园项目二期 -> 柳塘产业园二期 (the phase
    stays)."""
    key = norm(name)
    cut = _PROJECT_SUFFIX.sub("", key)
    return cut if len(cut) >= MIN_KEY else key


def phase(name: str) -> str:
    """The phase a project name states (一期, 二期 ...), '' for none."""
    found = _PHASE.findall(norm(name))
    return found[-1] if found else ""


def entity_key(etype: str, name: str) -> str:
    """The cross-report key of a name of type ``etype`` (the part of the id after 'Type:')."""
    if etype == "Company":
        return company_key(name)
    if etype == "Project":
        return project_key(name)
    return norm(name)


def _names_a_place(n: str, places: set[str]) -> bool:
    """Does the (normalised) name open with a place or a national body (周口数字产业园, 党中央)?"""
    return n.startswith(NATIONAL_PREFIXES) or any(n.startswith(norm(p)) for p in places if len(p) >= 2)


def org_scope(name: str, places: set[str], scope_for: dict[str, str], home: str, level: str) -> str | None:
    """The scoped key (``<division>/<level><name>``) of an Organization named without its place,
    or None to keep a plain id (a name that says whose it is, a national body, no jurisdiction).

    ``places``: place names of the report (its jurisdiction's chain and the districts it names);
    ``scope_for``: level character -> division name; ``home``/``level``: the reporting district and
    its level character. 妇联 and 区妇联 in a 区's report are both ``<区>/区妇联``; 市妇联 there is
    the city's, ``<市>/市妇联``, as 妇联 in the city's own report."""
    n = norm(name)
    if not home or not n or _names_a_place(n, places):
        return None
    if n[0] in _LEVEL_CHARS and len(n) >= 3 and not n.startswith(_NOT_LEVEL):
        scope = scope_for.get(n[0])
        return f"{scope}/{n}" if scope else f"{home}/{n}"
    return f"{home}/{level}{n}"


def project_scope(name: str, places: set[str], home: str) -> str | None:
    """The scoped key (``<district>/<project key>``) of a project named without a place: 体育中心
    or 双创平台 in two districts' reports are two projects. A name that opens with a place (周口数字
    产业园) keeps a plain id, so the city's report and the district's meet on it."""
    n = norm(name)
    if not home or not n or _names_a_place(n, places):
        return None
    return f"{home}/{project_key(name)}"


def merge_rule(etype: str, entity_id: str, doc_name: str, doc_forms: list[str] | None = None) -> str:
    """How one report's name for an entity reaches the entity's id (for merge evidence)."""
    key = entity_id.split(":", 1)[1] if ":" in entity_id else entity_id
    if etype == "District" and key.isdigit():
        return RULE_CODE
    if etype == "Organization" and "/" in key:
        return RULE_JURISDICTION
    if etype == "Project" and "/" in key:
        key = key.split("/", 1)[1]  # scoped by the reporting district: the name part decides
    if doc_name == key:
        return RULE_SAME
    if norm(doc_name) == key:
        return RULE_SPELLING
    if etype == "Company" and company_key(doc_name) == key:
        return RULE_LEGAL_FORM
    if etype == "Project" and project_key(doc_name) == key:
        return RULE_PROJECT_SUFFIX
    if etype == "District":
        return RULE_DISTRICT_FORM
    if etype == "Company" and any(company_key(f) == key for f in doc_forms or []):
        return RULE_BRAND
    return RULE_ALIAS
