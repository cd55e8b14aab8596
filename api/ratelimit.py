"""A per-client sliding-window rate limit (client = IP address + API key), as ASGI middleware.

In memory, per process: enough for the single-process server `kg serve` runs. Behind several
workers or a proxy, put the limit in the proxy instead.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import deque
from collections.abc import Callable

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.errors import Err

WINDOW_S = 60.0
# Liveness checks and the API docs are never limited: a monitor polling /health must not lock
# a client out of the data it serves.
EXEMPT_PATHS = frozenset({"/health", "/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"})
SWEEP_EVERY = 1000  # forget idle clients every this many requests, so memory stays bounded


class SlidingWindowLimiter:
    """At most ``limit`` hits per client in any ``window_s`` seconds (timestamps kept per client)."""

    def __init__(self, limit: int, window_s: float = WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._calls = 0

    def hit(self, client: str) -> float | None:
        """Count one request; None if allowed, else the seconds until the client may retry."""
        now = self.clock()
        with self._lock:
            self._maybe_sweep(now)
            hits = self._hits.setdefault(client, deque())
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window_s - now
            hits.append(now)
            return None

    def _maybe_sweep(self, now: float) -> None:
        self._calls += 1
        if self._calls % SWEEP_EVERY == 0:
            idle = [c for c, h in self._hits.items() if not h or h[-1] <= now - self.window_s]
            for c in idle:
                del self._hits[c]


def client_key(scope: Scope) -> str:
    """IP address + a digest of the API key: clients behind one address with their own keys
    get their own budgets, and the key itself is never kept."""
    ip = scope["client"][0] if scope.get("client") else "unknown"
    headers = dict(scope.get("headers") or [])
    key = headers.get(b"x-api-key", b"")
    return f"{ip}|{hashlib.sha256(key).hexdigest()[:16] if key else '-'}"


class RateLimitMiddleware:
    """429 with Retry-After (whole seconds, rounded up) once a client is over its budget."""

    def __init__(self, app: ASGIApp, limiter: SlidingWindowLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        wait = self.limiter.hit(client_key(scope))
        if wait is None:
            await self.app(scope, receive, send)
            return
        retry_after = max(1, math.ceil(wait))
        detail = Err.E407.format(limit=self.limiter.limit, retry_after=retry_after)
        response = JSONResponse({"detail": detail}, status_code=429, headers={"Retry-After": str(retry_after)})
        await response(scope, receive, send)
