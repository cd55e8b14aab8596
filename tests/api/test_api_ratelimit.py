"""Rate limit: per client (IP + API key), sliding one-minute window, 429 with Retry-After."""

from __future__ import annotations

import pytest

from api.ratelimit import SlidingWindowLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_api_ratelimit_window_slides() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(2, window_s=60, clock=clock)
    assert limiter.hit("a") is None
    clock.now += 30
    assert limiter.hit("a") is None
    assert limiter.hit("a") == pytest.approx(30)  # the first hit leaves the window in 30 s
    assert limiter.hit("b") is None  # another client has its own budget
    clock.now += 30
    assert limiter.hit("a") is None  # the first hit has slid out
    assert limiter.hit("a") == pytest.approx(30)


@pytest.mark.neo4j
def test_api_ratelimit_answers_429_with_retry_after(make_client, loaded_graph) -> None:
    with make_client(rate_limit_per_minute=3) as c:
        assert [c.get("/api/v1/stats").status_code for _ in range(3)] == [200, 200, 200]
        r = c.get("/api/v1/documents")
        assert r.status_code == 429
        assert 1 <= int(r.headers["Retry-After"]) <= 60
        assert r.json()["detail"].startswith("[E407] Too many requests") and "KG_RATE_LIMIT_PER_MINUTE" in r.json()["detail"]
        assert c.get("/health").status_code == 200  # monitors are never locked out
        # the same address with an API key is another client
        assert c.get("/api/v1/stats", headers={"X-API-Key": "test-write-key"}).status_code == 200


@pytest.mark.neo4j
def test_api_ratelimit_zero_turns_it_off(make_client, loaded_graph) -> None:
    with make_client(rate_limit_per_minute=0) as c:
        assert {c.get("/api/v1/documents").status_code for _ in range(5)} == {200}


# --- the bypasses of issue #11 ----------------------------------------------------------------------

def _scope(peer: str, headers: dict[str, str]) -> dict:
    return {"type": "http", "client": (peer, 50000),
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}


@pytest.mark.neo4j
def test_api_ratelimit_random_keys_and_forwarded_for_buy_no_budget(make_client, loaded_graph) -> None:
    import secrets

    with make_client(rate_limit_per_minute=3) as c:
        codes = [c.get("/api/v1/stats", headers={"X-API-Key": secrets.token_hex(8),
                                                 "X-Forwarded-For": f"10.9.{i}.{i}"}).status_code
                 for i in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        # a valid key is still its own client
        assert c.get("/api/v1/stats", headers={"X-API-Key": "test-write-key"}).status_code == 200


def test_api_ratelimit_identity_ignores_invalid_keys_and_untrusted_proxies() -> None:
    from api.ratelimit import ClientIdentity

    ident = ClientIdentity(trusted_proxies=[], valid_keys=[b"good"])
    anon = ident(_scope("203.0.113.5", {}))
    assert ident(_scope("203.0.113.5", {"X-API-Key": "random-1"})) == anon
    assert ident(_scope("203.0.113.5", {"X-API-Key": "random-2", "X-Forwarded-For": "1.2.3.4"})) == anon
    assert ident(_scope("203.0.113.5", {"X-API-Key": "good"})) != anon
    assert "good" not in ident(_scope("203.0.113.5", {"X-API-Key": "good"}))  # a digest, never the key


def test_api_ratelimit_forwarded_for_only_from_a_trusted_proxy() -> None:
    from api.ratelimit import ClientIdentity

    ident = ClientIdentity(trusted_proxies=["10.0.0.0/8", "127.0.0.1"])
    via_proxy = _scope("10.0.0.2", {"X-Forwarded-For": "6.6.6.6, 198.51.100.7, 10.0.0.9"})
    assert ident.address(via_proxy) == "198.51.100.7"  # the last hop no trusted proxy added
    assert ident.address(_scope("10.0.0.2", {})) == "10.0.0.2"
    assert ident.address(_scope("198.51.100.7", {"X-Forwarded-For": "1.1.1.1"})) == "198.51.100.7"


def test_api_ratelimit_kg_serve_runs_uvicorn_without_proxy_headers(monkeypatch) -> None:  # noqa: ANN001
    # uvicorn trusts X-Forwarded-For from loopback by default: a fake address got a fresh budget.
    import uvicorn
    from typer.testing import CliRunner

    from kg.cli import app

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    assert CliRunner().invoke(app, ["serve"]).exit_code == 0
    assert calls and calls[0].get("proxy_headers") is False
