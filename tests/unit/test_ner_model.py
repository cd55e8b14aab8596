"""kg.extract.ner_model: training is deterministic, spans become candidates, the policies, no model.

Every name here is invented (青禾区, 云杉科技 ...), none comes from shared/eval/gold.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from kg.config import Settings
from kg.extract import ner_model as N
from kg.extract.entities import Candidate
from kg.extract.resolve import select_spans
from kg.ingest.document import document_from_text

SENTENCES = [
    ("青禾区引进云杉科技，建设白鹭湾文旅项目。", [("青禾区", "District"), ("云杉科技", "Company"),
                                       ("白鹭湾文旅项目", "Project")]),
    ("松果集团投资建设青禾区智能制造产业园。", [("松果集团", "Company"), ("青禾区", "District")]),
    ("全年地区生产总值增长百分之六，青禾区人民政府持续推进“三城同创”。",
     [("地区生产总值", "Indicator"), ("青禾区人民政府", "Organization"), ("“三城同创”", "Policy")]),
    ("区长柳明远代表青禾区人民政府作报告。", [("柳明远", "Person"), ("青禾区人民政府", "Organization")]),
]


def _labelled(text: str, names: list[tuple[str, str]], origin: str) -> N.Labelled:
    ents = [{"type": t, "name": n} for n, t in names]
    return N.Labelled(text, tuple(N.name_spans(text, ents)), origin, gold=True)


CORPUS = [_labelled(t, names, f"gold:invented-{i}") for i, (t, names) in enumerate(SENTENCES)]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The same tiny corpus trained twice with one seed."""
    out = []
    for run in ("a", "b"):
        path = tmp_path_factory.mktemp(f"ner-{run}")
        N.train_model(CORPUS * 5, path, seed=7, epochs=8)
        out.append(path)
    return out


def test_ner_training_is_deterministic_for_a_seed(trained: list[Path]) -> None:
    text = "青禾区引进松果集团，建设白鹭湾文旅项目。云杉科技落户青禾区。"
    a, b = (N.NerModel(p) for p in trained)
    assert a.scored_spans(text) == b.scored_spans(text)
    assert (trained[0] / "ner_tags" / "model").read_bytes() == (trained[1] / "ner_tags" / "model").read_bytes()


def test_ner_model_spans_become_candidates(trained: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    model = N.NerModel(trained[0])
    text = "松果集团落户青禾区。"
    monkeypatch.setattr(model, "scored_spans", lambda t: [(0, 4, "Company", 0.9), (6, 9, "District", 0.4)])
    cands = model.candidates(text)
    assert [(c.start, c.end, c.type, c.source, c.score) for c in cands] == [
        (0, 4, "Company", N.SOURCE, N.SCORE), (6, 9, "District", N.SOURCE, N.SCORE)]
    model.min_prob = 0.5  # a confidence floor drops the unsure span
    assert [(c.start, c.end) for c in model.candidates(text)] == [(0, 4)]


def test_ner_real_spans_are_offsets_into_the_text(trained: list[Path]) -> None:
    text = "  青禾区 引进云杉科技。\n\n松果集团投资建设青禾区智能制造产业园。"
    for s, e, t, p in N.NerModel(trained[0]).scored_spans(text):
        assert 0 <= s < e <= len(text) and text[s:e].strip() == text[s:e]
        assert t in N.ENTITY_TYPES and 0.0 <= p <= 1.0


def test_ner_decode_biluo_is_lenient() -> None:
    labels = N.biluo_labels()
    tags = [(x[0], x[2:]) for x in labels]
    ids = np.array([labels.index(x) for x in
                    ["B-Company", "I-Company", "L-Company", "O", "I-Project", "I-Project", "U-District",
                     "B-Policy", "I-Indicator", "L-Indicator", "U-Person"]])
    assert N.decode_biluo(ids, tags, labels.index("O")) == [
        (0, 3, "Company"), (4, 6, "Project"), (8, 10, "Indicator")]  # single characters dropped


def test_ner_fill_policy_rule_span_wins_over_overlapping_model_span() -> None:
    rule = [Candidate(0, 4, "Company", "suffix", 0.75)]
    model = [Candidate(0, 6, "Project", N.SOURCE, N.SCORE), Candidate(8, 11, "District", N.SOURCE, N.SCORE)]
    kept = N.combine(rule, model, "fill")
    assert [(c.start, c.end, c.type) for c in kept] == [(0, 4, "Company"), (8, 11, "District")]
    # union: the resolver decides (the longer model span wins there); only: the model alone
    assert len(N.combine(rule, model, "union")) == 3
    assert N.combine(rule, model, "only") == model
    with pytest.raises(ValueError):
        N.combine(rule, model, "both")


def test_ner_equal_spans_go_to_the_rule_in_the_resolver() -> None:
    rule = Candidate(0, 4, "Industry", "suffix-soft", 0.5)  # the lowest rule score, lowest-priority type
    model = Candidate(0, 4, "Person", N.SOURCE, N.SCORE)
    assert select_spans(N.combine([rule], [model], "union")) == [rule]


def test_ner_name_spans_longest_first_every_occurrence() -> None:
    text = "青禾区人民政府和青禾区。青禾区"
    ents = [{"type": "District", "name": "青禾区"}, {"type": "Organization", "name": "青禾区人民政府"},
            {"type": "Company", "name": "青禾区", "aliases": ["禾"]}]  # District outranks Company
    assert N.name_spans(text, ents) == [(0, 7, "Organization"), (8, 11, "District"), (12, 15, "District")]


def test_ner_extractor_runs_without_the_model_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from kg.extract.pipeline import Extractor

    doc = document_from_text("青禾区人民政府工作报告\n一、过去一年工作回顾\n青禾区引进云杉科技有限公司。\n")
    settings = Settings(use_hanlp=False)
    rules = Extractor(settings).extract(doc)
    with caplog.at_level(logging.WARNING, logger="kg.extract.ner_model"):
        missing = Extractor(settings, ner_model=tmp_path / "no-model").extract(doc)
    assert [e.id for e in missing.entities] == [e.id for e in rules.entities]
    assert "make model" in caplog.text


def test_ner_silver_leaves_out_a_seed_sharing_held_out_text() -> None:
    seed = N.SEED_REPORTS[0]
    if not seed.exists():
        pytest.skip("no sample report")
    excerpt = seed.read_text(encoding="utf-8").splitlines()
    line = max(excerpt, key=len)
    assert N._shares_text(seed.read_text(encoding="utf-8"), line)
    assert not N._shares_text(seed.read_text(encoding="utf-8"), "青禾区引进云杉科技，建设白鹭湾文旅项目。")
    assert N.silver_texts([line], n_generated=2, seed=0) == []


def test_ner_swap_names_moves_labels_with_the_names() -> None:
    import random

    out = N.swap_names(CORPUS, random.Random(1))
    for item in out:
        for s, e, t in item.spans:
            assert item.text[s:e].strip() and t in N.ENTITY_TYPES
    assert any(a.text != b.text for a, b in zip(out, CORPUS, strict=True))
