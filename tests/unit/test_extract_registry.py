"""Extraction as registered components, selected by a pipeline spec (kg.extract.registry)."""

import pytest

from kg.config import PROJECT_ROOT, Settings
from kg.errors import ExtractionError
from kg.extract.registry import ExtractSpec, get, load_extract_spec, names

SPEC = PROJECT_ROOT / "pipelines" / "extract.yaml"
TEXT = ("——在吉安县第十届人民代表大会上\n各位代表：\n现在，我代表县人民政府向大会报告工作。\n"
        "县委书记李成文在青松产业园调研。地区生产总值完成120亿元，比上年增长6.5%。")


def test_registry_default_spec_names_every_registered_recogniser_family_and_reader():
    spec = load_extract_spec(SPEC)
    assert set(spec.entities) == set(names("entities"))
    assert set(spec.relations) == set(names("relations"))
    assert spec.metrics == ["policykg.metrics.sentences.v1"]
    assert all(n.rsplit(".", 1)[-1].startswith("v") for n in names())  # versioned names


def test_registry_unknown_name_is_a_one_line_error_listing_the_known(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("entities: [policykg.entities.dragons.v1]\n", encoding="utf-8")
    with pytest.raises(ExtractionError, match=r"E105.*dragons.*Known entities components: .*districts"):
        load_extract_spec(bad)
    with pytest.raises(ExtractionError, match="E105"):
        get("policykg.metrics.sentences.v1", "relations")  # right name, wrong kind


def test_registry_invalid_spec_file_is_e106(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("entities: {not: a list}\n", encoding="utf-8")
    with pytest.raises(ExtractionError, match="E106"):
        load_extract_spec(bad)


def test_registry_switching_a_component_off_removes_what_it_finds():
    from kg.extract.pipeline import Extractor
    from kg.ingest import document_from_text

    full = load_extract_spec(SPEC)
    settings = Settings(use_hanlp=False)
    doc = document_from_text(TEXT, doc_id="t")
    whole = Extractor(settings, spec=full).extract(doc)
    ablated = Extractor(settings, spec=full.without(["policykg.entities.organizations.v1",
                                                     "policykg.metrics.sentences.v1"])).extract(doc)
    assert any(e.type == "Organization" for e in whole.entities) and whole.metrics
    assert not any(e.type == "Organization" for e in ablated.entities) and not ablated.metrics
    assert {e.name for e in ablated.entities if e.type == "District"} == \
        {e.name for e in whole.entities if e.type == "District"}


def test_registry_relation_family_off_means_no_relation_of_its_type():
    from kg.extract.pipeline import Extractor
    from kg.ingest import document_from_text

    text = "——在吉安县第十届人民代表大会上\n县长 李成文\n各位代表：\n现在，我代表吉安县人民政府向大会报告工作。"
    spec = load_extract_spec(SPEC)
    settings = Settings(use_hanlp=False)
    doc = document_from_text(text, doc_id="t")
    assert any(r.type == "HOLDS_POST" for r in Extractor(settings, spec=spec).extract(doc).relations)
    off = spec.without(["policykg.relations.holds_post.v1"])
    assert not any(r.type == "HOLDS_POST" for r in Extractor(settings, spec=off).extract(doc).relations)


def test_registry_empty_spec_runs_and_finds_nothing():
    from kg.extract.pipeline import Extractor
    from kg.ingest import document_from_text

    result = Extractor(Settings(use_hanlp=False), spec=ExtractSpec()).extract(document_from_text(TEXT, doc_id="t"))
    assert not result.entities and not result.metrics and not result.relations
