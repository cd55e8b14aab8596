"""spaCy, used as a fast phrase matcher: the only module that imports spacy.

``spacy.blank("zh")`` with the *character* segmenter: it needs no model and
downloads nothing (the jieba/pkuseg segmenters would need extra packages or
model files).  An EntityRuler holds the lexicons of ``kg.extract.rules`` as
phrase patterns; because every character is a token, a pattern matches
wherever its characters occur, and the resolver checks word boundaries later.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from kg.extract.rules import lexicons as L

log = logging.getLogger(__name__)

# Config given explicitly so spaCy never looks for a segmenter model.
_ZH_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "char"}}}
# spaCy refuses texts over nlp.max_length (1,000,000) and holds one token object per
# character, so long texts are matched in pieces cut at line ends (a lexicon entry
# never spans a line), or at 。 or hard when a line is longer than a piece.
CHUNK_CHARS = 100_000
_WHITESPACE = re.compile(r"\s+")


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
        from spacy.pipeline import EntityRuler

        self.nlp = spacy.blank("zh", config=_ZH_CONFIG)
        # the ruler holds the patterns; find() runs its phrase matcher and its overlap rule
        # (``self.nlp(text).ents`` gives the same spans: overwrite_ents, no other source)
        ruler = self.nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH",
                                                           "overwrite_ents": True})
        assert isinstance(ruler, EntityRuler)  # find() uses its phrase matcher directly
        ruler.add_patterns(lexicon_patterns())  # type: ignore[arg-type]  # invariant dict
        self._ruler = ruler

    @property
    def segmenter(self) -> str:
        return str(self.nlp.tokenizer.segmenter)

    def find(self, text: str) -> list[LexiconHit]:
        """Longest non-overlapping lexicon matches: what the ruler would set as ``doc.ents``.

        The ruler's phrase matcher runs on the Doc the char tokenizer would make (built
        here without its per-character ``str.index`` alignment), and ``ruler_selection``
        filters overlaps as the ruler does: calling the ruler itself costs ~2 ms a
        document in warnings bookkeeping for its empty token matcher, and builds spans.
        """
        from spacy.tokens import Doc

        hits: list[LexiconHit] = []
        strings = self.nlp.vocab.strings
        for start, end in chunk_spans(text, CHUNK_CHARS):
            words, spaces = char_words_and_spaces(text[start:end])
            doc = Doc(self.nlp.vocab, words=words, spaces=spaces)
            ends = list(accumulate(len(w) + sp for w, sp in zip(words, spaces, strict=True)))
            for label, s, e in ruler_selection(self._ruler.phrase_matcher(doc)):
                first = ends[s - 1] if s else 0
                last = ends[e - 1] - spaces[e - 1]
                hits.append(LexiconHit(start + first, start + last, strings[label]))
        return hits


def ruler_selection(matches: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """``EntityRuler.match`` + ``set_annotations`` (spaCy 3.8) on a fresh Doc, for patterns
    without ids: longest first, then leftmost; a match touching a kept one is dropped.
    Returns (label, start token, end token) in document order."""
    final = {(m_id, start, end) for m_id, start, end in matches if start != end}
    ordered = sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
    kept: list[tuple[int, int, int]] = []
    seen: set[int] = set()
    for m_id, start, end in ordered:
        if start not in seen and end - 1 not in seen:  # spans are contiguous: ends suffice
            kept.append((m_id, start, end))
            seen.update(range(start, end))
    return sorted(kept, key=lambda m: m[1])


def char_words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """``spacy.util.get_words_and_spaces(list(text), text)``, in one regex pass.

    Every non-space character is a token; one " " right after one becomes its
    trailing space; any other run of whitespace is one token of its own.
    """
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for m in _WHITESPACE.finditer(text):
        s, e = m.span()
        words.extend(text[pos:s])
        spaces.extend([False] * (s - pos))
        if s > 0 and text[s] == " ":  # runs are maximal, so text[s - 1] is a character token
            spaces[-1] = True
            s += 1
        if s < e:
            words.append(text[s:e])
            spaces.append(False)
        pos = e
    words.extend(text[pos:])
    spaces.extend([False] * (len(text) - pos))
    return words, spaces


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
