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
