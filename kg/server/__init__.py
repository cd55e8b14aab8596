"""A local Neo4j Community server assembled from Maven Central (no Docker needed)."""

from .manager import ServerInfo, start, status, stop
from .provision import provision

__all__ = ["ServerInfo", "provision", "start", "status", "stop"]
