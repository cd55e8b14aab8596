"""kg.extract.spacy_adapter: the direct phrase-matcher path finds exactly what the EntityRuler would."""

from __future__ import annotations

import pytest
from spacy.util import get_words_and_spaces

from kg.extract.spacy_adapter import SpacyLexicon, char_words_and_spaces, lexicon_patterns

TRICKY = ["", " ", "a b", "a  b", " a", "a ", "a \n b", "中\n\n文", "\u3000中 文\t", "中 \u3000文  "]


@pytest.mark.parametrize("text", TRICKY)
def test_spacy_char_words_match_spacys_alignment(text: str) -> None:
    assert char_words_and_spaces(text) == get_words_and_spaces(list(text), text)


@pytest.fixture(scope="module")
def lexicon() -> SpacyLexicon:
    return SpacyLexicon()


def _ruler_hits(lex: SpacyLexicon, text: str) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in lex.nlp(text).ents]


def test_spacy_find_equals_ruler_entities_with_overlaps_and_spaces(lexicon: SpacyLexicon) -> None:
    names = [p["pattern"] for p in lexicon_patterns()]
    longest = max(names, key=len)
    # overlapping entries, a name split by one space (still one match) and by a newline (none)
    text = "，".join(names[:40]) + longest + longest[1:] + f"。{longest[:2]} {longest[2:]}\n{longest[:2]}\n{longest[2:]}"
    hits = [(h.start, h.end, h.label) for h in lexicon.find(text)]
    assert hits == _ruler_hits(lexicon, text)
    assert hits
