"""Sentence retrieval for topic questions: ONE function, so it can move to a full-text index on
sentences without touching the rest of `kg ask`.

Today: a substring test on the sentences of the reports in scope (the ``sentence_doc`` index
narrows to those reports first). Every sentence returned contains one of ``forms``; sentences
holding an earlier form (the whole topic) come first, then the report's newest, then text order.
"""

from __future__ import annotations

from typing import Any

from kg.store.reader import GraphReader

TOPIC_SENTENCES = """
MATCH (s:Sentence) WHERE s.doc_id IN $doc_ids
WITH s, [i IN range(0, size($forms) - 1) WHERE s.text CONTAINS $forms[i]] AS hits
WHERE hits <> []
RETURN s.doc_id AS doc_id, s.id AS sentence_id, s.text AS text, hits[0] AS rank
ORDER BY rank, s.doc_id DESC, s.index LIMIT $limit
"""


def topic_sentences(reader: GraphReader, forms: list[str], doc_ids: list[str], limit: int
                    ) -> tuple[list[dict[str, Any]], str, dict[str, Any]]:
    """Sentences of the reports ``doc_ids`` containing one of ``forms`` (best form first), at most
    ``limit``; with the query and parameters it ran."""
    params: dict[str, Any] = {"forms": forms, "doc_ids": doc_ids, "limit": limit}
    rows = reader._run(TOPIC_SENTENCES, "finding sentences on a topic", **params)
    return rows, TOPIC_SENTENCES, params
