"""Entity ids that hold a "/" (an organisation named after its district: "青禾区/区委") are served
by the detail and neighbours routes like any other id."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from kg.build import build_rows
from kg.store.writer import write_document
from tests.conftest import make_result

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def slash_client(driver, neo4j_server, make_client):
    from tests.conftest import wipe

    wipe(driver, neo4j_server)
    result = make_result("slash-2021", "青禾区2021年政府工作报告",
                         [("一、工作回顾", "2020", ["林知远任青禾区/区委书记。"])],
                         [{"type": "Organization", "name": "青禾区/区委"}, {"type": "Person", "name": "林知远"}],
                         [("HOLDS_POST", "林知远", "青禾区/区委", 0)], [])
    write_document(driver, neo4j_server, build_rows(result))
    with make_client() as c:
        yield c


def test_api_entity_id_with_slash_has_detail_and_neighbours(slash_client) -> None:
    url = "/api/v1/entities/" + quote("Organization:青禾区/区委", safe="")
    detail = slash_client.get(url)
    assert detail.status_code == 200, detail.text
    assert detail.json()["name"] == "青禾区/区委" and detail.json()["mention_count"] == 1
    ties = slash_client.get(url + "/neighbours")
    assert ties.status_code == 200, ties.text
    assert ties.json()["entity_id"] == "Organization:青禾区/区委"
    assert [t["entity"]["name"] for t in ties.json()["data"]] == ["林知远"]


def test_api_entity_id_with_slash_unknown_is_404(slash_client) -> None:
    assert slash_client.get("/api/v1/entities/" + quote("Organization:无/此", safe="")).status_code == 404
    assert slash_client.get("/api/v1/entities/" + quote("Organization:无/此", safe="") + "/neighbours").status_code == 404
