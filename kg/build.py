"""ExtractionResult -> graph rows, provenance included. Pure: no neo4j here.

The rows are what kg.store.writer UNWINDs into MERGE statements. Every id is
canonical and deterministic, so building the same result twice gives the same
rows, and loading them twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re

from pydantic import BaseModel, Field

from kg.ingest.docid import check_doc_id
from kg.models import Document, Entity, ExtractionResult, Metric, Relation
from kg.ontology import Ontology, get_ontology
from kg.synonyms import get_synonyms

log = logging.getLogger(__name__)

# Quote marks and spaces do not change which thing a name refers to (“六稳” = 六稳),
# the same normalisation shared/eval/GUIDELINES.md uses to match names.
_NOISE = re.compile(r"[\s“”‘’\"'「」『』]")
ALIAS_SEPARATOR = " | "
GAZETTEER = "gazetteer"
REPORTING = "reporting"  # source of a REPORTED_BY relation: the report's own district, not a sentence
CO_MENTIONED = "CO_MENTIONED"
REPORTED_BY = "REPORTED_BY"

# A town-level name and its short forms: 金海街道办事处, 金海街道 and 金海路街道 are one 街道 (a 街道
# is named after its road, and reports drop the 路 as often as the 办事处).
_TOWN_SUFFIX = re.compile(r"(?:街道办事处|街道|办事处|镇|乡)$")
# A county-, city- or province-level name and its short form: 周口市 is written 周口.
_ADMIN_SUFFIX = re.compile(r"(?:省|市|县|区)$")


class DocumentRow(BaseModel):
    id: str
    source: str
    title: str | None
    year: int | None
    sha256: str
    fmt: str
    # The file's hash *and* what was extracted from it: a better extractor re-run on the same
    # file must replace the old facts, while an identical re-run stays a no-op.
    fingerprint: str = ""
    # Whose report it is: the reporting district's entity id and name (reporting_district), so two
    # reports of one government can be compared (GET /documents/{a}/diff/{b}) and sentence search
    # can filter by district (kg.store.textsearch).
    district_id: str | None = None
    district_name: str | None = None


class SectionRow(BaseModel):
    id: str
    doc_id: str
    index: int
    title: str
    path: list[str]
    level: int
    period: str | None


class SentenceRow(BaseModel):
    id: str
    doc_id: str
    index: int
    text: str
    start: int
    end: int
    section_id: str | None


class EntityRow(BaseModel):
    id: str
    type: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    aliases_text: str = ""
    code: str | None = None
    parent: str | None = None


class MentionRow(BaseModel):
    entity_id: str
    sentence_id: str
    start: int
    end: int
    text: str


class MetricRow(BaseModel):
    id: str
    doc_id: str
    indicator: str  # as the report writes it
    indicator_canonical: str  # its standard name (schemas/indicator_synonyms.yaml): 规上工业增加值 -> 规模以上工业增加值
    kind: str
    measure: str
    value: float
    value_text: str  # the value as a person writes it: 309, not 309.0 (Browser captions)
    unit: str | None
    period: str | None
    qualifier: str | None
    evidence: str
    sentence_id: str | None
    indicator_id: str
    about_id: str | None  # what the figure is about: its subject (project, company, industry) or district


class RelationRow(BaseModel):
    type: str
    head_id: str
    tail_id: str
    evidence: str
    confidence: float
    sentence_ids: list[str] = Field(default_factory=list)
    source: str = "text"


class CoMentionRow(BaseModel):
    """Two entities named in the same sentences of one document (head_id < tail_id)."""

    head_id: str
    tail_id: str
    sentence_ids: list[str] = Field(default_factory=list)


class GraphRows(BaseModel):
    doc_id: str
    document: DocumentRow
    sections: list[SectionRow] = Field(default_factory=list)
    sentences: list[SentenceRow] = Field(default_factory=list)
    entities: list[EntityRow] = Field(default_factory=list)
    mentions: list[MentionRow] = Field(default_factory=list)
    metrics: list[MetricRow] = Field(default_factory=list)
    relations: list[RelationRow] = Field(default_factory=list)
    co_mentions: list[CoMentionRow] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)  # facts that could not be placed, with why

    def counts(self) -> dict[str, int]:
        return {"sections": len(self.sections), "sentences": len(self.sentences),
                "entities": len(self.entities), "mentions": len(self.mentions),
                "metrics": len(self.metrics), "relations": len(self.relations),
                "co_mentions": len(self.co_mentions)}


def normalize_name(name: str) -> str:
    return _NOISE.sub("", name)


def entity_id(entity: Entity) -> str:
    return entity.id or f"{entity.type}:{entity.name}"


def sentence_id(doc_id: str, index: int) -> str:
    return f"{doc_id}:s{index}"


def section_id(doc_id: str, index: int) -> str:
    return f"{doc_id}:h{index}"


def metric_id(doc_id: str, m: Metric) -> str:
    key = [doc_id, m.indicator, m.kind, m.measure, m.value, m.unit, m.period, m.sentence]
    digest = hashlib.sha1(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"metric:{digest[:24]}"


class _EntityTable:
    """Entities of one result by canonical id, findable by (type, name or alias)."""

    def __init__(self, ontology: Ontology) -> None:
        self.ontology = ontology
        self.rows: dict[str, EntityRow] = {}
        self.by_name: dict[str, list[str]] = {}
        self.districts = _DistrictKeys()

    def add(self, etype: str, name: str, eid: str = "", aliases: list[str] | None = None,
            code: str | None = None, parent: str | None = None) -> str:
        self.ontology.check_entity_label(etype)
        eid = eid or f"{etype}:{name}"
        if etype == "District" and eid not in self.rows:  # one node per real district (same code, or a short form of one)
            eid = self.districts.same(eid, [name, *(aliases or [])], code) or eid
        row = self.rows.get(eid) or EntityRow(id=eid, type=etype, name=name)
        row.aliases = sorted({*row.aliases, *(aliases or [])} - {row.name})
        row.aliases_text = ALIAS_SEPARATOR.join(row.aliases)
        row.code, row.parent = row.code or code, row.parent or parent
        self.rows[eid] = row
        for form in (name, *row.aliases):
            ids = self.by_name.setdefault(normalize_name(form), [])
            if eid not in ids:
                ids.append(eid)
        if etype == "District":
            self.districts.index(eid, [row.name, *row.aliases], row.code)
        return eid

    def find(self, name: str, types: list[str] | None = None) -> str | None:
        """The first entity with this name or alias, of one of ``types`` when given."""
        for eid in self.by_name.get(normalize_name(name), []):
            if types is None or self.rows[eid].type in types:
                return eid
        return None

    def find_or_add(self, name: str, etype: str) -> str:
        return self.find(name, [etype]) or self.add(etype, name)

    def indicator(self, written: str, canonical: str) -> str:
        """The Indicator a metric measures: the one named (or aliased) as written, else the one of
        its canonical name (indicator_synonyms.yaml), which gains the written name as an alias, so
        居民消费价格涨幅 measures 居民消费价格指数 instead of becoming an indicator of its own."""
        found = self.find(written, ["Indicator"])
        if found or canonical == written:
            return found or self.add("Indicator", written)
        std = self.find(canonical, ["Indicator"])
        name = self.rows[std].name if std else canonical
        return self.add("Indicator", name, std or "", [written])

    def district(self, name: str, code: str | None = None) -> str:
        """The district with this code, name, alias or short form; added when there is none."""
        found = self.find(name, ["District"]) or self.districts.same("", [name], code)
        if found:
            return self.add("District", self.rows[found].name, found, [name], code)
        return self.add("District", name, code=code)


def town_key(name: str) -> str | None:
    """金海路街道, 金海街道办事处 -> 金海: the stem of a town-level name (None for other names)."""
    m = _TOWN_SUFFIX.search(name)
    if m is None or m.start() < 2:
        return None
    stem = name[:m.start()]
    return stem[:-1] if len(stem) > 2 and stem[-1] in "路街" else stem


def short_key(name: str) -> str | None:
    """周口市, 周口 -> 周口: a county-, city- or province-level name without its level character."""
    if _TOWN_SUFFIX.search(name):
        return None
    stem = _ADMIN_SUFFIX.sub("", name)
    return stem if len(stem) >= 2 else None


class _DistrictKeys:
    """Which district entity a code, a town stem or a short form belongs to.

    A short form joins a district only when one side carries a gazetteer code (the name is then a
    real division of the report's jurisdiction, kg.extract.jurisdiction), and two different codes
    are never joined: 周口 and 周口市 are one node, 城区 and 城关区 stay apart."""

    def __init__(self) -> None:
        self.by_code: dict[str, str] = {}
        self.by_town: dict[str, str] = {}
        self.by_short: dict[str, tuple[str, str | None]] = {}
        self.codes: dict[str, str | None] = {}

    def same(self, eid: str, forms: list[str], code: str | None) -> str | None:
        if code and code in self.by_code:
            return self.by_code[code]
        for f in forms:
            town = town_key(f)
            hit = self.by_town.get(town) if town else None
            if hit and self._compatible(hit, code):
                return hit
        for f in forms:
            short = short_key(f)
            hit_code = self.by_short.get(short) if short else None
            if hit_code and (code or hit_code[1]) and self._compatible(hit_code[0], code):
                return hit_code[0]
        return None

    def _compatible(self, eid: str, code: str | None) -> bool:
        other = self.codes.get(eid)
        return not (code and other and code != other)

    def index(self, eid: str, forms: list[str], code: str | None) -> None:
        self.codes[eid] = self.codes.get(eid) or code
        if code:
            self.by_code.setdefault(code, eid)
        for f in forms:
            town, short = town_key(f), short_key(f)
            if town:
                self.by_town.setdefault(town, eid)
            if short and (short not in self.by_short or (code and not self.by_short[short][1])):
                self.by_short[short] = (eid, self.codes[eid])


def build_rows(result: ExtractionResult, ontology: Ontology | None = None) -> GraphRows:
    """Turn one document's extraction into graph rows (document, provenance, facts)."""
    ontology = ontology or get_ontology()
    check_doc_id(result.doc_id)  # a result made without kg.ingest (the API's processor, tests) too
    doc = result.document
    rows = GraphRows(doc_id=result.doc_id, document=_document_row(result))
    rows.sections = [_section_row(result.doc_id, s) for s in doc.sections]
    rows.sentences = [_sentence_row(result.doc_id, doc, s) for s in doc.sentences]
    table = _EntityTable(ontology)
    _add_entities(result, table, rows)
    _add_relations(result, table, rows)
    _add_gazetteer_parents(result, table, rows)
    home = reporting_district(result, table)
    if home is not None:
        rows.document.district_id, rows.document.district_name = home, table.rows[home].name
    _add_metrics(result, table, rows, home)
    _add_reported_by(table, rows, home)
    rows.entities = list(table.rows.values())
    rows.relations = _merge_relations(rows.relations)
    rows.co_mentions = co_mentions(rows)
    for reason in rows.skipped:
        log.warning("build %s: %s", result.doc_id, reason)
    return rows


def _document_row(result: ExtractionResult) -> DocumentRow:
    d = result.document
    return DocumentRow(id=result.doc_id, source=result.source, title=d.title, year=d.year,
                       sha256=d.raw_sha256, fmt=d.fmt, fingerprint=_fingerprint(result))


# The shape of the rows this module builds; part of a document's fingerprint, so that building a
# report again after the shape changed replaces its rows (2: Metric.value_text; 3: indicator_canonical;
# 4: the document's district, cross-report identity keys of companies, projects and organisations).
ROWS_VERSION = "4"


def _fingerprint(result: ExtractionResult) -> str:
    h = hashlib.sha256(result.document.raw_sha256.encode() + ROWS_VERSION.encode())
    for part in (result.entities, result.metrics, result.relations):
        h.update(json.dumps([x.model_dump(mode="json") for x in part], ensure_ascii=False,
                            sort_keys=True).encode())
    return h.hexdigest()


def _section_row(doc_id: str, s) -> SectionRow:  # noqa: ANN001 - kg.models.Section
    return SectionRow(id=section_id(doc_id, s.index), doc_id=doc_id, index=s.index, title=s.title,
                      path=list(s.path) or [s.title], level=s.level, period=s.period)


def _sentence_row(doc_id: str, doc: Document, s) -> SentenceRow:  # noqa: ANN001 - kg.models.Sentence
    in_range = s.section is not None and 0 <= s.section < len(doc.sections)
    sec = section_id(doc_id, doc.sections[s.section].index) if in_range else None
    return SentenceRow(id=sentence_id(doc_id, s.index), doc_id=doc_id, index=s.index, text=s.text,
                       start=s.start, end=s.end, section_id=sec)


def _sentence_ref(result: ExtractionResult, index: int | None) -> str | None:
    """The sentence id for an index, or None when the index is outside the document."""
    sents = result.document.sentences
    if index is None or not 0 <= index < len(sents):
        return None
    return sentence_id(result.doc_id, sents[index].index)


def _add_entities(result: ExtractionResult, table: _EntityTable, rows: GraphRows) -> None:
    # districts with a code first: a short or town form of one joins it, keeping its code-based id
    for e in sorted(result.entities, key=lambda e: not (e.type == "District" and e.code)):
        eid = table.add(e.type, e.name, entity_id(e), e.aliases, e.code, e.parent)
        for m in e.mentions:
            sid = _sentence_ref(result, m.sentence)
            if sid is None:
                rows.skipped.append(f"mention {m.text!r} of {eid} points at no sentence ({m.sentence})")
                continue
            rows.mentions.append(MentionRow(entity_id=eid, sentence_id=sid, start=m.start, end=m.end,
                                            text=m.text))
    rows.mentions = list({(m.entity_id, m.sentence_id, m.start, m.end): m for m in rows.mentions}.values())


def _resolve_end(table: _EntityTable, name: str, given: str | None, domain: list[str]) -> str | None:
    """Find a relation's head or tail; create it only when its type is certain."""
    if given:
        return table.find_or_add(name, given)
    found = table.find(name, domain) if domain else table.find(name)
    if found or len(domain) != 1:
        return found
    return table.add(domain[0], name)


def _add_relations(result: ExtractionResult, table: _EntityTable, rows: GraphRows) -> None:
    ontology = table.ontology
    for r in result.relations:
        spec = ontology.relation_types[ontology.check_relation_type(r.type)]
        head = _resolve_end(table, r.head, r.head_type, spec.get("head", []))
        tail = _resolve_end(table, r.tail, r.tail_type, spec.get("tail", []))
        if head is None or tail is None or head == tail:
            rows.skipped.append(f"relation {r.head} -{r.type}-> {r.tail}: an end is not a known entity")
            continue
        rows.relations.append(_relation_row(result, r, head, tail))


def _relation_row(result: ExtractionResult, r: Relation, head: str, tail: str) -> RelationRow:
    sid = _sentence_ref(result, r.sentence)
    evidence = r.evidence or (result.document.sentences[r.sentence].text if sid and r.sentence is not None else "")
    return RelationRow(type=r.type, head_id=head, tail_id=tail, evidence=evidence,
                       confidence=r.confidence, sentence_ids=[sid] if sid else [])


def _add_gazetteer_parents(result: ExtractionResult, table: _EntityTable, rows: GraphRows) -> None:
    """A district's parent (from the gazetteer) is a PART_OF fact even if no sentence says it."""
    for row in [r for r in table.rows.values() if r.type == "District" and r.parent]:
        parent = table.district(row.parent or "")
        if parent != row.id:
            rows.relations.append(RelationRow(type="PART_OF", head_id=row.id, tail_id=parent,
                                              evidence="", confidence=1.0, source=GAZETTEER))


def _merge_relations(relations: list[RelationRow]) -> list[RelationRow]:
    """One row per (head, type, tail): union of sentences, highest confidence, text over gazetteer."""
    merged: dict[tuple[str, str, str], RelationRow] = {}
    for r in relations:
        key = (r.head_id, r.type, r.tail_id)
        old = merged.get(key)
        if old is None:
            merged[key] = r.model_copy(deep=True)
            continue
        old.sentence_ids = list(dict.fromkeys(old.sentence_ids + r.sentence_ids))
        old.confidence = max(old.confidence, r.confidence)
        old.evidence = old.evidence or r.evidence
        old.source = "text" if "text" in (old.source, r.source) else old.source
    return list(merged.values())


def reporting_district(result: ExtractionResult, table: _EntityTable) -> str | None:
    """The district a report speaks for, as extraction decided it (``result.reporting``, from
    kg.extract.jurisdiction); for a result without it, the district named first in the title or
    heading, else the most mentioned.

    Chinese work reports open with the body that hears them (川汇区十五届人大…) and speak of
    "全区/全市" thereafter, so a metric without a named district is about the reporting one.
    """
    rep = result.reporting
    if rep is not None and rep.name:
        by_code = f"District:{rep.code}" if rep.code else ""
        return by_code if by_code in table.rows else table.district(rep.name, rep.code)
    districts = [r for r in table.rows.values() if r.type == "District"]
    head = (result.document.title or "") + result.document.text[:200]
    found = {r.id: _first_position(head, [r.name, *r.aliases]) for r in districts}
    named = {k: v for k, v in found.items() if v is not None}
    if named:  # the earliest named district, the longest name on a tie (周口市川汇区 -> 周口市)
        return min(named, key=lambda k: (named[k], -len(table.rows[k].name)))
    counts = {e.id or f"{e.type}:{e.name}": len(e.mentions) for e in result.entities if e.type == "District"}
    return max(counts, key=lambda k: counts[k]) if counts and max(counts.values()) > 0 else None


def _first_position(text: str, forms: list[str]) -> int | None:
    hits = [text.find(f) for f in forms if f and f in text]
    return min(hits) if hits else None


def format_number(value: float) -> str:
    """309.0 -> '309', 6.59 -> '6.59': a figure as the report wrote it, not as a float prints.
    Values are stored as floats (one type to compare and sort); this is their text."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _add_metrics(result: ExtractionResult, table: _EntityTable, rows: GraphRows, home: str | None) -> None:
    seen: set[str] = set()
    for m in result.metrics:
        row = _metric_row(result, table, m, home)
        if row.id not in seen:
            seen.add(row.id)
            rows.metrics.append(row)


def _metric_row(result: ExtractionResult, table: _EntityTable, m: Metric, home: str | None) -> MetricRow:
    district = table.district(m.district) if m.district else home
    subject = table.find(m.subject, [m.subject_type]) if m.subject and m.subject_type else None
    canonical = get_synonyms().canonical(m.indicator)
    return MetricRow(
        id=metric_id(result.doc_id, m), doc_id=result.doc_id, indicator=m.indicator,
        indicator_canonical=canonical, kind=m.kind,
        measure=m.measure, value=m.value, value_text=format_number(m.value), unit=m.unit, period=m.period,
        qualifier=m.qualifier, evidence=m.evidence, sentence_id=_sentence_ref(result, m.sentence),
        indicator_id=table.indicator(m.indicator, canonical), about_id=subject or district,
    )


def _add_reported_by(table: _EntityTable, rows: GraphRows, home: str | None) -> None:
    """A project the text places in no district is tied to the reporting district by REPORTED_BY
    (the report's, not the text's, statement: kept apart from LOCATED_IN)."""
    if home is None:
        return
    districts = {eid for eid, r in table.rows.items() if r.type == "District"}
    placed = {r.head_id for r in rows.relations if r.type == "LOCATED_IN" and r.tail_id in districts}
    for eid, row in table.rows.items():
        if row.type == "Project" and eid not in placed:
            rows.relations.append(RelationRow(type=REPORTED_BY, head_id=eid, tail_id=home, evidence="",
                                              confidence=1.0, source=REPORTING))


def co_mentions(rows: GraphRows) -> list[CoMentionRow]:
    """Pairs of entities named in the same sentence, with those sentences. A metric names its
    indicator where it is stated, so the indicator counts as named there too."""
    named: dict[str, set[str]] = {}
    for m in rows.mentions:
        named.setdefault(m.sentence_id, set()).add(m.entity_id)
    for metric in rows.metrics:
        if metric.sentence_id is not None:
            named.setdefault(metric.sentence_id, set()).add(metric.indicator_id)
    pairs: dict[tuple[str, str], list[str]] = {}
    for sid, ids in named.items():
        ordered = sorted(ids)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs.setdefault((a, b), []).append(sid)
    return [CoMentionRow(head_id=a, tail_id=b, sentence_ids=sids) for (a, b), sids in sorted(pairs.items())]
