"""Identity across reports in the real graph: two reports of one invented district meet on one node
per organ, firm and project, another district's stay apart, each entity says which report gave
which name by which rule (merge evidence), and deleting a report leaves the others' as they were."""

from __future__ import annotations

import pytest

from kg.build import build_rows
from kg.store.reader import GraphReader
from kg.store.writer import delete_document, write_document
from tests.multiyear_support import qinghe_2021, qinghe_2022, shiling_2022

pytestmark = pytest.mark.neo4j


def _load(driver, settings, *results) -> GraphReader:  # noqa: ANN001
    for r in results:
        write_document(driver, settings, build_rows(r))
    return GraphReader(driver, settings)


def _evidence(entity: dict) -> dict[str, tuple[str, str]]:
    return {e["doc_id"]: (e["name"], e["rule"]) for e in entity["merge_evidence"]}


def test_identity_merges_with_evidence_across_two_reports_of_one_district(graph, neo4j_server) -> None:
    reader = _load(graph, neo4j_server, qinghe_2021(), qinghe_2022(), shiling_2022())
    committee = reader.get_entity("Organization:青禾区/区委")
    assert committee["doc_ids"] == ["qh-2021", "qh-2022"] and committee["name"] == "中共青禾区委"
    assert committee["aliases"] == ["区委"]
    assert _evidence(committee) == {"qh-2021": ("中共青禾区委", "jurisdiction-scoped"),
                                    "qh-2022": ("区委", "jurisdiction-scoped")}
    firm = reader.get_entity("Company:远山智造科技")
    assert firm["doc_ids"] == ["qh-2021", "qh-2022", "sl-2022"]
    assert _evidence(firm) == {"qh-2021": ("远山智造科技有限公司", "company-legal-form"),
                               "qh-2022": ("远山智造科技", "same-name"),
                               "sl-2022": ("远山智造科技有限公司", "company-legal-form")}
    brand = reader.get_entity("星河新材料")  # the brand finds the firm the text tied it to
    assert brand["id"] == "Company:星河新材料" and brand["name"] == "星河新材料科技有限公司"
    assert _evidence(brand)["qh-2021"] == ("星河新材料科技有限公司", "company-brand-in-report")
    assert {e["doc_id"]: e["forms"] for e in brand["merge_evidence"]} == {
        "qh-2021": ["星河新材料", "星河新材料科技有限公司"], "qh-2022": ["星河新材料"]}
    park = reader.get_entity("Project:青禾区/松风物流园")
    assert _evidence(park) == {"qh-2021": ("“松风物流园”", "spelling"), "qh-2022": ("松风物流园项目", "project-suffix")}
    assert {m["doc_id"] for m in park["mentions"]} == {"qh-2021", "qh-2022"}  # a sentence from each


def test_identity_keeps_apart_what_is_not_one_thing(graph, neo4j_server) -> None:
    reader = _load(graph, neo4j_server, qinghe_2021(), qinghe_2022(), shiling_2022())
    docs = {e: reader.get_entity(e)["doc_ids"] for e in (
        "Project:青禾区/柳塘数字产业园一期", "Project:青禾区/柳塘数字产业园二期", "Company:远山电子",
        "Company:云帆", "Company:云帆物流", "Organization:石岭区/区委", "Organization:石岭区/区妇联",
        "Project:石岭区/白鹭湾文旅小镇", "Project:青禾区/白鹭湾文旅小镇", "Organization:云州市/市委")}
    assert docs == {"Project:青禾区/柳塘数字产业园一期": ["qh-2021"], "Project:青禾区/柳塘数字产业园二期": ["qh-2022"],
                    "Company:远山电子": ["qh-2022"], "Company:云帆": ["qh-2021"], "Company:云帆物流": ["qh-2021"],
                    "Organization:石岭区/区委": ["sl-2022"], "Organization:石岭区/区妇联": ["sl-2022"],
                    "Project:石岭区/白鹭湾文旅小镇": ["sl-2022"], "Project:青禾区/白鹭湾文旅小镇": ["qh-2021"],
                    "Organization:云州市/市委": ["qh-2021", "sl-2022"]}
    assert reader.get_entity("Organization:青禾区/区委")["doc_ids"] == ["qh-2021", "qh-2022"]


def _entities(reader: GraphReader, ids: list[str]) -> dict[str, dict]:
    keep = ("name", "aliases", "doc_ids", "merge_evidence", "mention_count")
    return {i: {k: reader.get_entity(i)[k] for k in keep} for i in ids}


def test_identity_deleting_a_report_leaves_the_others_names_and_evidence(graph, neo4j_server) -> None:
    shared = ["Organization:青禾区/区委", "Company:远山智造科技", "Company:星河新材料", "Project:青禾区/松风物流园",
              "Organization:青禾区/区妇联"]
    reader = _load(graph, neo4j_server, qinghe_2022())
    alone = _entities(reader, shared)  # the 2022 report by itself
    _load(graph, neo4j_server, qinghe_2021(), shiling_2022())
    assert reader.get_entity("Company:星河新材料")["name"] == "星河新材料"  # the first report's name stays
    delete_document(graph, neo4j_server, "qh-2021")
    delete_document(graph, neo4j_server, "sl-2022")
    assert _entities(reader, shared) == alone
