"""kg ask's reading of a question without the database: input checks, normalisation, times,
indicator matching, entity linking (invented names)."""

from __future__ import annotations

import pytest

from kg.ask.understand import (
    Lexicon,
    check_question,
    indicator_score,
    kind_of,
    normalise,
    plan_years,
    read_time,
    rules,
)
from kg.errors import BadQuestion


@pytest.mark.parametrize(("q", "code"), [(None, "E290"), ("  \n", "E290"), ("长" * 201, "E291"),
                                         ("今年\x07目标", "E292"), ("a\u200bb", "E292"), ("？！…", "E293")])
def test_bad_questions_get_one_coded_line(q, code) -> None:
    with pytest.raises(BadQuestion) as e:
        check_question(q)
    assert str(e.value).startswith(f"[{code}]") and "\n" not in str(e.value)


def test_normalise_simplifies_and_writes_years_in_digits() -> None:
    assert normalise("二〇二二年 規模以上工業增加值“增長”多少？") == "2022年规模以上工业增加值增长多少?"


def test_plans_and_relative_years() -> None:
    assert plan_years(14) == (2021, 2025) and plan_years(13) == (2016, 2020)
    t = read_time("十四五期间年均增长多少", newest_year=2023)
    assert t.periods == ["2021-2025", "2025"] and t.kind_hint == "target"
    assert read_time("十三五时期累计", newest_year=2021).periods == ["2016-2020", "2020"]
    assert read_time("今年的目标", newest_year=2023).periods == ["2023"]
    assert read_time("去年完成", newest_year=2023).periods == ["2022"]
    named = read_time("2021年实际增长", newest_year=2023)
    assert named.periods == ["2021"] and named.year == 2021 and not named.relative


def test_kind_cues() -> None:
    assert kind_of("今年预期增长多少", read_time("今年", 2022)) == "target"
    assert kind_of("2020年完成了多少", read_time("2020年", 2022)) == "actual"
    assert kind_of("去年是多少", read_time("去年", 2022)) == "actual"


def test_indicator_score_counts_shared_pieces() -> None:
    assert indicator_score("新建公厕", "今年计划新建多少个公厕") == (1.0, 4)
    assert indicator_score("新增学位", "城镇新增就业多少人")[0] == 0.5
    assert indicator_score("房价", "地区生产总值是多少") == (0.0, 0)


def test_lexicon_links_longest_names_and_aliases_without_overlap() -> None:
    lex = Lexicon.of([{"id": "D:1", "name": "白鹭区", "type": "District", "aliases": ["白鹭"]},
                      {"id": "O:1", "name": "白鹭区人民政府", "type": "Organization", "aliases": ["区政府"]},
                      {"id": "I:1", "name": "地区生产总值", "type": "Indicator", "aliases": []}])
    links = lex.link("白鹭区人民政府和白鹭有什么关系，地区生产总值")
    assert [(lk.entity.id, lk.surface) for lk in links] == [("O:1", "白鹭区人民政府"), ("D:1", "白鹭")]


def test_rules_file_has_every_family() -> None:
    r = rules()
    assert {"who", "relation", "list", "topic", "kind", "measure", "time"} <= set(r)
    assert all({"words", "type"} <= set(t) for t in r["list"]["types"])
