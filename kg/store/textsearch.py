"""Sentence search: what the reports say about a phrase ("报告怎么说食品安全？").

``search_sentences(reader, q, ...)`` finds the sentences that contain the query, best first, with
their document (id, title, year), section path, a score and the matches marked (character
offsets in the sentence, and the sentence as HTML-safe text with ``<mark>`` around them).

How a query is read (``parse_query``):

- normalised as reports are at ingest (kg.ingest.clean, kg.ingest.traditional): full-width
  letters and digits as ASCII, traditional characters as simplified (營商環境 -> 营商环境, the
  stored sentences are simplified), runs of spaces as one; whitespace separates *terms*;
- the full-text index ``sentenceText`` (schemas/constraints.cypher, analyzer ``cjk``) indexes a
  run of ideographs as overlapping bigrams and Latin letters and digits as lower-cased words
  (PM2.5 -> pm2.5). Each term is sent as a quoted phrase (its bigrams in order) OR-ed with its
  bigrams and words loose, so a sentence containing the whole query scores above one sharing a
  bigram; the ranking then puts every sentence that contains all the terms (``exact``, checked on
  the text itself, case-insensitive) above the others;
- a term the analyzer cannot serve (one ideograph standing alone, an English stop word such as
  "the", punctuation only) is searched as a substring of the sentence text instead (a scan,
  through the ``sentence_text`` TEXT index), and only exact hits come back, with score 0.

User text reaches Lucene only inside a quoted phrase (backslash and quote escaped) or as the
ideograph runs and ASCII words the query was cut into here: no operator, wildcard, field, boost,
fuzzy or range syntax of the user's ever gets to the query parser. A query that still fails in
Lucene is the user's error (E299, 422), never the store's.

``exact_only=True`` returns only the sentences containing every term: what a question-answering
caller wants when it quotes "what the report says about X".
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from neo4j import exceptions as neo4j_errors

from kg.errors import Busy, Err, QueryRefused, StoreError
from kg.store.reader import AsyncGraphReader, GraphReader, Page, Read

SENTENCE_INDEX = "sentenceText"
MAX_QUERY_CHARS = 200
MAX_TERMS = 10
# Lucene's CJKAnalyzer stop words (org/apache/lucene/analysis/cjk/stopwords.txt): such a word is
# not in the index, so a term made of it can only be found by a substring scan.
_STOP_WORDS = frozenset("a and are as at be but by for if in into is it no not of on or s such t that the their "
                        "then there these they this to was will with www".split())
_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# What the analyzer makes tokens of: runs of ideographs, and runs of ASCII letters and digits
# (with the dots of 2.5 / PM2.5 inside them). Everything else separates tokens.
_PIECE = re.compile(f"[{_IDEOGRAPHS}]+|[A-Za-z0-9]+(?:\\.[A-Za-z0-9]+)*")
_CJK_RUN = re.compile(f"[{_IDEOGRAPHS}]+")
_FULLWIDTH = re.compile(r"[\uff01-\uff5e]")
_SPACE = re.compile(r"\s+")
# Characters of no use in a query: controls, invisible format characters, lone surrogates.
_JUNK = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]")


@dataclass
class SentencePage(Page):
    """A page of sentence hits; ``exact_total`` of the ``total`` contain every term, ``query`` is
    the text searched (normalised: simplified characters, ASCII letters and digits)."""

    exact_total: int = 0
    query: str = ""


@dataclass(frozen=True)
class SentenceQuery:
    """A user's query as the search runs it."""

    raw: str
    text: str  # normalised
    terms: list[str]  # the normalised text cut at whitespace
    lucene: str  # "" when a term cannot be served by the index (scan)
    marks: list[str] = field(default_factory=list)  # what to mark in a sentence matching loosely

    @property
    def scan(self) -> bool:
        return not self.lucene

    @property
    def folded_terms(self) -> list[str]:
        return [fold_case(t) for t in self.terms]

    @property
    def anchor(self) -> str:
        """A substring every exact hit contains in any letter case (the longest ideograph run), for
        the scan's TEXT index; "" (every sentence) when the terms have no ideographs."""
        runs = [r for t in self.terms for r in _CJK_RUN.findall(t)]
        return max(runs, key=len) if runs else ""


def fold_case(text: str) -> str:
    """Lower case, one character for one (so offsets found in the folded text hold in the text)."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def normalise(q: str) -> str:
    """The query as the reports' text is stored: full-width ASCII folded, simplified characters,
    one space between terms, no control or invisible characters."""
    from kg.ingest.traditional import convert_same_length

    text = _JUNK.sub("", q)
    text = _FULLWIDTH.sub(lambda m: chr(ord(m.group(0)) - 0xFEE0), text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACE.sub(" ", text).strip()
    return convert_same_length(text) if _CJK_RUN.search(text) else text


def parse_query(q: str) -> SentenceQuery:
    """``q`` as a SentenceQuery; E295 for a query with nothing to search, E296 for one too long."""
    if len(q) > MAX_QUERY_CHARS:
        raise QueryRefused(Err.E296.format(n=len(q), limit=MAX_QUERY_CHARS, what="characters"))
    text = normalise(q)
    if not text:
        raise QueryRefused(Err.E295.format(q=_shown(q)))
    terms = list(dict.fromkeys(text.split(" ")))
    if len(terms) > MAX_TERMS:
        raise QueryRefused(Err.E296.format(n=len(terms), limit=MAX_TERMS, what="words"))
    pieces = [_PIECE.findall(t) for t in terms]
    servable = all(ps and all(_indexed(p) for p in ps) for ps in pieces)
    marks = list(dict.fromkeys(m for ps in pieces for p in ps for m in _marks(p)))
    if not servable:
        return SentenceQuery(raw=q, text=text, terms=terms, lucene="", marks=marks)
    phrase = " AND ".join(_phrase(t) for t in terms)
    loose = " ".join(p.lower() for ps in pieces for p in ps)  # ideograph runs and ASCII words only
    return SentenceQuery(raw=q, text=text, terms=terms, lucene=f"({phrase})^4 OR ({loose})", marks=marks)


def _indexed(piece: str) -> bool:
    """Whether the analyzer keeps ``piece`` as tokens that a phrase can match: ideograph runs of
    two or more (bigrams; a lone ideograph is a token only where the text has it alone too), and
    ASCII words that are not stop words."""
    if _CJK_RUN.fullmatch(piece):
        return len(piece) >= 2
    return piece.lower() not in _STOP_WORDS


def _phrase(term: str) -> str:
    """A term as a quoted Lucene phrase: inside quotes only the backslash and the quote mean
    anything to the parser, and both are escaped."""
    return '"' + term.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _marks(piece: str) -> list[str]:
    """What of a piece to mark in a sentence that shares only part of the query: its bigrams (an
    ideograph run), or the word."""
    if _CJK_RUN.fullmatch(piece) and len(piece) > 2:
        return [piece[i:i + 2] for i in range(len(piece) - 1)]
    return [piece.lower()]


def _shown(q: str) -> str:
    """The query for an error message: printable, short, never a lone surrogate."""
    text = _JUNK.sub("", q).strip()
    return repr(text[:40] + ("…" if len(text) > 40 else ""))


# --- Cypher ---------------------------------------------------------------------------------------
# The filters, when any is given, first: the documents of the id / year / district asked for, the
# district matched by id, name, alias or code (a second, small query; an unfiltered search is one).
FILTER_DOCUMENTS = """
CALL {
  MATCH (dist:District)
  WHERE $district IS NOT NULL AND (dist.id = $district OR dist.name = $district OR dist.code = $district
                                   OR $district IN coalesce(dist.aliases, []))
  RETURN collect(dist.id) AS districts
}
RETURN districts, COLLECT { MATCH (d:Document)
                            WHERE ($document IS NULL OR d.id = $document) AND ($year IS NULL OR d.year = $year)
                              AND ($district IS NULL OR d.district_id IN districts)
                            RETURN d.id } AS docs
"""

_FROM_INDEX = """
CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node AS s, score
WHERE $docs IS NULL OR s.doc_id IN $docs
WITH s, score, all(t IN $terms WHERE toLower(s.text) CONTAINS t) AS exact
WHERE exact OR NOT $exact_only"""

# The TEXT index answers CONTAINS for the anchor; every term is then checked in any letter case.
_FROM_SCAN = """
MATCH (s:Sentence) WHERE s.text CONTAINS $anchor
  AND ($docs IS NULL OR s.doc_id IN $docs) AND all(t IN $terms WHERE toLower(s.text) CONTAINS t)
WITH s, 0.0 AS score, true AS exact"""

# The hits in order (node references, scores, flags: small), counted; only the page's sentences
# are then read out with their document and section path. One pipeline: it plans in half the
# time of a count and a page as two subqueries (what a freshly started server pays once).
_PAGE = """
WITH s, score, exact ORDER BY exact DESC, score DESC, s.doc_id, s.index
WITH collect({s: s, score: score, exact: exact}) AS hits
WITH size(hits) AS total, size([h IN hits WHERE h.exact]) AS exact_total, hits[$offset..$offset + $limit] AS page
CALL {
  WITH page
  UNWIND range(0, size(page) - 1) AS rank
  WITH rank, page[rank] AS h
  WITH rank, h, h.s AS s
  MATCH (d:Document {id: s.doc_id})
  RETURN collect({rank: rank, sentence_id: s.id, sentence: s.text, index: s.index, start: s.start, end: s.end,
                  score: h.score, exact: h.exact, document: d {.id, .title, .year, .district_id},
                  section_path: coalesce(COLLECT { MATCH (sec:Section)-[:HAS_SENTENCE]->(s) RETURN sec.path }[0], [])
                 }) AS items
}
RETURN total, exact_total, items
"""

SEARCH_INDEX = _FROM_INDEX + _PAGE
SEARCH_SCAN = _FROM_SCAN + _PAGE


def filter_read(document: str | None, year: int | None, district: str | None) -> Read | None:
    """The documents a search is limited to (None: no filter given)."""
    if document is None and year is None and district is None:
        return None
    return Read(FILTER_DOCUMENTS, "choosing the documents to search",
                dict(document=document, year=year, district=district))


def filtered_docs(rows: list[dict[str, Any]], read: Read) -> list[str]:
    """The documents the filters leave; E297 when a filter names no document or district."""
    row, p = rows[0], read.params
    if p["district"] is not None and not row["districts"]:
        raise QueryRefused(Err.E297.format(what="district", value=_shown(p["district"]),
                                           hint="a district's id, name, alias or code (GET /api/v1/search?q=...&type=District)"))
    if p["document"] is not None and not row["docs"]:
        raise QueryRefused(Err.E297.format(what="document", value=_shown(p["document"]),
                                           hint="a document id of GET /api/v1/documents" +
                                                (" for that year" if p["year"] is not None else "")))
    return list(row["docs"])


def sentences_read(query: SentenceQuery, docs: list[str] | None, *, limit: int, offset: int,
                   exact_only: bool) -> Read:
    return Read(SEARCH_SCAN if query.scan else SEARCH_INDEX, f"searching sentences for {query.text!r}",
                dict(index=SENTENCE_INDEX, lucene=query.lucene, terms=query.folded_terms, anchor=query.anchor,
                     docs=docs, exact_only=exact_only, limit=limit, offset=offset))


def as_sentence_page(rows: list[dict[str, Any]], query: SentenceQuery, read: Read) -> SentencePage:
    """The page of hits, each marked, in rank order."""
    row, p = rows[0], read.params
    items = [mark_hit(item, query) for item in sorted(row["items"], key=lambda h: h["rank"])]
    return SentencePage(items=items, total=row["total"], limit=p["limit"], offset=p["offset"],
                        exact_total=row["exact_total"], query=query.text)


def mark_hit(item: dict[str, Any], query: SentenceQuery) -> dict[str, Any]:
    """The hit with ``hits`` (start, end in the sentence, end exclusive) and ``marked`` (the sentence
    as HTML-safe text, each hit in <mark>): the terms where it contains them all, else the bigrams
    and words of the query it shares."""
    text = item["sentence"]
    spans = find_spans(text, query.folded_terms if item["exact"] else query.marks)
    out = {k: item[k] for k in _HIT_FIELDS}
    out["document"] = {k: item["document"][k] for k in ("id", "title", "year", "district_id")}
    return out | {"hits": [{"start": a, "end": b} for a, b in spans], "marked": marked(text, spans)}


_HIT_FIELDS = ("sentence_id", "sentence", "index", "start", "end", "document", "section_path", "score", "exact")


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Where the needles occur in ``text`` (any letter case), overlapping spans merged, in order."""
    folded = fold_case(text)
    spans: list[tuple[int, int]] = []
    for n in needles:
        n = fold_case(n)
        i = folded.find(n) if n else -1
        while i >= 0:
            spans.append((i, i + len(n)))
            i = folded.find(n, i + 1)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for a, b in spans:
        out.append(html.escape(text[at:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>")
        at = b
    return "".join(out) + html.escape(text[at:])


@contextmanager
def _lucene_errors(query: SentenceQuery) -> Iterator[None]:
    """A query the full-text procedure refuses is the user's (422, E299), not a failure of the
    store (500); a search that ran out of time is the server's load (503, retry)."""
    try:
        yield
    except StoreError as e:
        cause = e.__cause__
        code = getattr(cause, "code", None) or ""
        if "TransactionTimedOut" in code:
            raise Busy(Err.E409.format(what="the sentence search did not finish in time (KG_CYPHER_TIMEOUT_S)",
                                       retry_after=5), retry_after=5) from e
        if isinstance(cause, neo4j_errors.ClientError) and code.endswith("Procedure.ProcedureCallFailed"):
            detail = " ".join((cause.message or "").split())[:200]
            raise QueryRefused(Err.E299.format(q=_shown(query.raw), detail=detail)) from e
        raise


def _filter_value(what: str, value: str | None) -> str | None:
    """A filter as sent to Neo4j: Unicode text of a sane length (E298), else None."""
    if value is None:
        return None
    if len(value) > MAX_QUERY_CHARS:
        raise QueryRefused(Err.E298.format(what=what, value=_shown(value),
                                           why=f"{len(value)} characters, over the limit of {MAX_QUERY_CHARS}"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise QueryRefused(Err.E298.format(what=what, value=_shown(value),
                                           why="it has a lone surrogate, which is not Unicode text")) from e
    return value


def search_sentences(reader: GraphReader, q: str, *, document: str | None = None, year: int | None = None,
                     district: str | None = None, limit: int = 20, offset: int = 0,
                     exact_only: bool = False) -> SentencePage:
    """Sentences about ``q``: those containing every term of it first (``exact``), then those
    sharing some of its bigrams or words (unless ``exact_only``), by the full-text score; each
    with its document (id, title, year, district_id), section path, score and marks (``hits``,
    ``marked``). ``document``: a document id; ``year``: the report's year; ``district``: the
    district the report speaks for, by id, name, alias or code (E297 when none matches).
    ``exact_total`` counts the exact hits, ``query`` is the text searched."""
    query = parse_query(q)
    docs = None
    filters = filter_read(_filter_value("document", document), year, _filter_value("district", district))
    if filters is not None:
        docs = filtered_docs(reader._run(filters.query, filters.doing, **filters.params), filters)
    read = sentences_read(query, docs, limit=limit, offset=offset, exact_only=exact_only)
    with _lucene_errors(query):
        rows = reader._run(read.query, read.doing, **read.params)
    return as_sentence_page(rows, query, read)


async def search_sentences_async(reader: AsyncGraphReader, q: str, *, document: str | None = None,
                                 year: int | None = None, district: str | None = None, limit: int = 20,
                                 offset: int = 0, exact_only: bool = False) -> SentencePage:
    """search_sentences over the API's asyncio driver: same queries, same page."""
    query = parse_query(q)
    docs = None
    filters = filter_read(_filter_value("document", document), year, _filter_value("district", district))
    if filters is not None:
        docs = filtered_docs(await reader._read(filters), filters)
    read = sentences_read(query, docs, limit=limit, offset=offset, exact_only=exact_only)
    with _lucene_errors(query):
        rows = await reader._read(read)
    return as_sentence_page(rows, query, read)
