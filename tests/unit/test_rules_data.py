"""The rule data files (kg/extract/rules/data/*.yaml) are well-formed and free of duplicates."""

from importlib.resources import files

import pytest
import yaml

DATA = files("kg.extract.rules.data")
FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".yaml"))


def test_rules_data_files_exist():
    assert {"patterns.yaml", "lexicons.yaml"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_rules_data_lists_have_no_duplicates_or_blanks(name):
    data = yaml.safe_load(DATA.joinpath(name).read_text(encoding="utf-8"))
    for key, value in data.items():
        if isinstance(value, list):
            assert all(isinstance(v, str) and v.strip() == v and v for v in value), key
            dupes = sorted({v for v in value if value.count(v) > 1})
            assert not dupes, f"{name}:{key} repeats {dupes}"


def test_rules_data_modules_expose_the_files_values():
    from kg.extract.rules import lexicons as L
    from kg.extract.rules import patterns as P

    assert "街道办事处" in P.DISTRICT_SUFFIXES and isinstance(P.SCOPE_WORDS, frozenset)
    assert "地区生产总值" in L.INDICATORS and L.INDICATOR_SYNONYMS["GDP"] == "地区生产总值"
