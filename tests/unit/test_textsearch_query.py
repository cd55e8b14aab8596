"""How kg.store.textsearch reads a query (no database): normalised like the reports' text, cut into
terms, sent to Lucene only as quoted phrases and plain tokens; matches marked HTML-safe."""

from __future__ import annotations

import re

import pytest

from kg.errors import QueryRefused
from kg.store.textsearch import MAX_QUERY_CHARS, find_spans, marked, normalise, parse_query

# Outside the quoted phrases, the Lucene query holds only ideographs, ASCII letters, digits and
# dots, spaces, and the operators this module writes itself.
_PHRASE = re.compile(r'"(?:[^"\\]|\\.)*"')
_OWN_SYNTAX = re.compile(r"^[\s()^4]*(?:AND|OR|[\u3400-\u9fff\uf900-\ufaffa-z0-9.\s()^4])*$")


def test_textsearch_query_normalised_like_report_text() -> None:
    assert normalise("營商環境") == "营商环境"  # traditional characters: the stored text is simplified
    assert normalise("Ｖ２．１") == "V2.1"  # full-width ASCII folded as kg.ingest.clean does
    assert normalise("  食品\u200b安全 \t 汛情\x00 ") == "食品安全 汛情"
    q = parse_query("營商環境")
    assert q.text == "营商环境" and q.terms == ["营商环境"]


def test_textsearch_query_phrase_and_loose_bigrams() -> None:
    q = parse_query("营商环境")
    assert q.lucene == '("营商环境")^4 OR (营商环境)' and not q.scan
    assert q.marks == ["营商", "商环", "环境"]
    q = parse_query("V2.1 汛情")
    assert q.lucene == '("V2.1" AND "汛情")^4 OR (v2.1 汛情)'
    assert q.folded_terms == ["v2.1", "汛情"]


@pytest.mark.parametrize("text", ["水", "A股", "the", "%", "汛情 水"])
def test_textsearch_query_the_index_cannot_serve_is_scanned(text: str) -> None:
    q = parse_query(text)
    assert q.scan and q.lucene == ""


def test_textsearch_query_anchor_is_the_longest_ideograph_run() -> None:
    assert parse_query("A股 水利").anchor == "水利"
    assert parse_query("the").anchor == ""


ATTACKS = ['食品安全 AND', 'OR', 'NOT 汛情', '*', '?', '疫*', '营商~', '营商~0.5', '环境^10', 'text:汛情',
           '"营商环境"', '"', '\\', '\\"', '汛情\\', '(', ')', '[a TO b]', '{a TO b}', '+-&&||!', '/regex/',
           'a:b:c', '食品安全"~5', '营商 "环境', '*:*', '_id:1', 'field:"x" OR *:*', '汛情)))', '-汛情',
           '<script>alert(1)</script>', 'V2.1~', '4K^', '\\u0022', 'AND OR NOT TO']


@pytest.mark.parametrize("text", ATTACKS)
def test_textsearch_query_user_syntax_never_reaches_lucene(text: str) -> None:
    q = parse_query(text)
    if q.scan:
        return
    outside = _PHRASE.sub("", q.lucene)
    assert _OWN_SYNTAX.match(outside), q.lucene
    for phrase in _PHRASE.findall(q.lucene):  # inside a phrase: no unescaped quote or lone backslash
        assert not re.search(r'(?<!\\)(?:\\\\)*"', phrase[1:-1])


def test_textsearch_query_refused_with_one_line() -> None:
    with pytest.raises(QueryRefused, match=r"^\[E295\]"):
        parse_query(" \t\u200b ")
    with pytest.raises(QueryRefused, match=r"^\[E296\].*201 characters"):
        parse_query("x" * (MAX_QUERY_CHARS + 1))
    with pytest.raises(QueryRefused, match=r"^\[E296\].*11 words"):
        parse_query(" ".join("abcdefghijk"))


def test_textsearch_marks_are_html_safe_with_offsets() -> None:
    text = "举办<b>食品安全</b>宣传周 & V2.1科普。"
    spans = find_spans(text, ["食品安全", "v2.1"])
    assert [text[a:b] for a, b in spans] == ["食品安全", "V2.1"]
    assert marked(text, spans) == ("举办&lt;b&gt;<mark>食品安全</mark>&lt;/b&gt;宣传周 &amp; "
                                   "<mark>V2.1</mark>科普。")
    assert find_spans("营商环境", ["营商", "商环", "环境"]) == [(0, 4)]  # overlapping bigrams merge
