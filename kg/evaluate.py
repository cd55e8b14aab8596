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
                        out_dir: str | Path | None = None, **extractor_args: Any) -> dict[str, Any]:
    """Extract every ``docs_dir/<name>.txt`` that has a gold file, then score it.

    Predictions are kept in ``out_dir`` when given (for inspection). ``extractor_args`` go to the
    Extractor (a pipeline ``spec`` for an ablation, a trained model).
    """
    golds = sorted(Path(gold_dir).glob("*.json"))
    return _extract_and_score(golds, Path(docs_dir), _extractor(settings, extractor_args), out_dir)


def _extractor(settings: Any, fitted: dict[str, Any] | None = None) -> Any:
    from kg.config import get_settings
    from kg.extract.pipeline import Extractor

    return Extractor(settings or get_settings(), **(fitted or {}))


def _extract_and_score(golds: list[Path], docs_dir: Path, extractor: Any,
                       out_dir: str | Path | None = None) -> dict[str, Any]:
    results = []
    for g in golds:
        text = docs_dir / f"{g.stem}.txt"
        pred = extractor.extract_path(text).to_eval_json() if text.exists() else _EMPTY
        if out_dir is not None:
            Path(out_dir).mkdir(parents=True, exist_ok=True)
            (Path(out_dir) / g.name).write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
        results.append(score(_load(g), pred))
    return merge(results)


# ---------------------------------------------------------------- cross-validation by region

# The dev set's file-name prefixes name regions; a fold holds one group out. chuanhui (the sample
# report) goes with central, national (the State Council) with south, as the eval README says.
CV_GROUPS: dict[str, tuple[str, ...]] = {
    "central": ("chuanhui", "central"),
    "west": ("west",),
    "northeast": ("northeast",),
    "south": ("south", "national"),
}
_HEADLINE = ("entities_primary_micro", "entities_all_micro", "metrics", "relations")


def group_of(stem: str) -> str:
    prefix = stem.split("-", 1)[0]
    return next((g for g, prefixes in CV_GROUPS.items() if prefix in prefixes), prefix)


def cross_validate(gold_dir: str | Path, docs_dir: str | Path, settings: Any = None,
                   fit: Any = None) -> dict[str, Any]:
    """Leave-one-group-out: each region is scored by an extractor fitted on the other regions only.

    ``fit(train_gold_files) -> dict`` returns the keyword arguments of an Extractor fitted on those
    files (a trained model's path, mined thresholds...); without it the extractor has nothing fitted
    and each fold differs only in what it scores. Returns per-group scores, their mean (macro over
    groups) and the pooled micro-average, beside the in-sample score (fitted on everything).
    """
    golds = sorted(Path(gold_dir).glob("*.json"))
    groups: dict[str, list[Path]] = defaultdict(list)
    for g in golds:
        groups[group_of(g.stem)].append(g)
    per_group: dict[str, dict[str, Any]] = {}
    parts: list[dict[str, Any]] = []
    shared = None if fit else _extractor(settings)  # nothing fitted: one extractor serves all folds
    for name, test in groups.items():
        train = [g for g in golds if g not in test]
        extractor = _extractor(settings, fit(train)) if fit else shared
        per_group[name] = _extract_and_score(test, Path(docs_dir), extractor)
        parts.append(per_group[name])
    in_sample = _extract_and_score(golds, Path(docs_dir), _extractor(settings, fit(golds)) if fit else shared)
    return {"groups": per_group, "mean": _mean_f1(parts), "pooled": _pooled(parts), "in_sample": in_sample}


def _mean_f1(parts: list[dict[str, Any]]) -> dict[str, float]:
    out = {name: round(sum(p[name]["f1"] for p in parts) / len(parts), 4) for name in _HEADLINE}
    out["period_accuracy"] = round(sum(p["metrics"]["period_accuracy"] for p in parts) / len(parts), 4)
    return out


def _pooled(parts: list[dict[str, Any]]) -> dict[str, Any]:
    out = {name: prf(sum(p[name]["tp"] for p in parts), sum(p[name]["fp"] for p in parts),
                     sum(p[name]["fn"] for p in parts)) for name in _HEADLINE}
    tp = sum(p["metrics"]["tp"] for p in parts)
    ok = sum(round(p["metrics"]["period_accuracy"] * p["metrics"]["tp"]) for p in parts)
    out["metrics"]["period_accuracy"] = round(ok / tp, 4) if tp else 0.0
    return out


def cv_report(res: dict[str, Any]) -> str:
    """One row per held-out group, then the mean, the pooled figure and the in-sample one."""
    head = f"{'held out':14}{'docs':>5}{'primary':>9}{'all':>7}{'metrics':>9}{'period':>8}{'relations':>11}"
    lines = [head]

    def row(name: str, x: dict[str, Any], docs: int | str) -> None:
        f = {k: (x[k] if isinstance(x[k], float) else x[k]["f1"]) for k in _HEADLINE}
        pa = x.get("period_accuracy", x["metrics"]["period_accuracy"] if isinstance(x["metrics"], dict) else 0)
        lines.append(f"{name:14}{docs!s:>5}{f['entities_primary_micro']:9.3f}{f['entities_all_micro']:7.3f}"
                     f"{f['metrics']:9.3f}{pa:8.3f}{f['relations']:11.3f}")

    for name, x in res["groups"].items():
        row(name, x, x["documents"])
    row("mean (CV)", res["mean"], "")
    row("pooled (CV)", res["pooled"], sum(x["documents"] for x in res["groups"].values()))
    row("in-sample", res["in_sample"], res["in_sample"]["documents"])
    gap = res["in_sample"]["entities_primary_micro"]["f1"] - res["mean"]["entities_primary_micro"]
    lines.append(f"in-sample minus cross-validated primary F1: {gap:+.3f}")
    return "\n".join(lines)
