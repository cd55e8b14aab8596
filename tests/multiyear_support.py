"""Invented reports of two invented districts for the cross-report identity and diff tests.

青禾区 and 石岭区 (both under the invented 云州市, 岚江省) and every firm, project and figure below
are made up. The reports run through the real resolver (kg.extract.resolve): the candidate spans
are given by hand (every occurrence of the listed names), so the ids, the grouping of forms and
the scoping are what extraction makes of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.resolve import Jurisdiction, resolve
from kg.ingest import document_from_text
from kg.models import ExtractionResult, Metric, ReportingDistrict

CODES = {"青禾区": "419901", "石岭区": "419902"}


def jurisdiction(name: str) -> Jurisdiction:
    if not name:
        return Jurisdiction()
    return Jurisdiction(name=name, level=name[-1], forms={name, name[:-1]},
                        scopes={"区": name, "市": "云州市", "省": "岚江省"},
                        places={name, name[:-1], "云州市", "云州", "岚江省"})


@dataclass
class Span:
    start: int
    end: int
    type: str
    source: str = "rule"
    score: float = 0.8
    name: str | None = None
    aliases: list[str] = field(default_factory=list)
    code: str | None = None
    parent: str | None = None
    nested_ok: bool = False


def resolved_report(doc_id: str, year: int, district: str, lines: list[str], names: list[tuple[str, str]],
                    targets: list[dict] | None = None, reporting: bool = True) -> ExtractionResult:
    """A report of ``district`` for ``year``: ``names`` (surface, type) are found wherever the text
    has them and resolved as extraction resolves candidates; ``targets`` are metrics of kind target
    whose ``evidence`` is a part of one sentence."""
    title = f"{district}{year}年政府工作报告"
    doc = document_from_text("\n".join([title, *lines]), doc_id=doc_id, source=f"tests/{doc_id}.txt")
    doc.title, doc.year = title, year
    spans = [Span(m.start(), m.end(), etype, code=CODES.get(surface) if etype == "District" else None,
                  parent="云州市" if etype == "District" else None)
             for surface, etype in [(district, "District"), *names] if surface
             for m in re.finditer(re.escape(surface), doc.text)]
    entities = resolve(spans, doc.text, [s.start for s in doc.sentences] or [0], jurisdiction(district))
    metrics = []
    for t in targets or []:
        index = next(s.index for s in doc.sentences if t["evidence"] in s.text)
        start = doc.sentences[index].start + doc.sentences[index].text.index(t["evidence"])
        metrics.append(Metric(kind="target", sentence=index, start=start, end=start + len(t["evidence"]), **t))
    rep = ReportingDistrict(name=district, code=CODES.get(district)) if reporting else None
    return ExtractionResult(doc_id=doc_id, source=doc.source, document=doc, reporting=rep,
                            entities=entities, metrics=metrics)


def qinghe_2021() -> ExtractionResult:
    return resolved_report("qh-2021", 2021, "青禾区", [
        "一、2020年工作回顾",
        "在市委和中共青禾区委的坚强领导下，全区经济稳中有进。",
        "远山智造科技有限公司投资建设“松风物流园”，星河新材料科技有限公司入驻柳塘数字产业园一期项目。",
        "星河新材料全年产值突破5亿元。",
        "云帆物流有限公司承运全区快件，云帆品牌持续壮大。",
        "区妇联、区总工会积极参与社会治理。",
        "二、2021年工作安排",
        "2021年，地区生产总值预期增长7%左右，一般公共预算收入增长5%。",
        "到2025年，地区生产总值达到380亿元。",
        "推进智联5G创新中心和白鹭湾文旅小镇建设。",
    ], [("市委", "Organization"), ("中共青禾区委", "Organization"), ("区妇联", "Organization"),
        ("区总工会", "Organization"), ("远山智造科技有限公司", "Company"), ("星河新材料科技有限公司", "Company"),
        ("星河新材料", "Company"), ("云帆物流有限公司", "Company"), ("云帆", "Company"),
        ("“松风物流园”", "Project"), ("柳塘数字产业园一期项目", "Project"), ("智联5G创新中心", "Project"),
        ("白鹭湾文旅小镇", "Project")],
        [{"indicator": "地区生产总值", "measure": "growth", "value": 7, "unit": "%", "period": "2021",
          "qualifier": "左右", "evidence": "地区生产总值预期增长7%左右"},
         {"indicator": "一般公共预算收入", "measure": "growth", "value": 5, "unit": "%", "period": "2021",
          "evidence": "一般公共预算收入增长5%"},
         {"indicator": "地区生产总值", "measure": "level", "value": 380, "unit": "亿元", "period": "2025",
          "evidence": "地区生产总值达到380亿元"}])


def qinghe_2022() -> ExtractionResult:
    return resolved_report("qh-2022", 2022, "青禾区", [
        "一、2021年工作回顾",
        "在区委的坚强领导下，全区经济持续向好。",
        "远山智造科技扩建松风物流园项目，星河新材料二期生产线投产。",
        "远山电子有限公司落户青禾区，柳塘数字产业园二期项目开工建设。",
        "妇联开展巾帼建功行动。",
        "二、2022年工作安排",
        "2022年，GDP预期增长6.5%左右，一般公共预算收入增长6%以上，城镇新增就业3000人。",
        "到2025年，全区生产总值突破400亿元。",
        "加快建设“智联5G创新中心”项目，启动青禾体育中心项目。",
    ], [("区委", "Organization"), ("妇联", "Organization"), ("远山智造科技", "Company"),
        ("星河新材料", "Company"), ("远山电子有限公司", "Company"), ("松风物流园项目", "Project"),
        ("柳塘数字产业园二期项目", "Project"), ("“智联5G创新中心”项目", "Project"), ("青禾体育中心项目", "Project")],
        [{"indicator": "GDP", "measure": "growth", "value": 6.5, "unit": "%", "period": "2022",
          "qualifier": "左右", "evidence": "GDP预期增长6.5%左右"},
         {"indicator": "一般公共预算收入", "measure": "growth", "value": 6, "unit": "%", "period": "2022",
          "qualifier": "以上", "evidence": "一般公共预算收入增长6%以上"},
         {"indicator": "城镇新增就业", "measure": "count", "value": 3000, "unit": "人", "period": "2022",
          "evidence": "城镇新增就业3000人"},
         {"indicator": "到2025年全区生产总值", "measure": "level", "value": 400, "unit": "亿元", "period": "2025",
          "qualifier": "突破", "evidence": "全区生产总值突破400亿元"}])


def shiling_2022() -> ExtractionResult:
    """Another district's report: its 区委, 妇联 and unplaced 白鹭湾文旅小镇 are its own; the city's
    市委 and the firm 远山智造科技 are the same as in 青禾区's reports."""
    return resolved_report("sl-2022", 2022, "石岭区", [
        "一、2021年工作回顾",
        "在市委和区委的坚强领导下，全区发展势头良好。",
        "远山智造科技有限公司在石岭区设立研发中心，妇联开展家庭教育活动。",
        "二、2022年工作安排",
        "2022年，地区生产总值预期增长7%。",
        "推进白鹭湾文旅小镇建设。",
    ], [("市委", "Organization"), ("区委", "Organization"), ("妇联", "Organization"),
        ("远山智造科技有限公司", "Company"), ("白鹭湾文旅小镇", "Project")],
        [{"indicator": "地区生产总值", "measure": "growth", "value": 7, "unit": "%", "period": "2022",
          "evidence": "地区生产总值预期增长7%"}])


def no_district_2022() -> ExtractionResult:
    """A text whose reporting district nobody could tell (no district named, none given)."""
    return resolved_report("anon-2022", 2022, "", ["一、工作回顾", "推进北岸码头建设。"],
                           [("北岸码头", "Project")], reporting=False)
