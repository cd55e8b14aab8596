"""Settings, read from the environment (prefix ``KG_``) and nowhere else.

This module is the only reader of ``os.environ`` in the library.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kg.resources import EXTRACT_PIPELINE, data_path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Where a run keeps its state (.neo4j/, .cache/): the checkout when the package runs from one (an
# editable install, `make setup`); otherwise (a wheel in site-packages, the Docker image) the
# directory the command runs in, never site-packages. The files the library reads ship inside
# the package (kg.resources), so neither case needs the repository.
STATE_ROOT = PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").is_file() else Path.cwd()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore")

    # Neo4j connection. When KG_NEO4J_URI points at a server that is already
    # running, the project uses it and starts nothing.
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("policykg-dev")
    neo4j_database: str = "neo4j"

    # Local server provisioned from Maven Central (kg neo4j start).
    neo4j_home: Path = STATE_ROOT / ".neo4j" / "server"
    neo4j_data_dir: Path = STATE_ROOT / ".neo4j" / "data"
    neo4j_cache_dir: Path = STATE_ROOT / ".cache" / "maven"
    neo4j_bolt_host: str = "127.0.0.1"
    neo4j_bolt_port: int = 7687
    neo4j_http_port: int = 7474
    neo4j_heap: str = "512m"
    neo4j_pagecache: str = "256m"
    neo4j_tx_log_retention: str = "512M size"
    # Heap one transaction may use (db.memory.transaction.max): a read that collects too much
    # fails with a memory error instead of starving the server. The writer's batches
    # (KG_WRITE_BATCH_DOCS reports per transaction) stay well under it.
    neo4j_tx_memory_max: str = "160m"
    neo4j_start_timeout: float = 120.0
    # `kg import` (neo4j-admin database import full): the tool's heap and its off-heap memory for
    # id maps and caches (neo4j-admin's own default is 90% of the machine's memory).
    neo4j_import_heap: str = "1g"
    neo4j_import_memory: str = "1g"

    # Java artifacts for extraction (HanLP portable).
    java_lib_dir: Path = STATE_ROOT / ".cache" / "java-lib"
    use_hanlp: bool = True
    # `--engine ray` (kg.extract.ray_engine): the object store of a local Ray instance, kept small
    # (results stream through it a few chunks at a time).
    ray_object_store_mb: int = 200
    # Which extraction components run, by registered name (kg.extract.registry); by default the
    # shipped spec (pipelines/extract.yaml, package data: kg.resources).
    extract_pipeline: Path = Field(default_factory=lambda: data_path(EXTRACT_PIPELINE))
    # The trained NER component (kg/extract/ner_model.py, `make model`): a model folder, or None
    # for the rules alone; ner_policy says how its spans join the rule candidates (fill / union / only).
    ner_model: Path | None = None
    ner_policy: Literal["fill", "union", "only"] = "fill"

    # Writes. batch_size rows per UNWIND statement; write_batch_docs documents per transaction in
    # `kg build` (one transaction per document costs ~20 round trips and a commit each; a batch
    # shares them, and is still all-or-nothing).
    batch_size: int = 2000
    write_batch_docs: int = 20

    # API.
    # Answers of the hot reads kept per API process, reused only while the graph version is
    # unchanged (kg.store.cache); 0 turns the cache off.
    api_cache_entries: int = 4096
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_key: SecretStr | None = None
    read_api_key: SecretStr | None = None
    max_upload_bytes: int = 20 * 1024 * 1024
    # Any other request body (JSON): a Cypher query and its parameters fit in far less.
    max_body_bytes: int = 256 * 1024
    rate_limit_per_minute: int = 600
    # Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed (the rate
    # limit then counts the address the proxy saw). Empty: the socket peer is the client, always.
    trusted_proxies: str = ""
    # Comma-separated Host header values served (any port); KG_API_HOST is added. Anything else is
    # refused (400): a web page on another name that rebinds its DNS to this address cannot read
    # the API from a browser. "*" serves any host (only behind a proxy that checks it).
    allowed_hosts: str = "127.0.0.1,localhost,[::1]"
    cypher_timeout_s: float = 5.0
    cypher_row_limit: int = 1000
    # A /cypher answer stops at this many bytes of JSON as well as at the row limit (truncated).
    cypher_byte_limit: int = 4 * 1024 * 1024
    # Longer queries are refused before Neo4j plans them (413).
    cypher_max_query_chars: int = 8192
    # /cypher queries running at once per API process; more wait briefly, then get 503 + Retry-After.
    # One record is decoded whole by the driver before it can be measured, so this bounds memory.
    cypher_max_concurrent: int = 2

    # Test safety: fixtures that wipe a database refuse any other server.
    test_server: bool = Field(default=False)
    test_bolt_port: int = 7688  # the only Bolt port a wiping fixture may touch (7687 is the demo's)
    max_input_bytes: int = 60_000_000
    # Characters of decoded text one report may have. The longest real report is ~60k. A
    # document is written in ONE transaction, and ~100k rows (a text of ~1M characters) exceed
    # the transaction memory of the default 512m heap; cleaning also keeps one offset per
    # character (50 MB of text took 2 GB). So refuse early with a clear error (E011).
    max_text_chars: int = 500_000
    # Bytes a DOCX (a zip) may unpack to, all members together: a 3 MB archive can hold
    # gigabytes of zeros. Real reports unpack to a few MB (kg.ingest.loaders.check_archive).
    max_unpacked_bytes: int = 200_000_000

    @field_validator("api_key", "read_api_key", mode="before")
    @classmethod
    def _empty_key_is_unset(cls, value: object) -> object:
        """KG_API_KEY="" (docker-compose passes an unset variable so) means no key, not the key ''."""
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        return None if isinstance(value, str) and not value.strip() else value

    def host_list(self) -> list[str]:
        """The Host header values served: KG_ALLOWED_HOSTS plus KG_API_HOST (unless a wildcard bind)."""
        hosts = _csv(self.allowed_hosts)
        if self.api_host not in ("0.0.0.0", "::", ""):
            hosts.append(f"[{self.api_host}]" if ":" in self.api_host else self.api_host)
        return hosts

    def proxy_list(self) -> list[str]:
        return _csv(self.trusted_proxies)


def _csv(value: str) -> list[str]:
    return [part.strip().lower() for part in value.split(",") if part.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
