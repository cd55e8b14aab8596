"""POST /api/v1/cypher: reads work; writes are refused by Neo4j's READ transaction (403, E402) and
leave the graph as it was; LOAD CSV, DBMS procedures and admin commands are refused; rows are
cut at the row limit; a slow query is stopped by the timeout."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

pytestmark = pytest.mark.neo4j

URL = "/api/v1/cypher"

# Each passes the endpoint's own guard and reaches Neo4j, which refuses it in a READ transaction.
WRITES = [
    "CREATE (n:Entity {id: 'x:intruder', name: 'intruder'}) RETURN n",
    "MERGE (n:Entity {id: 'x:intruder'}) RETURN n",
    "MATCH (e:Entity) SET e.name = 'defaced'",
    "MATCH (e:Entity) DETACH DELETE e",
    "MATCH (d:Document) REMOVE d.title",
    "CALL { CREATE (:Entity {id: 'x:intruder'}) } IN TRANSACTIONS",
    "CREATE INDEX intruder_idx FOR (n:Entity) ON (n.defaced)",
    "CREATE USER intruder SET PASSWORD 'intruder-pw-123'",
]
# Allowed by a READ transaction, refused by the endpoint.
REFUSED_READS = [
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "load  csv with headers from 'http://127.0.0.1:9/x.csv' AS row RETURN row",
    "CALL db.createLabel('Intruder')",
    "CALL dbms.listConfig() YIELD name RETURN name",
    "CALL `dbms`.`components`()",
    "CALL db.clearQueryCaches()",
    "SHOW TRANSACTIONS",
    "SHOW SETTINGS",
    "SHOW USERS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
]


@pytest.fixture(scope="module")
def cy(make_client, loaded_graph):
    # 5 s, not 1: on a loaded CI machine planning an admin command can take over a second, and the
    # test means the guard's verdict, not the timeout's (the timeout has its own test below)
    with make_client(cypher_row_limit=5, cypher_timeout_s=5.0, rate_limit_per_minute=0) as c:
        yield c


def _snapshot(c) -> dict:  # noqa: ANN001
    """Counts, labels, types and a digest of every entity's properties."""
    stats = c.get("/api/v1/stats").json()
    props = c.post(URL, json={"query": "MATCH (n) RETURN count(n) AS n, collect(properties(n)) AS p"}).json()
    return {"stats": stats, "props": props["rows"]}


def test_api_cypher_reads_with_params(cy) -> None:
    r = cy.post(URL, json={"query": "MATCH (e:Entity {name: $name}) RETURN e, e.type AS type",
                           "params": {"name": "青禾区"}})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["e", "type"] and body["count"] == 1 and not body["truncated"]
    node = body["rows"][0]["e"]
    assert "Entity" in node["labels"] and node["properties"]["name"] == "青禾区"
    assert body["rows"][0]["type"] == "District"


def test_api_cypher_serialises_paths_times_and_odd_numbers(cy) -> None:
    q = ("MATCH p = (:Entity)-[:PART_OF]->(:Entity) "
         "RETURN p, date('2021-03-01') AS d, point({x: 1, y: 2}) AS pt, 0.0 / 0.0 AS nan LIMIT 1")
    r = cy.post(URL, json={"query": q})
    assert r.status_code == 200, r.text
    row = r.json()["rows"][0]
    assert row["p"]["relationships"][0]["type"] == "PART_OF" and len(row["p"]["nodes"]) == 2
    assert row["d"] == "2021-03-01" and row["pt"]["coordinates"] == [1.0, 2.0] and row["nan"] == "nan"


@pytest.mark.parametrize("query", WRITES)
def test_api_cypher_write_is_refused_and_graph_unchanged(cy, query: str) -> None:
    before = _snapshot(cy)
    r = cy.post(URL, json={"query": query})
    assert r.status_code == 403, r.text
    assert r.json()["detail"].startswith("[E402] Query refused") and "read-only" in r.json()["detail"]
    assert _snapshot(cy) == before


@pytest.mark.parametrize("query", REFUSED_READS)
def test_api_cypher_guard_refuses_files_dbms_and_admin(cy, query: str) -> None:
    before = _snapshot(cy)
    r = cy.post(URL, json={"query": query})
    assert r.status_code == 403, r.text
    assert "[E402]" in r.json()["detail"]
    assert _snapshot(cy) == before


@pytest.mark.parametrize("query", [
    "CALL db.labels() YIELD label RETURN label",
    "SHOW INDEXES YIELD name RETURN name",
    "MATCH (n) WHERE n.name = 'LOAD CSV FROM x' RETURN count(n) AS n",  # words inside a string are data
    "RETURN 'SHOW USERS' AS s // CALL dbms.listConfig()",
])
def test_api_cypher_guard_allows_schema_reads_and_literals(cy, query: str) -> None:
    r = cy.post(URL, json={"query": query})
    assert r.status_code == 200, r.text


def test_api_cypher_row_limit_truncates(cy) -> None:
    r = cy.post(URL, json={"query": "UNWIND range(1, 1000000) AS i RETURN i"})
    assert r.status_code == 200
    body = r.json()
    assert body["truncated"] and body["count"] == body["limit"] == 5
    assert [row["i"] for row in body["rows"]] == [1, 2, 3, 4, 5]
    exact = cy.post(URL, json={"query": "UNWIND range(1, 5) AS i RETURN i"}).json()
    assert exact["count"] == 5 and not exact["truncated"]


def test_api_cypher_timeout_stops_a_slow_query(make_client, loaded_graph) -> None:
    q = "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n"
    with make_client(cypher_timeout_s=1.0, rate_limit_per_minute=0) as c:
        r = c.post(URL, json={"query": q})
    assert r.status_code == 422, r.text
    assert "[E402]" in r.json()["detail"] and "KG_CYPHER_TIMEOUT_S" in r.json()["detail"]


def test_api_cypher_syntax_error_is_a_client_error(cy) -> None:
    r = cy.post(URL, json={"query": "MATCH (n RETURN n"})
    assert r.status_code == 422 and "[E402]" in r.json()["detail"] and "SyntaxError" in r.json()["detail"]


def test_api_cypher_needs_the_read_key_when_set(make_client, loaded_graph) -> None:
    with make_client(read_api_key=SecretStr("r"), rate_limit_per_minute=0) as c:
        assert c.post(URL, json={"query": "RETURN 1 AS one"}).status_code == 401
        r = c.post(URL, json={"query": "RETURN 1 AS one"}, headers={"X-API-Key": "r"})
        assert r.status_code == 200 and r.json()["rows"] == [{"one": 1}]


def test_api_cypher_parameter_too_big_for_bolt_is_a_client_error(cy) -> None:
    r = cy.post(URL, json={"query": "RETURN $x AS x", "params": {"x": 2**70}})
    assert r.status_code == 422 and "64 bits" in r.json()["detail"]
    r = cy.post(URL, json={"query": "RETURN $x AS x"})
    assert r.status_code == 422 and "ParameterMissing" in r.json()["detail"]
