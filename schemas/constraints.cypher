// PolicyKG constraints and indexes. kg/store/schema.py runs these statements one
// by one (split on ';'); every one is idempotent (IF NOT EXISTS).
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT section_id IF NOT EXISTS FOR (n:Section) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sentence_id IF NOT EXISTS FOR (n:Sentence) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT metric_id IF NOT EXISTS FOR (n:Metric) REQUIRE n.id IS UNIQUE;
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type);
// Text indexes answer CONTAINS from the index: search by any part of a name or alias, and
// "id, name or alias" lookups (aliases_text holds the aliases joined by " | "), without a scan.
CREATE TEXT INDEX entity_name_text IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE TEXT INDEX entity_aliases_text IF NOT EXISTS FOR (n:Entity) ON (n.aliases_text);
CREATE INDEX sentence_doc IF NOT EXISTS FOR (n:Sentence) ON (n.doc_id);
CREATE INDEX section_doc IF NOT EXISTS FOR (n:Section) ON (n.doc_id);
CREATE INDEX metric_indicator IF NOT EXISTS FOR (n:Metric) ON (n.indicator);
CREATE INDEX metric_period IF NOT EXISTS FOR (n:Metric) ON (n.period);
CREATE INDEX metric_kind IF NOT EXISTS FOR (n:Metric) ON (n.kind);
CREATE INDEX metric_doc IF NOT EXISTS FOR (n:Metric) ON (n.doc_id);
CREATE INDEX metric_indicator_canonical IF NOT EXISTS FOR (n:Metric) ON (n.indicator_canonical);
CREATE INDEX metric_verdict IF NOT EXISTS FOR (n:Metric) ON (n.verdict);
CREATE FULLTEXT INDEX entityNames IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases_text]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
// Sentence search (kg.store.textsearch): the report's sentences, `cjk` analyzer (a run of
// ideographs as overlapping bigrams, Latin and digits as lower-cased words: PM2.5, 5g). A query
// the analyzer cannot serve (one ideograph, punctuation only) falls back to a substring scan,
// and the TEXT index answers that scan's CONTAINS (and /browse/sentences') without reading every sentence.
CREATE TEXT INDEX sentence_text IF NOT EXISTS FOR (n:Sentence) ON (n.text);
CREATE FULLTEXT INDEX sentenceText IF NOT EXISTS FOR (n:Sentence) ON EACH [n.text]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
