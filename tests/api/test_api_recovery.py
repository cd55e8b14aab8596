"""The API recovers without a restart when Neo4j comes back.

The app is pointed at a port where nothing listens (503), then a TCP forwarder to
the test server starts on that port: the same app must answer 200.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient

from api.main import create_app

pytestmark = pytest.mark.neo4j


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        dst.close()


def _forwarder(port: int, target: tuple[str, int]) -> socketserver.ThreadingTCPServer:
    class Forward(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            upstream = socket.create_connection(target)
            back = threading.Thread(target=_pipe, args=(upstream, self.request), daemon=True)
            back.start()
            _pipe(self.request, upstream)
            back.join()

    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Forward)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_api_recovery_after_neo4j_returns(loaded_graph, neo4j_server) -> None:
    port = _free_port()
    real = urlparse(neo4j_server.neo4j_uri)
    settings = neo4j_server.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{port}"})
    with TestClient(create_app(settings)) as c:
        assert c.get("/api/v1/stats").status_code == 503
        assert c.get("/health").json()["status"] == "degraded"
        server = _forwarder(port, (real.hostname or "127.0.0.1", real.port or 7688))
        try:
            assert c.get("/health").json()["status"] == "ok"
            assert c.get("/api/v1/stats").json()["labels"]["Document"] == 2
        finally:
            server.shutdown()
            server.server_close()
