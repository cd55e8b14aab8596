"""Contract test: schemathesis generates requests for every GET operation from the OpenAPI
document and runs them in-process (ASGI) against the real test graph; none may answer 5xx.

Driven through hypothesis directly (one test per operation) rather than schemathesis' lazy
pytest fixture loader, which does not run under pytest 9.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.python import asgi

from api.main import create_app
from kg.config import Settings

pytestmark = pytest.mark.neo4j

POSITIVE_EXAMPLES = 25  # valid requests per operation
NEGATIVE_EXAMPLES = 10  # requests that break the schema (they must get 4xx, not 5xx)
CASES: Counter[str] = Counter()


def _get_operations() -> list[tuple[str, bool]]:
    """(path, has parameters) of each GET operation in the OpenAPI document, read from an app that
    is never started (no connection)."""
    doc = create_app(Settings(neo4j_uri="bolt://127.0.0.1:9")).openapi()
    return sorted((path, bool(ops["get"].get("parameters"))) for path, ops in doc["paths"].items() if "get" in ops)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "get_path" in metafunc.fixturenames:
        ops = _get_operations()
        metafunc.parametrize(("get_path", "has_params"), ops, ids=[p for p, _ in ops])


@pytest.fixture(scope="module")
def api_schema(loaded_graph, neo4j_server):  # noqa: ANN001, ANN201
    app = create_app(neo4j_server.model_copy(update={"rate_limit_per_minute": 0}))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    asgi.shutdown_lifespans()  # close the app's driver now, not at interpreter exit
    print(f"\nschemathesis: {sum(CASES.values())} cases over {len(CASES)} operations: "
          f"{dict(sorted(CASES.items()))}")


def _run(operation, mode: GenerationMode, examples: int) -> None:  # noqa: ANN001
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case) -> None:  # noqa: ANN001
        CASES[case.path] += 1
        case.call_and_validate(checks=[not_a_server_error])

    check()


def test_api_contract_get_never_answers_5xx(api_schema, get_path: str, has_params: bool) -> None:
    operation = api_schema[get_path]["GET"]
    before = CASES[get_path]
    _run(operation, GenerationMode.POSITIVE, POSITIVE_EXAMPLES)
    if has_params:  # a GET without parameters has nothing to break
        _run(operation, GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES)
    assert CASES[get_path] > before


def test_api_contract_cypher_post_never_answers_5xx(api_schema) -> None:
    """Random query text and parameters: a syntax error or a refusal (4xx), never a 5xx."""
    _run(api_schema["/api/v1/cypher"]["POST"], GenerationMode.POSITIVE, POSITIVE_EXAMPLES)
    assert CASES["/api/v1/cypher"] > 0


def test_api_contract_huge_offset_is_refused_not_a_database_error(client) -> None:
    """Found by this contract test: offsets past 2^31 failed inside Neo4j (500)."""
    r = client.get("/api/v1/documents", params={"offset": 2**40})
    assert r.status_code == 422
    assert client.get("/api/v1/documents", params={"offset": 1_000_000}).status_code == 200
