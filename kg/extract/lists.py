"""Lists name things of one kind: complete a list of companies from the one the rules know.

Reports name firms in lists without any company head: "筑友、华为、京东等一批…项目",
"发挥华为、浪潮等信息平台优势", "以京东、顺丰周口分拨中心为龙头". When one item of such a list is
already a Company (a lexicon brand, a HanLP company word), its bare siblings are companies too,
wherever the text names them; a sibling that is a project named after its investor and a place
(顺丰 + 周口 + 分拨中心) gives the investor. Runs after the resolver, on whole entities.

The rule holds no names: only the list punctuation and the ends of a list (等, 为, 和).
"""

from __future__ import annotations

import bisect
import re

from kg.extract.normalize import norm
from kg.extract.registry import component
from kg.models import Document, Entity, Mention

CJK = r"\u4e00-\u9fff"
# Two or more items joined by 、, ended by 等, by 为龙头/为依托 ... or by a clause mark; an item
# holds no 等 and the later items are as short as the end allows (顺丰周口分拨中心 before 为龙头).
_ITEM = rf"(?:(?!等)[{CJK}])"
_LIST = re.compile(rf"({_ITEM}{{2,12}}(?:、{_ITEM}{{2,12}}?)+?)(?=等|为(?:龙头|依托|引领|核心|主体|重点)|[，,。；;])")
_ITEM_MAX = 4  # a bare brand: 华为, 浪潮 (longer unknown items are phrases, not names)
_SOURCE = "list"
_SCORE = 0.6


@component("policykg.entities.company_lists.v1", "completers")
def complete_company_lists(doc: Document, entities: list[Entity]) -> list[Entity]:
    """Bare items of a list that already holds a Company become Companies (with every mention)."""
    known = {norm(f): e for e in entities for f in (e.name, *e.aliases)}
    found: dict[str, None] = {}
    for m in _LIST.finditer(doc.text):
        items = m.group(1).split("、")
        # the regex may start mid-word (发挥华为、浪潮): the first item is its longest known suffix
        items[0] = next((items[0][k:] for k in range(len(items[0]) - 1) if norm(items[0][k:]) in known),
                        items[0])
        kinds = [known[norm(i)].type if norm(i) in known else None for i in items]
        if "Company" not in kinds:
            continue
        for i, (item, kind) in enumerate(zip(items, kinds, strict=True)):
            if kind is None and i > 0 and 2 <= len(item) <= _ITEM_MAX:
                found[item] = None
                known[norm(item)] = _company(doc, item, [])
            elif kind == "Project":
                brand = _brand_of(known[norm(item)], entities)
                if brand and norm(brand) not in known:
                    found[brand] = None
                    known[norm(brand)] = _company(doc, brand, [])
    starts = [s.start for s in doc.sentences] or [0]
    new = [_company(doc, name, starts) for name in found]
    return [*entities, *(e for e in new if e.mentions)]


def _brand_of(project: Entity, entities: list[Entity]) -> str | None:
    """顺丰周口分拨中心 -> 顺丰: the 2-4 characters before a district's name inside a project's name."""
    places = [f for e in entities if e.type == "District" for f in (e.name, *e.aliases) if len(f) >= 2]
    for k in (2, 3, 4):
        rest = project.name[k:]
        if any(rest.startswith(p) for p in places) and re.fullmatch(rf"[{CJK}]{{{k}}}", project.name[:k]):
            return project.name[:k]
    return None


def _company(doc: Document, name: str, starts: list[int]) -> Entity:
    mentions = []
    for m in re.finditer(re.escape(name), doc.text):
        sentence = max(0, bisect.bisect_right(starts, m.start()) - 1)
        mentions.append(Mention(text=name, start=m.start(), end=m.end(), sentence=sentence, type="Company",
                                source=_SOURCE, score=_SCORE))
    return Entity(id=f"Company:{norm(name)}", type="Company", name=name, mentions=mentions, confidence=_SCORE)
