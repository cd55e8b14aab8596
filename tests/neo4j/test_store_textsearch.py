"""Sentence search (kg.store.textsearch.search_sentences) against the real test Neo4j, on two
invented reports (tests/textsearch_support.py)."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.errors import QueryRefused
from kg.store.reader import GraphReader
from kg.store.schema import list_schema
from kg.store.textsearch import search_sentences
from tests.textsearch_support import load_reports

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def reader(driver: object, neo4j_server: Settings) -> GraphReader:
    load_reports(driver, neo4j_server)
    return GraphReader(driver, neo4j_server)  # type: ignore[arg-type]


def _texts(page) -> list[str]:  # noqa: ANN001
    return [h["sentence"] for h in page.items]


def test_store_textsearch_index_is_cjk_fulltext(driver: object, neo4j_server: Settings) -> None:
    assert {"sentenceText", "sentence_text"} <= set(list_schema(driver, neo4j_server)["indexes"])  # type: ignore[arg-type]
    with driver.session(database=neo4j_server.neo4j_database) as s:  # type: ignore[attr-defined]
        row = s.run("SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options "
                    "WHERE name = 'sentenceText' RETURN labelsOrTypes, properties, "
                    "options.indexConfig['fulltext.analyzer'] AS analyzer").single()
    assert (row["labelsOrTypes"], row["properties"], row["analyzer"]) == (["Sentence"], ["text"], "cjk")


def test_store_textsearch_whole_phrase_ranks_above_shared_bigrams(reader: GraphReader) -> None:
    page = search_sentences(reader, "食品安全")
    exact = [h for h in page.items if h["exact"]]
    assert {h["sentence_id"] for h in exact} == {"meiling-2022:s0", "meiling-2022:s8", "zhuxi-2021:s0"}
    assert page.exact_total == 3 and page.items[:3] == exact  # whole phrase first
    loose = page.items[3:]
    assert "加强校园周边食品经营监管，守住安全底线。" in [h["sentence"] for h in loose]
    assert all(not h["exact"] for h in loose)
    assert page.total == len(page.items) and page.query == "食品安全"
    assert all(exact[i]["score"] >= exact[i + 1]["score"] for i in range(len(exact) - 1))
    campus = next(h for h in loose if h["sentence"].startswith("加强校园"))  # its shared bigrams are marked
    assert [campus["sentence"][x["start"]:x["end"]] for x in campus["hits"]] == ["食品", "安全"]


def test_store_textsearch_exact_only_and_hits(reader: GraphReader) -> None:
    page = search_sentences(reader, "食品安全", exact_only=True)
    assert page.total == page.exact_total == 3 and all(h["exact"] for h in page.items)
    for h in page.items:
        assert [h["sentence"][x["start"]:x["end"]] for x in h["hits"]] == ["食品安全"]
        assert h["document"]["id"] in {"meiling-2022", "zhuxi-2021"} and h["section_path"]
    markup = next(h for h in page.items if h["sentence_id"] == "meiling-2022:s8")
    assert markup["marked"] == "举办&lt;b&gt;<mark>食品安全</mark>&lt;/b&gt;宣传周 &amp; 科普活动。"
    assert markup["document"] == {"id": "meiling-2022", "title": "梅岭区2022年政府工作报告", "year": 2022,
                                  "district_id": "District:539901"}
    assert markup["section_path"] == ["二、2022年工作安排"]


@pytest.mark.parametrize("district", ["梅岭区", "梅岭", "539901", "District:539901"])
def test_store_textsearch_filters_by_reporting_district(reader: GraphReader, district: str) -> None:
    page = search_sentences(reader, "食品安全", district=district, exact_only=True)
    assert {h["sentence_id"] for h in page.items} == {"meiling-2022:s0", "meiling-2022:s8"}


def test_store_textsearch_filters_by_year_and_document(reader: GraphReader) -> None:
    assert _texts(search_sentences(reader, "数字乡村", year=2021)) == ["数字乡村战略全面推进。"]
    assert _texts(search_sentences(reader, "数字乡村", document="meiling-2022")) == ["持续优化营商环境，推进数字乡村。"]
    assert search_sentences(reader, "数字乡村", year=1999).total == 0
    with pytest.raises(QueryRefused, match=r"^\[E297\] No district '不存在区'"):
        search_sentences(reader, "数字乡村", district="不存在区")
    with pytest.raises(QueryRefused, match=r"^\[E297\] No document 'nope-2020'"):
        search_sentences(reader, "数字乡村", document="nope-2020")


def test_store_textsearch_latin_traditional_and_lone_characters(reader: GraphReader) -> None:
    for q in ("V2.1", "v2.1", "Ｖ２．１"):
        page = search_sentences(reader, q)
        assert _texts(page) == ["V2.1版数据平台全面上线。"]
        assert page.items[0]["hits"] == [{"start": 0, "end": 4}]
    assert _texts(search_sentences(reader, "4K")) == ["新建4K演播室3个，营商环境持续优化。"]
    page = search_sentences(reader, "營商環境", exact_only=True)
    assert page.query == "营商环境" and page.total == 2
    water = search_sentences(reader, "水")  # one character: the substring fallback
    assert _texts(water) == ["水利设施全面完成。"] and water.items[0]["score"] == 0.0
    assert water.items[0]["hits"] == [{"start": 0, "end": 1}]


def test_store_textsearch_words_must_all_occur_and_pages(reader: GraphReader) -> None:
    page = search_sentences(reader, "营商环境 数字乡村", exact_only=True)
    assert _texts(page) == ["持续优化营商环境，推进数字乡村。"]
    everything = search_sentences(reader, "汛情", limit=100)
    assert everything.total == 2
    second = search_sentences(reader, "汛情", limit=1, offset=1)
    assert second.total == 2 and second.items == everything.items[1:2]
    assert search_sentences(reader, "汛情", offset=5).items == []
