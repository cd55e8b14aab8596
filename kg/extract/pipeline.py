"""The extraction pipeline: Document -> ExtractionResult (entities, metrics, relations).

Models (HanLP's JVM, spaCy's blank pipeline, the gazetteer) load lazily, once
per ``Extractor``; the JVM once per process.  Metrics and relations come from
``kg.extract.metrics`` / ``kg.extract.relations`` when those modules are present.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

from kg.config import Settings
from kg.errors import KGError
from kg.extract.entities import Candidate, DocView, all_candidates
from kg.extract.gazetteer import Division, Gazetteer, load_gazetteer
from kg.extract.hanlp_adapter import Token
from kg.extract.normalize import norm
from kg.extract.rules import lexicons as L
from kg.models import Document, Entity, ExtractionResult, Metric, Relation
from kg.resolve import Jurisdiction, resolve

log = logging.getLogger(__name__)

_HEAD_CHARS = 400  # the title block names the reporting district
_STANDARD_INDICATORS = frozenset(norm(x) for x in L.INDICATORS)


class Extractor:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._hanlp = None
        self._lexicon = None
        self._gaz: Gazetteer | None = None

    # ------------------------------------------------------------ lazy models
    def _segmenter(self):  # -> HanLPSegmenter | None
        if not self.settings.use_hanlp:
            return None
        if self._hanlp is None:
            from kg.extract.hanlp_adapter import HanLPSegmenter

            self._hanlp = HanLPSegmenter(self.settings)
        return self._hanlp

    def _spacy(self):  # -> SpacyLexicon
        if self._lexicon is None:
            from kg.extract.spacy_adapter import SpacyLexicon

            self._lexicon = SpacyLexicon()
        return self._lexicon

    def _gazetteer(self) -> Gazetteer | None:
        if self._gaz is None:
            try:
                self._gaz = load_gazetteer()
            except KGError as e:  # the gazetteer improves districts; extraction runs without it
                log.warning("gazetteer unavailable, districts get no codes: %s", e)
        return self._gaz

    # ------------------------------------------------------------ public
    def extract(self, doc: Document) -> ExtractionResult:
        tokens = self._tokens(doc)
        view = self._view(doc, tokens)
        lex = [Candidate(h.start, h.end, h.label, "lexicon", 0.9) for h in self._spacy().find(doc.text)]
        jur = jurisdiction_of(view)
        starts = [s.start for s in doc.sentences] or [0]
        entities = resolve(all_candidates(view, lex), doc.text, starts, jur)
        metrics = _metrics(doc)
        entities = add_metric_indicators(entities, metrics)
        relations = _relations(doc, entities)
        return ExtractionResult(doc_id=doc.doc_id, source=doc.source, document=doc,
                                entities=entities, metrics=metrics, relations=relations)

    def extract_path(self, path: Path, doc_id: str | None = None) -> ExtractionResult:
        from kg.ingest import load_document

        return self.extract(load_document(Path(path), doc_id=doc_id, max_bytes=self.settings.max_input_bytes,
                                          max_chars=self.settings.max_text_chars,
                                          max_unpacked=self.settings.max_unpacked_bytes))

    # ------------------------------------------------------------ steps
    def _tokens(self, doc: Document) -> list[Token]:
        seg = self._segmenter()
        return seg.tokenize(doc.text, doc.doc_id) if seg else []

    def _view(self, doc: Document, tokens: list[Token]) -> DocView:
        gaz = self._gazetteer()
        home = reporting_division(doc.text, gaz) if gaz else None
        chain = gaz.chain(home) if gaz and home else []
        return DocView(doc=doc, tokens=tokens, gaz=gaz, jurisdiction=home, chain=chain)


# ---------------------------------------------------------------- jurisdiction

def reporting_division(text: str, gaz: Gazetteer) -> Division | None:
    """The county (else city) the report is about: named in the title block and most often."""
    counts: Counter[str] = Counter()
    for name in re.findall(r"[\u4e00-\u9fff]{1,8}?(?:自治县|自治州|县|区|市|旗)", text[:20000]):
        for cut in range(len(name) - 2, -1, -1):  # the regex is greedy on the left: try suffixes
            tail = name[cut:]
            if gaz.lookup(tail):
                counts[tail] += 1 + (5 if text.find(tail) < _HEAD_CHARS else 0)
                break
    for level in (2, 1):
        best = [(n, c) for n, c in counts.most_common() if any(d.level == level for d in gaz.lookup(n))]
        if best:
            return _disambiguate(gaz, best[0][0], text, level)
    return None


def _disambiguate(gaz: Gazetteer, name: str, text: str, level: int) -> Division | None:
    found = [d for d in gaz.lookup(name) if d.level == level]
    if len(found) == 1:
        return found[0]
    for d in found:  # 朝阳区: the one whose parent city the report mentions
        parent = gaz.by_code.get(d.parent_code or "")
        if parent and (parent.name in text or (parent.short and parent.short in text)):
            return d
    return found[0] if found else None


def jurisdiction_of(view: DocView) -> Jurisdiction:
    home = view.jurisdiction
    if home is None:
        return Jurisdiction()
    forms = {home.name}
    if home.short:
        forms.add(home.short)
    scopes: dict[str, str] = {}
    for d in reversed(view.chain):  # nearest wins
        scopes[d.name[-1]] = d.name
    if len(view.chain) > 1:
        forms.add(view.chain[1].name + home.name)
        if view.chain[1].short:
            forms.add(view.chain[1].short + home.name)
    places = {n for d in view.chain for n in (d.name, d.short) if n}
    return Jurisdiction(name=home.name, level=home.name[-1], forms=forms, scopes=scopes, places=places)


# ---------------------------------------------------------------- neighbours

def _metrics(doc: Document) -> list[Metric]:
    try:
        from kg.extract.metrics import extract_metrics
    except ImportError:
        return []
    return extract_metrics(doc)


def _relations(doc: Document, entities: list[Entity]) -> list[Relation]:
    try:
        from kg.extract.relations import extract_relations
    except ImportError:
        return []
    return extract_relations(doc, entities)


def add_metric_indicators(entities: list[Entity], metrics: list[Metric]) -> list[Entity]:
    """Indicators that metrics name are Indicator entities when they are standard names."""
    have = {norm(f) for e in entities if e.type == "Indicator" for f in [e.name, *e.aliases]}
    out = list(entities)
    for m in metrics:
        key = norm(m.indicator)
        if key in _STANDARD_INDICATORS and key not in have:
            have.add(key)
            out.append(Entity(id=f"Indicator:{key}", type="Indicator", name=m.indicator, confidence=0.7))
    return out
