// PolicyKG saved queries for Neo4j Browser.
//
// Paste one block (its :param lines and its query) into the Browser editor and run it
// (Ctrl/Cmd+Enter); Browser runs the lines one after the other. Put a name between the
// quotes of a :param line to choose the entity; leave '' and the query picks the
// best-connected one itself, so every block runs as is on any loaded report.
// Load schemas/browser/style.grass first for colours and Chinese captions.
// Names match the canonical name or any alias.

// 1. 企业参与的项目：所在区县与行业 (projects of a company, their districts and industries; graph)
:param company => '';
MATCH (c:Company)-[:PARTICIPATES_IN]->(:Project)
WHERE $company = '' OR c.name = $company OR $company IN c.aliases
WITH c, COUNT { (c)-[:PARTICIPATES_IN]->() } AS projects ORDER BY projects DESC, c.name LIMIT 1
MATCH part = (c)-[:PARTICIPATES_IN]->(p:Project)
OPTIONAL MATCH place = (p)-[:LOCATED_IN]->(:Entity)-[:PART_OF*0..3]->(:District)
OPTIONAL MATCH field = (p)-[:IN_INDUSTRY]->(:Industry)
RETURN part, place, field;

// 2. 企业参与的项目（表格）(the same as a table, with the evidence sentence)
:param company => '';
MATCH (c:Company)-[r:PARTICIPATES_IN]->(p:Project)
WHERE $company = '' OR c.name = $company OR $company IN c.aliases
OPTIONAL MATCH (p)-[:LOCATED_IN]->(:Entity)-[:PART_OF*0..3]->(d:District)
RETURN c.name AS company, p.name AS project, collect(DISTINCT d.name) AS districts,
       r.evidence AS evidence, r.doc_ids AS documents
ORDER BY company, project;

// 3. 指标：目标与实际 (targets of an indicator against actuals, per district, period and measure)
:param indicator => '';
MATCH (m:Metric)-[:MEASURES]->(i:Indicator)
WHERE $indicator = '' OR i.name = $indicator OR $indicator IN i.aliases
OPTIONAL MATCH (m)-[:ABOUT]->(d:District)
WITH i.name AS indicator, d.name AS district, m.period AS period, m.measure AS measure,
     [x IN collect(m) WHERE x.kind = 'target' | coalesce(x.qualifier + ' ', '') + coalesce(x.value_text, toString(x.value)) + x.unit] AS targets,
     [x IN collect(m) WHERE x.kind = 'actual' | coalesce(x.value_text, toString(x.value)) + x.unit] AS actuals,
     collect(DISTINCT m.doc_id) AS documents
RETURN indicator, district, period, measure, targets, actuals, documents
ORDER BY size(targets) > 0 AND size(actuals) > 0 DESC, indicator, period, measure
LIMIT 200;

// 4. 区县承诺与报告 (what a district promised for a year and what it reported for that year)
:param district => '';
:param year => '2021';
MATCH (d:District)<-[:ABOUT]-(:Metric)
WHERE $district = '' OR d.name = $district OR $district IN d.aliases
WITH d, count(*) AS metrics ORDER BY metrics DESC, d.name LIMIT 1
MATCH (d)<-[:ABOUT]-(m:Metric) WHERE m.period = $year
RETURN d.name AS district, m.indicator AS indicator, m.measure AS measure,
       [x IN collect(m) WHERE x.kind = 'target' | coalesce(x.qualifier + ' ', '') + coalesce(x.value_text, toString(x.value)) + x.unit] AS promised,
       [x IN collect(m) WHERE x.kind = 'actual' | coalesce(x.value_text, toString(x.value)) + x.unit] AS reported
ORDER BY indicator, measure;

// 5. 区县两跳之内的一切 (everything within two hops of a district, provenance left out; graph)
:param district => '';
MATCH (d:District)
WHERE $district = '' OR d.name = $district OR $district IN d.aliases
WITH d ORDER BY COUNT { (d)-[:LOCATED_IN|PART_OF|ABOUT]-() } DESC, d.name LIMIT 1
MATCH p = (d)-[:LOCATED_IN|PART_OF|PARTICIPATES_IN|IN_INDUSTRY|HOLDS_POST|COOPERATES_WITH|ABOUT|MEASURES*1..2]-()
RETURN p
LIMIT 150;

// 6. 两个机构如何相连 (how two agencies are connected: relations, else a shared sentence or section; graph)
:param from => '';
:param to => '';
MATCH (a:Organization), (b:Organization)
WHERE elementId(a) < elementId(b)
  AND ($from = '' OR $from IN [a.name, b.name] + a.aliases + b.aliases)
  AND ($to = '' OR $to IN [a.name, b.name] + a.aliases + b.aliases)
MATCH p = shortestPath((a)-[:LOCATED_IN|PART_OF|PARTICIPATES_IN|IN_INDUSTRY|HOLDS_POST|COOPERATES_WITH|MENTIONED_IN|HAS_SENTENCE*..6]-(b))
WHERE NONE(n IN nodes(p) WHERE n:Document)
RETURN p ORDER BY length(p), a.name, b.name
LIMIT 5;

// 7. 事实的证据句 (the evidence sentence of every relation: document, section path, sentence)
:param relation => '';
MATCH (h:Entity)-[r]->(t:Entity)
WHERE ($relation = '' AND type(r) <> 'CO_MENTIONED' OR type(r) = $relation) AND r.sentence_ids IS NOT NULL
UNWIND r.sentence_ids AS sid
MATCH (s:Sentence {id: sid})
OPTIONAL MATCH (sec:Section)-[:HAS_SENTENCE]->(s)
OPTIONAL MATCH (doc:Document {id: s.doc_id})
RETURN h.name AS head, type(r) AS relation, t.name AS tail, r.confidence AS confidence,
       doc.title AS document, sec.path AS section, s.text AS sentence
ORDER BY relation, head, tail
LIMIT 200;

// 8. 数字的出处 (where a metric was read: Document -> Section -> Sentence <- Metric -> Indicator; graph)
:param indicator => '';
MATCH (m:Metric)-[:MEASURES]->(i:Indicator)
WHERE $indicator = '' OR i.name = $indicator OR $indicator IN i.aliases
WITH m, i ORDER BY m.kind DESC, m.period DESC LIMIT 3
MATCH stated = (m)-[:STATED_IN]->(s:Sentence)<-[:HAS_SENTENCE]-(:Section)<-[:HAS_SECTION]-(:Document)
MATCH measures = (m)-[:MEASURES]->(i)
RETURN stated, measures;

// 9. 名称检索 (full-text search over names and aliases, CJK bigrams)
:param q => '政府';
CALL db.index.fulltext.queryNodes('entityNames', $q) YIELD node, score
RETURN node.name AS name, node.type AS type, node.aliases AS aliases, score
ORDER BY score DESC
LIMIT 25;

// 10. 共同提及 (the co-mention layer: who is named in the same sentences as an entity, with how
//     often; CO_MENTIONED edges carry count and sentence_ids, kept apart from the stated relations)
:param name => '';
MATCH (e:Entity)-[:CO_MENTIONED]-()
WHERE $name = '' OR e.name = $name OR $name IN e.aliases
WITH e, COUNT { (e)-[:CO_MENTIONED]-() } AS partners ORDER BY partners DESC, e.name LIMIT 1
MATCH p = (e)-[r:CO_MENTIONED]-(:Entity)
WITH p, r ORDER BY r.count DESC
RETURN p
LIMIT 40;

// 11. 目标与完成：跨年度结论 (each target with the result a later report states for it and the verdict,
//     met / missed / no_actual / not_comparable, by kg.compare's rules; the same answer as
//     GET /api/v1/metrics/compare and `kg compare`. The indicator may be any synonym the graph knows.)
:param district => '';
:param indicator => '';
MATCH (t:Metric {kind: 'target'})-[:ABOUT]->(p)
WHERE t.verdict IS NOT NULL
  AND ($district = '' OR p.name = $district OR $district IN p.aliases)
  AND ($indicator = '' OR t.indicator_canonical = $indicator OR t.indicator = $indicator
       OR EXISTS { MATCH (t)-[:MEASURES]->(i) WHERE i.name = $indicator OR $indicator IN i.aliases })
OPTIONAL MATCH (t)-[:ANSWERED_BY]->(a:Metric)
RETURN p.name AS place, t.indicator_canonical AS indicator, t.period AS period, t.measure AS measure,
       coalesce(t.qualifier + ' ', '') + coalesce(t.value_text, toString(t.value)) + coalesce(t.unit, '') AS target,
       t.doc_id AS target_report,
       coalesce(a.value_text, toString(a.value)) + coalesce(a.unit, '') AS result, a.doc_id AS result_report,
       t.verdict AS verdict, t.verdict_rule AS rule
ORDER BY place, indicator, period, measure
LIMIT 300;
// 12. 句子检索 (what the reports say about a phrase: full-text search over sentences, CJK bigrams;
//     the phrase in double quotes finds sentences containing it whole; the API ranks and marks them:
//     /api/v1/search?scope=sentences)
:param q => '"地区生产总值"';
CALL db.index.fulltext.queryNodes('sentenceText', $q) YIELD node, score
MATCH (doc:Document {id: node.doc_id})
OPTIONAL MATCH (sec:Section)-[:HAS_SENTENCE]->(node)
RETURN doc.title AS document, doc.year AS year, sec.path AS section, node.text AS sentence, score
ORDER BY score DESC
LIMIT 25;
