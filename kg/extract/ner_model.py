"""A trained spaCy NER component: the design card's statistical NER, trained in the project.

The model (``pipelines/ner.cfg``) is ``spacy.blank("zh")`` with the character segmenter
(every character a token, as in ``kg.extract.spacy_adapter``), a small hashed-embedding
window CNN and a tagger over BILUO entity tags (``B-Company`` ... ``O``), decoded into spans
here; ``pipelines/ner-transition.cfg`` puts spaCy's transition-based ``ner`` on the same
tok2vec instead (about five times slower; both train and load here). It learns from

* gold: the dev set's gold entity names and aliases, found as spans in the dev texts (every
  occurrence, longest first, non-overlapping; a form listed under two types keeps the
  resolver's higher-priority type). The gold files stay outside the repository and are
  read where they lie;
* silver: the rules' own output, found as spans the same way, on reports the generator of
  ``kg.corpus`` makes from the sample report (its companies and projects renamed) and on
  the metrics-only passages. A seed or passage that shares text with a held-out document
  is left out, so in cross-validation no held-out text reaches a model; a training
  sentence that also occurs in a gold document keeps the gold labels.

Its spans become ``Candidate``s (source ``ner-model``, score ``SCORE``, below every rule's
score) combined with the rule candidates by a policy (``Settings.ner_policy``):

* ``fill`` (default when a model is on): a model span is added only where no rule
  candidate overlaps it; the rules keep every decision they make, the model only fills gaps;
* ``union``: every model span joins the rule candidates and the resolver picks (longest wins);
* ``only``: the model's spans alone (the ablation's "model alone"; metrics and relations as usual).

``make model`` trains the shipped configuration into ``DEFAULT_PATH``;
``kg eval --cv --model`` trains one model per fold (``cv_fit``) on the other regions only.
Off by default (``Settings.ner_model`` None): cross-validated it lowers entity F1 under every
policy (primary 0.854 rules alone; 0.796 fill, 0.791 union, 0.524 model alone), while
in-sample it raises it (0.913 fill): it remembers the dev set's names and learns few new ones.
This module and ``kg.extract.spacy_adapter`` are the only importers of spacy.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.config import STATE_ROOT, Settings
from kg.extract.entities import Candidate
from kg.extract.resolve import TYPE_PRIORITY
from kg.extract.spacy_adapter import char_words_and_spaces
from kg.models import ENTITY_TYPES
from kg.resources import NER_CONFIG, SAMPLE_REPORT, data_path

log = logging.getLogger(__name__)

CONFIG = data_path(NER_CONFIG)
DEFAULT_PATH = STATE_ROOT / ".cache" / "models" / "ner"
CV_CACHE = STATE_ROOT / ".cache" / "models" / "cv"
SEED_REPORTS = (data_path(SAMPLE_REPORT),)
SOURCE = "ner-model"
TAGGER = "ner_tags"  # the tagger component's name in pipelines/ner.cfg
SCORE = 0.45  # below every rule candidate's score (the lowest is 0.5): on equal length a rule span wins
POLICIES = ("fill", "union", "only")
# Generated reports of silver. Cross-validation trains five models (four folds, in-sample);
# with the full settings a model trains in ~10-40 s on one core, so the folds use them too
# (the whole `kg eval --cv --model` run took ~2-3 minutes on the shared 2-core machine).
N_GENERATED = 8
# Copies of the gold texts with names swapped (swap_names). Measured with 3: CV primary F1
# 0.524 -> 0.531 for the model alone, no gain with the rules; off, it costs 1.5x training time.
N_SWAPPED = 0
CV_EPOCHS = 20  # = max_epochs of pipelines/ner.cfg
CV_GENERATED = N_GENERATED
_PIECE = re.compile(r"[^\n。；！？]*[\n。；！？]?")
SWAP_TYPES = ("District", "Location", "Project", "Company", "Person", "Industry")
MAX_PIECE = 400  # characters; a longer sentence is cut hard (an entity across the cut is lost)

Span = tuple[int, int, str]


# ---------------------------------------------------------------- pieces of text

def pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text's sentences and lines, without surrounding whitespace.

    The model reads one piece at a time: no entity spans a line or a 。, and short
    pieces make shuffled training batches and parallel parser states.
    """
    out = []
    for m in _PIECE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        for a in range(s, e, MAX_PIECE):
            out.append((a, min(e, a + MAX_PIECE)))
    return out


def _make_doc(vocab: Any, text: str) -> Any:
    from spacy.tokens import Doc

    words, spaces = char_words_and_spaces(text)
    return Doc(vocab, words=words, spaces=spaces)


# ---------------------------------------------------------------- labelled text

@dataclass(frozen=True)
class Labelled:
    """A text with entity spans (character offsets); ``gold`` when from a gold file."""

    text: str
    spans: tuple[Span, ...]
    origin: str
    gold: bool = False


def name_spans(text: str, entities: Iterable[dict[str, Any]]) -> list[Span]:
    """Every occurrence of every entity's name and aliases, longest form first, non-overlapping.

    A form listed under two types keeps the type the resolver prefers (``TYPE_PRIORITY``).
    Single characters are skipped: they would label every occurrence of a common character.
    """
    forms: dict[str, str] = {}
    for e in entities:
        for f in [e.get("name"), *(e.get("aliases") or [])]:
            if not f or len(f.strip()) < 2:
                continue
            f = f.strip()
            old = forms.get(f)
            if old is None or TYPE_PRIORITY.get(e["type"], 0) > TYPE_PRIORITY.get(old, 0):
                forms[f] = e["type"]
    taken = bytearray(len(text))
    spans: list[Span] = []
    for f in sorted(forms, key=lambda x: (-len(x), x)):
        pos = text.find(f)
        while pos >= 0:
            end = pos + len(f)
            if not any(taken[pos:end]):
                spans.append((pos, end, forms[f]))
                taken[pos:end] = b"\x01" * len(f)
            pos = text.find(f, pos + 1)
    return sorted(spans)


def gold_data(gold_files: Sequence[Path], docs_dir: Path) -> list[Labelled]:
    """The gold files' entities as spans in their documents' cleaned text."""
    from kg.ingest import load_document

    out = []
    for g in gold_files:
        path = docs_dir / f"{g.stem}.txt"
        if not path.exists():
            continue
        text = load_document(path).text
        ents = json.loads(g.read_text(encoding="utf-8"))["entities"]
        out.append(Labelled(text, tuple(name_spans(text, ents)), f"gold:{g.stem}", gold=True))
    return out


def swap_names(items: Sequence[Labelled], rng: random.Random, types: Sequence[str] = SWAP_TYPES) -> list[Labelled]:
    """Each text again with every span of ``types`` replaced by another name of its type from
    ``items`` (labels follow): the model must read a name's context and tail, not remember it."""
    pool: dict[str, list[str]] = {}
    for it in items:
        for a, b, t in it.spans:
            if t in types:
                pool.setdefault(t, []).append(it.text[a:b])
    pool = {t: sorted(set(v)) for t, v in pool.items()}
    out = []
    for it in items:
        parts, spans, pos, shift = [], [], 0, 0
        for a, b, t in it.spans:
            new = rng.choice(pool[t]) if t in pool and t in types else it.text[a:b]
            parts.append(it.text[pos:a] + new)
            spans.append((a + shift, a + shift + len(new), t))
            shift += len(new) - (b - a)
            pos = b
        parts.append(it.text[pos:])
        out.append(Labelled("".join(parts), tuple(spans), it.origin + ":swapped", it.gold))
    return out


def _shares_text(a: str, b: str, probe: int = 16) -> bool:
    """Do ``a`` and ``b`` come from the same report (a probe-long run of a line of b is in a)?"""
    for line in b.splitlines():
        line = line.strip()
        for i in range(0, len(line) - probe + 1, 4 * probe):
            if line[i:i + probe] in a:
                return True
    return False


_SILVER_MEMO: dict[tuple[str, str], Labelled] = {}


def silver_label(extractor: Any, text: str, origin: str) -> Labelled:
    """The rules' entities (names and aliases) found as spans in ``text``; memoised per text."""
    from kg.ingest.document import document_from_text

    key = (hashlib.sha1(text.encode()).hexdigest(), origin)
    if key not in _SILVER_MEMO:
        doc = document_from_text(text, source=origin, doc_id=origin)
        res = extractor.extract(doc)
        ents = [{"type": e.type, "name": e.name, "aliases": e.aliases} for e in res.entities]
        _SILVER_MEMO[key] = Labelled(doc.text, tuple(name_spans(doc.text, ents)), origin)
    return _SILVER_MEMO[key]


def silver_texts(held_out: Sequence[str], n_generated: int, seed: int,
                 extra_dirs: Sequence[Path] = ()) -> list[tuple[str, str]]:
    """(origin, text) for silver: generated reports and extra passages sharing no held-out text."""
    from kg.corpus import generate_text

    out: list[tuple[str, str]] = []
    for d in extra_dirs:
        for p in sorted(Path(d).glob("*.txt")):
            text = p.read_text(encoding="utf-8")
            if not any(_shares_text(text, h) for h in held_out):
                out.append((f"passage:{p.stem}", text))
    for report in SEED_REPORTS:
        if not report.exists() or n_generated <= 0:
            continue
        seed_text = report.read_text(encoding="utf-8")
        if any(_shares_text(seed_text, h) for h in held_out):
            continue
        names = _renameable(seed_text)
        for i in range(n_generated):
            rng = random.Random(f"{seed}:{report.stem}:{i}")
            out.append((f"generated:{report.stem}:{i}", generate_text(seed_text, rng, names)))
    return out


_NAMES_MEMO: dict[str, list[str]] = {}


def _renameable(seed_text: str) -> list[str]:
    """Company and project names the rules find in a seed report: the generator renames them."""
    if seed_text not in _NAMES_MEMO:
        ex = _rules_extractor()
        from kg.ingest.document import document_from_text

        res = ex.extract(document_from_text(seed_text))
        _NAMES_MEMO[seed_text] = sorted({e.name for e in res.entities if e.type in ("Company", "Project")})
    return _NAMES_MEMO[seed_text]


_RULES: list[Any] = []


def _rules_extractor(settings: Settings | None = None) -> Any:
    """One rules-only Extractor per process (its HanLP JVM is per process anyway)."""
    if not _RULES:
        from kg.config import get_settings
        from kg.extract.pipeline import Extractor

        s = (settings or get_settings()).model_copy(update={"ner_model": None})
        _RULES.append(Extractor(s))
    return _RULES[0]


def training_data(gold_files: Sequence[Path], docs_dir: Path, *, held_out: Sequence[str] = (),
                  n_generated: int = N_GENERATED, seed: int = 0, extra_dirs: Sequence[Path] = (),
                  settings: Settings | None = None, n_swapped: int = 0) -> list[Labelled]:
    """Gold on ``gold_files`` plus the rules' silver on text sharing nothing with ``held_out``."""
    gold = gold_data(gold_files, docs_dir)
    rng = random.Random(seed)
    data = gold + [x for _ in range(n_swapped) for x in swap_names(gold, rng)]
    ex = _rules_extractor(settings)
    data += [silver_label(ex, text, origin) for origin, text in
             silver_texts(held_out, n_generated, seed, extra_dirs)]
    return data


# ---------------------------------------------------------------- training

def biluo_labels() -> list[str]:
    """The tagger's labels: O and B/I/L/U for each entity type."""
    return ["O", *(f"{p}-{t}" for t in ENTITY_TYPES for p in "BILU")]


def _examples(nlp: Any, data: Sequence[Labelled]) -> list[Any]:
    """One Example per piece; a piece seen before (gold first) is not repeated."""
    from spacy.training import Example, offsets_to_biluo_tags

    tagger = TAGGER in nlp.pipe_names
    seen: set[str] = set()
    out = []
    for item in sorted(data, key=lambda d: not d.gold):  # stable: gold pieces win duplicates
        for s, e in pieces(item.text):
            piece = item.text[s:e]
            if piece in seen:
                continue
            seen.add(piece)
            ents = [(a - s, b - s, t) for a, b, t in item.spans if s <= a and b <= e]
            doc = _make_doc(nlp.vocab, piece)
            if tagger:  # a character a tag; "-" (a span off token bounds: whitespace) counts as O
                tags = [t if t != "-" else "O" for t in offsets_to_biluo_tags(doc, ents)]
                out.append(Example.from_dict(doc, {"tags": tags}))
            else:
                out.append(Example.from_dict(doc, {"entities": ents}))
    return out


def data_key(data: Sequence[Labelled], seed: int, epochs: int | None, config: Path = CONFIG) -> str:
    """A digest of everything a trained model depends on: same key, same model."""
    h = hashlib.sha256(config.read_bytes())
    h.update(f"{seed}:{epochs}".encode())
    for d in data:
        h.update(d.text.encode())
        h.update(repr((d.spans, d.gold)).encode())
    return h.hexdigest()[:16]


def train_model(data: Sequence[Labelled], out_dir: Path, *, seed: int = 0, epochs: int | None = None,
                config: Path = CONFIG) -> dict[str, Any]:
    """Train the configured pipeline on ``data`` and write it to ``out_dir``. Deterministic for a seed."""
    from spacy.schemas import ConfigSchemaTraining
    from spacy.util import fix_random_seed, load_config, load_model_from_config, registry

    t0 = time.perf_counter()
    cfg = load_config(config, overrides={"system.seed": seed})
    fix_random_seed(seed)
    nlp = load_model_from_config(cfg, auto_fill=True, validate=True)
    T = registry.resolve(nlp.config.interpolate()["training"], schema=ConfigSchemaTraining)
    pipe = nlp.get_pipe(nlp.pipe_names[0])
    for label in biluo_labels() if TAGGER in nlp.pipe_names else ENTITY_TYPES:
        pipe.add_label(label)  # type: ignore[attr-defined]  # the same label set for every model
    examples = _examples(nlp, data)
    optimizer = nlp.initialize(lambda: examples, sgd=T["optimizer"])
    rng = random.Random(seed)
    n_epochs = epochs if epochs is not None else int(T["max_epochs"])
    losses: dict[str, float] = {}
    loss_key = nlp.pipe_names[0]
    for epoch in range(n_epochs):
        order = list(examples)
        rng.shuffle(order)
        losses = {}
        for batch in T["batcher"](order):
            nlp.update(batch, drop=T["dropout"], sgd=optimizer, losses=losses)
        log.info("ner epoch %d: loss %.1f", epoch + 1, losses.get(loss_key, 0.0))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with nlp.use_params(optimizer.averages):
        nlp.to_disk(out_dir)
    stats = {"seed": seed, "epochs": n_epochs, "examples": len(examples),
             "characters": sum(len(e.reference) for e in examples),
             "gold_docs": sum(d.gold for d in data), "silver_texts": sum(not d.gold for d in data),
             "loss": round(float(losses.get(loss_key, 0.0)), 2), "seconds": round(time.perf_counter() - t0, 1)}
    (out_dir / "training.json").write_text(json.dumps(stats, indent=1), encoding="utf-8")
    return stats


# ---------------------------------------------------------------- inference

class NerModel:
    """A trained pipeline, run piecewise over a document's text.

    ``min_prob``: a span becomes a candidate only when the mean probability of its tags is at
    least this (the tagger only). 0 (every span) by default: nothing tunes it, because no value
    made the model help in cross-validation even when chosen on the held-out folds themselves.
    """

    def __init__(self, path: Path, min_prob: float = 0.0) -> None:
        import spacy

        self.path = Path(path)
        self.nlp = spacy.load(self.path)
        self._tagger = TAGGER in self.nlp.pipe_names
        self._pipe = self.nlp.get_pipe(self.nlp.pipe_names[0])
        if self._tagger:
            labels = list(self._pipe.labels)  # type: ignore[attr-defined]
            self._o = labels.index("O")
            self._tags = [(x[0], x[2:]) for x in labels]
        self.min_prob = min_prob

    def scored_spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """(start, end, type, mean tag probability) of the entities the model finds in ``text``."""
        import numpy as np

        cuts = pieces(text)
        docs = [_make_doc(self.nlp.vocab, text[s:e]) for s, e in cuts]
        out: list[tuple[int, int, str, float]] = []
        if not self._tagger:  # spaCy's transition-based ner: no probabilities
            for (s, _), doc in zip(cuts, self._pipe.pipe(docs, batch_size=256), strict=True):  # type: ignore[attr-defined]
                out.extend((s + ent.start_char, s + ent.end_char, ent.label_, 1.0) for ent in doc.ents)
            return out
        scores = self._pipe.model.predict(docs)  # type: ignore[attr-defined]  # tag logits a character
        for (s, _), doc, sc in zip(cuts, docs, scores, strict=True):
            best = sc.argmax(axis=1)
            for a, b, t in decode_biluo(best, self._tags, self._o):
                rows = sc[a:b] - sc[a:b].max(axis=1, keepdims=True)
                p = np.exp(rows)
                prob = float((p[np.arange(b - a), best[a:b]] / p.sum(axis=1)).mean())
                out.append((s + doc[a].idx, s + doc[b - 1].idx + len(doc[b - 1]), t, prob))
        return out

    def spans(self, text: str) -> list[Span]:
        return [(s, e, t) for s, e, t, p in self.scored_spans(text) if p >= self.min_prob]

    def candidates(self, text: str) -> list[Candidate]:
        return [Candidate(s, e, t, SOURCE, SCORE) for s, e, t in self.spans(text)]


def decode_biluo(ids: Any, tags: Sequence[tuple[str, str]], o: int) -> list[Span]:
    """(start token, end token, type) from tag ids, leniently: a span opens at B or U, or at an
    I/L that continues nothing; it closes at L or U, or where the next tag does not continue it
    (another type, O, B or U). Spans of one character are dropped (no type has such names)."""
    out: list[Span] = []
    start, last, typ = -1, -1, ""
    for i in (int(x) for x in (ids != o).nonzero()[0]):
        p, t = tags[int(ids[i])]
        if start >= 0 and (i != last + 1 or t != typ or p in "BU"):
            out.append((start, last + 1, typ))
            start = -1
        if start < 0:
            start, typ = i, t
        last = i
        if p in "LU":
            out.append((start, i + 1, typ))
            start = -1
    if start >= 0:
        out.append((start, last + 1, typ))
    return [x for x in out if x[1] - x[0] > 1]


def load_model(path: Path | None) -> NerModel | None:
    """The model at ``path``; None (with a one-line note) when there is none."""
    if path is None:
        return None
    if not (Path(path) / "config.cfg").exists():
        log.warning("no NER model at %s (`make model` builds it): extracting with the rules only", path)
        return None
    return NerModel(Path(path))


def combine(rule: Sequence[Candidate], model: Sequence[Candidate], policy: str) -> list[Candidate]:
    """The candidates the resolver sees, by ``policy`` (see the module doc)."""
    if policy == "only":
        return list(model)
    if policy == "union":
        return [*rule, *model]
    if policy != "fill":
        raise ValueError(f"unknown NER policy {policy!r}; one of {POLICIES}")
    end = max((c.end for c in rule), default=0)
    covered = bytearray(end)
    for c in rule:
        covered[c.start:c.end] = b"\x01" * (c.end - c.start)
    return [*rule, *(m for m in model if not any(covered[m.start:m.end]))]


# ---------------------------------------------------------------- cross-validation

def cv_fit(docs_dir: Path, *, policy: str = "fill", seed: int = 0, epochs: int = CV_EPOCHS,
           n_generated: int = CV_GENERATED, n_swapped: int = N_SWAPPED, extra_dirs: Sequence[Path] = (),
           settings: Settings | None = None, cache: Path = CV_CACHE) -> Callable[[list[Path]], dict[str, Any]]:
    """A ``fit`` for ``kg.evaluate.cross_validate``: one model per fold, trained on the fold's
    gold files and silver sharing no text with the held-out documents (their gold never
    reaches the model). Models are kept under ``cache`` by a digest of their data and
    settings, so the ablation's policies reuse one training per fold."""
    from kg.ingest import load_document

    def fit(train: list[Path]) -> dict[str, Any]:
        names = {g.stem for g in train}
        gold_dir = train[0].parent
        held = [load_document(p).text for g in sorted(gold_dir.glob("*.json")) if g.stem not in names
                for p in [Path(docs_dir) / f"{g.stem}.txt"] if p.exists()]
        data = training_data(train, Path(docs_dir), held_out=held, n_generated=n_generated, seed=seed,
                             extra_dirs=extra_dirs, settings=settings, n_swapped=n_swapped)
        out = cache / data_key(data, seed, epochs)
        if not (out / "config.cfg").exists():
            stats = train_model(data, out, seed=seed, epochs=epochs)
            log.warning("trained a fold's NER model in %.0fs (%d examples) -> %s",
                        stats["seconds"], stats["examples"], out)
        return {"ner_model": out, "ner_policy": policy}

    return fit


def train_on_devset(out: Path, gold_dir: Path, docs_dir: Path, *, config: Path = CONFIG, seed: int = 0,
                    settings: Settings | None = None) -> dict[str, Any]:
    """`make model`: every gold file (when the folder is there) and the full silver set."""
    golds = sorted(Path(gold_dir).glob("*.json"))
    if not golds:
        log.warning("no gold files in %s: training on the rules' silver only", gold_dir)
    extra = [p for p in [Path(gold_dir).parent / "metrics-only" / "docs"] if p.is_dir()]
    data = training_data(golds, Path(docs_dir), n_generated=N_GENERATED, seed=seed, extra_dirs=extra,
                         settings=settings)
    return train_model(data, Path(out), seed=seed, config=config)
