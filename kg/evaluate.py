"""Score predicted extraction JSON against gold files (shared/eval/GUIDELINES.md).

A re-implementation of shared/eval/score.py with exactly its matching:
entities on (type, normalised name-or-alias overlap), metrics on (indicator
containment, kind, measure, value, unit), relations on (type, head, tail)
resolved through the gold aliases; documents are micro-averaged.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.extract.normalize import norm
from kg.models import ENTITY_TYPES, PRIMARY_TYPES

Doc = dict[str, Any]
_EMPTY: Doc = {"entities": [], "metrics": [], "relations": []}


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _forms(e: dict) -> set[str]:
    return {norm(x) for x in [e.get("name")] + list(e.get("aliases") or []) if x}


def score_entities(gold: Doc, pred: Doc) -> dict[str, dict]:
    out = {}
    for t in ENTITY_TYPES:
        g = [_forms(e) for e in gold["entities"] if e.get("type") == t]
        p = [_forms(e) for e in pred.get("entities", []) if e.get("type") == t]
        used: set[int] = set()
        tp = 0
        for forms in p:
            hit = next((i for i, gf in enumerate(g) if i not in used and forms & gf), None)
            if hit is not None:
                used.add(hit)
                tp += 1
        out[t] = prf(tp, len(p) - tp, len(g) - tp)
    return out


def _indicator_match(a: str | None, b: str | None) -> bool:
    a, b = norm(a), norm(b)
    return bool(a) and bool(b) and (a == b or a in b or b in a)


def _num_eq(a: Any, b: Any) -> bool:
    try:
        return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))
    except (TypeError, ValueError):
        return False


def _metric_match(m: dict, gm: dict) -> bool:
    return (m.get("kind") == gm["kind"] and m.get("measure") == gm["measure"]
            and _num_eq(m.get("value"), gm["value"]) and norm(m.get("unit")) == norm(gm.get("unit"))
            and _indicator_match(m.get("indicator"), gm["indicator"]))


def score_metrics(gold: Doc, pred: Doc) -> dict[str, Any]:
    g, p = gold["metrics"], pred.get("metrics", [])
    used: set[int] = set()
    tp = period_ok = 0
    for m in p:
        for i, gm in enumerate(g):
            if i not in used and _metric_match(m, gm):
                used.add(i)
                tp += 1
                period_ok += str(m.get("period")) == str(gm.get("period"))
                break
    res = prf(tp, len(p) - tp, len(g) - tp)
    res["period_accuracy"] = round(period_ok / tp, 4) if tp else 0.0
    return res


def score_relations(gold: Doc, pred: Doc) -> dict[str, Any]:
    alias: dict[str, set[str]] = {}
    for e in gold["entities"]:
        for f in _forms(e):
            alias.setdefault(f, set()).add(norm(e["name"]))

    def ends(x: str | None) -> set[str]:
        return alias.get(norm(x), {norm(x)})

    g = [(r["type"], next(iter(ends(r["head"]))), next(iter(ends(r["tail"])))) for r in gold["relations"]]
    used: set[int] = set()
    tp = 0
    p = pred.get("relations", [])
    for r in p:
        hs, ts = ends(r.get("head")), ends(r.get("tail"))
        hit = next((i for i, (t, h, tl) in enumerate(g)
                    if i not in used and t == r.get("type") and h in hs and tl in ts), None)
        if hit is not None:
            used.add(hit)
            tp += 1
    return prf(tp, len(p) - tp, len(g) - tp)


def _micro(parts: list[dict]) -> dict[str, Any]:
    return prf(sum(x["tp"] for x in parts), sum(x["fp"] for x in parts), sum(x["fn"] for x in parts))


def score(gold: Doc, pred: Doc) -> dict[str, Any]:
    ents = score_entities(gold, pred)
    return {
        "entities": ents,
        "entities_primary_micro": _micro([ents[t] for t in PRIMARY_TYPES]),
        "entities_all_micro": _micro(list(ents.values())),
        "metrics": score_metrics(gold, pred),
        "relations": score_relations(gold, pred),
    }


def merge(results: list[dict]) -> dict[str, Any]:
    """Micro-average several documents' scores."""
    tot: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    period = [0, 0]
    for r in results:
        for t, x in r["entities"].items():
            _add(tot["entity:" + t], x)
        for name in ("entities_primary_micro", "entities_all_micro", "metrics", "relations"):
            _add(tot[name], r[name])
        period[0] += round(r["metrics"]["period_accuracy"] * r["metrics"]["tp"])
        period[1] += r["metrics"]["tp"]
    out: dict[str, Any] = {"entities": {t[7:]: prf(*v) for t, v in tot.items() if t.startswith("entity:")}}
    for name in ("entities_primary_micro", "entities_all_micro", "metrics", "relations"):
        out[name] = prf(*tot[name])
    out["metrics"]["period_accuracy"] = round(period[0] / period[1], 4) if period[1] else 0.0
    out["documents"] = len(results)
    return out


def _add(acc: list[int], x: dict) -> None:
    acc[0] += x["tp"]
    acc[1] += x["fp"]
    acc[2] += x["fn"]


def _load(path: Path) -> Doc:
    return json.loads(path.read_text(encoding="utf-8"))


def evaluate(gold_dir: str | Path, docs_dir: str | Path) -> dict[str, Any]:
    """Score every gold file against the prediction of the same name in ``docs_dir``.

    A missing prediction counts as an empty one (all gold items are misses).
    """
    results = []
    for g in sorted(Path(gold_dir).glob("*.json")):
        p = Path(docs_dir) / g.name
        results.append(score(_load(g), _load(p) if p.exists() else _EMPTY))
    return merge(results)


def report(res: dict[str, Any]) -> str:
    """The same table score.py prints."""
    lines = [f"{'':24}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]

    def row(name: str, x: dict) -> None:
        lines.append(f"{name:24}{x['precision']:7.3f}{x['recall']:7.3f}{x['f1']:7.3f}"
                     f"{x['tp']:5}{x['fp']:5}{x['fn']:5}")

    for t in ENTITY_TYPES:
        row(t, res["entities"][t])
    row("ENTITIES primary", res["entities_primary_micro"])
    row("ENTITIES all", res["entities_all_micro"])
    row("METRICS", res["metrics"])
    row("RELATIONS", res["relations"])
    lines.append(f"metric period accuracy {res['metrics']['period_accuracy']:.3f}")
    return "\n".join(lines)


def evaluate_extraction(gold_dir: str | Path, docs_dir: str | Path, settings: Any = None,
                        out_dir: str | Path | None = None) -> dict[str, Any]:
    """Extract every ``docs_dir/<name>.txt`` that has a gold file, then score it.

    Predictions are kept in ``out_dir`` when given (for inspection), else in a temporary folder.
    """
    import tempfile

    from kg.config import get_settings
    from kg.extract.pipeline import Extractor

    extractor = Extractor(settings or get_settings())
    with tempfile.TemporaryDirectory() as tmp:
        pred_dir = Path(out_dir or tmp)
        pred_dir.mkdir(parents=True, exist_ok=True)
        for g in sorted(Path(gold_dir).glob("*.json")):
            text = Path(docs_dir) / f"{g.stem}.txt"
            if text.exists():
                result = extractor.extract_path(text)
                data = result.to_eval_json()
                (pred_dir / g.name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return evaluate(gold_dir, pred_dir)
