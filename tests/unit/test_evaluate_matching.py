"""kg.evaluate matches like shared/eval/score.py: aliases, containment, empty predictions."""

from __future__ import annotations

import json
from pathlib import Path

from kg.evaluate import evaluate, report, score

GOLD = {
    "entities": [{"type": "Project", "name": "荷花商城项目", "aliases": ["荷花商城"]},
                 {"type": "Person", "name": "张三", "aliases": []}],
    "metrics": [{"indicator": "地区生产总值", "kind": "actual", "measure": "level", "value": 292,
                 "unit": "亿元", "period": "2020", "qualifier": None}],
    "relations": [{"type": "HOLDS_POST", "head": "张三", "tail": "荷花商城"}],
}


def test_evaluate_entity_matches_through_alias_once() -> None:
    pred = {"entities": [{"type": "Project", "name": "荷花商城"}, {"type": "Project", "name": "荷花商城项目"}]}
    res = score(GOLD, pred)["entities"]["Project"]
    assert (res["tp"], res["fp"], res["fn"]) == (1, 1, 0)


def test_evaluate_metric_indicator_containment_and_period() -> None:
    pred = {"metrics": [{"indicator": "全区地区生产总值", "kind": "actual", "measure": "level",
                         "value": 292.0, "unit": "亿元", "period": "2021"}]}
    res = score(GOLD, pred)["metrics"]
    assert res["tp"] == 1 and res["period_accuracy"] == 0.0


def test_evaluate_relation_tail_resolved_through_gold_alias() -> None:
    pred = {"relations": [{"type": "HOLDS_POST", "head": "张三", "tail": "荷花商城项目"}]}
    assert score(GOLD, pred)["relations"]["tp"] == 1


def test_evaluate_dir_counts_missing_prediction_as_empty(tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    (gold / "a.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    res = evaluate(gold, pred)
    assert res["entities_all_micro"]["fn"] == 2 and res["documents"] == 1
    assert "ENTITIES primary" in report(res)
