"""Labels and relationship types come only from the ontology whitelist (422 otherwise); Cypher-like
and HTML-like strings in query parameters are data: searched for, never run, never echoed as markup."""

from __future__ import annotations

import pytest

from kg.errors import SchemaError
from kg.store.reader import GraphReader

pytestmark = pytest.mark.neo4j

HOSTILE = ["') RETURN 1 //", "'}) MATCH (n) DETACH DELETE n //", "青禾\" OR 1=1 --",
           "<script>alert(1)</script>", "`Entity` {id: 'x'}) SET n.x = 1 //", "*:*", "\\' OR \\'1", "$q"]


KNOWN_PREFIXES = {"District", "Indicator", "Project", "Organization", "Company", "Person", "Industry"}


def _state(client) -> dict:  # noqa: ANN001
    return client.get("/api/v1/stats").json()


@pytest.mark.parametrize(("url", "params"), [
    ("/api/v1/search", {"q": "青禾", "type": "Entity) DETACH DELETE (n"}),
    ("/api/v1/search", {"q": "青禾", "type": "Sentence"}),  # a real label, but not an entity type
    ("/api/v1/entities/District:青禾区/neighbours", {"rel": "PART_OF]-() DELETE r //"}),
    ("/api/v1/entities/District:青禾区/neighbours", {"rel": "HAS_SENTENCE"}),  # provenance, not a relation
    ("/api/v1/entities/District:青禾区/neighbours", {"type": "Document"}),
])
def test_api_injection_unknown_type_filters_are_422(client, url: str, params: dict) -> None:
    before = _state(client)
    r = client.get(url, params=params)
    assert r.status_code == 422, r.text
    assert _state(client) == before


def test_api_injection_reader_checks_the_whitelist(loaded_graph, neo4j_server) -> None:
    """Below the API's enum validation, the reader refuses unknown names itself (E301/E302)."""
    reader = GraphReader(loaded_graph, neo4j_server)
    with pytest.raises(SchemaError, match=r"E301.*Sentence"):
        reader.search("青禾", type="Sentence")
    with pytest.raises(SchemaError, match=r"E302"):
        reader.neighbours("District:青禾区", rel="PART_OF|HAS_SENTENCE")
    with pytest.raises(SchemaError, match=r"E301"):
        reader.neighbours("District:青禾区", type="Entity:Document")


@pytest.mark.parametrize("q", HOSTILE)
def test_api_injection_hostile_search_text_is_data(client, q: str) -> None:
    before = _state(client)
    r = client.get("/api/v1/search", params={"q": q})
    assert r.status_code == 200, r.text
    assert all(hit["id"].split(":")[0] in KNOWN_PREFIXES for hit in r.json()["data"])  # real entities only
    assert r.headers["content-type"].startswith("application/json")  # never rendered as HTML
    assert _state(client) == before


@pytest.mark.parametrize("q", HOSTILE)
def test_api_injection_hostile_ids_and_filters_are_data(client, q: str) -> None:
    before = _state(client)
    assert client.get(f"/api/v1/entities/{q.replace('/', '%2F')}").status_code in (404, 200)
    r = client.get("/api/v1/metrics", params={"indicator": q, "district": q, "period": q})
    assert r.status_code == 200 and r.json()["total"] == 0
    r = client.get("/api/v1/projects", params={"district": q, "company": q})
    assert r.status_code == 200 and r.json()["total"] == 0
    assert _state(client) == before


def test_api_injection_search_still_finds_real_names_among_hostile_text(client) -> None:
    r = client.get("/api/v1/search", params={"q": "青禾区') RETURN 1 //"})
    assert r.status_code == 200
    assert all(hit["type"] for hit in r.json()["data"])
