"""One root exception, a few subclasses, and a coded message catalogue.

Every message says what went wrong *and* what to do about it, the way
spaCy's ``errors.py`` does. Raise with ``Err.E001.format(...)``.
"""

from __future__ import annotations

from enum import Enum


class Err(str, Enum):  # noqa: UP042 - members are format strings; str(member) callers expect Enum semantics
    # ingest
    E001 = "[E001] Input file not found: {path}. Check the path."
    E002 = "[E002] Input file is empty: {path}. Give a report with text in it."
    E003 = ("[E003] {path} looks binary, not a report (format not recognised). "
            "Give a .txt (UTF-8 or GB18030), .pdf with a text layer, or .docx file.")
    E004 = ("[E004] Could not decode {path} as text in any supported encoding "
            "(UTF-8, UTF-16, GB18030/GBK, Big5). Re-save it as UTF-8.")
    E005 = ("[E005] {path} is a PDF without a text layer (a scan?): no text could be read. "
            "Run OCR first, then give the text.")
    E006 = "[E006] {path} is a corrupt or unreadable {kind} file: {detail}. Re-export the file."
    E007 = "[E007] {path} has no Chinese report text (found {n} CJK characters). Is this the right file?"
    E008 = "[E008] {path} is {size} bytes, over the limit of {limit} bytes. Split the file or raise KG_MAX_INPUT_BYTES."
    E009 = "[E009] Pipeline spec {path} is invalid: {detail}. See pipelines/sample.yaml for the shape."
    E010 = ("[E010] Seed text {path} has no top-level part (一、…) to shuffle: give a government "
            "work report as the seed of the corpus generator (kg.corpus).")
    E011 = ("[E011] {path} has {n} characters of text, over the limit of {limit}: one report is far "
            "shorter. Split the file into one report per file, or raise KG_MAX_TEXT_CHARS.")
    E012 = ("[E012] {path} is a PDF that needs a password to open: no text can be read without it. "
            "Save an unprotected copy (print to PDF, or `qpdf --decrypt --password=... in.pdf out.pdf`) "
            "and give that file.")
    E013 = ("[E013] {path} is a DOCX archive that unpacks too far ({detail}): refused as a possible zip "
            "bomb. Re-save the document in Word or LibreOffice, or raise KG_MAX_UNPACKED_BYTES.")
    E014 = ("[E014] Document id {doc_id!r} cannot be used: {why}. Give 1-200 characters without a slash, "
            "backslash, control or invisible character, and not '.' or '..'.")
    E015 = ("[E015] {n} of {total} input file(s) failed ({names}); the errors above say why. The other "
            "files were {done}: fix or remove the failed ones and run again.")
    E016 = ("[E016] Extracting {path} failed with an unexpected {kind}: {detail}. This is a bug; the other "
            "files were still processed. Run with KG_LOG_LEVEL=DEBUG for the trace and report it with the file.")
    E017 = ("[E017] Package data file {name} is missing (looked at {path}). The installed package is "
            "incomplete: reinstall it (`pip install .` from a checkout, or `make setup`).")
    E018 = ("[E018] No CJK font found for plots: Chinese labels would be empty boxes. Install one "
            "(`apt-get install fonts-wqy-zenhei`; scripts/ensure_tools.sh does it as root).")
    # extraction / java
    E101 = ("[E101] Java artifacts missing: {what}. Run `make setup` (it fetches them from Maven Central "
            "into {where}).")
    E102 = "[E102] Could not start the JVM for HanLP: {detail}. Is Java 17 installed (java -version)?"
    E103 = ("[E103] Python package data missing: {what}. Reinstall the project's dependencies "
            "(`.venv/bin/pip install -e .`).")
    E104 = ("[E104] HanLP could not segment document {doc_id!r}: {detail}. Run with KG_USE_HANLP=false "
            "to extract with rules only.")
    E105 = ("[E105] Unknown extraction component {name!r} in {where}. Known {kind} components: "
            "{known}. Fix the name in the pipeline spec (pipelines/extract.yaml).")
    E106 = ("[E106] Extraction pipeline spec {path} is invalid: {detail}. See pipelines/extract.yaml "
            "for the shape.")
    E107 = ("[E107] The Ray engine is not installed ({detail}). Install it with `pip install 'policykg[ray]'` "
            "(`make setup` does), or extract with --engine local.")
    # neo4j server / connection
    E201 = ("[E201] Cannot reach Neo4j at {uri}: {detail}. Start it with `kg neo4j start` "
            "(or `make demo`), or point KG_NEO4J_URI at a running server.")
    E202 = ("[E202] Neo4j at {uri} refused the login for user {user!r}. Check KG_NEO4J_USER / "
            "KG_NEO4J_PASSWORD (a local server keeps the password it was first started with; "
            "to start over, `kg neo4j stop` and delete its data directory, KG_NEO4J_DATA_DIR, "
            "default .neo4j/data).")
    E203 = "[E203] Neo4j server did not become ready within {timeout}s; see its log at {log}."
    E204 = "[E204] Neo4j server artifacts are missing under {where}. Run `make setup`."
    E205 = "[E205] Refusing to wipe {uri}: it is not the test server (set KG_TEST_SERVER=true only for tests)."
    E206 = "[E206] Neo4j error while {doing}: {detail}"
    E207 = ("[E207] Document {doc_id!r} appears twice in one write batch; write its versions in "
            "separate transactions (kg.store.writer.write_documents does).")
    E208 = ("[E208] Neo4j is too busy to finish {doing} ({detail}). Retry in a few seconds; if it "
            "persists, the server needs more memory or fewer clients.")
    # local server provisioning (kg.server): E25x, so they never collide with store codes
    E250 = ("[E250] Could not fetch the Neo4j jars with Maven ({cmd}): {detail}. Check that `mvn` is on "
            "PATH and Maven Central is reachable, then run `kg neo4j start` again.")
    E251 = ("[E251] Port {port} on {host} is already taken by another process, so the Neo4j instance in "
            "{instance} cannot listen there. Stop that process (`kg neo4j status`) or set "
            "KG_NEO4J_BOLT_PORT / KG_NEO4J_HTTP_PORT.")
    E252 = ("[E252] Java not found on PATH: the local Neo4j server needs Java 17 "
            "(`apt-get install openjdk-17-jre-headless`).")
    E253 = ("[E253] The Neo4j server (pid {pid}) exited during startup with code {code}. Last log lines:\n"
            "{detail}\nSee {log}.")
    E254 = ("[E254] Could not set the initial Neo4j password for {instance}: {detail}. Check "
            "KG_NEO4J_PASSWORD (Neo4j wants at least 8 characters) and {instance}/conf/neo4j.conf.")
    # the API server process (kg serve)
    E260 = ("[E260] An API server already answers at {url}{owner}. Use it, stop it first "
            "(`kg serve --stop --port {port}`), or replace it with `kg serve --background --restart`.")
    E261 = ("[E261] Port {port} on {host} is taken by a process that is not a PolicyKG API server{owner}. "
            "Stop it or choose another port with --port.")
    E262 = "[E262] The API started at {url} (pid {pid}) exited with code {code}; see {log}."
    E263 = "[E263] The API at {url} (pid {pid}) did not answer within {timeout:.0f} s; see {log}."
    E264 = "[E264] The API server on port {port} (pid {pid}) did not stop within {timeout:.0f} s."
    # bulk import (kg import: kg.store.bulk, kg.store.bulk_load, kg.server.admin)
    E270 = ("[E270] kg import cannot write rows of kind {kind!r} (kg.build.GraphRows.{kind}): kg.store.bulk "
            "has no mapping for them yet. Load with `kg build`, or map the new kind in kg/store/bulk.py.")
    E271 = "[E271] A value cannot be written to the import files: {detail}. Clean the input or load with `kg build`."
    E272 = ("[E272] Document {doc_id!r} appears twice in one import. Give each report once (ids come from "
            "file paths, kg.ingest.docid).")
    E273 = ("[E273] kg import loads the local server it can stop and start (KG_NEO4J_DATA_DIR, Bolt port "
            "{port}), but KG_NEO4J_URI is {uri}. Point KG_NEO4J_URI at bolt://127.0.0.1:{port}, or load a "
            "remote server with `kg build`.")
    E274 = ("[E274] The database {database!r} already holds {n} node(s): kg import replaces the whole "
            "database. Load increments with `kg build`, or pass --force to replace everything.")
    E275 = ("[E275] neo4j-admin database import failed (exit code {code}): {detail}. The CSV files are "
            "kept in {folder}; the import report is {report}. Fix the cause and run kg import "
            "again (with --force if the database is not empty now).")
    # target against result, timelines (kg.compare, kg.store.verdicts, metrics/compare and metrics/timeline)
    E280 = ("[E280] Period {period!r} is not a year or a span: give 2021 or 2021-2025.")
    E281 = ("[E281] No indicator {indicator!r} in the graph (by name, alias, id or synonym). Search first "
            "(GET /api/v1/search?q=...) or leave the indicator out.")
    E282 = ("[E282] No district or place {district!r} in the graph (by name, alias or id). Search first "
            "(GET /api/v1/search?q=...) or leave the district out.")
    E283 = "[E283] Verdict {verdict!r} is not one of {allowed}."
    # comparing reports across years (GET /api/v1/documents/{a}/diff/{b}, kg diff)
    E285 = ("[E285] Cannot diff document {doc_id!r} with itself: give two different reports of one "
            "government (GET /api/v1/documents lists them).")
    E286 = ("[E286] Documents {a!r} and {b!r} are reports of different governments ({ja} and {jb}): a diff "
            "compares two reports of one government.")
    E287 = ("[E287] Cannot tell whose report document {doc_id!r} is: no reporting district was recorded for it. "
            "Load it again with `kg build` (reports loaded before the district was recorded lack it).")
    # sentence search (kg.store.textsearch)
    E295 = ("[E295] The search query {q} has nothing to search for once control and invisible characters "
            "and spaces are removed. Give a word or phrase, e.g. q=食品安全.")
    E296 = "[E296] The search query has {n} {what}, over the limit of {limit}. Search for a shorter phrase."
    E297 = "[E297] No {what} {value} to filter sentences by. Give {hint}."
    E298 = "[E298] The {what} filter {value} cannot be used: {why}."
    E299 = ("[E299] The full-text index could not run the search for {q}: {detail}. Search for plain "
            "words or a phrase.")
    # ask (questions in Chinese: GET /api/v1/ask, kg ask)
    E290 = "[E290] The question is empty: ask in Chinese, e.g. 2021年地区生产总值增长目标是多少？"
    E291 = "[E291] The question has {n} characters, over the limit of {limit}: ask one short question."
    E292 = "[E292] The question has a control character ({char} at position {pos}): send plain text."
    E293 = "[E293] The question has no words (only punctuation or symbols): ask in Chinese."
    E294 = "[E294] No report is loaded, so no question can be answered: load one with `kg build` first."
    # schema / ontology
    E301 = "[E301] Unknown label {label!r}: labels come only from schemas/ontology.yaml ({allowed})."
    E302 = "[E302] Unknown relationship type {rtype!r}: allowed are {allowed}."
    E303 = "[E303] The indicator synonym table {path} cannot be read: {detail}. Fix the YAML file."
    # api / lookup
    E401 = "[E401] No {kind} with id {id!r}. Search first (GET /api/v1/search?q=...) to find ids."
    E402 = "[E402] Query refused: {detail}"
    E403 = ("[E403] Writes are disabled on this server: no API key is configured. Set KG_API_KEY=<secret> "
            "in the server's environment, restart it, and send the key in the X-API-Key header.")
    E404 = "[E404] Missing or wrong API key for {what}: send the key in the X-API-Key header."
    E405 = ("[E405] Upload {name!r} is over the limit of {limit} bytes. Split the report or raise "
            "KG_MAX_UPLOAD_BYTES.")
    E406 = "[E406] Upload {name!r} has an unsupported type {suffix!r}: give a .txt, .pdf or .docx report."
    E407 = ("[E407] Too many requests from this client: the limit is {limit} per minute "
            "(KG_RATE_LIMIT_PER_MINUTE). Retry after {retry_after} s.")
    E408 = ("[E408] The query has {n} characters, over the limit of {limit} (KG_CYPHER_MAX_QUERY_CHARS). "
            "Send a shorter query and pass values as parameters.")
    E409 = ("[E409] The server is busy: {what}. Retry after {retry_after} s.")
    E410 = ("[E410] Request body over the limit of {limit} bytes ({setting}). Send less.")
    E411 = ("[E411] Host {host!r} is not served here (KG_ALLOWED_HOSTS). Use the server's own address, "
            "or add the name to KG_ALLOWED_HOSTS.")
    E413 = ("[E413] The request has text that is not Unicode at {where} (a lone surrogate escape such "
            "as \\ud800). Send UTF-8 text.")
    E414 = ("[E414] {name!r} names {n} entities: {ids}. Ask again with one of these ids, or narrow "
            "with type=.")
    E412 = "[E412] The server could not finish this ({what}); its log has the details."

    def format(self, *args: object, **kwargs: object) -> str:  # type: ignore[override]
        return self.value.format(*args, **kwargs)


class KGError(Exception):
    """Root of every error PolicyKG raises on purpose.

    ``public`` is what an HTTP client is told when the full message names things only the
    server should see (its Bolt address, its temporary paths); the full message goes to the log.
    """

    def __init__(self, message: str = "", *, public: str | None = None) -> None:
        super().__init__(message)
        self.public = public


class InputError(KGError):
    """The input file cannot be read as a report."""


class ExtractionError(KGError):
    """The NLP stack could not run (missing artifacts, JVM trouble)."""


class StoreError(KGError):
    """Neo4j is unreachable, refused us, or a write failed."""


class StoreUnavailable(StoreError):
    """Neo4j cannot be reached (down, restarting, wrong address)."""


class StoreBusy(StoreError):
    """Neo4j is up but could not finish in time or ran out of memory for the moment (retry)."""


class AuthError(StoreError):
    """Neo4j refused the credentials."""


class ServerError(KGError):
    """Provisioning or running the local Neo4j server failed."""


class SchemaError(KGError):
    """A label or relationship type outside the ontology whitelist."""


class BadQuestion(KGError):
    """A question `kg ask` cannot take (empty, too long, control characters): 422."""


class NotFound(KGError):
    """An id that is not in the graph."""


class Ambiguous(KGError):
    """A name that several entities carry (409 with the candidates)."""

    def __init__(self, message: str = "", *, candidates: list[dict] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class QueryRefused(KGError):
    """A read-only query tried to write or broke a limit."""


class QueryForbidden(QueryRefused):
    """A read-only query tried to write, or to run a command the read-only endpoint refuses."""


class QueryTooLarge(QueryRefused):
    """A read-only query longer than the endpoint plans (refused before Neo4j sees it)."""


class Busy(KGError):
    """Too much work in flight: retry later (503 with Retry-After)."""

    def __init__(self, message: str = "", *, retry_after: int = 5, public: str | None = None) -> None:
        super().__init__(message, public=message if public is None else public)  # nothing private in it
        self.retry_after = retry_after
