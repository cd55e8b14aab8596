"""The dev set's scores do not regress (HanLP on, the production configuration).

The dev set lives outside the repository (../shared/eval); where it is absent the test skips.
The floors sit a little below the measured scores (see the closing notes) so that a real
regression fails and noise does not.
"""

import pytest

from kg.config import PROJECT_ROOT, Settings
from kg.evaluate import evaluate_extraction

EVAL = PROJECT_ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="module")
def scores():
    if not (EVAL / "gold").is_dir():
        pytest.skip("no ../shared/eval on this machine")
    return evaluate_extraction(EVAL / "gold", EVAL / "docs", settings=Settings(use_hanlp=True))


def test_eval_devset_primary_entities_hold(scores):
    assert scores["entities_primary_micro"]["f1"] >= 0.86
    assert scores["entities_all_micro"]["f1"] >= 0.78


def test_eval_devset_metrics_and_periods_hold(scores):
    assert scores["metrics"]["f1"] >= 0.90
    assert scores["metrics"]["period_accuracy"] >= 0.90


def test_eval_devset_relations_hold(scores):
    assert scores["relations"]["f1"] >= 0.65
