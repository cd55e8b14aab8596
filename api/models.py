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


class EntityPublic(EntitySummary):
    doc_ids: list[str]
    mention_count: int
    metric_count: int
    mentions: list[MentionPublic] = Field(description="first mentions, each with its sentence")


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


class MetricPublic(BaseModel):
    id: str
    indicator: str
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


class MetricsPublic(PageMeta):
    data: list[MetricPublic]


class MetricComparisonPublic(BaseModel):
    """Target and actual values of one indicator for one period, measure and district."""

    indicator: str
    period: str | None = None
    measure: MetricMeasure
    district: DistrictRef | None = None
    target: list[MetricPublic]
    actual: list[MetricPublic]


class MetricComparisonsPublic(PageMeta):
    data: list[MetricComparisonPublic]


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
