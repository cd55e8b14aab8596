"""A per-client sliding-window rate limit (client = IP address + valid API key), as ASGI middleware.

The address is the socket peer's. X-Forwarded-For is believed only when the peer is one of
KG_TRUSTED_PROXIES (`kg serve` runs uvicorn without its own proxy-header handling, so the peer is
never rewritten before it gets here). A key counts only when it is a configured key: any other
value, or none, is the same client, so sending a new random key does not buy a new budget.

In memory, per process: enough for the single-process server `kg serve` runs. Behind several
workers or a proxy, put the limit in the proxy instead.
"""

from __future__ import annotations

import hashlib
import ipaddress
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


class ClientIdentity:
    """Who a request comes from, for the limit: an address and, if valid, a key digest."""

    def __init__(self, trusted_proxies: list[str] | None = None, valid_keys: list[bytes] | None = None) -> None:
        self.proxies = [ipaddress.ip_network(p, strict=False) for p in (trusted_proxies or [])]
        self.keys = {hashlib.sha256(k).hexdigest()[:16] for k in (valid_keys or []) if k}

    def __call__(self, scope: Scope) -> str:
        """IP address + a digest of a valid API key: clients behind one address with their own
        keys get their own budgets, and the key itself is never kept."""
        headers = scope.get("headers") or []
        key = next((v for k, v in headers if k == b"x-api-key"), b"")
        digest = hashlib.sha256(key).hexdigest()[:16] if key else ""
        return f"{self.address(scope)}|{digest if digest in self.keys else '-'}"

    def address(self, scope: Scope) -> str:
        """The peer, or, when the peer is a trusted proxy, the last address in X-Forwarded-For
        that is not itself a trusted proxy (the one a trusted proxy saw)."""
        peer = scope["client"][0] if scope.get("client") else "unknown"
        if not self._trusted(peer):
            return peer
        forwarded = b",".join(v for k, v in scope.get("headers") or [] if k == b"x-forwarded-for")
        hops = [h.strip() for h in forwarded.decode("latin-1").split(",") if h.strip()]
        for hop in reversed(hops):
            if not self._trusted(hop):
                return hop[:64]
        return peer

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.proxies)


def client_key(scope: Scope) -> str:
    """The identity with no proxy trusted and no key valid: the peer address alone."""
    return ClientIdentity()(scope)


class RateLimitMiddleware:
    """429 with Retry-After (whole seconds, rounded up) once a client is over its budget."""

    def __init__(self, app: ASGIApp, limiter: SlidingWindowLimiter,
                 identify: Callable[[Scope], str] = client_key) -> None:
        self.app = app
        self.limiter = limiter
        self.identify = identify

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        wait = self.limiter.hit(self.identify(scope))
        if wait is None:
            await self.app(scope, receive, send)
            return
        retry_after = max(1, math.ceil(wait))
        detail = Err.E407.format(limit=self.limiter.limit, retry_after=retry_after)
        response = JSONResponse({"detail": detail}, status_code=429, headers={"Retry-After": str(retry_after)})
        await response(scope, receive, send)
