"""Reads: search, entity detail with evidence, neighbours, projects, metrics, paths, stats.

Every list comes back as a ``Page`` (items + total). Every fact carries its
evidence: the document id, the section path and the sentence text it was read in.
Reads run as auto-commit transactions so that an unreachable server fails the
request at once (503) instead of being retried for seconds.
"""

from __future__ import annotations

import base64
import json
import math
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import neo4j
from neo4j import Driver
from neo4j import exceptions as neo4j_errors
from neo4j import graph as neo4j_graph
from neo4j import spatial as neo4j_spatial
from neo4j import time as neo4j_time

from kg.compare import VERDICTS, valid_period
from kg.config import Settings
from kg.errors import Ambiguous, Busy, Err, NotFound, QueryForbidden, QueryRefused, QueryTooLarge
from kg.extract.identity import merge_rule
from kg.ontology import get_ontology
from kg.store import cypher, guard
from kg.store.driver import async_read_session, is_busy, read_session, store_errors
from kg.synonyms import get_synonyms

# Lucene's query syntax characters; user text is searched as plain words.
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
_LUCENE_WORDS = re.compile(r"\b(AND|OR|NOT|TO)\b")
# Two or more CJK unified ideographs (the basic block) and nothing else: see cypher.SEARCH_CJK.
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
MENTION_LIMIT = 50
# Records per pull for a user's query: a result cut at the row or byte budget is never shipped whole.
USER_FETCH_SIZE = 100


@dataclass
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


@dataclass
class Subgraph:
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CypherResult:
    """Rows of a power user's read-only query, cut at the row limit or the byte budget
    (``truncated`` says so, ``truncated_by`` says which)."""

    columns: list[str]
    rows: list[dict[str, Any]]
    limit: int
    truncated: bool
    truncated_by: Literal["rows", "bytes"] | None = None
    byte_limit: int = 0


def lucene_query(text: str) -> str:
    """User text as a Lucene query of plain terms (specials escaped, operators lower-cased)."""
    escaped = _LUCENE_SPECIAL.sub(r"\\\1", text.strip())
    return _LUCENE_WORDS.sub(lambda m: m.group(1).lower(), escaped)


def search_terms(q: str) -> list[str]:
    """The query and, when it names an indicator, the indicator's other names (schemas/
    indicator_synonyms.yaml): GDP also searches 地区生产总值."""
    q = q.strip()
    return list(dict.fromkeys([q, *get_synonyms().forms(q)]))


def lucene_terms(terms: list[str]) -> str:
    """The terms as one Lucene query: a run of CJK ideographs as a phrase (its bigrams in order, so
    a name must contain the whole run), other text as plain words; the first term weighs double."""
    parts = []
    for i, t in enumerate(terms):
        part = f'"{t}"' if _CJK_WORD.fullmatch(t) else lucene_query(t)
        if part.strip("\\ "):
            parts.append(f"({part})^2" if i == 0 and len(terms) > 1 else f"({part})")
    return " OR ".join(parts)


# --- the hot reads, shared by GraphReader and AsyncGraphReader ----------------------------------
# Each is a Read (query, what it does for error messages, parameters) and a function shaping its
# rows, so the sync and the async reader run the same Cypher and return the same shapes.

@dataclass(frozen=True)
class Read:
    query: str
    doing: str
    params: dict[str, Any]


def search_read(q: str, type: str | None, limit: int, offset: int, loose: bool = False) -> Read:
    """Names and aliases containing the query (or an indicator synonym of it), exact names first,
    then by the full-text score. ``loose``: any of the query's words or CJK bigrams (物流政府 finds
    松风物流园 and 青禾区人民政府), for a query no name contains."""
    if type is not None:
        get_ontology().check_entity_label(type)
    terms = search_terms(q)
    lucene = lucene_query(" ".join(terms)) if loose else lucene_terms(terms)
    if loose:
        query = cypher.SEARCH if lucene.strip("\\ ") else cypher.SEARCH_SUBSTRING_ONLY
    elif all(_CJK_WORD.fullmatch(t) for t in terms):
        query = cypher.SEARCH_CJK
    else:
        query = cypher.SEARCH if lucene else cypher.SEARCH_SUBSTRING_ONLY
    return Read(query, f"searching for {q!r}", dict(raw=q.strip(), terms=terms, lucene=lucene, type=type,
                                                    index=get_ontology().fulltext_index, limit=limit, offset=offset))


def entity_read(entity_id: str, mention_limit: int) -> Read:
    return Read(cypher.GET_ENTITY, f"reading entity {entity_id!r}", dict(id=entity_id, mention_limit=mention_limit))


def neighbours_read(entity_id: str, rel: str | None, type: str | None, limit: int, offset: int,
                    layer: str = "typed") -> Read:
    if rel is not None:
        get_ontology().check_graph_relation_type(rel)
    if type is not None:
        get_ontology().check_entity_label(type)
    return Read(cypher.neighbours(layer), f"reading neighbours of {entity_id!r}",
                dict(id=entity_id, rel=rel, type=type, limit=limit, offset=offset))


def named_read(ref: str, type: str | None = None) -> Read:
    if type is not None:
        get_ontology().check_entity_label(type)
    return Read(cypher.ENTITIES_NAMED, f"looking up entity {ref!r}", dict(ref=ref, type=type))


def pick_entity(rows: list[dict[str, Any]], ref: str) -> str:
    """The one entity ``ref`` denotes: its id, else the only entity of that name, else the only one
    with that alias. Several of the best kind is ambiguous (409, with the candidates)."""
    if not rows:
        raise NotFound(Err.E401.format(kind="entity", id=ref))
    best = [r for r in rows if r["rank"] == rows[0]["rank"]]
    if len(best) > 1:
        candidates = [{"id": r["id"], "name": r["name"], "type": r["type"]} for r in best]
        raise Ambiguous(Err.E414.format(name=ref, n=len(best), ids=", ".join(r["id"] for r in best)),
                        candidates=candidates)
    return str(best[0]["id"])


def projects_read(district: str | None, company: str | None, industry: str | None, limit: int,
                  offset: int) -> Read:
    query = cypher.PROJECTS if district is None else cypher.PROJECTS_IN_DISTRICT
    return Read(query, "listing projects", dict(district=district, company=company, industry=industry,
                                                limit=limit, offset=offset))


def metrics_read(indicator: str | None, kind: str | None, period: str | None, district: str | None,
                 limit: int, offset: int, within: bool = False) -> Read:
    """``within``: the district's sub-districts (PART_OF) and the projects placed in them count."""
    query = cypher.METRICS if indicator is None else cypher.METRICS_OF_INDICATOR
    return Read(query, "listing metrics", dict(indicator=indicator, kind=kind, period=period, district=district,
                                               within=within, limit=limit, offset=offset))


def as_page(rows: list[dict[str, Any]], read: Read) -> Page:
    row = rows[0]
    return Page(items=row["items"], total=row["total"], limit=read.params["limit"], offset=read.params["offset"])


def as_entity(rows: list[dict[str, Any]], entity_id: str) -> dict[str, Any]:
    if not rows:
        raise NotFound(Err.E401.format(kind="entity", id=entity_id))
    row = rows[0]
    entity = row["entity"]
    return {**entity, "mention_count": row["mention_count"], "mentions": row["mentions"],
            "metric_count": row["metric_count"], "merge_evidence": merge_evidence(entity, row.get("entries") or {})}


def merge_evidence(entity: dict[str, Any], entries: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Which reports gave this entity which names, and by which rule each name reaches its id
    (kg.extract.identity.merge_rule), from the per-report entries the writer keeps on the node."""
    names = dict(zip(entries.get("doc_ids", []), entries.get("doc_names", []), strict=False))
    forms: dict[str, list[str]] = {}
    for d, f in zip(entries.get("alias_docs", []), entries.get("alias_forms", []), strict=False):
        forms.setdefault(d, []).append(f)
    return [{"doc_id": d, "name": name, "forms": forms.get(d, [name]),
             "rule": merge_rule(entity["type"], entity["id"], name, forms.get(d, []))} for d, name in names.items()]


def as_neighbours(rows: list[dict[str, Any]], read: Read) -> Page:
    if not rows:  # the query returns no row when the entity does not exist
        raise NotFound(Err.E401.format(kind="entity", id=read.params["id"]))
    return as_page(rows, read)


def as_projects(rows: list[dict[str, Any]], read: Read) -> Page:
    page = as_page(rows, read)
    page.items = [as_project(p) for p in page.items]
    return page


def as_project(item: dict[str, Any]) -> dict[str, Any]:
    """A project's ties by kind, and its own target figures as ``targets``."""
    out = _split_ties(item, located_in="LOCATED_IN", reported_by="REPORTED_BY", companies="PARTICIPATES_IN",
                      industries="IN_INDUSTRY")
    out["targets"] = [f for f in out.get("figures", []) if f["kind"] == "target"]
    return out


class GraphReader:
    """Read-only access to the graph through one driver."""

    def __init__(self, driver: Driver, settings: Settings) -> None:
        self.driver = driver
        self.settings = settings

    # --- plumbing ---------------------------------------------------------------------------
    def _run(self, query: str, doing: str, **params: Any) -> list[dict[str, Any]]:
        q = neo4j.Query(query, timeout=self.settings.cypher_timeout_s)  # type: ignore[arg-type]
        with store_errors(self.settings, doing), read_session(self.driver, self.settings) as s:
            return s.run(q, params).data()

    def _read(self, read: Read) -> list[dict[str, Any]]:
        return self._run(read.query, read.doing, **read.params)

    def _page(self, query: str, doing: str, limit: int, offset: int, **params: Any) -> Page:
        row = self._run(query, doing, limit=limit, offset=offset, **params)[0]
        return Page(items=row["items"], total=row["total"], limit=limit, offset=offset)

    def _require_entity(self, entity_id: str) -> None:
        if not self._run(cypher.ENTITY_EXISTS, f"looking up entity {entity_id!r}", id=entity_id)[0]["found"]:
            raise NotFound(Err.E401.format(kind="entity", id=entity_id))

    def entity_id(self, ref: str, type: str | None = None) -> str:
        """The id of the entity an id, name or alias denotes (NotFound; Ambiguous with candidates)."""
        return pick_entity(self._read(named_read(ref, type)), ref)

    # --- health -----------------------------------------------------------------------------
    def ping(self) -> bool:
        return self._run(cypher.PING, "pinging the server")[0]["ok"] == 1

    # --- entities ---------------------------------------------------------------------------
    def search(self, q: str, type: str | None = None, limit: int = 20, offset: int = 0) -> Page:
        """Names and aliases containing the query, exact names first, by full-text score; when no
        name contains it, names sharing its words or bigrams (a second round trip)."""
        read = search_read(q, type, limit, offset)
        page = as_page(self._read(read), read)
        if page.total == 0:
            read = search_read(q, type, limit, offset, loose=True)
            page = as_page(self._read(read), read)
        return page

    def get_entity(self, entity_id: str, mention_limit: int = MENTION_LIMIT) -> dict[str, Any]:
        """An entity by id, or by a name or alias that only it carries."""
        rows = self._read(entity_read(entity_id, mention_limit))
        if not rows:
            rows = self._read(entity_read(self.entity_id(entity_id), mention_limit))
        return as_entity(rows, entity_id)

    def neighbours(self, entity_id: str, rel: str | None = None, type: str | None = None,
                   limit: int = 20, offset: int = 0, layer: str = "typed") -> Page:
        read = neighbours_read(entity_id, rel, type, limit, offset, layer)
        rows = self._read(read)
        if not rows:
            read = neighbours_read(self.entity_id(entity_id), rel, type, limit, offset, layer)
            rows = self._read(read)
        return as_neighbours(rows, read)

    def project(self, ref: str) -> dict[str, Any]:
        """One project (by id, name or alias) with its places, companies, industries and figures."""
        pid = self.entity_id(ref, "Project")
        rows = self._run(cypher.GET_PROJECT, f"reading project {ref!r}", id=pid)
        if not rows:
            raise NotFound(Err.E401.format(kind="project", id=ref))
        return as_project(rows[0]["project"])

    def projects(self, district: str | None = None, company: str | None = None,
                 industry: str | None = None, limit: int = 20, offset: int = 0) -> Page:
        read = projects_read(district, company, industry, limit, offset)
        return as_projects(self._read(read), read)

    def companies(self, limit: int = 20, offset: int = 0) -> Page:
        page = self._page(cypher.entities_with_ties("Company"), "listing companies", limit, offset)
        page.items = [_split_ties(c, projects="PARTICIPATES_IN", industries="IN_INDUSTRY",
                                  located_in="LOCATED_IN", partners="COOPERATES_WITH") for c in page.items]
        return page

    def organizations(self, limit: int = 20, offset: int = 0) -> Page:
        return self._page(cypher.entities_with_ties("Organization"), "listing organizations", limit, offset)

    # --- metrics ----------------------------------------------------------------------------
    def metrics(self, indicator: str | None = None, kind: str | None = None, period: str | None = None,
                district: str | None = None, limit: int = 20, offset: int = 0, within: bool = False) -> Page:
        read = metrics_read(indicator, kind, period, district, limit, offset, within)
        return as_page(self._read(read), read)

    def compare(self, district: str | None = None, indicator: str | None = None, period: str | None = None,
                verdict: str | None = None, limit: int = 20, offset: int = 0) -> Page:
        """Targets against the results that answer them, with the verdict (kg.compare, stored by
        kg.store.verdicts), and results no target asked for; filters by district (name, alias or
        id), indicator (any name, alias or synonym) and period."""
        params = self._compare_params(district, indicator, period, verdict)
        query = cypher.compare_query(district is not None, params["indicator"] is not None)
        page = self._page(query, "comparing targets with results", limit, offset, **params)
        ids = [i["answer_id"] for i in page.items if i.get("answer_id")]
        answers = {r["id"]: r["x"] for r in self._run(cypher.COMPARED_BY_IDS, "reading the results", ids=ids)} \
            if ids else {}
        page.items = [as_comparison(i, answers.get(i.get("answer_id") or "")) for i in page.items]
        return page

    def timeline(self, indicator: str, district: str | None = None, limit: int = 100, offset: int = 0) -> Page:
        """Every value stated for one (canonical) indicator, by period and kind, from all reports."""
        params = self._compare_params(district, indicator, None, None)
        page = self._page(cypher.timeline_query(district is not None), "listing an indicator's values", limit, offset,
                          indicator=params["indicator"], district=district)
        page.items = [as_timeline_point(i) for i in page.items]
        return page

    def canonical_indicator(self, indicator: str) -> str:
        """The standard name of an indicator given by name, alias, id or synonym (NotFound if no metric has it)."""
        name = indicator.strip()
        rows = self._run(cypher.INDICATOR_NAME, f"looking up indicator {name!r}", q=name)
        std = get_synonyms().canonical(rows[0]["name"] if rows else name)
        if not self._run(cypher.INDICATOR_KNOWN, f"looking up indicator {name!r}", indicator=std)[0]["known"]:
            raise NotFound(Err.E281.format(indicator=indicator))
        return std

    def _compare_params(self, district: str | None, indicator: str | None, period: str | None,
                        verdict: str | None) -> dict[str, Any]:
        check_compare_filters(period, verdict)
        if district is not None and not self._run(cypher.DISTRICT_KNOWN, f"looking up {district!r}",
                                                  district=district)[0]["known"]:
            raise NotFound(Err.E282.format(district=district))
        std = self.canonical_indicator(indicator) if indicator is not None else None
        return dict(district=district, indicator=std, period=period, verdict=verdict)

    # --- paths ------------------------------------------------------------------------------
    def paths(self, from_id: str, to_id: str, max_hops: int = 4, limit: int = 10,
              layer: str = "all") -> list[dict[str, Any]]:
        """All shortest paths between two entities (ids, or names and aliases) over ``layer``."""
        query = cypher.shortest_paths(max_hops, layer)
        a, b = self.entity_id(from_id), self.entity_id(to_id)
        return self._run(query, f"finding paths {from_id!r} -> {to_id!r}", from_id=a, to_id=b, limit=limit)

    # --- documents and stats ----------------------------------------------------------------
    def documents(self, limit: int = 20, offset: int = 0) -> Page:
        return self._page(cypher.DOCUMENTS, "listing documents", limit, offset)

    def document(self, doc_id: str) -> dict[str, Any]:
        rows = self._run(cypher.GET_DOCUMENT, f"reading document {doc_id!r}", id=doc_id)
        if not rows:
            raise NotFound(Err.E401.format(kind="document", id=doc_id))
        return {**rows[0]["document"], "section_list": rows[0]["section_list"]}

    def diff(self, a: str, b: str) -> dict[str, Any]:
        """Two reports of one government: projects, companies and targets new, dropped and kept
        (kg.diff). Unknown document 404 (E401); a == b, or two governments, 422 (E285, E286)."""
        from kg.diff import diff_documents

        if a == b:
            raise QueryRefused(Err.E285.format(doc_id=a))
        sides = []
        for doc_id in (a, b):
            rows = self._run(cypher.DIFF_SIDE, f"reading document {doc_id!r} for a diff", id=doc_id)
            if not rows:
                raise NotFound(Err.E401.format(kind="document", id=doc_id))
            sides.append(rows[0])
        return diff_documents(sides[0], sides[1])

    def stats(self) -> dict[str, Any]:
        labels = {r["label"]: r["count"] for r in self._run(cypher.STATS_LABELS, "counting labels")}
        types = {r["type"]: r["count"] for r in self._run(cypher.STATS_TYPES, "counting relationships")}
        return {"labels": labels, "relationship_types": types,
                "nodes": self._run(cypher.COUNT_NODES, "counting nodes")[0]["n"],
                "relationships": sum(types.values())}

    # --- read-only Cypher for power users ---------------------------------------------------
    def run_cypher(self, query: str, params: dict[str, Any] | None = None) -> CypherResult:
        """Run a user's query if its plan only reads (kg.store.guard), in a READ transaction with
        the server-side timeout, returning at most ``cypher_row_limit`` rows and about
        ``cypher_byte_limit`` bytes of JSON. One attempt: a failed user query is never retried."""
        params = params or {}
        check_query_text(query, self.settings)
        with store_errors(self.settings, "running a read-only query"), _user_query_errors(self.settings), \
                read_session(self.driver, self.settings, fetch_size=USER_FETCH_SIZE) as s:
            plan = _bolt_call(lambda: s.run(neo4j.Query(cypher.explain(query),  # type: ignore[arg-type]
                                                        timeout=self.settings.cypher_timeout_s), params))
            summary = plan.consume()
            guard.check_plan(summary.query_type, summary.plan)
            tx = s.begin_transaction(timeout=self.settings.cypher_timeout_s)
            try:
                return _stream_rows(tx, query, params, self.settings)
            finally:
                tx.close()  # rolls back: nothing to keep, and the unread rest is discarded

    def subgraph(self, entity_id: str | None = None, hops: int = 1, limit: int = 500,
                 layer: str = "typed") -> Subgraph:
        """Entities (around one entity, or all up to ``limit``) and the relations of ``layer`` among them."""
        if entity_id is None:
            ids = self._run(cypher.SUBGRAPH_SEED, "choosing export nodes", limit=limit)[0]["ids"]
        else:
            query = cypher.subgraph_around(hops, layer)
            centre = self.entity_id(entity_id)
            ids = self._run(query, f"exporting around {entity_id!r}", id=centre, hops=hops,
                            limit=limit)[0]["ids"]
        row = self._run(cypher.subgraph(layer), "exporting a subgraph", ids=ids)[0]
        return Subgraph(nodes=row["nodes"], edges=row["edges"])


class AsyncGraphReader:
    """The hot reads (search, entity, neighbours, projects, metrics) over an asyncio driver, for
    async routes: same queries and shapes as GraphReader, without a worker thread per request."""

    def __init__(self, driver: neo4j.AsyncDriver, settings: Settings) -> None:
        self.driver = driver
        self.settings = settings

    async def graph_version(self) -> str | None:
        """The token every PolicyKG write transaction renews (kg.store.cache); None on an empty graph."""
        return (await self._read(Read(cypher.GRAPH_VERSION, "reading the graph version", {})))[0]["version"]

    async def _read(self, read: Read) -> list[dict[str, Any]]:
        q = neo4j.Query(read.query, timeout=self.settings.cypher_timeout_s)  # type: ignore[arg-type]
        with store_errors(self.settings, read.doing):
            async with async_read_session(self.driver, self.settings) as s:
                result = await s.run(q, read.params)
                return await result.data()

    async def search(self, q: str, type: str | None = None, limit: int = 20, offset: int = 0) -> Page:
        read = search_read(q, type, limit, offset)
        page = as_page(await self._read(read), read)
        if page.total == 0:
            read = search_read(q, type, limit, offset, loose=True)
            page = as_page(await self._read(read), read)
        return page

    async def entity_id(self, ref: str, type: str | None = None) -> str:
        return pick_entity(await self._read(named_read(ref, type)), ref)

    async def get_entity(self, entity_id: str, mention_limit: int = MENTION_LIMIT) -> dict[str, Any]:
        """An entity by id, or by a name or alias that only it carries (one more round trip)."""
        rows = await self._read(entity_read(entity_id, mention_limit))
        if not rows:
            rows = await self._read(entity_read(await self.entity_id(entity_id), mention_limit))
        return as_entity(rows, entity_id)

    async def neighbours(self, entity_id: str, rel: str | None = None, type: str | None = None,
                         limit: int = 20, offset: int = 0, layer: str = "typed") -> Page:
        read = neighbours_read(entity_id, rel, type, limit, offset, layer)
        rows = await self._read(read)
        if not rows:
            read = neighbours_read(await self.entity_id(entity_id), rel, type, limit, offset, layer)
            rows = await self._read(read)
        return as_neighbours(rows, read)

    async def projects(self, district: str | None = None, company: str | None = None,
                       industry: str | None = None, limit: int = 20, offset: int = 0) -> Page:
        read = projects_read(district, company, industry, limit, offset)
        return as_projects(await self._read(read), read)

    async def metrics(self, indicator: str | None = None, kind: str | None = None, period: str | None = None,
                      district: str | None = None, limit: int = 20, offset: int = 0, within: bool = False) -> Page:
        read = metrics_read(indicator, kind, period, district, limit, offset, within)
        return as_page(await self._read(read), read)


def _split_ties(item: dict[str, Any], **fields: str) -> dict[str, Any]:
    """Sort an entity's ``ties`` into named lists by relation type (companies, industries...)."""
    ties = item.pop("ties", [])
    out = dict(item)
    for name, rtype in fields.items():
        out[name] = [t for t in ties if t["relation"] == rtype]
    return out


def check_compare_filters(period: str | None, verdict: str | None) -> None:
    if period is not None and not valid_period(period):
        raise QueryRefused(Err.E280.format(period=period))
    if verdict is not None and verdict not in VERDICTS:
        raise QueryRefused(Err.E283.format(verdict=verdict, allowed=", ".join(VERDICTS)))


def _compared(x: dict[str, Any] | None) -> dict[str, Any] | None:
    """A metric of a comparison: the metric, with its report's year and title."""
    if not x:
        return None
    return {**x["metric"], "doc_year": x.get("doc_year"), "doc_title": x.get("doc_title")}


def as_comparison(item: dict[str, Any], answer_fields: dict[str, Any] | None = None) -> dict[str, Any]:
    this, answer = _compared(item["this"]), _compared(answer_fields)
    target, actual = (this, answer) if item["kind"] == "target" else (None, this)
    base = this or {}
    return {"indicator": base.get("indicator_canonical") or base.get("indicator"),
            "district": base.get("district"), "place": item.get("place"), "period": base.get("period"),
            "measure": base.get("measure"), "verdict": item["verdict"], "rule": item.get("rule") or "",
            "target": target, "actual": actual}


def as_timeline_point(item: dict[str, Any]) -> dict[str, Any]:
    return {**(_compared(item["this"]) or {}), "verdict": item.get("verdict"), "rule": item.get("rule")}


# --- read-only Cypher: rows, JSON values, errors ----------------------------------------------

def check_query_text(query: str, settings: Settings) -> None:
    """Refuse before Neo4j sees it: over the length cap (so planning costs are bounded), or text
    that is not Unicode (a lone surrogate from a JSON escape cannot be sent as UTF-8)."""
    if len(query) > settings.cypher_max_query_chars:
        raise QueryTooLarge(Err.E408.format(n=len(query), limit=settings.cypher_max_query_chars))
    try:
        query.encode("utf-8")
    except UnicodeEncodeError as e:
        raise QueryRefused(_not_unicode("the query", e)) from e


def _not_unicode(what: str, e: UnicodeEncodeError) -> str:
    return Err.E402.format(detail=f"{what} has a lone surrogate ({e.object[e.start:e.end]!a}), which is not "
                                  "Unicode text. Send UTF-8 text.")


def _bolt_call(call: Any) -> Any:
    """``call()``, with values Bolt cannot carry turned into the user's error (422)."""
    try:
        return call()
    except OverflowError as e:  # JSON allows integers Bolt cannot carry (over 64 bits)
        raise QueryRefused(Err.E402.format(detail=f"a parameter cannot be sent to Neo4j: {e}. "
                                                  "Integers must fit in 64 bits.")) from e
    except UnicodeEncodeError as e:
        raise QueryRefused(_not_unicode("a parameter", e)) from e


def _stream_rows(tx: neo4j.Transaction, query: str, params: dict[str, Any], settings: Settings) -> CypherResult:
    """Rows until the row limit, the byte budget or the deadline; then the transaction ends, and
    ending it discards the rest on the server, so a huge result is never shipped just to be cut."""
    limit, budget = settings.cypher_row_limit, settings.cypher_byte_limit
    deadline = time.monotonic() + settings.cypher_timeout_s
    result = _bolt_call(lambda: tx.run(query, params))  # type: ignore[arg-type]  # a user's query, by design
    rows: list[dict[str, Any]] = []
    size = 2  # the brackets of the JSON list
    cut: Literal["rows", "bytes"] | None = None
    for record in result:
        if len(rows) == limit:
            cut = "rows"
            break
        row = {k: to_json_value(v) for k, v in record.items()}
        size += _json_size(row) + 1
        if size > budget:
            cut = "bytes"
            break
        if time.monotonic() > deadline:
            raise QueryRefused(_timeout_message(settings))
        rows.append(row)
    return CypherResult(list(result.keys()), rows, limit, truncated=cut is not None, truncated_by=cut,
                        byte_limit=budget)


def _json_size(row: dict[str, Any]) -> int:
    """An upper bound of the row's UTF-8 JSON size (ASCII escapes are never shorter)."""
    return len(json.dumps(row, default=str))


def _timeout_message(settings: Settings) -> str:
    return Err.E402.format(detail=f"it ran longer than {settings.cypher_timeout_s} s (KG_CYPHER_TIMEOUT_S). "
                                  "Narrow the MATCH or add a LIMIT.")


def to_json_value(value: Any) -> Any:
    """A Neo4j value as plain JSON: nodes, relationships and paths as maps, temporal values as
    ISO strings, points as coordinates, NaN and infinities as strings (JSON has no such numbers)."""
    if isinstance(value, neo4j_graph.Node):
        return {"element_id": value.element_id, "labels": sorted(value.labels),
                "properties": to_json_value(dict(value))}
    if isinstance(value, neo4j_graph.Relationship):
        return {"element_id": value.element_id, "type": value.type,
                "start": value.start_node.element_id if value.start_node else None,
                "end": value.end_node.element_id if value.end_node else None,
                "properties": to_json_value(dict(value))}
    if isinstance(value, neo4j_graph.Path):
        return {"nodes": [to_json_value(n) for n in value.nodes],
                "relationships": [to_json_value(r) for r in value.relationships]}
    return _scalar_json_value(value)


def _scalar_json_value(value: Any) -> Any:
    if isinstance(value, neo4j_spatial.Point):  # a tuple subclass: before the list case
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (neo4j_time.Date, neo4j_time.DateTime, neo4j_time.Time, neo4j_time.Duration)):
        return value.iso_format()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    return value


@contextmanager
def _user_query_errors(settings: Settings) -> Iterator[None]:
    """A user's query failing is the user's error (4xx), not the store's: say which and why.
    Neo4j short of memory or time for everyone is 503 with Retry-After (Busy)."""
    try:
        yield
    except neo4j_errors.Neo4jError as e:
        if isinstance(e, neo4j_errors.AuthError):  # the server refused our login: a store error (503)
            raise
        code, message = e.code or "", " ".join((e.message or str(e)).split())[:300]
        if code.endswith("Statement.AccessMode") or code.endswith("Security.Forbidden"):
            raise QueryForbidden(Err.E402.format(
                detail=f"the query writes to the graph ({message}). This endpoint runs read-only "
                       "queries only; load reports with `kg build` or POST /api/v1/documents.")) from e
        if "TransactionTimedOut" in code:
            raise QueryRefused(_timeout_message(settings)) from e
        if "MemoryPoolOutOfMemoryError" in code and "db.memory.transaction.max" in message:
            raise QueryRefused(Err.E402.format(
                detail="it needs more memory than one query may use (KG_NEO4J_TX_MEMORY_MAX, "
                       "db.memory.transaction.max). Aggregate less, or add a LIMIT.")) from e
        if is_busy(e):  # the heap or the memory of all transactions ran out: not this query's fault alone
            raise Busy(Err.E409.format(what=f"Neo4j is short of memory ({code})", retry_after=10),
                       retry_after=10) from e
        if isinstance(e, neo4j_errors.ClientError):
            raise QueryRefused(Err.E402.format(detail=f"Neo4j could not run it: {message} [{code}]")) from e
        raise
