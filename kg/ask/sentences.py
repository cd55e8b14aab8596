"""Sentence retrieval for topic questions: ONE function, so the rest of `kg ask` never sees how.

The full-text index on sentences (``sentenceText``, kg.store.textsearch) finds the candidates:
every form as a quoted phrase (its CJK bigrams in order, or its ASCII words), OR-ed, limited to
the reports in scope; each candidate is then checked on its text, so every sentence returned
contains one of ``forms`` verbatim. A form the analyzer cannot serve as a phrase (one ideograph
alone, an English stop word) makes the whole lookup a substring test over the reports in scope
instead (the ``sentence_doc`` index narrows to those reports first): same answer, slower on a
large corpus. Sentences holding an earlier form (the whole topic) come first, then the newest
report's, then text order.
"""

from __future__ import annotations

from typing import Any

from kg.store.reader import GraphReader
from kg.store.textsearch import _PIECE, SENTENCE_INDEX, _indexed, _phrase

_RANKED = """
WITH s, [i IN range(0, size($forms) - 1) WHERE s.text CONTAINS $forms[i]] AS hits
WHERE hits <> []
RETURN s.doc_id AS doc_id, s.id AS sentence_id, s.text AS text, hits[0] AS rank
ORDER BY rank, s.doc_id DESC, s.index LIMIT $limit
"""

TOPIC_SENTENCES_INDEX = """
CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node AS s
WHERE s.doc_id IN $doc_ids""" + _RANKED

TOPIC_SENTENCES_SCAN = """
MATCH (s:Sentence) WHERE s.doc_id IN $doc_ids""" + _RANKED


def servable(form: str) -> bool:
    """Whether the full-text index can find every sentence containing ``form``."""
    pieces = _PIECE.findall(form)
    return bool(pieces) and all(_indexed(p) for p in pieces)


def topic_sentences(reader: GraphReader, forms: list[str], doc_ids: list[str], limit: int
                    ) -> tuple[list[dict[str, Any]], str, dict[str, Any]]:
    """Sentences of the reports ``doc_ids`` containing one of ``forms`` (best form first), at most
    ``limit``; with the query and parameters it ran."""
    params: dict[str, Any] = {"forms": forms, "doc_ids": doc_ids, "limit": limit}
    if forms and all(servable(f) for f in forms):
        params |= {"index": SENTENCE_INDEX, "lucene": " OR ".join(_phrase(f) for f in forms)}
        query = TOPIC_SENTENCES_INDEX
    else:
        query = TOPIC_SENTENCES_SCAN
    rows = reader._run(query, "finding sentences on a topic", **params)
    return rows, query, params
