"""spaCy, used as a fast phrase matcher: the only module that imports spacy.

``spacy.blank("zh")`` with the *character* segmenter: it needs no model and
downloads nothing (the jieba/pkuseg segmenters would need extra packages or
model files).  An EntityRuler holds the lexicons of ``kg.extract.rules`` as
phrase patterns; because every character is a token, a pattern matches
wherever its characters occur, and the resolver checks word boundaries later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kg.extract.rules import lexicons as L

log = logging.getLogger(__name__)

# Config given explicitly so spaCy never looks for a segmenter model.
_ZH_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "char"}}}
# spaCy refuses texts over nlp.max_length (1,000,000) and holds one token object per
# character, so long texts are matched in pieces cut at line ends (a lexicon entry
# never spans a line), or at 。 or hard when a line is longer than a piece.
CHUNK_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class LexiconHit:
    start: int
    end: int
    label: str


def lexicon_patterns() -> list[dict[str, str]]:
    """Phrase patterns for the EntityRuler, one per lexicon entry, labelled by entity type."""
    tables = (("Indicator", L.INDICATORS), ("Industry", L.INDUSTRIES), ("Policy", L.POLICIES),
              ("Organization", L.ORGANIZATIONS))
    return [{"label": label, "pattern": name} for label, names in tables for name in names]


class SpacyLexicon:
    """A blank Chinese pipeline with one EntityRuler over the domain lexicons."""

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.blank("zh", config=_ZH_CONFIG)
        # overwrite_ents: ruler output is the only source of doc.ents here
        ruler = self.nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH",
                                                           "overwrite_ents": True})
        ruler.add_patterns(lexicon_patterns())

    @property
    def segmenter(self) -> str:
        return str(self.nlp.tokenizer.segmenter)

    def find(self, text: str) -> list[LexiconHit]:
        """Longest non-overlapping lexicon matches (the ruler filters overlaps)."""
        hits: list[LexiconHit] = []
        for start, end in chunk_spans(text, CHUNK_CHARS):
            doc = self.nlp(text[start:end])
            hits.extend(LexiconHit(start + e.start_char, start + e.end_char, e.label_) for e in doc.ents)
        return hits


def chunk_spans(text: str, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``text``, each at most ``size`` long, cut after a newline or 。."""
    spans, start = [], 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = window.rfind("\n") + 1 or window.rfind("。") + 1 or size
        spans.append((start, start + cut))
        start += cut
    spans.append((start, len(text)))
    return spans
