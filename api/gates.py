"""Checks that run before a request costs anything: before routing reads a body, before a
multipart upload is spooled to disk, before the database is asked.

Plain ASGI middleware, each one refusal with a one-line JSON error (the same shape as every
other error of the API):

- HostGate: the Host header must be one this server answers to (DNS rebinding: a page on
  ``evil.example`` that re-points its name at 127.0.0.1 still sends ``Host: evil.example``).
- WriteKeyGate: routes that need KG_API_KEY are refused before their body is read; FastAPI
  parses a multipart body before it runs the route's dependencies.
- BodyLimit: Content-Length over the limit is refused at once, and a body without one (or
  lying about it) is counted while it streams in.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from fastapi import HTTPException
from fastapi.routing import APIRoute
from pydantic import SecretStr
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import Err


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers") or []:
        if key == name:
            return value
    return None


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, detail: str,
                  headers: dict[str, str] | None = None) -> None:
    # Connection: close, so a client that has started sending a body we will not read does not
    # leave it in the connection for the next request.
    response = JSONResponse({"detail": detail}, status_code=status, headers={"Connection": "close", **(headers or {})})
    await response(scope, receive, send)


def host_of(value: str) -> str:
    """'Example.org:8000' -> 'example.org'; '[::1]:8000' -> '[::1]'."""
    value = value.strip().lower()
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostGate:
    """400 (E411) unless the Host header names one of ``hosts`` (any port); "*" allows any."""

    def __init__(self, app: ASGIApp, hosts: list[str]) -> None:
        self.app = app
        self.any = "*" in hosts
        self.hosts = frozenset(h.lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self.any:
            await self.app(scope, receive, send)
            return
        raw = (_header(scope, b"host") or b"").decode("latin-1")
        if host_of(raw) in self.hosts:
            await self.app(scope, receive, send)
            return
        await _refuse(scope, receive, send, 400, Err.E411.format(host=raw[:100]))


def key_matches(given: bytes | None, expected: SecretStr | None) -> bool:
    """Constant-time comparison of a header value with a configured key."""
    return given is not None and expected is not None and secrets.compare_digest(
        given, expected.get_secret_value().encode())


class WriteKeyGate:
    """The write-key check of the routes ``needs_key`` selects, before their body is read:
    403 (E403) when no key is configured, 401 (E404) for a missing or wrong key."""

    def __init__(self, app: ASGIApp, api_key: SecretStr | None, needs_key: Callable[[Scope], bool]) -> None:
        self.app = app
        self.api_key = api_key
        self.needs_key = needs_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.needs_key(scope):
            await self.app(scope, receive, send)
            return
        if self.api_key is None:
            await _refuse(scope, receive, send, 403, Err.E403.format())
        elif not key_matches(_header(scope, b"x-api-key"), self.api_key):
            await _refuse(scope, receive, send, 401, Err.E404.format(what="writes"))
        else:
            await self.app(scope, receive, send)


def routes_needing(routes: list[BaseRoute], dependency: Callable[..., object]) -> Callable[[Scope], bool]:
    """A test of a request's scope: does the route it reaches depend on ``dependency``?"""
    guarded = [r for r in routes if isinstance(r, APIRoute)
               and any(d.call is dependency for d in r.dependant.dependencies)]

    def needs(scope: Scope) -> bool:
        return any(route.matches(scope)[0] == Match.FULL for route in guarded)

    return needs


class _TooLarge(HTTPException):
    """Raised from inside ``receive``: FastAPI passes an HTTPException through its body parsing
    unchanged (any other error there becomes a 400), and renders it as ``{"detail": ...}``."""

    def __init__(self, detail: str) -> None:
        super().__init__(413, detail, headers={"Connection": "close"})


class BodyLimit:
    """413 (E410) for a body over ``limit_for(scope)`` bytes: by Content-Length before anything is
    read, else as soon as the bytes read pass it."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[Scope], tuple[int, str]]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, setting = self.limit_for(scope)
        detail = Err.E410.format(limit=limit, setting=setting)
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(scope, receive, send, 413, detail)
            return
        seen, started = 0, False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge(detail)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked_send)
        except _TooLarge:
            if started:  # too late for a clean answer: drop the connection
                raise
            await _refuse(scope, receive, send, 413, detail)
