from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT
from kg.errors import InputError
from kg.pipeline_spec import load_spec


def test_pipeline_spec_sample_resolves_inputs_against_the_root():
    spec = load_spec(PROJECT_ROOT / "pipelines" / "sample.yaml", PROJECT_ROOT)
    assert spec.name == "sample"
    assert all(p.is_absolute() and p.exists() for p in spec.inputs)
    assert spec.extract_out == PROJECT_ROOT / "out" / "sample"


def test_pipeline_spec_without_inputs_is_refused_with_a_named_error(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ninputs: []\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"E009.*bad.yaml"):
        load_spec(bad, tmp_path)


def test_pipeline_spec_missing_file_is_refused(tmp_path: Path):
    with pytest.raises(InputError, match="E001"):
        load_spec(tmp_path / "nope.yaml", tmp_path)
