"""Where a local Neo4j instance keeps its files, and what it is told on start.

Pure functions: no processes, no network. One set of jars (``settings.neo4j_home/lib``)
serves any number of instances; each instance (``settings.neo4j_data_dir``) is the
``--home-dir`` of its own JVM, so every relative default Neo4j has (data, logs, run,
plugins, import, licenses) lands inside that instance and never in the shared jars.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.config import Settings

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
# Marker on the JVM command line: status() trusts a pid only if its command line
# names this instance, so a recycled pid is never taken for our server.
INSTANCE_PROPERTY = "-Dpolicykg.instance="

# The JVM options the Neo4j 5 tarball's neo4j.conf ships (server.jvm.additional),
# minus -XX:+AlwaysPreTouch, which touches the whole heap up front and slows startup
# on this small shared machine.
DEFAULT_JVM_OPTIONS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)


@dataclass(frozen=True)
class Instance:
    """The directories of one Neo4j instance and of the jars it runs from."""

    home: Path  # shared jars: home/lib
    root: Path  # this instance: conf/, data/, logs/, run/, plugins/, import/

    @classmethod
    def of(cls, settings: Settings) -> Instance:
        return cls(home=settings.neo4j_home.resolve(), root=settings.neo4j_data_dir.resolve())

    @property
    def lib(self) -> Path:
        return self.home / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.root / "conf"

    @property
    def conf_file(self) -> Path:
        return self.conf_dir / "neo4j.conf"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def plugins(self) -> Path:
        return self.root / "plugins"

    @property
    def pid_file(self) -> Path:
        return self.run / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        """stdout/stderr of the JVM (startup failures land here)."""
        return self.logs / "console.log"

    @property
    def user_log(self) -> Path:
        """Neo4j's own neo4j.log (``Started.`` and friends)."""
        return self.logs / "neo4j.log"

    @property
    def system_db(self) -> Path:
        return self.data / "databases" / "system"

    def dirs(self) -> tuple[Path, ...]:
        return (self.conf_dir, self.data, self.logs, self.run, self.plugins, self.root / "import")


def bolt_uri(settings: Settings) -> str:
    # bolt:// (direct), not neo4j:// (routing): a single local server has no routing table to ask.
    return f"bolt://{settings.neo4j_bolt_host}:{settings.neo4j_bolt_port}"


def http_url(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.neo4j_http_port}"


def render_conf(settings: Settings, inst: Instance) -> str:
    """The neo4j.conf of one instance. Strict validation is on in Neo4j 5, so a
    misspelt key here stops the server at startup instead of being ignored."""
    bolt = f"{settings.neo4j_bolt_host}:{settings.neo4j_bolt_port}"
    http = f"127.0.0.1:{settings.neo4j_http_port}"
    lines = [
        "# Written by kg.server on every start; edits here are overwritten.",
        f"server.directories.data={inst.data}",
        f"server.directories.logs={inst.logs}",
        f"server.directories.run={inst.run}",
        f"server.directories.plugins={inst.plugins}",
        f"server.directories.import={inst.root / 'import'}",
        f"server.directories.lib={inst.lib}",
        # Loopback only: a dev/test server is never reachable from the network.
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address={bolt}",
        # Advertised = listen, so Neo4j Browser (which reads bolt_direct from the
        # discovery document at /) connects to this instance's port, not 7687.
        f"server.bolt.advertised_address={bolt}",
        "server.bolt.tls_level=DISABLED",
        "server.http.enabled=true",
        f"server.http.listen_address={http}",
        f"server.http.advertised_address={http}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        f"server.memory.heap.initial_size={settings.neo4j_heap}",
        f"server.memory.heap.max_size={settings.neo4j_heap}",
        f"server.memory.pagecache.size={settings.neo4j_pagecache}",
        # Neo4j keeps 2 days of transaction logs by default: building and wiping a 1,000-report
        # graph a few times (make bench) left 3.6 GB of them. Local instances keep a bounded amount.
        f"db.tx_log.rotation.retention_policy={settings.neo4j_tx_log_retention}",
        # No phoning home: no usage reports from the server, no telemetry from Browser.
        "dbms.usage_report.enabled=false",
        "client.allow_telemetry=false",
        # Anyone with read access can send Cypher (POST /api/v1/cypher). The API refuses LOAD CSV
        # itself (kg.store.reader plans every query first); these keep the server safe on its own:
        # no server files for LOAD CSV, no URL fetches to any address (SSRF), and one transaction
        # cannot take the heap from everyone else (the query fails with a memory error instead).
        "dbms.security.allow_csv_import_from_file_urls=false",
        "internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0",
        f"db.memory.transaction.max={settings.neo4j_tx_memory_max}",
        # Bolt waits 5s for open connections and 5s for its worker pool on shutdown, so
        # every stop took >10s. Internal (undocumented) keys, checked by strict
        # validation at startup: a Neo4j that drops them fails loudly, not silently.
        "internal.server.bolt.connection_shutdown_wait_time=1s",
        "internal.server.bolt.thread_pool_shutdown_wait_time=1s",
    ]
    return "\n".join(lines) + "\n"


def classpath(inst: Instance) -> str:
    return f"{inst.plugins}/*:{inst.lib}/*"


def server_command(java: str, settings: Settings, inst: Instance) -> list[str]:
    """The JVM command line that runs the server in the foreground of its own process."""
    return [
        java,
        f"-Xms{settings.neo4j_heap}",
        f"-Xmx{settings.neo4j_heap}",
        *DEFAULT_JVM_OPTIONS,
        f"{INSTANCE_PROPERTY}{inst.root}",
        "-cp",
        classpath(inst),
        ENTRY_POINT,
        f"--home-dir={inst.root}",
        f"--config-dir={inst.conf_dir}",
    ]


def admin_command(java: str, inst: Instance, args: list[str], heap: str = "128m") -> list[str]:
    """``neo4j-admin ARGS`` without the neo4j-admin script: its main class on the server's jars.

    AdminTool finds the instance through NEO4J_HOME / NEO4J_CONF; ``env`` adds them
    for the child alone, so this process's environment is neither read nor changed.
    """
    return ["env", f"NEO4J_HOME={inst.root}", f"NEO4J_CONF={inst.conf_dir}", java, f"-Xmx{heap}",
            "-cp", f"{inst.lib}/*", ADMIN_TOOL, *args]


def import_args(database: str, nodes: list[tuple[str, Path]], relationships: list[tuple[str, Path]], *,
                array_delimiter: str, multiline: bool, report: Path, max_off_heap: str) -> list[str]:
    """``database import full`` of CSV files (labels or type '=' file), replacing the database's files.
    Strict: one bad row fails the import instead of being skipped (the files mirror the writer)."""
    return ["database", "import", "full", database,  # before the --nodes lists, which take any word
            "--overwrite-destination=true", f"--array-delimiter={array_delimiter}",
            f"--multiline-fields={str(multiline).lower()}", "--bad-tolerance=0",
            "--skip-bad-relationships=false", "--skip-duplicate-nodes=false",
            f"--report-file={report}", f"--max-off-heap-memory={max_off_heap}",
            *(f"--nodes={labels}={path}" for labels, path in nodes),
            *(f"--relationships={rtype}={path}" for rtype, path in relationships)]


def set_password_command(java: str, inst: Instance, password: str) -> list[str]:
    """``neo4j-admin dbms set-initial-password`` without the neo4j-admin script.

    AdminTool finds the instance through NEO4J_HOME / NEO4J_CONF; ``env`` adds them
    for the child alone, so this process's environment is neither read nor changed.
    """
    return [
        "env",
        f"NEO4J_HOME={inst.root}",
        f"NEO4J_CONF={inst.conf_dir}",
        java,
        "-Xmx128m",
        "-cp",
        f"{inst.lib}/*",
        ADMIN_TOOL,
        "dbms",
        "set-initial-password",
        password,
    ]
