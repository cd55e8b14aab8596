"""kg.store.reader on a graph holding reports A and B (loaded once per module)."""

from __future__ import annotations

import pytest

from kg.errors import NotFound
from kg.store.reader import GraphReader

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def reader(loaded_graph, neo4j_server) -> GraphReader:
    return GraphReader(loaded_graph, neo4j_server)


def _names(page) -> list[str]:
    return [item["name"] for item in page.items]


def test_store_reader_search_finds_chinese_names(reader) -> None:
    page = reader.search("青禾数字")
    assert _names(page)[0] == "青禾数字产业园项目"
    assert reader.search("青禾区").items[0]["name"] == "青禾区"  # exact name first


def test_store_reader_search_fulltext_matches_word_parts(reader) -> None:
    # No single name holds "物流政府"; the CJK bigrams 物流 and 政府 each match one.
    assert set(_names(reader.search("物流政府"))) >= {"松风物流园项目", "青禾区人民政府"}


def test_store_reader_search_aliases_type_and_paging(reader) -> None:
    assert _names(reader.search("GDP")) == ["地区生产总值"]
    assert _names(reader.search("青禾", type="Organization")) == ["青禾区人民政府"]
    first, second = reader.search("青禾", limit=1), reader.search("青禾", limit=1, offset=1)
    assert first.total == second.total >= 3 and _names(first) != _names(second)


def test_store_reader_search_survives_lucene_syntax(reader) -> None:
    assert reader.search('青禾 AND ("').total >= 0


def test_store_reader_entity_has_mentions_with_evidence(reader) -> None:
    e = reader.get_entity("Company:远山集团")
    assert e["doc_ids"] == ["qinghe-2021", "qinghe-2022"] and e["mention_count"] == 2
    m = e["mentions"][0]
    assert m["doc_id"] == "qinghe-2021" and m["section_path"] == ["一、2020年工作回顾"]
    assert m["sentence"][m["start"] - m["start"]:].startswith("青禾区人民政府") and m["text"] == "远山集团"


def test_store_reader_unknown_entity_is_not_found(reader) -> None:
    with pytest.raises(NotFound, match="E401.*nope"):
        reader.get_entity("nope")
    with pytest.raises(NotFound):
        reader.neighbours("nope")


def test_store_reader_neighbours_filter(reader) -> None:
    all_ties = reader.neighbours("Project:青禾数字产业园项目")
    assert {t["relation"] for t in all_ties.items} == {"LOCATED_IN", "IN_INDUSTRY", "PARTICIPATES_IN"}
    located = reader.neighbours("Project:青禾数字产业园项目", rel="LOCATED_IN")
    assert [t["entity"]["name"] for t in located.items] == ["柳塘村"]
    assert located.items[0]["evidence"][0]["sentence"].startswith("青禾数字产业园项目位于柳塘村")
    companies = reader.neighbours("Project:青禾数字产业园项目", type="Company")
    assert [(t["entity"]["name"], t["direction"]) for t in companies.items] == [("星河智造", "in")]


def test_store_reader_projects_by_district_include_sub_districts(reader) -> None:
    # The project is LOCATED_IN a village; the village is PART_OF a street, which is PART_OF 青禾区.
    # Report B names 松风物流园项目 without a place: REPORTED_BY its reporting district, 青禾区.
    assert _names(reader.projects(district="青禾区")) == ["松风物流园项目", "青禾数字产业园项目"]
    assert _names(reader.projects(district="District:柳塘村")) == ["青禾数字产业园项目"]
    assert reader.projects(district="云州市").total == 2  # three levels up
    assert _names(reader.projects(company="远山集团")) == ["松风物流园项目"]
    assert _names(reader.projects(industry="数字经济")) == ["青禾数字产业园项目"]
    assert reader.projects().total == 2


def test_store_reader_companies_with_projects(reader) -> None:
    companies = {c["name"]: c for c in reader.companies().items}
    assert [p["entity"]["name"] for p in companies["远山集团"]["projects"]] == ["松风物流园项目"]
    assert [p["entity"]["name"] for p in companies["远山集团"]["partners"]] == ["青禾区人民政府"]


def test_store_reader_organizations_with_ties(reader) -> None:
    (org,) = reader.organizations().items
    assert {t["relation"] for t in org["ties"]} == {"COOPERATES_WITH", "HOLDS_POST"}


def test_store_reader_metrics_filters(reader) -> None:
    assert reader.metrics().total == 4
    assert reader.metrics(kind="target").total == 1
    growth_2021 = reader.metrics(indicator="GDP", period="2021", kind="actual")
    assert [m["value"] for m in growth_2021.items] == [7.5]
    assert growth_2021.items[0]["evidence"][0]["doc_id"] == "qinghe-2022"
    assert reader.metrics(district="青禾区").total == 4 and reader.metrics(district="松岭县").total == 0


def test_store_reader_compare_lines_up_target_and_actual(reader) -> None:
    items = {(g["period"], g["measure"]): g for g in reader.compare(indicator="地区生产总值", district="青禾区").items}
    g2021 = items[("2021", "growth")]
    assert g2021["target"]["value"] == 7.0 and g2021["actual"]["value"] == 7.5 and g2021["verdict"] == "met"
    assert g2021["target"]["doc_id"] == "qinghe-2021" and g2021["actual"]["doc_id"] == "qinghe-2022"
    assert g2021["target"]["doc_year"] == 2021 and g2021["actual"]["doc_year"] == 2022
    assert items[("2020", "level")]["verdict"] == "no_target" and items[("2020", "level")]["target"] is None


def test_store_reader_paths_are_bounded_shortest_paths(reader) -> None:
    (path,) = reader.paths("Company:星河智造", "District:青禾区", max_hops=6, layer="typed")
    assert [n["name"] for n in path["nodes"]] == ["星河智造", "青禾数字产业园项目", "柳塘村", "石桥街道", "青禾区"]
    assert reader.paths("Company:星河智造", "District:青禾区", max_hops=3, layer="typed") == []
    # over both layers: they share a sentence (青禾, an alias of the district, in the project's name)
    (short,) = reader.paths("星河智造", "青禾区", max_hops=3)
    assert [r["relation"] for r in short["relationships"]] == ["CO_MENTIONED"]


def test_store_reader_documents_and_stats(reader) -> None:
    docs = reader.documents()
    assert [d["id"] for d in docs.items] == ["qinghe-2021", "qinghe-2022"]
    detail = reader.document("qinghe-2021")
    assert detail["sentences"] == 7 and [s["period"] for s in detail["section_list"]] == ["2020", "2021"]
    with pytest.raises(NotFound, match="document"):
        reader.document("nope")
    stats = reader.stats()
    assert stats["labels"]["Document"] == 2 and stats["relationships"] == sum(stats["relationship_types"].values())


def test_store_reader_subgraph_around_entity(reader) -> None:
    sub = reader.subgraph("District:青禾区", hops=1)
    assert {n["name"] for n in sub.nodes} == {"青禾区", "云州市", "石桥街道", "松风物流园项目"}
    assert {(e["source"], e["relation"], e["target"]) for e in sub.edges} == {
        ("District:青禾区", "PART_OF", "District:云州市"), ("District:石桥街道", "PART_OF", "District:青禾区"),
        ("Project:松风物流园项目", "REPORTED_BY", "District:青禾区")}
    assert len(reader.subgraph(limit=5).nodes) == 5
