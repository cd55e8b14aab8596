#!/usr/bin/env python3
"""Dev harness: score kg.extract.relations on the dev set, isolated from entity quality.

    .venv/bin/python scripts/dev_score_relations.py            # gold-entity harness
    .venv/bin/python scripts/dev_score_relations.py -v         # + false positives / negatives
    .venv/bin/python scripts/dev_score_relations.py --pipeline # real entity pipeline

With the gold-entity harness, Entities are built from the gold entity names and aliases
by finding them in the text. That is ONLY for measuring relation rules: nothing read
from the gold files here ever reaches the extractor's rules or data.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.relations import extract_relations  # noqa: E402
from kg.models import RELATION_TYPES, Document, Entity, Mention, Sentence  # noqa: E402

# The shared eval folder beside the checkout (../shared/eval); KG_EVAL_DIR points elsewhere.
EVAL = Path(os.environ.get("KG_EVAL_DIR") or Path(__file__).resolve().parents[2] / "shared" / "eval")


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def simple_document(doc_id: str, text: str) -> Document:
    """Sentences end at 。！？ or a line break (headings and signature lines stand alone)."""
    sents, start = [], 0
    for m in re.finditer(r"[。！？]+|\n", text):
        end = m.end()
        if text[start:end].strip():
            sents.append(Sentence(index=len(sents), start=start, end=end, text=text[start:end]))
        start = end
    if text[start:].strip():
        sents.append(Sentence(index=len(sents), start=start, end=len(text), text=text[start:]))
    return Document(doc_id=doc_id, source=doc_id, text=text, raw_sha256="", sentences=sents)


def make_document(doc_id: str, text: str) -> Document:
    try:
        from kg.ingest import document_from_text  # type: ignore[attr-defined]
    except ImportError:
        return simple_document(doc_id, text)
    return document_from_text(text, doc_id=doc_id)


def gold_entities(doc: Document, gold: dict) -> list[Entity]:
    """Entities from gold names/aliases with every occurrence in the text as a mention."""
    starts = [s.start for s in doc.sentences]
    out = []
    for g in gold["entities"]:
        e = Entity(type=g["type"], name=g["name"], aliases=list(g.get("aliases") or []))
        # ingest drops spaces inside Chinese text (魏 宇 -> 魏宇): look for both forms
        raw = [e.name, *e.aliases]
        for form in {f for f in raw + [re.sub(r"\s+", "", x) for x in raw] if len(f) >= 2}:
            for m in re.finditer(re.escape(form), doc.text):
                i = max(0, next((k for k in range(len(starts) - 1, -1, -1) if starts[k] <= m.start()), 0))
                e.mentions.append(Mention(text=form, start=m.start(), end=m.end(), sentence=i, type=e.type))
        out.append(e)
    return out


def pipeline_result(doc_path: Path):
    from kg.config import get_settings
    from kg.extract.pipeline import Extractor  # type: ignore[import-not-found]
    from kg.ingest import load_document  # type: ignore[attr-defined]
    doc = load_document(doc_path)
    return Extractor(get_settings()).extract(doc)


def by_type(scorer, gold: dict, pred: dict, rtype: str) -> dict:
    g = dict(gold, relations=[r for r in gold["relations"] if r["type"] == rtype])
    p = dict(pred, relations=[r for r in pred["relations"] if r["type"] == rtype])
    return scorer.score_relations(g, p)


def diff(scorer, gold: dict, pred: dict) -> tuple[list, list]:
    """False positives (pred) and false negatives (gold) under the scorer's alias matching."""
    alias = {}
    for e in gold["entities"]:
        for f in scorer._forms(e):
            alias.setdefault(f, set()).add(scorer.norm(e["name"]))
    ends = lambda x: alias.get(scorer.norm(x), {scorer.norm(x)})  # noqa: E731
    gkeys = [(r["type"], next(iter(ends(r["head"]))), next(iter(ends(r["tail"])))) for r in gold["relations"]]
    used, fps = set(), []
    for r in pred["relations"]:
        hit = next((i for i, (t, h, tl) in enumerate(gkeys) if i not in used and t == r["type"]
                    and h in ends(r["head"]) and tl in ends(r["tail"])), None)
        if hit is None:
            fps.append(r)
        else:
            used.add(hit)
    fns = [r for i, r in enumerate(gold["relations"]) if i not in used]
    return fps, fns


def run(args) -> int:
    scorer = load_scorer()
    totals: dict[str, Counter] = {t: Counter() for t in (*RELATION_TYPES, "ALL")}
    for gpath in sorted((EVAL / "gold").glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        dpath = EVAL / "docs" / f"{gpath.stem}.txt"
        if args.pipeline:
            res = pipeline_result(dpath)
            pred = {"entities": [], "relations": res.to_eval_json()["relations"]}
        else:
            doc = make_document(gpath.stem, dpath.read_text(encoding="utf-8"))
            rels = extract_relations(doc, gold_entities(doc, gold))
            pred = {"entities": [], "relations": [r.model_dump() for r in rels]}
        for t in (*RELATION_TYPES, "ALL"):
            s = scorer.score_relations(gold, pred) if t == "ALL" else by_type(scorer, gold, pred, t)
            totals[t].update({k: s[k] for k in ("tp", "fp", "fn")})
        if args.verbose:
            show(gpath.stem, *diff(scorer, gold, pred))
    report(scorer, totals)
    return 0


def show(doc_id: str, fps: list, fns: list) -> None:
    print(f"== {doc_id}")
    for r in fps:
        print(f"  FP {r['type']:16} {r['head']} -> {r['tail']}  [{r.get('confidence')}] "
              f"{(r.get('evidence') or '')[:90]}")
    for r in fns:
        print(f"  FN {r['type']:16} {r['head']} -> {r['tail']}")


def report(scorer, totals: dict[str, Counter]) -> None:
    print(f"{'':18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for t, c in totals.items():
        s = scorer.prf(c["tp"], c["fp"], c["fn"])
        print(f"{t:18}{s['precision']:7.3f}{s['recall']:7.3f}{s['f1']:7.3f}{s['tp']:5}{s['fp']:5}{s['fn']:5}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list false positives and negatives")
    ap.add_argument("--pipeline", action="store_true", help="use kg.extract.pipeline entities")
    return run(ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())
