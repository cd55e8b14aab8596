"""The Cypher `kg ask` runs: read-only, fixed text, every value a parameter (never built from the
question). Each answer returns the statements it ran, so the analyst can run them again."""

from __future__ import annotations

# Typed relations a question can ask about (the co-mention layer and REPORTED_BY are not stated
# relations between two things).
TYPED = ["LOCATED_IN", "PART_OF", "PARTICIPATES_IN", "IN_INDUSTRY", "HOLDS_POST", "COOPERATES_WITH"]

# What the question is linked against: every entity's names (cached per graph version).
LEXICON = """
MATCH (e:Entity)
RETURN e.id AS id, e.name AS name, e.type AS type, coalesce(e.aliases, []) AS aliases
"""

# The reports, their year, and the place each is about (the district most of its figures are ABOUT).
DOCUMENTS = """
MATCH (d:Document)
OPTIONAL MATCH (m:Metric {doc_id: d.id})-[:ABOUT]->(p:District)
WITH d, p, count(m) AS n ORDER BY n DESC, p.id
WITH d, collect(p.id)[0] AS place
RETURN d.id AS id, d.year AS year, place ORDER BY d.year, d.id
"""

INDICATORS = "MATCH (m:Metric) RETURN DISTINCT m.indicator AS indicator"

_EVIDENCE = """COLLECT { MATCH (m)-[:STATED_IN]->(s:Sentence)
    RETURN {doc_id: s.doc_id, sentence_id: s.id, sentence: s.text} ORDER BY s.doc_id, s.index LIMIT 1 }"""

# The figures of the candidate indicators, with the report's year, what they are about and the
# sentence they were read in.
METRICS = f"""
MATCH (m:Metric) WHERE m.indicator IN $indicators AND m.doc_id IN $doc_ids
OPTIONAL MATCH (m)-[:ABOUT]->(a:Entity)
RETURN m {{.id, .indicator, .kind, .measure, .value, .unit, .period, .qualifier, .doc_id}} AS metric,
       a {{.id, .name, .type}} AS about,
       {_EVIDENCE} AS evidence
"""

# Entities of one type tied to the scope entity $x: its typed neighbours (not its containers),
# what lies inside it (LOCATED_IN / REPORTED_BY / PART_OF up to four steps), the companies of the
# projects inside it, and, for a place some reports are about, what those reports name.
LIST_IN_SCOPE = """
MATCH (x:Entity {id: $x})
CALL (x) {
  MATCH (x)<-[:LOCATED_IN|PART_OF|PARTICIPATES_IN|IN_INDUSTRY|HOLDS_POST|COOPERATES_WITH]-(e:Entity) RETURN e
  UNION
  MATCH (x)-[:PARTICIPATES_IN|IN_INDUSTRY|HOLDS_POST|COOPERATES_WITH]->(e:Entity) RETURN e
  UNION
  MATCH (e:Entity)-[:LOCATED_IN|REPORTED_BY|PART_OF*1..4]->(x) RETURN e
  UNION
  MATCH (e:Company)-[:PARTICIPATES_IN]->(:Project)-[:LOCATED_IN|REPORTED_BY]->(:Entity)-[:PART_OF*0..3]->(x)
  RETURN e
  UNION
  MATCH (e:Entity)-[:MENTIONED_IN]->(s:Sentence) WHERE s.doc_id IN $subject_docs RETURN e
}
WITH DISTINCT e WHERE e.type = $type AND e.id <> $x
  AND ($suffixes = [] OR any(f IN $suffixes WHERE e.name ENDS WITH f))
  AND NOT any(f IN $exclude WHERE e.name ENDS WITH f)
  AND ($industries = [] OR EXISTS { MATCH (e)-[:IN_INDUSTRY]->(i:Entity) WHERE i.id IN $industries })
RETURN e.id AS id, e.name AS name, e.type AS type ORDER BY e.name LIMIT $limit
"""

# Entities of one type the reports in scope name (no scope entity), optionally in an industry or
# with a word in their name.
LIST_IN_DOCS = """
MATCH (e:Entity) WHERE e.type = $type AND any(d IN e.doc_ids WHERE d IN $doc_ids)
  AND ($suffixes = [] OR any(f IN $suffixes WHERE e.name ENDS WITH f))
  AND NOT any(f IN $exclude WHERE e.name ENDS WITH f)
  AND ($industries = [] AND $word = ''
       OR EXISTS { MATCH (e)-[:IN_INDUSTRY]->(i:Entity) WHERE i.id IN $industries }
       OR ($word <> '' AND e.name CONTAINS $word))
RETURN e.id AS id, e.name AS name, e.type AS type ORDER BY e.name LIMIT $limit
"""

# Industries whose name holds a word (物流 -> 现代物流, 仓储物流, 物流).
INDUSTRIES_NAMED = """
MATCH (i:Industry) WHERE i.name CONTAINS $word OR any(a IN coalesce(i.aliases, []) WHERE a CONTAINS $word)
RETURN collect(i.id) AS ids
"""

_REL_FIELDS = """type(r) AS type, startNode(r).name AS head, startNode(r).id AS head_id,
       startNode(r).type AS head_type, endNode(r).name AS tail, endNode(r).id AS tail_id,
       endNode(r).type AS tail_type, r.evidence AS evidence,
       COLLECT { MATCH (s:Sentence) WHERE s.id IN coalesce(r.sentence_ids, [])
                 RETURN {doc_id: s.doc_id, sentence_id: s.id, sentence: s.text} ORDER BY s.doc_id, s.index
                 LIMIT 1 } AS sentences"""

# The stated relations between two entities, either direction.
RELATIONS_BETWEEN = f"""
MATCH (a:Entity {{id: $a}})-[r]-(b:Entity {{id: $b}}) WHERE type(r) IN $types
RETURN DISTINCT {_REL_FIELDS}
"""

# No direct relation: the relations along the shortest typed paths (at most three steps).
RELATIONS_ON_PATH = f"""
MATCH (a:Entity {{id: $a}}), (b:Entity {{id: $b}})
MATCH p = allShortestPaths((a)-[:LOCATED_IN|PART_OF|PARTICIPATES_IN|IN_INDUSTRY|HOLDS_POST|COOPERATES_WITH*..3]-(b))
WITH p LIMIT 3
UNWIND relationships(p) AS r
RETURN DISTINCT {_REL_FIELDS}
"""

# The relations going out of an entity, of the given types ("A属于哪个街道", "A在哪里", "X担任什么职务").
RELATIONS_FROM = f"""
MATCH (a:Entity {{id: $a}})-[r]->(b:Entity) WHERE type(r) IN $types
  AND ($type IS NULL OR b.type = $type)
  AND ($suffixes = [] OR any(f IN $suffixes WHERE b.name ENDS WITH f))
RETURN DISTINCT {_REL_FIELDS}
"""

# A place named right before the entity in a sentence ("依托某某高新区“孵化器”"): where the text
# places it when no relation was extracted. The place's mention ends where the entity's starts
# (an opening quote between them allowed).
PLACE_BEFORE = """
MATCH (a:Entity {id: $a})-[m:MENTIONED_IN]->(s:Sentence)<-[n:MENTIONED_IN]-(p:Entity)
WHERE p.type IN ['District', 'Location'] AND p.id <> a.id AND n.end <= m.start AND m.start - n.end <= 1
RETURN p.id AS id, p.name AS name, p.type AS type,
       {doc_id: s.doc_id, sentence_id: s.id, sentence: s.text} AS sentence
ORDER BY s.doc_id, s.index LIMIT 3
"""

# Who holds a post: the HOLDS_POST relations (to $org, or whose sentence names the post word).
HOLDERS = f"""
MATCH (p:Person)-[r:HOLDS_POST]->(o:Entity)
WHERE ($org IS NULL OR o.id = $org) AND ($org_word IS NULL OR o.name CONTAINS $org_word)
  AND ($post IS NULL OR r.evidence CONTAINS $post)
  AND ($place IS NULL OR o.name CONTAINS $place OR r.evidence CONTAINS $place)
  AND any(d IN coalesce(r.doc_ids, []) WHERE d IN $doc_ids)
RETURN DISTINCT {_REL_FIELDS}
"""

# Who gave the report: the person named in its front matter (the first sentences, before the text).
SPEAKER = """
MATCH (p:Person)-[:MENTIONED_IN]->(s:Sentence)
WHERE s.doc_id IN $doc_ids AND s.index < $front
RETURN p.id AS id, p.name AS name, p.type AS type,
       {doc_id: s.doc_id, sentence_id: s.id, sentence: s.text} AS sentence
ORDER BY s.index LIMIT 3
"""
