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

from kg.errors import Err, QueryRefused, StoreError
from kg.store.driver import is_busy
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
# The filters first: the documents of the year / district / id asked for (null: no filter), the
# district matched by id, name, alias or code. Then the hits twice in subqueries, once counted and
# once sorted and cut to the page (ORDER BY with SKIP/LIMIT keeps only the page in memory, however
# many sentences a common word finds).
_FILTERS = """
CALL {
  MATCH (dist:District)
  WHERE $district IS NOT NULL AND (dist.id = $district OR dist.name = $district OR dist.code = $district
                                   OR $district IN coalesce(dist.aliases, []))
  RETURN collect(dist.id) AS districts
}
WITH districts, CASE WHEN $document IS NULL AND $year IS NULL AND $district IS NULL THEN null ELSE
  COLLECT { MATCH (d:Document)
            WHERE ($document IS NULL OR d.id = $document) AND ($year IS NULL OR d.year = $year)
              AND ($district IS NULL OR d.district_id IN districts)
            RETURN d.id } END AS docs
"""

_FROM_INDEX = """
  CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node AS s, score
  WHERE docs IS NULL OR s.doc_id IN docs
  WITH s, score, all(t IN $terms WHERE toLower(s.text) CONTAINS t) AS exact
  WHERE exact OR NOT $exact_only"""

# The TEXT index answers CONTAINS for the anchor; every term is then checked in any letter case.
_FROM_SCAN = """
  MATCH (s:Sentence) WHERE s.text CONTAINS $anchor
    AND (docs IS NULL OR s.doc_id IN docs) AND all(t IN $terms WHERE toLower(s.text) CONTAINS t)
  WITH s, 0.0 AS score, true AS exact"""


def _search_query(source: str) -> str:
    return _FILTERS + f"""
CALL {{
  WITH docs{source}
  RETURN count(*) AS total, sum(CASE WHEN exact THEN 1 ELSE 0 END) AS exact_total
}}
CALL {{
  WITH docs{source}
  ORDER BY exact DESC, score DESC, s.doc_id, s.index SKIP $offset LIMIT $limit
  MATCH (d:Document {{id: s.doc_id}})
  RETURN collect({{sentence_id: s.id, sentence: s.text, index: s.index, start: s.start, end: s.end,
                  score: score, exact: exact,
                  document: {{id: d.id, title: d.title, year: d.year, district_id: d.district_id}},
                  section_path: coalesce(COLLECT {{ MATCH (h:Section)-[:HAS_SENTENCE]->(s) RETURN h.path }}[0], [])
                 }}) AS items
}}
RETURN districts, docs IS NOT NULL AS filtered, size(docs) AS documents, total, exact_total, items
"""


SEARCH_INDEX = _search_query(_FROM_INDEX)
SEARCH_SCAN = _search_query(_FROM_SCAN)


def sentences_read(query: SentenceQuery, *, document: str | None, year: int | None, district: str | None,
                   limit: int, offset: int, exact_only: bool) -> Read:
    return Read(SEARCH_SCAN if query.scan else SEARCH_INDEX, f"searching sentences for {query.text!r}",
                dict(index=SENTENCE_INDEX, lucene=query.lucene, terms=query.folded_terms, anchor=query.anchor,
                     document=document, year=year, district=district, exact_only=exact_only,
                     limit=limit, offset=offset))


def as_sentence_page(rows: list[dict[str, Any]], query: SentenceQuery, read: Read) -> SentencePage:
    """The page of hits, each marked; E297 when a filter names no document or district."""
    row = rows[0]
    p = read.params
    if p["district"] is not None and not row["districts"]:
        raise QueryRefused(Err.E297.format(what="district", value=_shown(p["district"]),
                                           hint="a district's id, name, alias or code (GET /api/v1/search?q=...&type=District)"))
    if p["document"] is not None and not row["documents"]:
        raise QueryRefused(Err.E297.format(what="document", value=_shown(p["document"]),
                                           hint="a document id of GET /api/v1/documents" +
                                                (" for that year" if p["year"] is not None else "")))
    items = sorted((mark_hit(item, query) for item in row["items"]),
                   key=lambda h: (not h["exact"], -h["score"], h["document"]["id"], h["index"]))
    return SentencePage(items=items, total=row["total"], limit=p["limit"], offset=p["offset"],
                        exact_total=row["exact_total"], query=query.text)


def mark_hit(item: dict[str, Any], query: SentenceQuery) -> dict[str, Any]:
    """The hit with ``hits`` (start, end in the sentence, end exclusive) and ``marked`` (the sentence
    as HTML-safe text, each hit in <mark>): the terms where it contains them all, else the bigrams
    and words of the query it shares."""
    text = item["sentence"]
    spans = find_spans(text, query.folded_terms if item["exact"] else query.marks)
    return {**item, "hits": [{"start": a, "end": b} for a, b in spans], "marked": marked(text, spans)}


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
    """A query Lucene refuses is the user's (422, E299), not a failure of the store (500)."""
    try:
        yield
    except StoreError as e:
        cause = e.__cause__
        if isinstance(cause, neo4j_errors.ClientError) and not isinstance(cause, neo4j_errors.AuthError) \
                and not is_busy(cause):
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
    with its document (id, title, year), section path, score and marks (``hits``, ``marked``).
    ``document``: a document id; ``year``: the report's year; ``district``: the district the report
    speaks for, by id, name, alias or code. ``Page.exact_total`` counts the exact hits."""
    query = parse_query(q)
    read = sentences_read(query, document=_filter_value("document", document), year=year,
                          district=_filter_value("district", district), limit=limit, offset=offset,
                          exact_only=exact_only)
    with _lucene_errors(query):
        rows = reader._run(read.query, read.doing, **read.params)
    return as_sentence_page(rows, query, read)


async def search_sentences_async(reader: AsyncGraphReader, q: str, *, document: str | None = None,
                                 year: int | None = None, district: str | None = None, limit: int = 20,
                                 offset: int = 0, exact_only: bool = False) -> SentencePage:
    """search_sentences over the API's asyncio driver: same query, same page."""
    query = parse_query(q)
    read = sentences_read(query, document=_filter_value("document", document), year=year,
                          district=_filter_value("district", district), limit=limit, offset=offset,
                          exact_only=exact_only)
    with _lucene_errors(query):
        rows = await reader._read(read)
    return as_sentence_page(rows, query, read)


