"""Pydantic models that cross stage boundaries.

No HanLP, spaCy or Neo4j types appear here: ingest produces a ``Document``,
extraction an ``ExtractionResult``; ``kg.build`` turns that into graph rows.
Offsets are character offsets into ``Document.text`` (the cleaned text);
``Document.offset_map`` maps them back to the original file's characters.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

EntityType = Literal[
    "District", "Location", "Project", "Company", "Organization",
    "Person", "Indicator", "Industry", "Policy",
]
ENTITY_TYPES: tuple[str, ...] = (
    "District", "Location", "Project", "Company", "Organization",
    "Person", "Indicator", "Industry", "Policy",
)
PRIMARY_TYPES: tuple[str, ...] = ("District", "Project", "Company", "Organization", "Person", "Indicator")
RelationType = Literal[
    "LOCATED_IN", "PART_OF", "PARTICIPATES_IN", "IN_INDUSTRY", "HOLDS_POST", "COOPERATES_WITH",
]
RELATION_TYPES: tuple[str, ...] = (
    "LOCATED_IN", "PART_OF", "PARTICIPATES_IN", "IN_INDUSTRY", "HOLDS_POST", "COOPERATES_WITH",
)
MetricKind = Literal["actual", "target"]
MetricMeasure = Literal["level", "growth", "share", "count"]


class Section(BaseModel):
    """A heading of the report's section tree (一、 / （一） / 1. / bold run-in)."""

    index: int
    level: int
    title: str
    start: int
    end: int
    parent: int | None = None
    path: list[str] = Field(default_factory=list)
    period: str | None = None  # what the section's span says about time ("2020", "2021-2025")


class Sentence(BaseModel):
    index: int
    start: int
    end: int
    text: str
    section: int | None = None  # index into Document.sections
    paragraph: int = 0


class Document(BaseModel):
    doc_id: str
    source: str
    title: str | None = None
    year: int | None = None  # the year the report was given
    text: str
    raw_sha256: str
    fmt: Literal["txt", "pdf", "docx"] = "txt"
    encoding: str | None = None
    sections: list[Section] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    # clean offset -> original offset, stored sparsely as sorted [clean, orig] anchors
    offset_map: list[tuple[int, int]] = Field(default_factory=list)
    # Traditional-character reports are analysed in simplified characters (same length, so
    # offsets hold); this maps a simplified character back to the one the text wrote.
    respell: dict[str, str] = Field(default_factory=dict)

    def section_path(self, sentence: Sentence) -> list[str]:
        if sentence.section is None or sentence.section >= len(self.sections):
            return []
        return self.sections[sentence.section].path


class Mention(BaseModel):
    text: str
    start: int
    end: int
    sentence: int
    type: EntityType
    source: str = "rule"  # which component found it
    score: float = 1.0


class Entity(BaseModel):
    id: str = ""  # canonical id, set by kg.extract.resolve
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    code: str | None = None  # official administrative code (District)
    parent: str | None = None  # parent division name (District)
    confidence: float = 1.0


class Metric(BaseModel):
    indicator: str
    kind: MetricKind
    measure: MetricMeasure
    value: float
    unit: str | None = None
    period: str | None = None
    qualifier: str | None = None
    evidence: str = ""
    sentence: int | None = None
    start: int | None = None
    end: int | None = None
    district: str | None = None  # the district the number is about, when known
    # What the sentence measures when it is not the district as a whole: a project's investment,
    # a company's output, an industry's output (kg.extract.subjects). None: an aggregate of the district.
    subject: str | None = None
    subject_type: EntityType | None = None
    value_max: float | None = None  # upper bound of a range ("增长8%-10%": value 8, value_max 10)


class Relation(BaseModel):
    type: RelationType
    head: str
    tail: str
    head_type: EntityType | None = None
    tail_type: EntityType | None = None
    evidence: str = ""
    sentence: int | None = None
    confidence: float = 0.5


class ReportingDistrict(BaseModel):
    """Whose report this is, as kg.extract.jurisdiction decided it once: the district's name as
    the graph knows it, and its administrative code when the gazetteer has one."""

    name: str
    code: str | None = None


class ExtractionResult(BaseModel):
    doc_id: str
    source: str
    document: Document
    reporting: ReportingDistrict | None = None
    entities: list[Entity] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    def to_eval_json(self) -> dict:
        """The JSON shape of shared/eval/GUIDELINES.md, plus evidence and offsets."""
        sents = self.document.sentences

        def where(i: int | None) -> dict:
            if i is None or i >= len(sents):
                return {}
            s = sents[i]
            return {"sentence": i, "evidence": s.text, "section": self.document.section_path(s)}

        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "entities": [
                {"type": e.type, "name": e.name, "aliases": e.aliases, "id": e.id,
                 **({"code": e.code} if e.code else {}), **({"parent": e.parent} if e.parent else {}),
                 "mentions": [[m.start, m.end] for m in e.mentions]}
                for e in self.entities
            ],
            "metrics": [
                {"indicator": m.indicator, "kind": m.kind, "measure": m.measure, "value": m.value,
                 "unit": m.unit, "period": m.period, "qualifier": m.qualifier,
                 **({"subject": m.subject, "subject_type": m.subject_type} if m.subject else {}),
                 "offsets": [m.start, m.end], **where(m.sentence)}
                for m in self.metrics
            ],
            "relations": [
                {"type": r.type, "head": r.head, "tail": r.tail, "confidence": r.confidence,
                 **where(r.sentence)}
                for r in self.relations
            ],
        }
