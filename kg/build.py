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

log = logging.getLogger(__name__)

# Quote marks and spaces do not change which thing a name refers to (“六稳” = 六稳),
# the same normalisation shared/eval/GUIDELINES.md uses to match names.
_NOISE = re.compile(r"[\s“”‘’\"'「」『』]")
ALIAS_SEPARATOR = " | "
GAZETTEER = "gazetteer"


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
    indicator: str
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
    district_id: str | None


class RelationRow(BaseModel):
    type: str
    head_id: str
    tail_id: str
    evidence: str
    confidence: float
    sentence_ids: list[str] = Field(default_factory=list)
    source: str = "text"


class GraphRows(BaseModel):
    doc_id: str
    document: DocumentRow
    sections: list[SectionRow] = Field(default_factory=list)
    sentences: list[SentenceRow] = Field(default_factory=list)
    entities: list[EntityRow] = Field(default_factory=list)
    mentions: list[MentionRow] = Field(default_factory=list)
    metrics: list[MetricRow] = Field(default_factory=list)
    relations: list[RelationRow] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)  # facts that could not be placed, with why

    def counts(self) -> dict[str, int]:
        return {"sections": len(self.sections), "sentences": len(self.sentences),
                "entities": len(self.entities), "mentions": len(self.mentions),
                "metrics": len(self.metrics), "relations": len(self.relations)}


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

    def add(self, etype: str, name: str, eid: str = "", aliases: list[str] | None = None,
            code: str | None = None, parent: str | None = None) -> str:
        self.ontology.check_entity_label(etype)
        eid = eid or f"{etype}:{name}"
        row = self.rows.get(eid) or EntityRow(id=eid, type=etype, name=name)
        row.aliases = sorted({*row.aliases, *(aliases or [])} - {row.name})
        row.aliases_text = ALIAS_SEPARATOR.join(row.aliases)
        row.code, row.parent = row.code or code, row.parent or parent
        self.rows[eid] = row
        for form in (name, *row.aliases):
            ids = self.by_name.setdefault(normalize_name(form), [])
            if eid not in ids:
                ids.append(eid)
        return eid

    def find(self, name: str, types: list[str] | None = None) -> str | None:
        """The first entity with this name or alias, of one of ``types`` when given."""
        for eid in self.by_name.get(normalize_name(name), []):
            if types is None or self.rows[eid].type in types:
                return eid
        return None

    def find_or_add(self, name: str, etype: str) -> str:
        return self.find(name, [etype]) or self.add(etype, name)


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
    _add_metrics(result, table, rows)
    rows.entities = list(table.rows.values())
    rows.relations = _merge_relations(rows.relations)
    for reason in rows.skipped:
        log.warning("build %s: %s", result.doc_id, reason)
    return rows


def _document_row(result: ExtractionResult) -> DocumentRow:
    d = result.document
    return DocumentRow(id=result.doc_id, source=result.source, title=d.title, year=d.year,
                       sha256=d.raw_sha256, fmt=d.fmt, fingerprint=_fingerprint(result))


# The shape of the rows this module builds; part of a document's fingerprint, so that building a
# report again after the shape changed replaces its rows (2: Metric.value_text).
ROWS_VERSION = "2"


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
    for e in result.entities:
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
        parent = table.find_or_add(row.parent or "", "District")
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
    """The district a report speaks for: named in its title or heading, else the most mentioned.

    Chinese work reports open with the body that hears them (川汇区十五届人大…) and speak of
    "全区/全市" thereafter, so a metric without a named district is about the reporting one.
    """
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


def _add_metrics(result: ExtractionResult, table: _EntityTable, rows: GraphRows) -> None:
    home = reporting_district(result, table)
    seen: set[str] = set()
    for m in result.metrics:
        row = _metric_row(result, table, m, home)
        if row.id not in seen:
            seen.add(row.id)
            rows.metrics.append(row)


def _metric_row(result: ExtractionResult, table: _EntityTable, m: Metric, home: str | None) -> MetricRow:
    district = table.find_or_add(m.district, "District") if m.district else home
    return MetricRow(
        id=metric_id(result.doc_id, m), doc_id=result.doc_id, indicator=m.indicator, kind=m.kind,
        measure=m.measure, value=m.value, value_text=format_number(m.value), unit=m.unit, period=m.period,
        qualifier=m.qualifier, evidence=m.evidence, sentence_id=_sentence_ref(result, m.sentence),
        indicator_id=table.find_or_add(m.indicator, "Indicator"), district_id=district,
    )
