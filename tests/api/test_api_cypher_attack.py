"""The attack of issue #11 on POST /api/v1/cypher, kept: the strings that got past the regex
guard, variants of them spelt every way Cypher allows, and a fuzz test that generates more.
None may run: each is refused with a one-line 4xx, no LOAD CSV reaches a listening socket, the
graph and the users are unchanged, and Neo4j still answers afterwards."""

from __future__ import annotations

import itertools
import socket
import threading
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.support import snapshot

pytestmark = pytest.mark.neo4j

URL = "/api/v1/cypher"


class Listener:
    """A TCP socket on loopback that counts who connects: LOAD CSV must never reach it (SSRF)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def cy(make_client, loaded_graph):
    with make_client(rate_limit_per_minute=0, cypher_timeout_s=2.0) as c:
        yield c


def _users(driver) -> list[str]:  # noqa: ANN001
    with driver.session(database="system") as s:
        return sorted(r["user"] for r in s.run("SHOW USERS YIELD user"))


@pytest.fixture(scope="module")
def before(loaded_graph, neo4j_server) -> dict:
    return {"graph": snapshot(loaded_graph, neo4j_server), "users": _users(loaded_graph)}


def _assert_refused(r, query: str) -> None:  # noqa: ANN001
    assert r.status_code in (403, 413, 422), f"{query!r} -> {r.status_code}: {r.text[:300]}"
    detail = r.json()["detail"]
    assert isinstance(detail, str) and detail.startswith("[E4") and "Traceback" not in detail, detail


# --- the strings that ran against the regex guard -------------------------------------------------

def attack_strings(port: int) -> list[str]:
    return [
        "CALL/**/dbms.listConfig()",
        "CALL/**/dbms.listConnections()",
        "CALL/**/db.clearQueryCaches()",
        "/**/SHOW USERS",
        "/**/SHOW SETTINGS",
        "/**/TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "CALL/**/dbms.killConnections(['bolt-1'])",
        f'//\rLOAD CSV FROM "http://127.0.0.1:{port}/x.csv" AS l RETURN l',
    ]


def test_api_cypher_attack_strings_from_the_issue_are_refused(cy, listener, before, loaded_graph,
                                                              neo4j_server) -> None:
    for query in attack_strings(listener.port):
        _assert_refused(cy.post(URL, json={"query": query}), query)
    assert listener.hits == 0
    assert snapshot(loaded_graph, neo4j_server) == before["graph"] and _users(loaded_graph) == before["users"]


# --- the same, spelt every way ---------------------------------------------------------------------

SEPARATORS = [" ", "\t", "\n", "\r", "\r\n", "/**/", "/* CALL db.labels() */", "//c\r", "//c\n", " \t/**/\n"]
PROCEDURES = [("dbms", "listConfig", "()"), ("dbms", "listConnections", "()"), ("db", "clearQueryCaches", "()"),
              ("dbms", "killConnections", "(['bolt-1'])"), ("dbms", "components", "()"),
              ("db", "createLabel", "('Intruder')"), ("db", "info", "()"), ("db", "ping", "()"),
              ("dbms", "showCurrentUser", "()"), ("db", "awaitIndexes", "(1)")]
COMMANDS = ["SHOW USERS", "SHOW SETTINGS", "SHOW TRANSACTIONS", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
            "SHOW DATABASES", "SHOW CURRENT USER", "SHOW ROLES", "SHOW SERVERS", "SHOW ALIASES FOR DATABASE",
            "CREATE USER intruder SET PASSWORD 'intruder-pw-123'", "STOP DATABASE neo4j",
            "ALTER CURRENT USER SET PASSWORD FROM 'policykg-test' TO 'hijacked-pw-1'"]


def _case(word: str, i: int) -> str:
    return [word.upper(), word.lower(), word.title(), word.swapcase()][i % 4]


def procedure_spellings(ns: str, name: str, args: str) -> list[str]:
    return [f"{ns}.{name}{args}", f"`{ns}`.`{name}`{args}", f"{ns}.`{name}`{args}", f"`{ns}`.{name}{args}",
            f"{ns} . {name}{args}", f"`{ns}`/**/.`{name}`{args}"]


def variants(port: int) -> list[str]:
    out = []
    for i, ((ns, name, args), sep) in enumerate(itertools.product(PROCEDURES, SEPARATORS)):
        for spelling in procedure_spellings(ns, name, args):
            out.append(f"{sep}{_case('call', i)}{sep}{spelling}")
            out.append(f"MATCH (n) WITH count(n) AS c{sep}CALL{sep}{spelling} RETURN c")
            out.append(f"CALL {{ {_case('call', i + 1)}{sep}{spelling} }} RETURN 1 AS one")
    for i, (command, sep) in enumerate(itertools.product(COMMANDS, SEPARATORS)):
        words = command.split(" ")
        out.append(sep + sep.join(_case(w, i) if w.isalpha() else w for w in words))
        out.append(f"{sep}{command}{sep}YIELD *")
    for i, sep in enumerate(SEPARATORS):
        for url in (f"http://127.0.0.1:{port}/a.csv", f"http://localhost:{port}/a.csv", f"http://[::1]:{port}/",
                    "file:///etc/passwd", f"http://2130706433:{port}/"):
            out.append(f"{sep}{_case('load', i)}{sep}{_case('csv', i + 1)}{sep}FROM{sep}'{url}' AS l RETURN l")
            out.append(f"WITH 1 AS x{sep}LOAD CSV WITH HEADERS FROM \"{url}\" AS l RETURN l")
            out.append(f"CALL {{ LOAD CSV FROM '{url}' AS l RETURN l }} RETURN l")
    out += ["CALL `db.labels`()", "CALL \\u0064bms.listConfig()", "CALL dbms\\u002elistConfig()",
            "EXPLAIN CALL dbms.listConfig()", "PROFILE CALL dbms.listConfig()",
            "CYPHER 5 CALL dbms.listConfig()", "CYPHER runtime=slotted CALL dbms.listConnections()",
            "USE system SHOW USERS", "USE neo4j CALL dbms.listConfig()",
            "RETURN 1 AS x; CALL dbms.listConfig()", "CALL dbms.listConfig() YIELD name RETURN name LIMIT 1"]
    return out


def test_api_cypher_attack_variants_are_all_refused(cy, listener, before, loaded_graph, neo4j_server) -> None:
    queries = variants(listener.port)
    assert len(queries) > 1000
    let_through = []
    for query in queries:
        r = cy.post(URL, json={"query": query})
        if r.status_code == 200:
            let_through.append(query)
        else:
            _assert_refused(r, query)
    assert let_through == []
    assert listener.hits == 0
    assert snapshot(loaded_graph, neo4j_server) == before["graph"] and _users(loaded_graph) == before["users"]
    assert cy.post(URL, json={"query": "RETURN 1 AS one"}).json()["rows"] == [{"one": 1}]


# --- generated: hypothesis mixes the pieces in ways the lists above do not -------------------------

_sep = st.sampled_from(SEPARATORS + ["  ", "\u00a0", "\u2028", "/* */ ", "//x\r\n", "\t/**/"])


def _cased(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word.upper(), word.lower(), word.title(), word.swapcase()])


@st.composite
def procedure_calls(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["", "CYPHER 5 ", "MATCH (n) WITH count(n) AS c ", "UNWIND [1] AS u "]))
    spelling = draw(st.sampled_from([s for p in PROCEDURES for s in procedure_spellings(*p)]))
    tail = draw(st.sampled_from(["", " YIELD *", " YIELD * RETURN *"]))
    return f"{prefix}{draw(_sep)}{draw(_cased('call'))}{draw(_sep)}{spelling}{tail}"


@st.composite
def admin_commands(draw: st.DrawFn) -> str:
    words = draw(st.sampled_from(COMMANDS)).split(" ")
    out = draw(_sep)
    for word in words:
        out += (draw(_cased(word)) if word.isalpha() else word) + draw(_sep)
    return out


@st.composite
def load_csvs(draw: st.DrawFn, port: int) -> str:
    url = draw(st.sampled_from([f"http://127.0.0.1:{port}/f.csv", f"http://localhost:{port}/", "file:///etc/passwd",
                                f"http://[::1]:{port}/"]))
    headers = draw(st.sampled_from(["", "WITH HEADERS "]))
    prefix = draw(st.sampled_from(["", "WITH 1 AS x ", "CYPHER 5 "]))
    sep = draw(_sep)
    return f"{prefix}{sep}{draw(_cased('load'))}{draw(_sep)}{draw(_cased('csv'))} {headers}FROM '{url}' AS l{sep}RETURN l"


LISTENER_PORT = 9  # replaced by the module's listener in the test (strategies are built before fixtures)


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=st.one_of(procedure_calls(), admin_commands(), load_csvs(LISTENER_PORT)))
def test_api_cypher_attack_fuzz_lets_nothing_through(cy, listener, query: str) -> None:
    query = query.replace(f":{LISTENER_PORT}/", f":{listener.port}/")
    r = cy.post(URL, json={"query": query})
    _assert_refused(r, query)
    assert listener.hits == 0


def test_api_cypher_attack_fuzz_left_the_server_as_it_was(cy, before, loaded_graph, neo4j_server) -> None:
    # Runs after the fuzz test (file order): the graph, the users and the server are as they were.
    assert snapshot(loaded_graph, neo4j_server) == before["graph"] and _users(loaded_graph) == before["users"]
    r = cy.post(URL, json={"query": "MATCH (e:Entity) RETURN count(e) AS n"})
    assert r.status_code == 200 and r.json()["rows"][0]["n"] > 0


# --- what must still work ----------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "CALL db.labels() YIELD label RETURN label",
    "CALL `db`.`relationshipTypes`() YIELD relationshipType RETURN relationshipType",
    "CALL db.propertyKeys()",
    "CALL db.schema.visualization()",
    "SHOW INDEXES YIELD name RETURN name",
    "SHOW CONSTRAINTS",
    "SHOW PROCEDURES YIELD name RETURN name LIMIT 3",
    "/* a comment */ MATCH (e:Entity)\r// another\rRETURN e.name AS name LIMIT 2",
    "MATCH (e:Entity) WHERE e.name = 'CALL dbms.listConfig()' RETURN count(e) AS n",
    "MATCH p = (a:Entity)-[*1..2]-(b:Entity) RETURN p LIMIT 2",
    "MATCH (a:Entity) OPTIONAL MATCH (a)-[r]->(b) RETURN a.type AS t, count(r) AS n ORDER BY t",
    "MATCH (e:Entity) WHERE EXISTS { (e)-->(:Entity) } RETURN e.name AS name ORDER BY name LIMIT 3",
    "UNWIND [3, 1, 2] AS x RETURN DISTINCT x ORDER BY x",
    "MATCH (a:Entity) RETURN a.name AS n UNION MATCH (d:Document) RETURN d.title AS n",
    "CALL () { MATCH (e:Entity) RETURN e LIMIT 1 } RETURN e.name AS name",
])
def test_api_cypher_attack_guard_still_runs_reads(cy, query: str) -> None:
    r = cy.post(URL, json={"query": query})
    assert r.status_code == 200, r.text
