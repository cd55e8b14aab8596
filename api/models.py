"""Response models, named by role (EntityPublic, EntitiesPublic ...).

Every list is a page (data, count in this page, total, limit, offset) and every
fact carries its evidence: document id, section path and sentence text.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from kg.models import EntityType, MetricKind, MetricMeasure

# Relations between entities: what the text states, REPORTED_BY (the reporting district of a project
# the text places nowhere) and CO_MENTIONED (named in the same sentence); schemas/ontology.yaml.
GraphRelationType = Literal["LOCATED_IN", "PART_OF", "PARTICIPATES_IN", "IN_INDUSTRY", "HOLDS_POST",
                            "COOPERATES_WITH", "REPORTED_BY", "CO_MENTIONED"]
# typed: stated relations (and REPORTED_BY); co: CO_MENTIONED; all: both.
Layer = Literal["typed", "co", "all"]


class Message(BaseModel):
    detail: str



class PageMeta(BaseModel):
    count: int = Field(description="items in this page")
    total: int = Field(description="items matching the query, over all pages")
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Any, **extra: Any) -> Any:
        """This page model from a kg.store.reader.Page (items validated into ``data``)."""
        return cls.model_validate({"data": page.items, "count": len(page.items), "total": page.total,
                                   "limit": page.limit, "offset": page.offset, **extra})


# --- evidence and entities ---------------------------------------------------------------------

class EvidencePublic(BaseModel):
    doc_id: str
    section_path: list[str]
    sentence_id: str
    sentence: str


# Offsets of a mention: characters (not bytes) of the document's cleaned text, the text kg.ingest
# made of the file (decoded, line breaks normalised, invisible characters and PDF page furniture
# removed, traditional characters read as simplified). kg.ingest.to_original maps them back.
OFFSET_NOTE = ("character offset in the document's cleaned text (decoded, line breaks normalised, "
               "PDF page furniture and invisible characters removed), not in the file's bytes; "
               "kg.ingest.to_original maps it to the original text")


class MentionPublic(EvidencePublic):
    start: int = Field(description="start: " + OFFSET_NOTE)
    end: int = Field(description="end (exclusive): " + OFFSET_NOTE)
    text: str | None = None


class EntityRef(BaseModel):
    id: str
    name: str
    type: EntityType


class AmbiguousMessage(Message):
    """A name several entities carry: ask again with one of the candidates' ids."""

    candidates: list[EntityRef]


class EntitySummary(EntityRef):
    aliases: list[str] = Field(default_factory=list)
    code: str | None = None
    parent: str | None = None


class EntityHit(EntitySummary):
    score: float


class EntitiesPublic(PageMeta):
    data: list[EntityHit]


class MergeEvidencePublic(BaseModel):
    """One report's part in an entity: the name and forms it gave, and the rule that took them to
    the entity's id (kg.extract.identity: same-name, spelling, company-legal-form, project-suffix,
    jurisdiction-scoped, admin-code, district-short-form, alias-in-report)."""

    doc_id: str
    name: str
    forms: list[str] = Field(description="every name and alias this report gave")
    rule: str
# --- sentence search (GET /api/v1/search?scope=sentences|all, kg.store.textsearch) ----------------

SearchScope = Literal["entities", "sentences", "all"]


class SentenceDocument(BaseModel):
    id: str
    title: str | None = None
    year: int | None = None
    district_id: str | None = Field(default=None, description="the district the report speaks for")


class HitSpan(BaseModel):
    start: int = Field(description="first character of the match in the sentence (0-based)")
    end: int = Field(description="end of the match in the sentence (exclusive)")


class SentenceHit(BaseModel):
    sentence_id: str
    sentence: str
    index: int = Field(description="the sentence's position in its document")
    start: int = Field(description="start of the sentence: " + OFFSET_NOTE)
    end: int = Field(description="end of the sentence (exclusive): " + OFFSET_NOTE)
    document: SentenceDocument
    section_path: list[str]
    score: float = Field(description="full-text relevance (Lucene); 0 for a hit of the substring fallback "
                                     "(a query the index cannot serve, e.g. one character)")
    exact: bool = Field(description="the sentence contains every word of the query (these come first)")
    hits: list[HitSpan] = Field(description="where the query (exact) or its bigrams and words (else) occur")
    marked: str = Field(description="the sentence as HTML-escaped text with each hit in <mark>...</mark>")


class SentencesPublic(PageMeta):
    query: str = Field(description="the text searched: simplified characters, ASCII letters and digits")
    exact_total: int = Field(description="how many of total contain every word of the query")
    data: list[SentenceHit]


class SearchAllPublic(BaseModel):
    """scope=all: the entity hits and the sentence hits, each its own page (same limit and offset)."""

    entities: EntitiesPublic
    sentences: SentencesPublic


class EntityPublic(EntitySummary):
    doc_ids: list[str]
    mention_count: int
    metric_count: int
    mentions: list[MentionPublic] = Field(description="first mentions, each with its sentence")
    merge_evidence: list[MergeEvidencePublic] = Field(
        default_factory=list, description="per report: the names it gave and the rule that merged them")


class TiePublic(BaseModel):
    """One relation seen from an entity: the entity at the other end, and why we believe it."""

    relation: GraphRelationType
    direction: Literal["out", "in"]
    entity: EntityRef
    confidence: float | None = None
    source: str | None = Field(default=None, description="'text', 'gazetteer' or 'reporting'")
    count: int | None = Field(default=None, description="CO_MENTIONED: sentences naming both")
    doc_ids: list[str] = Field(default_factory=list)
    evidence: list[EvidencePublic] = Field(default_factory=list)


class NeighboursPublic(PageMeta):
    entity_id: str
    data: list[TiePublic]


class ProjectDistrict(BaseModel):
    id: str
    name: str
    code: str | None = None


class FigurePublic(BaseModel):
    """A figure about the project itself ((:Metric)-[:ABOUT]->(project)): its investment, capacity
    or output, with the sentence that states it."""

    id: str
    indicator: str
    kind: MetricKind
    measure: str
    value: float
    unit: str | None = None
    period: str | None = None
    qualifier: str | None = None
    doc_id: str
    sentence: str | None = None


class ProjectPublic(EntitySummary):
    located_in: list[TiePublic]
    reported_by: list[TiePublic] = Field(default_factory=list,
                                         description="the reporting district, when the text places it nowhere")
    companies: list[TiePublic]
    industries: list[TiePublic]
    districts: list[ProjectDistrict] = Field(default_factory=list,
                                             description="where it is (LOCATED_IN up PART_OF), else REPORTED_BY")
    figures: list[FigurePublic] = Field(default_factory=list, description="the project's own figures")
    targets: list[FigurePublic] = Field(default_factory=list, description="its own figures of kind target")


class ProjectsPublic(PageMeta):
    data: list[ProjectPublic]


class CompanyPublic(EntitySummary):
    projects: list[TiePublic]
    industries: list[TiePublic]
    located_in: list[TiePublic]
    partners: list[TiePublic]


class CompaniesPublic(PageMeta):
    data: list[CompanyPublic]


class OrganizationPublic(EntitySummary):
    ties: list[TiePublic]


class OrganizationsPublic(PageMeta):
    data: list[OrganizationPublic]


# --- metrics -----------------------------------------------------------------------------------

class DistrictRef(BaseModel):
    id: str
    name: str


Verdict = Literal["met", "missed", "no_actual", "no_target", "not_comparable"]


class MetricPublic(BaseModel):
    id: str
    indicator: str = Field(description="as the report writes it")
    indicator_canonical: str | None = Field(default=None, description="its standard name "
                                            "(schemas/indicator_synonyms.yaml): 规上工业增加值 -> 规模以上工业增加值")
    indicator_id: str | None = None
    kind: MetricKind
    measure: MetricMeasure
    value: float
    unit: str | None = None
    period: str | None = None
    qualifier: str | None = None
    doc_id: str
    district: DistrictRef | None = Field(default=None, description="the district the figure is about")
    subject: EntityRef | None = Field(default=None, description="the project, company or industry it measures")
    evidence_text: str | None = Field(default=None, description="the metric's own span")
    evidence: list[EvidencePublic] = Field(default_factory=list)
    verdict: Verdict | None = Field(default=None, description="a target's verdict against the result that "
                                    "answers it, or no_target on a result no target asked for (kg.compare)")
    verdict_rule: str | None = Field(default=None, description="the rule behind the verdict, with the numbers")


class MetricsPublic(PageMeta):
    data: list[MetricPublic]


class ComparedMetricPublic(MetricPublic):
    """A metric of a comparison or timeline, with the year and title of the report that states it."""

    doc_year: int | None = None
    doc_title: str | None = None


class MetricComparisonPublic(BaseModel):
    """A target for a period and the result a report states for it, with the verdict (kg.compare)."""

    indicator: str = Field(description="canonical indicator (schemas/indicator_synonyms.yaml)")
    district: DistrictRef | None = Field(default=None, description="the district the figures are about")
    place: EntityRef | None = Field(default=None, description="what the figures are about: the district, or "
                                    "a project or company")
    period: str | None = None
    measure: MetricMeasure
    verdict: Verdict
    rule: str = Field(description="the rule that gave the verdict, with the numbers (README: target against result)")
    target: ComparedMetricPublic | None = Field(default=None, description="none for no_target")
    actual: ComparedMetricPublic | None = Field(default=None, description="none for no_actual")


class MetricComparisonsPublic(PageMeta):
    data: list[MetricComparisonPublic]


class TimelinePointPublic(ComparedMetricPublic):
    """One value stated for the indicator: its period, kind, report and sentence."""


class TimelinePublic(PageMeta):
    indicator: str = Field(description="the canonical indicator the values were collected for")
    data: list[TimelinePointPublic]


# --- paths, documents, stats, health -----------------------------------------------------------

class PathRelationPublic(BaseModel):
    relation: GraphRelationType
    start: str
    end: str
    confidence: float | None = None
    source: str | None = None
    count: int | None = None
    doc_ids: list[str] = Field(default_factory=list)
    evidence: list[EvidencePublic] = Field(default_factory=list)


class PathPublic(BaseModel):
    hops: int
    nodes: list[EntityRef]
    relationships: list[PathRelationPublic]


class PathsPublic(PageMeta):
    data: list[PathPublic]


class DocumentPublic(BaseModel):
    id: str
    source: str
    title: str | None = None
    year: int | None = None
    sha256: str
    fmt: str
    loaded_at: str | None = None
    sentences: int
    sections: int
    metrics: int
    entities: int
    relations: int


class DocumentsPublic(PageMeta):
    data: list[DocumentPublic]


class SectionPublic(BaseModel):
    id: str
    index: int
    title: str
    path: list[str]
    level: int
    period: str | None = None


class DocumentDetailPublic(DocumentPublic):
    section_list: list[SectionPublic]


class DocumentLoadPublic(BaseModel):
    """What a POST added: the rows built from the report and the server's counters."""

    doc_id: str
    status: Literal["created", "replaced", "unchanged"]
    rows: dict[str, int]
    nodes_created: int
    nodes_deleted: int
    relationships_created: int
    relationships_deleted: int
    skipped: list[str] = Field(default_factory=list, description="facts that could not be placed")


class DocumentDeletedPublic(BaseModel):
    doc_id: str
    deleted: bool
    nodes_deleted: int
    relationships_deleted: int


# --- two reports of one government compared (GET /api/v1/documents/{a}/diff/{b}) -----------------

class DiffDocumentPublic(BaseModel):
    id: str
    title: str | None = None
    year: int | None = None
    source: str | None = None
    district_id: str = Field(description="the reporting district's entity id")
    district_name: str | None = None


class DiffEntityPublic(BaseModel):
    """A project or company: in one report only (new, dropped), or in both (kept: the same entity
    by cross-report identity, with the name each report gives it)."""

    id: str
    type: EntityType
    name: str
    name_a: str | None = Field(default=None, description="the name report a gives it")
    name_b: str | None = Field(default=None, description="the name report b gives it")
    renamed: bool = Field(description="kept, and the two reports spell it differently")
    evidence_a: EvidencePublic | None = Field(default=None, description="a sentence of report a naming it")
    evidence_b: EvidencePublic | None = Field(default=None, description="a sentence of report b naming it")


class DiffEntitiesPublic(BaseModel):
    new: list[DiffEntityPublic] = Field(description="in report b only")
    dropped: list[DiffEntityPublic] = Field(description="in report a only")
    kept: list[DiffEntityPublic] = Field(description="in both")


class DiffFigurePublic(BaseModel):
    id: str
    indicator: str = Field(description="the indicator as this report names it")
    value: float
    unit: str | None = None
    period: str | None = None
    qualifier: str | None = None
    evidence: EvidencePublic | None = None


class DiffTargetPublic(BaseModel):
    """A target matched across the two reports by indicator (standard name), measure, kind, subject
    and horizon (a year or a span), with the value each report sets."""

    indicator: str = Field(description="the indicator's standard name (schemas/indicator_synonyms.yaml)")
    measure: MetricMeasure
    kind: MetricKind
    about: EntityRef | None = Field(default=None, description="the district or project it is about")
    a: DiffFigurePublic | None = Field(default=None, description="report a's target")
    b: DiffFigurePublic | None = Field(default=None, description="report b's target")
    changed: bool = Field(description="kept, with a different value or unit")


class DiffTargetsPublic(BaseModel):
    new: list[DiffTargetPublic]
    dropped: list[DiffTargetPublic]
    kept: list[DiffTargetPublic]


class DocumentDiffPublic(BaseModel):
    a: DiffDocumentPublic
    b: DiffDocumentPublic
    projects: DiffEntitiesPublic
    companies: DiffEntitiesPublic
    targets: DiffTargetsPublic


class StatsPublic(BaseModel):
    nodes: int
    relationships: int
    labels: dict[str, int]
    relationship_types: dict[str, int]


class Neo4jHealth(BaseModel):
    reachable: bool
    uri: str
    detail: str | None = None


class HealthPublic(BaseModel):
    status: Literal["ok", "degraded"]
    neo4j: Neo4jHealth


class ExportPublic(BaseModel):
    """networkx node-link JSON."""

    directed: bool
    multigraph: bool
    graph: dict[str, Any]
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


# --- read-only Cypher --------------------------------------------------------------------------

class CypherQuery(BaseModel):
    # The length cap is KG_CYPHER_MAX_QUERY_CHARS, checked by the reader (413 with one line).
    query: str = Field(min_length=1, description="one read-only Cypher statement",
                       examples=["MATCH (e:Entity)-[r]->(o:Entity) RETURN e.name, type(r), o.name LIMIT 10"])
    params: dict[str, Any] = Field(default_factory=dict, description="query parameters ($name in the query)")


class CypherResultPublic(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]] = Field(description="nodes as {element_id, labels, properties}, "
                                                   "relationships as {element_id, type, start, end, properties}")
    count: int = Field(description="rows returned")
    limit: int = Field(description="the row limit (KG_CYPHER_ROW_LIMIT)")
    truncated: bool = Field(description="true when the query had more rows than the limit, or more bytes "
                                        "than the byte limit")
    truncated_by: Literal["rows", "bytes"] | None = Field(default=None, description="which limit cut it")
    byte_limit: int = Field(description="the JSON byte budget of the rows (KG_CYPHER_BYTE_LIMIT)")


# --- the web page's reads (api/routes/browse.py) -------------------------------------------------

class BrowseDistrictPublic(EntitySummary):
    doc_ids: list[str] = Field(default_factory=list)
    targets: int = Field(description="target metrics about the district")
    actuals: int = Field(description="result (actual) metrics about the district")
    mentions: int
    projects: int = Field(description="projects located in the district or a place inside it")


class BrowseDistrictsPublic(PageMeta):
    data: list[BrowseDistrictPublic]


class BrowseSentencePublic(EvidencePublic):
    entities: list[EntityRef] = Field(default_factory=list, description="entities mentioned in the sentence")


class BrowseSentencesPublic(PageMeta):
    data: list[BrowseSentencePublic]


class MetricRowPublic(BaseModel):
    """One metric as a row of text (the CSV's columns)."""

    id: str
    indicator: str
    kind: str
    measure: str
    value: str = Field(description="as written: 309, not 309.0")
    unit: str
    period: str
    qualifier: str
    district: str
    district_id: str
    doc_id: str
    section: str = Field(description="section path, ' / ' between levels")
    sentence: str


class MetricRowsPublic(BaseModel):
    count: int
    data: list[MetricRowPublic]


# --- ask (GET /api/v1/ask): the shape of the eval kit's qa_score.py, plus how it was read ---------

class AskEntityPublic(BaseModel):
    name: str
    type: str
    id: str


class AskMetricPublic(BaseModel):
    indicator: str = Field(description="the standard indicator name (schemas/indicator_synonyms.yaml)")
    kind: str
    measure: str
    value: float | None
    unit: str | None
    period: str | None
    qualifier: str | None
    stated_as: str | None = Field(None, description="the indicator as the report names it")
    doc_id: str | None = None
    about: str | None = Field(None, description="what the figure is about (a district, a project)")


class AskRelationPublic(BaseModel):
    type: str
    head: str
    tail: str
    evidence: str
    source: str | None = None


class AskSentencePublic(BaseModel):
    text: str
    doc_id: str


class AskPublic(BaseModel):
    question: str = Field(description="the question as received")
    understood: bool = Field(description="false: the graph cannot answer it (see suggestions)")
    intent: str = Field(description="who, relation, list, metric, topic or none")
    entities: list[AskEntityPublic] = Field(description="the answer set of a list or who question")
    metrics: list[AskMetricPublic] = Field(description="at most 3 figures that answer")
    relations: list[AskRelationPublic]
    sentences: list[AskSentencePublic] = Field(description="report sentences on the topic asked about")
    evidence: list[dict[str, Any]] = Field(description="the sentences the answer was read in")
    cypher: str = Field(description="the parameterised, read-only Cypher that ran (statements separated "
                                    "by a blank line)")
    parameters: list[dict[str, Any]] = Field(description="the parameters of each statement, in order")
    reading: dict[str, Any] = Field(description="how the question was read: normalised text, linked "
                                                "entities, time, kind, topic forms")
    suggestions: list[str] = Field(description="questions the graph can answer, when this one was not understood")
