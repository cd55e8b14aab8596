#!/usr/bin/env python3
"""Score kg.extract.metrics against the dev gold (shared/eval), metrics only.

Uses score.py's own score_metrics (loaded from the eval folder, not copied), so
the matching is exactly the scorer's: kind, measure, value, normalised unit,
indicator by substring either way; period accuracy over the matches.

    .venv/bin/python scripts/dev_score_metrics.py            # table per document
    .venv/bin/python scripts/dev_score_metrics.py -v         # plus FP / FN lists
    .venv/bin/python scripts/dev_score_metrics.py -v chuanhui  # only docs whose id contains this
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.metrics import extract_metrics  # noqa: E402
from kg.ingest import load_document  # noqa: E402

# The shared eval folder beside the checkout (../shared/eval); KG_EVAL_DIR points elsewhere.
EVAL = Path(os.environ.get("KG_EVAL_DIR") or Path(__file__).resolve().parents[2] / "shared" / "eval")


def load_scorer():
    spec = importlib.util.spec_from_file_location("eval_score", EVAL / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def as_json(metrics) -> dict:
    return {"metrics": [m.model_dump() for m in metrics]}


def show_errors(scorer, gold: dict, pred: dict) -> None:
    used, hits = set(), set()
    for k, m in enumerate(pred["metrics"]):
        for i, gm in enumerate(gold["metrics"]):
            if i in used:
                continue
            if (m["kind"] == gm["kind"] and m["measure"] == gm["measure"]
                    and scorer._num_eq(m["value"], gm["value"])
                    and scorer.norm(m["unit"]) == scorer.norm(gm.get("unit"))
                    and scorer._indicator_match(m["indicator"], gm["indicator"])):
                used.add(i)
                hits.add(k)
                if str(m["period"]) != str(gm.get("period")):
                    print(f"   PERIOD {m['indicator']} {m['value']}{m['unit']}: {m['period']} vs {gm.get('period')}")
                break
    for k, m in enumerate(pred["metrics"]):
        if k not in hits:
            print(f"   FP {m['indicator']} {m['kind']} {m['measure']} {m['value']} {m['unit']} "
                  f"{m['period']} {m['qualifier']}")
    for i, g in enumerate(gold["metrics"]):
        if i not in used:
            print(f"   FN {g['indicator']} {g['kind']} {g['measure']} {g['value']} {g['unit']} "
                  f"{g['period']} {g['qualifier']}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("only", nargs="?", default="")
    args = ap.parse_args()
    scorer = load_scorer()
    results = []
    print(f"{'doc':26}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}{'period':>8}{'ms':>7}")
    for gpath in sorted((EVAL / "gold").glob("*.json")):
        if args.only not in gpath.stem:
            continue
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        doc = load_document(EVAL / "docs" / f"{gpath.stem}.txt", doc_id=gpath.stem)
        t0 = time.perf_counter()
        pred = as_json(extract_metrics(doc))
        ms = (time.perf_counter() - t0) * 1000
        r = scorer.score_metrics(gold, pred)
        results.append({"metrics": r})
        print(f"{gpath.stem:26}{r['precision']:7.3f}{r['recall']:7.3f}{r['f1']:7.3f}{r['tp']:5}{r['fp']:5}"
              f"{r['fn']:5}{r['period_accuracy']:8.3f}{ms:7.1f}")
        if args.verbose:
            show_errors(scorer, gold, pred)
    tot = [sum(x["metrics"][k] for x in results) for k in ("tp", "fp", "fn")]
    m = scorer.prf(*tot)
    period_ok = sum(round(x["metrics"]["period_accuracy"] * x["metrics"]["tp"]) for x in results)
    pa = period_ok / m["tp"] if m["tp"] else 0.0
    print(f"{'ALL (micro)':26}{m['precision']:7.3f}{m['recall']:7.3f}{m['f1']:7.3f}{m['tp']:5}{m['fp']:5}"
          f"{m['fn']:5}{pa:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
