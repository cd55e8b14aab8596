"""The extraction pipeline: Document -> ExtractionResult (entities, metrics, relations).

Models (HanLP's JVM, spaCy's blank pipeline, the gazetteer) load lazily, once
per ``Extractor``; the JVM once per process.  Which components run (recognisers, the metric
reader, relation families, resolver, jurisdiction) a spec says: pipelines/extract.yaml.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from kg.config import Settings
from kg.errors import KGError
from kg.extract.entities import Candidate, DocView, all_candidates
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.hanlp_adapter import Token
from kg.extract.normalize import norm
from kg.extract.registry import ExtractSpec, load_extract_spec
from kg.extract.relations import extract_relations
from kg.extract.resolve import Jurisdiction
from kg.extract.rules import lexicons as L
from kg.ingest.traditional import respell_result
from kg.models import Document, Entity, ExtractionResult, Metric, ReportingDistrict

log = logging.getLogger(__name__)

_STANDARD_INDICATORS = frozenset(norm(x) for x in L.INDICATORS)
# Heads of statistical indicators (not of counted achievements such as 公厕实行分类管理).
_STAT_HEAD = re.compile(f"(?:{'|'.join(L.INDICATOR_HEADS)})$")


class Extractor:
    """Runs the components a pipeline spec names (pipelines/extract.yaml by default)."""

    def __init__(self, settings: Settings, spec: ExtractSpec | None = None, ner_model: Path | None = None,
                 ner_policy: str | None = None) -> None:
        self.settings = settings
        self.spec = spec or load_extract_spec(settings.extract_pipeline)
        self._entity_rules = [c.fn for c in self.spec.components("entities")]
        self._metric_readers = [c.fn for c in self.spec.components("metrics")]
        self._relation_families = self.spec.components("relations")
        self._jurisdiction = self.spec.one("jurisdiction").fn
        self._resolve = self.spec.one("resolver").fn
        self._completers = [c.fn for c in self.spec.components("completers")]
        self._subjects = self.spec.one("subjects").fn
        self._ner: Any = None  # kg.extract.ner_model.NerModel, False when absent; its candidates join the rules'
        self._ner_path, self._ner_policy = ner_model or settings.ner_model, ner_policy or settings.ner_policy
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

    def _ner_candidates(self, text: str, rule: list[Candidate]) -> list[Candidate]:
        from kg.extract import ner_model

        if self._ner is None:
            self._ner = ner_model.load_model(self._ner_path) or False
        return ner_model.combine(rule, self._ner.candidates(text), self._ner_policy) if self._ner else rule

    # ------------------------------------------------------------ public
    def extract(self, doc: Document) -> ExtractionResult:
        tokens = self._tokens(doc)
        view = self._view(doc, tokens)
        jur = jurisdiction_of(view)
        reporting = reporting_district(view)
        starts = [s.start for s in doc.sentences] or [0]
        only_model = self._ner_path and self._ner_policy == "only"
        cands = [] if only_model else all_candidates(view, self._entity_rules)
        if self._ner_path:
            cands = self._ner_candidates(doc.text, cands)
        entities = self._resolve(cands, doc.text, starts, jur)
        for complete in self._completers:
            entities = complete(doc, entities)
        metrics = [m for read in self._metric_readers for m in read(doc)]
        entities = add_metric_indicators(entities, metrics, doc.text)
        entities, metrics = self._subjects(doc, entities, metrics)
        relations = extract_relations(doc, entities, self._relation_families)
        result = ExtractionResult(doc_id=doc.doc_id, source=doc.source, document=doc, reporting=reporting,
                                  entities=entities, metrics=metrics, relations=relations)
        return respell_result(result)  # names in the text's own spelling (traditional characters)

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
        rep = self._jurisdiction(doc.text, gaz)
        return DocView(doc=doc, tokens=tokens, gaz=gaz, jurisdiction=rep.division, chain=rep.chain,
                       reporting=rep, lexicon=lambda text: self._spacy().find(text))


# ---------------------------------------------------------------- jurisdiction

def jurisdiction_of(view: DocView) -> Jurisdiction:
    """The resolver's view of the reporting district (scopes for 区委, forms for short names)."""
    rep = view.reporting
    if rep is None or not rep.found:
        return Jurisdiction()
    home = view.jurisdiction
    forms = {rep.name}
    if home is not None:
        forms.add(home.name)
        if home.short:
            forms.add(home.short)
    scopes: dict[str, str] = {}
    for d in reversed(view.chain):  # nearest wins
        scopes[d.name[-1]] = d.name
    scopes[rep.level_char[-1:] or rep.name[-1]] = home.name if home else rep.name
    if len(view.chain) > 1 and home is not None:
        forms.add(view.chain[1].name + home.name)
        if view.chain[1].short:
            forms.add(view.chain[1].short + home.name)
    places = {n for d in view.chain for n in (d.name, d.short) if n} | {rep.name}
    level = (home.name if home else rep.name)[-1]
    return Jurisdiction(name=home.name if home else rep.name, level=level, forms=forms, scopes=scopes,
                        places=places)


def reporting_district(view: DocView) -> ReportingDistrict | None:
    """What the graph needs of the reporting jurisdiction: the district's name and code."""
    rep = view.reporting
    if rep is None or not rep.found:
        return None
    home = view.jurisdiction
    return ReportingDistrict(name=home.name if home else rep.name, code=home.code if home else None)


# ---------------------------------------------------------------- neighbours

def add_metric_indicators(entities: list[Entity], metrics: list[Metric], text: str = "") -> list[Entity]:
    """Indicators that metrics name are Indicator entities when they are standard names, or when
    the text writes them and they end in a statistical head (一般公共预算总收入, 全社会用电量). The
    metric reader reads an indicator's boundaries more surely than the entity rule does, so a shorter
    Indicator entity inside such a name at every one of its mentions (预算总收入) gives way to it."""
    have = {norm(f) for e in entities if e.type == "Indicator" for f in [e.name, *e.aliases]}
    out = list(entities)
    for m in metrics:
        key = norm(m.indicator)
        named = key in _STANDARD_INDICATORS or (m.indicator in text and _STAT_HEAD.search(m.indicator)
                                                 and len(m.indicator) >= 4)
        if named and key not in have:
            have.add(key)
            out.append(Entity(id=f"Indicator:{key}", type="Indicator", name=m.indicator, confidence=0.7))
    return [e for e in out if not _swallowed(e, out, text)]


def _swallowed(e: Entity, entities: list[Entity], text: str) -> bool:
    """An Indicator whose every occurrence in the text lies inside a longer Indicator's name."""
    if e.type != "Indicator" or not text:
        return False
    longer = [o.name for o in entities if o.type == "Indicator" and e.name in o.name and o.name != e.name]
    if not longer:
        return False
    inside = sum(text.count(name) for name in longer)
    return inside >= text.count(e.name) > 0
