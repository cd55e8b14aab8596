"""The indicator synonym table (schemas/indicator_synonyms.yaml) and search terms built from it."""

from __future__ import annotations

import pytest

from kg.errors import SchemaError
from kg.store.reader import lucene_terms, search_terms
from kg.synonyms import SynonymTable, get_synonyms


def test_synonyms_table_loads_and_maps_both_ways() -> None:
    table = get_synonyms()
    assert table.standard_name("GDP") == table.standard_name("gdp") == "地区生产总值"
    assert table.forms("地区生产总值")[0] == "地区生产总值" and "GDP" in table.forms("地区生产总值")
    assert table.forms("没有的指标") == ["没有的指标"]


def test_synonyms_a_synonym_belongs_to_one_indicator() -> None:
    with pytest.raises(SchemaError, match="E303.*listed twice"):
        SynonymTable({"甲指标": ["同名"], "乙指标": ["同名"]})


def test_synonyms_extend_search_terms() -> None:
    assert search_terms("GDP")[:2] == ["GDP", "地区生产总值"]
    assert search_terms("食品") == ["食品"]


def test_synonyms_lucene_terms_are_phrases_for_cjk_runs() -> None:
    assert lucene_terms(["数字经济"]) == '("数字经济")'
    assert lucene_terms(["GDP", "地区生产总值"]) == '(GDP)^2 OR ("地区生产总值")'
