"""Every Cypher statement PolicyKG runs, in one module.

Values always travel as parameters. The only things formatted into query text
are labels and relationship types already checked against the ontology
whitelist (kg.ontology) and small integers checked here (path lengths), because
Cypher cannot take those as parameters.
"""

from __future__ import annotations

from kg.errors import Err, QueryRefused
from kg.ontology import get_ontology

MAX_PATH_HOPS = 6

# --- provenance fragments ---------------------------------------------------------------------

# Where a relationship (or metric) was read: document, section path and sentence text.
def evidence_of(sentence_ids: str, limit: int = 3) -> str:
    """A COLLECT subquery turning a list of sentence ids (a Cypher expression) into evidence maps."""
    return evidence_via(f"MATCH (s:Sentence) WHERE s.id IN {sentence_ids}", limit)


def evidence_via(match: str, limit: int = 3) -> str:
    """Evidence maps for the sentences ``s`` that ``match`` (a fixed MATCH clause) finds."""
    return (
        f"COLLECT {{ {match} "
        "OPTIONAL MATCH (h:Section)-[:HAS_SENTENCE]->(s) "
        "RETURN {doc_id: s.doc_id, sentence_id: s.id, section_path: coalesce(h.path, []), "
        f"sentence: s.text}} AS ev ORDER BY s.doc_id, s.index LIMIT {int(limit)} }}"
    )


def layer_pattern(layer: str) -> str:
    """The relationship types of a layer (typed | co | all) as a Cypher type pattern (A|B|C)."""
    return "|".join(get_ontology().layer_types(layer))


def tie_of(r: str, other: str, me: str, evidence_limit: int = 3) -> str:
    """The map of one relation ``r`` seen from ``me`` (fixed variable names)."""
    return (f"{{relation: type({r}), direction: CASE WHEN startNode({r}) = {me} THEN 'out' ELSE 'in' END, "
            f"entity: {other} {{.id, .name, .type}}, confidence: {r}.confidence, source: {r}.source, "
            f"count: {r}.count, doc_ids: {r}.doc_ids, evidence: {evidence_of(r + '.sentence_ids', evidence_limit)}}}")


def ties_of(var: str, rel_types: tuple[str, ...] | None = None) -> str:
    """A COLLECT subquery listing the relations of entity ``var`` with the entity at the other end
    (the typed layer unless ``rel_types`` says otherwise)."""
    ontology = get_ontology()
    types = rel_types or ontology.layer_types("typed")
    names = ", ".join(f"'{ontology.check_graph_relation_type(t)}'" for t in types)
    return (
        f"COLLECT {{ MATCH ({var})-[r]-(o:Entity) WHERE type(r) IN [{names}] "
        f"RETURN {tie_of('r', 'o', var)} AS tie "
        "ORDER BY tie.relation, tie.entity.name }"
    )


def entity_map(extra: str = "") -> str:
    """The map projection of entity ``e`` every read returns, plus ``extra`` fields (fixed text)."""
    fields = ".id, .name, .type, .code, .parent, aliases: coalesce(e.aliases, []), doc_ids: coalesce(e.doc_ids, [])"
    return "e {" + fields + (", " + extra if extra else "") + "}"


ENTITY_FIELDS = entity_map()

# --- writes: a batch of documents -------------------------------------------------------------
# Every statement UNWINDs the rows of all documents in the batch, so a transaction of K documents
# runs a dozen statements, not a dozen per document. Entity labels travel as row values through
# Neo4j 5.26's dynamic labels (SET e:$(row.type)); kg.store.writer checks them against the
# ontology first, so the graph only ever gets ontology labels.

# MERGE-ing the documents and touching a property takes each one's exclusive lock for the rest of
# the transaction, so a concurrent writer of the same report waits here and then sees it loaded
# (ids come sorted, so two batches lock in the same order and cannot deadlock on documents).
# A report's own nodes (sections, sentences, metrics) and their edges are then CREATEd: the
# writer removed any older version first, and nobody else can be writing this report.
LOCK_DOCUMENTS = """
UNWIND $ids AS id
MERGE (d:Document {id: id})
SET d._lock = true REMOVE d._lock
RETURN id, coalesce(d.fingerprint, d.sha256) AS fingerprint
"""

MERGE_DOCUMENTS = """
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d.source = row.source, d.title = row.title, d.year = row.year,
    d.sha256 = row.sha256, d.fingerprint = row.fingerprint, d.fmt = row.fmt, d.district_id = row.district_id,
    d.loaded_at = datetime()
"""

CREATE_SECTIONS = """
UNWIND $rows AS row
MATCH (d:Document {id: row.doc_id})
CREATE (d)-[:HAS_SECTION]->(:Section {id: row.id, doc_id: row.doc_id, index: row.index, title: row.title,
                                      path: row.path, level: row.level, period: row.period})
"""

CREATE_SENTENCES = """
UNWIND $rows AS row
MATCH (d:Document {id: row.doc_id})
CREATE (d)-[:HAS_SENTENCE]->(s:Sentence {id: row.id, doc_id: row.doc_id, index: row.index,
                                        text: row.text, start: row.start, end: row.end})
WITH s, row WHERE row.section_id IS NOT NULL
MATCH (h:Section {id: row.section_id})
CREATE (h)-[:HAS_SENTENCE]->(s)
"""

# What each document says about an entity is kept on it, one entry per document (a property
# holds only flat lists, so these are parallel lists): e.doc_ids[i] gave the name e.doc_names[i],
# the code e.doc_codes[i] and the parent e.doc_parents[i] ('' for none); e.alias_forms[j] is a
# name or alias that document e.alias_docs[j] gave. The properties everyone reads (name, code,
# parent, aliases, aliases_text) are derived from those entries whenever a document is added or
# taken away (entity_aggregates), so they hold exactly what the loaded documents still say.
#
# An entity loaded before the entries existed gets them from its aggregated properties, each
# credited to every one of its documents: it keeps them while any of those documents stays.
ENTITY_ENTRIES_FROM_LEGACY = """
FOREACH (_ IN CASE WHEN e.doc_names IS NULL AND e.doc_ids IS NOT NULL THEN [1] ELSE [] END |
  SET e.doc_names = [d IN e.doc_ids | e.name], e.doc_codes = [d IN e.doc_ids | coalesce(e.code, '')],
      e.doc_parents = [d IN e.doc_ids | coalesce(e.parent, '')],
      e.alias_docs = reduce(acc = [], d IN e.doc_ids | acc + [a IN coalesce(e.aliases, []) + [e.name] | d]),
      e.alias_forms = reduce(acc = [], d IN e.doc_ids | acc + coalesce(e.aliases, []) + [e.name]))
"""

# The entries are read into variables (ids, names, codes, parents, alias_docs, forms) and every
# property is written by one SET: indexing e.list[i] in a comprehension reads the whole property
# again for every i, and each SET clause reads back what the one before wrote.
_ENTRIES = "ids, names, codes, parents, alias_docs, forms"


def entity_aggregates(keep_name: str = "false") -> str:
    """Write the entries and what they add up to. The name an entity has stays while a document
    still gives it (or while ``keep_name``, a fixed Cypher condition, holds), else it is the
    earliest remaining document's; likewise code and parent. Aliases: every other name and alias
    given, in the order the documents were loaded."""
    return f"""
WITH e, {_ENTRIES},
     CASE WHEN e.name IN names OR {keep_name} THEN e.name ELSE names[0] END AS name,
     CASE WHEN e.code IN codes THEN e.code ELSE head([c IN codes WHERE c <> '']) END AS code,
     CASE WHEN e.parent IN parents THEN e.parent ELSE head([p IN parents WHERE p <> '']) END AS parent
WITH e, {_ENTRIES}, name, code, parent,
     reduce(acc = [], a IN forms | CASE WHEN a IN acc OR a = name THEN acc ELSE acc + a END) AS aliases
SET e.doc_ids = ids, e.doc_names = names, e.doc_codes = codes, e.doc_parents = parents,
    e.alias_docs = alias_docs, e.alias_forms = forms, e.name = name, e.code = code, e.parent = parent,
    e.aliases = aliases,
    e.aliases_text = reduce(t = '', a IN aliases | t + CASE WHEN t = '' THEN '' ELSE ' | ' END + a)"""


# A row holds the entries of the batch's documents for one entity; a document already counted
# (cannot happen: the writer removed it first) is not counted twice.
MERGE_ENTITIES = f"""
UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
ON CREATE SET e.type = row.type, e.doc_ids = [], e.doc_names = [], e.doc_codes = [], e.doc_parents = [],
              e.alias_docs = [], e.alias_forms = []
SET e:$(row.type)
{ENTITY_ENTRIES_FROM_LEGACY}
WITH e, row, e.doc_ids AS had, e.doc_names AS names, e.doc_codes AS codes, e.doc_parents AS parents,
     e.alias_docs AS alias_docs, e.alias_forms AS forms
WITH e, row, had, names, codes, parents, alias_docs, forms,
     [i IN range(0, size(row.doc_ids) - 1) WHERE NOT row.doc_ids[i] IN had] AS new
WITH e, had + [i IN new | row.doc_ids[i]] AS ids, names + [i IN new | row.doc_names[i]] AS names,
     codes + [i IN new | row.doc_codes[i]] AS codes, parents + [i IN new | row.doc_parents[i]] AS parents,
     alias_docs + [d IN row.alias_docs WHERE NOT d IN had] AS alias_docs,
     forms + [j IN range(0, size(row.alias_docs) - 1) WHERE NOT row.alias_docs[j] IN had | row.alias_forms[j]]
       AS forms
{entity_aggregates()}"""

CREATE_MENTIONS = """
UNWIND $rows AS row
MATCH (e:Entity {id: row.entity_id})
MATCH (s:Sentence {id: row.sentence_id})
CREATE (e)-[:MENTIONED_IN {start: row.start, end: row.end, text: row.text}]->(s)
"""

CREATE_METRICS = """
UNWIND $rows AS row
MATCH (i:Entity {id: row.indicator_id})
CREATE (m:Metric {id: row.id, doc_id: row.doc_id, indicator: row.indicator, kind: row.kind,
                  measure: row.measure, value: row.value, value_text: row.value_text, unit: row.unit, period: row.period,
                  qualifier: row.qualifier, evidence: row.evidence})-[:MEASURES]->(i)
WITH m, row
OPTIONAL MATCH (s:Sentence {id: row.sentence_id})
FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | CREATE (m)-[:STATED_IN]->(s))
WITH m, row
OPTIONAL MATCH (d:Entity {id: row.about_id})
FOREACH (_ IN CASE WHEN d IS NULL THEN [] ELSE [1] END | CREATE (m)-[:ABOUT]->(d))
"""


# As for entities: what each document says of a relation is kept on it in lists parallel to
# r.doc_ids (confidence, source, evidence), and confidence (the highest), source ('text' over
# 'gazetteer') and evidence (the first stated) are derived from them.
RELATION_ENTRIES_FROM_LEGACY = """
FOREACH (_ IN CASE WHEN r.doc_confidences IS NULL AND r.doc_ids IS NOT NULL THEN [1] ELSE [] END |
  SET r.doc_confidences = [d IN r.doc_ids | r.confidence], r.doc_sources = [d IN r.doc_ids | r.source],
      r.doc_evidence = [d IN r.doc_ids | coalesce(r.evidence, '')])
"""

RELATION_AGGREGATES = """
SET r.doc_ids = ids, r.doc_confidences = confidences, r.doc_sources = sources, r.doc_evidence = evidence,
    r.sentence_ids = sentence_ids,
    r.confidence = reduce(m = 0.0, c IN confidences | CASE WHEN c > m THEN c ELSE m END),
    r.source = CASE WHEN 'text' IN sources THEN 'text' ELSE sources[0] END,
    r.evidence = CASE WHEN r.evidence <> '' AND r.evidence IN evidence THEN r.evidence
                      ELSE coalesce(head([x IN evidence WHERE x <> '']), '') END"""


def merge_relations(rtype: str) -> str:
    """MERGE relations of one type; each document's confidence, source and evidence are kept and
    the relation's own derived from them (RELATION_AGGREGATES); sentences accumulate.

    One statement per type, not one with a dynamic type: the planner compiles a dynamic
    ``[r:$(row.type)]`` MERGE on an empty graph into a scan of every relationship in the
    database (measured: 4.3M rows scanned for 55 relations), while a static type expands from
    the two bound nodes.
    """
    rtype = get_ontology().check_graph_relation_type(rtype)
    return f"""
UNWIND $rows AS row
MATCH (h:Entity {{id: row.head_id}})
MATCH (t:Entity {{id: row.tail_id}})
MERGE (h)-[r:`{rtype}`]->(t)
ON CREATE SET r.doc_ids = [], r.sentence_ids = [], r.doc_confidences = [], r.doc_sources = [],
              r.doc_evidence = [], r.evidence = ''
{RELATION_ENTRIES_FROM_LEGACY}
WITH r, row, r.doc_ids AS had, r.doc_confidences AS confidences, r.doc_sources AS sources,
     r.doc_evidence AS evidence, r.sentence_ids AS sentence_ids
WITH r, row, had, confidences, sources, evidence, sentence_ids,
     [i IN range(0, size(row.doc_ids) - 1) WHERE NOT row.doc_ids[i] IN had] AS new
WITH r, had + [i IN new | row.doc_ids[i]] AS ids, confidences + [i IN new | row.doc_confidences[i]] AS confidences,
     sources + [i IN new | row.doc_sources[i]] AS sources, evidence + [i IN new | row.doc_evidence[i]] AS evidence,
     sentence_ids + [x IN row.sentence_ids WHERE NOT x IN sentence_ids] AS sentence_ids
{RELATION_AGGREGATES}"""


# Co-mentions (CO_MENTIONED, the "co" layer): per document the number of sentences naming both
# entities (r.doc_counts, parallel to r.doc_ids) and the sentences themselves; count is their sum.
MERGE_CO_MENTIONS = """
UNWIND $rows AS row
MATCH (h:Entity {id: row.head_id})
MATCH (t:Entity {id: row.tail_id})
MERGE (h)-[r:CO_MENTIONED]->(t)
ON CREATE SET r.doc_ids = [], r.doc_counts = [], r.sentence_ids = []
WITH r, row, r.doc_ids AS had, r.doc_counts AS counts, r.sentence_ids AS sentence_ids
WITH r, row, had, counts, sentence_ids,
     [i IN range(0, size(row.doc_ids) - 1) WHERE NOT row.doc_ids[i] IN had] AS new
WITH r, had + [i IN new | row.doc_ids[i]] AS ids, counts + [i IN new | row.doc_counts[i]] AS counts,
     sentence_ids + [x IN row.sentence_ids WHERE NOT x IN sentence_ids] AS sentence_ids
SET r.doc_ids = ids, r.doc_counts = counts, r.sentence_ids = sentence_ids,
    r.count = reduce(n = 0, c IN counts | n + c)
"""


# The graph's version (kg.store.cache): a new random token, set as the last statement of every
# write transaction (so concurrent writers hold its lock only while committing).
BUMP_GRAPH_VERSION = "MERGE (v:GraphVersion {id: 'graph'}) SET v.version = randomUUID(), v.changed_at = datetime()"
GRAPH_VERSION = "OPTIONAL MATCH (v:GraphVersion {id: 'graph'}) RETURN v.version AS version"


# --- writes: removing one document's facts ----------------------------------------------------

DOCUMENT_SENTENCE_IDS = "MATCH (s:Sentence {doc_id: $doc_id}) RETURN collect(s.id) AS ids"

# A relation or entity stays while another document still states it, with exactly what the
# remaining documents say (their entries); the removed document's sentences leave its evidence.
UNSUPPORT_RELATIONS = f"""
MATCH (:Entity)-[r:{"|".join(get_ontology().layer_types("typed"))}]->(:Entity) WHERE $doc_id IN r.doc_ids
{RELATION_ENTRIES_FROM_LEGACY}
WITH r, r.doc_ids AS had, r.doc_confidences AS confidences, r.doc_sources AS sources,
     r.doc_evidence AS evidence, r.sentence_ids AS sentence_ids
WITH r, had, confidences, sources, evidence, sentence_ids,
     [i IN range(0, size(had) - 1) WHERE had[i] <> $doc_id] AS keep
WITH r, [i IN keep | had[i]] AS ids, [i IN keep | confidences[i]] AS confidences,
     [i IN keep | sources[i]] AS sources, [i IN keep | evidence[i]] AS evidence,
     [x IN sentence_ids WHERE NOT x IN $sentence_ids] AS sentence_ids
{RELATION_AGGREGATES}
WITH r WHERE size(r.doc_ids) = 0
DELETE r
"""

# $relisted: the entities a new version of the report gives again (empty for a delete). Their
# names are kept for MERGE_ENTITIES, a moment later in the same transaction, to decide: a name
# the new version still gives stays the name instead of passing to another report's.
UNSUPPORT_ENTITIES = f"""
MATCH (e:Entity) WHERE $doc_id IN e.doc_ids
{ENTITY_ENTRIES_FROM_LEGACY}
WITH e, e.doc_ids AS had, e.doc_names AS names, e.doc_codes AS codes, e.doc_parents AS parents,
     e.alias_docs AS alias_docs, e.alias_forms AS forms
WITH e, had, names, codes, parents, alias_docs, forms,
     [i IN range(0, size(had) - 1) WHERE had[i] <> $doc_id] AS keep
WITH e, [i IN keep | had[i]] AS ids, [i IN keep | names[i]] AS names, [i IN keep | codes[i]] AS codes,
     [i IN keep | parents[i]] AS parents, [d IN alias_docs WHERE d <> $doc_id] AS alias_docs,
     [j IN range(0, size(alias_docs) - 1) WHERE alias_docs[j] <> $doc_id | forms[j]] AS forms
{entity_aggregates(keep_name="e.id IN $relisted")}
WITH e WHERE size(e.doc_ids) = 0
DETACH DELETE e
"""

# Co-mentions come only from the document's sentences (mentions, and the indicators of its metrics),
# so they are found from there (index seeks) rather than by a scan of every CO_MENTIONED relation.
# Run before the sentences and metrics are deleted.
UNSUPPORT_CO_MENTIONS = """
CALL {
  MATCH (:Sentence {doc_id: $doc_id})<-[:MENTIONED_IN]-(e:Entity) RETURN e
  UNION
  MATCH (:Metric {doc_id: $doc_id})-[:MEASURES]->(e:Entity) RETURN e
}
MATCH (e)-[r:CO_MENTIONED]->(:Entity) WHERE $doc_id IN r.doc_ids
WITH r, r.doc_ids AS had, r.doc_counts AS counts, r.sentence_ids AS sentence_ids
WITH r, had, counts, sentence_ids, [i IN range(0, size(had) - 1) WHERE had[i] <> $doc_id] AS keep
WITH r, [i IN keep | had[i]] AS ids, [i IN keep | counts[i]] AS counts,
     [x IN sentence_ids WHERE NOT x IN $sentence_ids] AS sentence_ids
SET r.doc_ids = ids, r.doc_counts = counts, r.sentence_ids = sentence_ids,
    r.count = reduce(n = 0, c IN counts | n + c)
WITH r WHERE size(r.doc_ids) = 0
DELETE r
"""

DELETE_METRICS = "MATCH (m:Metric {doc_id: $doc_id}) DETACH DELETE m"
DELETE_SENTENCES = "MATCH (s:Sentence {doc_id: $doc_id}) DETACH DELETE s"
DELETE_SECTIONS = "MATCH (h:Section {doc_id: $doc_id}) DETACH DELETE h"
DELETE_DOCUMENT = "MATCH (d:Document {id: $doc_id}) DETACH DELETE d RETURN count(d) AS deleted"

# In batches of their own transactions (auto-commit queries): a 1,000-report graph deleted in one
# transaction needs more memory than the small test heap has, and so does DETACH DELETE of a batch
# of nodes when one of them is a hub with 100,000 relationships. Relationships first, then nodes.
WIPE = ("MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS",
        "MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 10000 ROWS")

# --- reads ------------------------------------------------------------------------------------

# The paged-list idiom: the query orders its matches into a list ``hits`` (nodes, or small maps),
# then only the page's rows are projected. Projections carry evidence and ties (subqueries per
# row), so building them for every match and slicing afterwards made a list cost O(all matches):
# seconds for a common indicator on a 1,000-report graph. One round trip still returns both the
# items and the total; an aggregating CALL returns one row (items = []) for an empty page too.
def page_of(projection: str, unpack: str = "WITH hit AS e", keep: str = "") -> str:
    """Total and page of ``hits``; ``unpack`` binds one hit for ``projection`` (fixed text);
    ``keep`` names variables of the outer query the projection also uses (", e")."""
    return f"""WITH size(hits) AS total, hits[$offset..($offset + $limit)] AS page{keep}
CALL (page{keep}) {{ UNWIND page AS hit {unpack} RETURN collect({projection}) AS items }}
RETURN total, items"""


def resolve_entity(var: str, label: str, param: str) -> str:
    """A CALL binding ``var`` to the ``label`` entities whose id, name or alias is ``$param``.
    Three index seeks (id: the uniqueness constraint, name: a range index, alias: a text index
    on aliases_text, then the exact list test) instead of a scan of every entity of the label."""
    label = get_ontology().check_entity_label(label)
    return f"""CALL {{
  MATCH ({var}:Entity {{id: ${param}}}) WHERE {var}:`{label}` RETURN {var}
  UNION
  MATCH ({var}:Entity {{name: ${param}}}) WHERE {var}:`{label}` RETURN {var}
  UNION
  MATCH ({var}:Entity) WHERE {var}.aliases_text CONTAINS ${param} AND ${param} IN {var}.aliases
    AND {var}:`{label}` RETURN {var}
}}"""


# Name or alias containing the text: two text-index seeks (name, aliases_text) instead of a scan.
# These hits have no relevance score of their own (0.0); a full-text hit of the same node gives it one.
_SUBSTRING_HITS = """
  MATCH (node:Entity) WHERE node.name CONTAINS $raw RETURN node, 0.0 AS score
  UNION
  MATCH (node:Entity) WHERE node.aliases_text CONTAINS $raw AND any(a IN node.aliases WHERE a CONTAINS $raw)
  RETURN node, 0.0 AS score"""

# Exact names first (the query or one of its indicator synonyms, $terms, as a name or alias), then
# the full-text index's score, then the shorter name.
_SEARCH_ORDER = f"""
WITH node AS e, max(score) AS score
WHERE $type IS NULL OR e.type = $type
WITH e, score ORDER BY (e.name IN $terms OR any(a IN e.aliases WHERE a IN $terms)) DESC, score DESC,
                       size(e.name), e.id
WITH collect({{e: e, score: score}}) AS hits
{page_of(entity_map('score: score'), 'WITH hit.e AS e, hit.score AS score')}
"""

SEARCH = f"""
CALL {{
  CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node, score
  RETURN node, score
  UNION{_SUBSTRING_HITS}
}}{_SEARCH_ORDER}"""

# Text of two or more CJK ideographs, searched as phrases (kg.store.reader.lucene_terms): the
# full-text analyzer indexes each run of ideographs as overlapping bigrams, so the phrase of the
# query's bigrams finds exactly the names and aliases that contain it (食品 -> 食品产业, 华为 ->
# 华为技术), with the index's score, and never a name sharing one bigram (数字经济 is not 整体经济).
SEARCH_CJK = f"""
CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node, score{_SEARCH_ORDER}"""

SEARCH_SUBSTRING_ONLY = f"""
CALL {{{_SUBSTRING_HITS}
}}{_SEARCH_ORDER}"""

# Mentions are ordered and cut before their sections are looked up, so an entity named in
# thousands of sentences costs one sort, not thousands of section lookups. Only metrics have
# MEASURES or ABOUT relations (ontology), so their count is a degree lookup without a label test.
GET_ENTITY = f"""
MATCH (e:Entity {{id: $id}})
RETURN {ENTITY_FIELDS} AS entity,
  COUNT {{ (e)-[:MENTIONED_IN]->() }} AS mention_count,
  COLLECT {{
    MATCH (e)-[m:MENTIONED_IN]->(s:Sentence)
    WITH m, s ORDER BY s.doc_id, s.index, m.start LIMIT $mention_limit
    OPTIONAL MATCH (h:Section)-[:HAS_SENTENCE]->(s)
    RETURN {{doc_id: s.doc_id, sentence_id: s.id, section_path: coalesce(h.path, []), sentence: s.text,
            start: m.start, end: m.end, text: m.text}} AS mention
  }} AS mentions,
  COUNT {{ (e)<-[:MEASURES|ABOUT]-() }} AS metric_count
"""

ENTITY_EXISTS = "MATCH (e:Entity {id: $id}) RETURN count(e) > 0 AS found"

# The entities an id, name or alias denotes, best kind of match first (0 id, 1 name, 2 alias):
# kg.store.reader.pick_entity answers with one of them or says the name is ambiguous.
ENTITIES_NAMED = """
CALL {
  MATCH (e:Entity {id: $ref}) RETURN e, 0 AS rank
  UNION
  MATCH (e:Entity {name: $ref}) RETURN e, 1 AS rank
  UNION
  MATCH (e:Entity) WHERE e.aliases_text CONTAINS $ref AND $ref IN e.aliases RETURN e, 2 AS rank
}
WITH e, min(rank) AS rank WHERE $type IS NULL OR e.type = $type
RETURN e.id AS id, e.name AS name, e.type AS type, rank ORDER BY rank, id LIMIT 20
"""

# Relations between entities, by type: on a dense node (a district named in thousands of
# sentences) a typed expansion skips its MENTIONED_IN and ABOUT relations without reading them.
ENTITY_RELATIONS = layer_pattern("typed")


def neighbours(layer: str = "typed") -> str:
    """Entities related to one, over the relations of ``layer`` (typed | co | all); typed ones
    first, co-mentions by how many sentences they share. No row at all when the entity does not
    exist (NotFound), so one round trip answers both."""
    return f"""
MATCH (e:Entity {{id: $id}})
CALL (e) {{
  MATCH (e)-[r:{layer_pattern(layer)}]-(n:Entity)
  WHERE ($rel IS NULL OR type(r) = $rel) AND ($type IS NULL OR n.type = $type)
  WITH r, n ORDER BY type(r) = 'CO_MENTIONED', coalesce(r.count, 0) DESC, type(r), n.name, n.id
  RETURN collect({{r: r, n: n}}) AS hits
}}
{page_of(tie_of('r', 'n', 'e'), 'WITH hit.r AS r, hit.n AS n', keep=', e')}
"""


NEIGHBOURS = neighbours("typed")

# Sub-districts count: a project in a village is in the town and district above it.
# The districts a project lies in (through LOCATED_IN and up PART_OF), and the targets stated
# where the report speaks of it (the sections that mention the project): "which projects involve
# this company, in which districts, against which targets?" in one call.
# The districts a project lies in: where the text places it (LOCATED_IN, and up PART_OF), else
# the district whose report names it (REPORTED_BY, kept apart as its own relation). Its figures
# are the metrics about it ((:Metric)-[:ABOUT]->(project)); the district's targets stay there.
PROJECT_PLACES = "(e)-[:LOCATED_IN|REPORTED_BY]->(:Entity)-[:PART_OF*0..3]->(d:District)"
PROJECT_CONTEXT = f"""districts: COLLECT {{
        MATCH {PROJECT_PLACES}
        RETURN DISTINCT d {{.id, .name, .code}} AS d }},
    figures: COLLECT {{
        MATCH (m:Metric)-[:ABOUT]->(e)
        OPTIONAL MATCH (m)-[:STATED_IN]->(s:Sentence)
        WITH m, s ORDER BY m.kind, m.period, m.indicator, m.id LIMIT 50
        RETURN m {{.id, .indicator, .kind, .measure, .value, .unit, .period, .qualifier, .doc_id,
                  sentence: s.text}} }}"""

_PROJECT_FILTERS = """($company IS NULL OR EXISTS {
        MATCH (c:Company)-[:PARTICIPATES_IN]->(e)
        WHERE c.id = $company OR c.name = $company OR $company IN c.aliases })
  AND ($industry IS NULL OR EXISTS {
        MATCH (e)-[:IN_INDUSTRY]->(i:Industry)
        WHERE i.id = $industry OR i.name = $industry OR $industry IN i.aliases })"""

_PROJECT_PAGE = f"""
WITH e ORDER BY e.name, e.id
WITH collect(e) AS hits
{page_of(entity_map('ties: ' + ties_of('e') + ', ' + PROJECT_CONTEXT))}
"""

PROJECTS = f"""
MATCH (e:Project)
WHERE ($district IS NULL OR EXISTS {{
        MATCH {PROJECT_PLACES}
        WHERE d.id = $district OR d.name = $district OR $district IN d.aliases }})
  AND {_PROJECT_FILTERS}{_PROJECT_PAGE}"""

# The same list when a district is given: found from the district (index seeks, then the few
# relations into it) instead of testing every project in the graph.
PROJECTS_IN_DISTRICT = f"""
{resolve_entity('d', 'District', 'district')}
MATCH (d)<-[:PART_OF*0..3]-(:Entity)<-[:LOCATED_IN|REPORTED_BY]-(e:Project)
WITH DISTINCT e
WHERE {_PROJECT_FILTERS}{_PROJECT_PAGE}"""

# One project by id, with the same context as the list.
GET_PROJECT = f"""
MATCH (e:Project {{id: $id}})
RETURN {entity_map('ties: ' + ties_of('e') + ', ' + PROJECT_CONTEXT)} AS project
"""


def entities_with_ties(label: str) -> str:
    """Entities of one type with every relation they take part in (companies, organisations)."""
    label = get_ontology().check_entity_label(label)
    return f"""
MATCH (e:`{label}`)
WITH e ORDER BY e.name, e.id
WITH collect(e) AS hits
{page_of(entity_map('ties: ' + ties_of('e')))}
"""


METRIC_FIELDS = f"""m {{.id, .indicator, .kind, .measure, .value, .unit, .period, .qualifier, .doc_id,
    evidence_text: m.evidence,
    indicator_id: COLLECT {{ MATCH (m)-[:MEASURES]->(i) RETURN i.id }}[0],
    district: COLLECT {{ MATCH (m)-[:ABOUT]->(d:District) RETURN d {{.id, .name}} }}[0],
    subject: COLLECT {{ MATCH (m)-[:ABOUT]->(x) WHERE NOT x:District RETURN x {{.id, .name, .type}} }}[0],
    evidence: {evidence_via('MATCH (m)-[:STATED_IN]->(s:Sentence)')}}}"""

_METRIC_OTHER_FILTERS = """($kind IS NULL OR m.kind = $kind)
  AND ($period IS NULL OR m.period = $period)
  AND ($district IS NULL OR (NOT $within AND EXISTS {
        MATCH (m)-[:ABOUT]->(d) WHERE d.id = $district OR d.name = $district OR $district IN d.aliases })
    OR ($within AND EXISTS {
        MATCH (m)-[:ABOUT]->(:Entity)-[:LOCATED_IN|REPORTED_BY*0..1]->(:Entity)-[:PART_OF*0..3]->(d:District)
        WHERE d.id = $district OR d.name = $district OR $district IN d.aliases }))"""

METRIC_FILTER = f"""
MATCH (m:Metric)
WHERE ($indicator IS NULL OR m.indicator = $indicator OR EXISTS {{
        MATCH (m)-[:MEASURES]->(i) WHERE i.id = $indicator OR $indicator IN i.aliases }})
  AND {_METRIC_OTHER_FILTERS}
"""

# The same filter when an indicator is given: the metrics that name it (index on m.indicator)
# and those measuring the indicator entity with that id or alias, instead of testing every
# metric. The OR of the filter above kept the planner from using any index.
METRIC_FILTER_BY_INDICATOR = f"""
CALL {{
  MATCH (m:Metric {{indicator: $indicator}}) RETURN m
  UNION
  MATCH (:Entity {{id: $indicator}})<-[:MEASURES]-(m:Metric) RETURN m
  UNION
  MATCH (i:Entity)<-[:MEASURES]-(m:Metric) WHERE i.aliases_text CONTAINS $indicator AND $indicator IN i.aliases
  RETURN m
}}
WITH m WHERE {_METRIC_OTHER_FILTERS}
"""

_METRIC_PAGE = f"""
WITH m ORDER BY m.indicator, m.period, m.kind, m.measure, m.doc_id, m.id
WITH collect(m) AS hits
{page_of(METRIC_FIELDS, 'WITH hit AS m')}
"""

METRICS = METRIC_FILTER + _METRIC_PAGE
METRICS_OF_INDICATOR = METRIC_FILTER_BY_INDICATOR + _METRIC_PAGE

METRICS_ALL = f"""{METRIC_FILTER_BY_INDICATOR}
WITH m ORDER BY m.indicator, m.period, m.measure, m.kind, m.doc_id, m.id
RETURN {METRIC_FIELDS} AS metric
"""


def shortest_paths(max_hops: int, layer: str = "all") -> str:
    """All shortest paths over the entity relations of ``layer``; the bound must be a literal, so it
    is checked here."""
    if not isinstance(max_hops, int) or not 1 <= max_hops <= MAX_PATH_HOPS:
        raise QueryRefused(Err.E402.format(detail=f"max_hops={max_hops!r}; give 1..{MAX_PATH_HOPS}"))
    types = layer_pattern(layer)
    return f"""
MATCH (a:Entity {{id: $from_id}}), (b:Entity {{id: $to_id}})
MATCH p = allShortestPaths((a)-[:{types}*..{max_hops}]-(b))
WITH p LIMIT $limit
RETURN [n IN nodes(p) | n {{.id, .name, .type}}] AS nodes,
       [r IN relationships(p) | {{relation: type(r), start: startNode(r).id, end: endNode(r).id,
         confidence: r.confidence, source: r.source, count: r.count, doc_ids: r.doc_ids,
         evidence: {evidence_of('r.sentence_ids', 1)}}}] AS relationships
"""


DOCUMENT_FIELDS = """d {.id, .source, .title, .year, .sha256, .fmt, loaded_at: toString(d.loaded_at),
    sentences: COUNT { (d)-[:HAS_SENTENCE]->() },
    sections: COUNT { (d)-[:HAS_SECTION]->() },
    metrics: COUNT { MATCH (m:Metric) WHERE m.doc_id = d.id },
    entities: COUNT { MATCH (x:Entity) WHERE d.id IN x.doc_ids },
    relations: COUNT { MATCH (:Entity)-[r]->(:Entity) WHERE d.id IN r.doc_ids }}"""

DOCUMENTS = f"""
MATCH (d:Document)
WITH d ORDER BY d.id
WITH collect(d) AS hits
{page_of(DOCUMENT_FIELDS, 'WITH hit AS d')}
"""

GET_DOCUMENT = f"""
MATCH (d:Document {{id: $id}})
RETURN {DOCUMENT_FIELDS} AS document,
  COLLECT {{ MATCH (d)-[:HAS_SECTION]->(h) RETURN h {{.id, .index, .title, .path, .level, .period}} AS s
            ORDER BY s.index }} AS section_list
"""

# The (:GraphVersion) bookkeeping node (kg.store.cache) is not part of the graph an analyst counts.
STATS_LABELS = ("MATCH (n) WHERE NOT n:GraphVersion UNWIND labels(n) AS label "
                "RETURN label, count(*) AS count ORDER BY label")
COUNT_NODES = "MATCH (n) WHERE NOT n:GraphVersion RETURN count(n) AS n"
STATS_TYPES = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"

SUBGRAPH_SEED = """
MATCH (e:Entity) WITH e ORDER BY e.id LIMIT $limit RETURN collect(e.id) AS ids
"""


def subgraph_around(hops: int, layer: str = "typed") -> str:
    """Entity ids within ``hops`` entity relations (of ``layer``) of one entity."""
    if not isinstance(hops, int) or not 0 <= hops <= MAX_PATH_HOPS:
        raise QueryRefused(Err.E402.format(detail=f"hops={hops!r}; give 0..{MAX_PATH_HOPS}"))
    types = layer_pattern(layer)
    return f"""
MATCH (a:Entity {{id: $id}})
OPTIONAL MATCH (a)-[:{types}*1..{max(hops, 1)}]-(b:Entity)
WITH a, collect(DISTINCT b.id)[..$limit] AS near
RETURN CASE WHEN $hops = 0 THEN [a.id] ELSE [a.id] + [x IN near WHERE x <> a.id] END AS ids
"""


def subgraph(layer: str = "typed") -> str:
    """The entities ``$ids`` and the relations of ``layer`` among them."""
    return f"""
MATCH (e:Entity) WHERE e.id IN $ids
WITH collect({ENTITY_FIELDS}) AS nodes
RETURN nodes, COLLECT {{
  MATCH (x:Entity)-[r:{layer_pattern(layer)}]->(y:Entity) WHERE x.id IN $ids AND y.id IN $ids
  RETURN {{source: x.id, target: y.id, relation: type(r), confidence: r.confidence, source_kind: r.source,
          count: r.count, evidence: r.evidence, doc_ids: r.doc_ids, sentence_ids: r.sentence_ids}} AS edge
  ORDER BY edge.source, edge.relation, edge.target
}} AS edges
"""


SUBGRAPH = subgraph("typed")

PING = "RETURN 1 AS ok"


# --- the read-only Cypher endpoint ------------------------------------------------------------
# A user's query is planned first (EXPLAIN: Neo4j parses and plans it, runs nothing) and judged by
# its plan (kg.store.guard), then run as it was sent, in a READ transaction.

def explain(query: str) -> str:
    """The user's query, planned and not run. A newline, not a space: a query opening with a
    comment cannot swallow the EXPLAIN."""
    return "EXPLAIN\n" + query


# --- after a bulk import (kg.store.bulk_load) ------------------------------------------------
# neo4j-admin reads an empty list and a list of one empty string as "no property", so the import
# leaves those out (kg.store.bulk.Fixups) and these set them. Labels and types are checked
# against the ontology, property names against a plain-name pattern: both are formatted in.

COUNT_DATA_NODES = "MATCH (n) WHERE NOT n:GraphVersion RETURN count(n) AS n"


def _prop_name(prop: str) -> str:
    if not prop.replace("_", "").isalnum() or not prop.isascii():
        raise QueryRefused(Err.E402.format(detail=f"property name {prop!r}"))
    return prop


def _label(label: str) -> str:
    return "GraphVersion" if label == "GraphVersion" else get_ontology().check_label(label)


def fill_missing_node_list(label: str, prop: str) -> str:
    """Set $value on every ``label`` node without ``prop`` (an auto-commit query: batches of its own)."""
    label, prop = _label(label), _prop_name(prop)
    return (f"MATCH (n:`{label}`) WHERE n.`{prop}` IS NULL "
            f"CALL (n) {{ SET n.`{prop}` = $value }} IN TRANSACTIONS OF 10000 ROWS")


def set_node_list(label: str, prop: str) -> str:
    label, prop = _label(label), _prop_name(prop)
    return f"UNWIND $keys AS id MATCH (n:`{label}` {{id: id}}) SET n.`{prop}` = $value"


def _rel_parts(key: str) -> tuple[str, str, str]:
    """'TYPE:HeadLabel:TailLabel', checked."""
    rtype, head, tail = key.split(":")
    return get_ontology().check_any_relation_type(rtype), _label(head), _label(tail)


def fill_missing_rel_list(key: str, prop: str) -> str:
    (rtype, head, tail), prop = _rel_parts(key), _prop_name(prop)
    return (f"MATCH (:`{head}`)-[r:`{rtype}`]->(:`{tail}`) WHERE r.`{prop}` IS NULL "
            f"CALL (r) {{ SET r.`{prop}` = $value }} IN TRANSACTIONS OF 10000 ROWS")


def set_rel_list(key: str, prop: str) -> str:
    (rtype, head, tail), prop = _rel_parts(key), _prop_name(prop)
    return (f"UNWIND $keys AS k MATCH (:`{head}` {{id: k[0]}})-[r:`{rtype}`]->(:`{tail}` {{id: k[1]}}) "
            f"SET r.`{prop}` = $value")
