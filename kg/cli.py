"""The `kg` command line. Each command is a thin wrapper around a plain function."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from kg.config import PROJECT_ROOT, Settings, get_settings
from kg.errors import Err, InputError, KGError
from kg.ingest.docid import InputFile, expand_inputs

T = TypeVar("T")

app = typer.Typer(help="PolicyKG: government work reports to a Neo4j knowledge graph.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
neo4j_app = typer.Typer(help="Run the local Neo4j server (provisioned from Maven Central).",
                        no_args_is_help=True)
schema_app = typer.Typer(help="The graph schema (constraints and indexes).", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(schema_app, name="schema")

def _guard(fn: Callable[[], T]) -> T:
    """Turn KGError into a one-line message and exit code 1: no stack trace for users."""
    try:
        return fn()
    except KGError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None


def _settings() -> Settings:
    level = os.environ.get("KG_LOG_LEVEL", "WARNING").upper()
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    # The Neo4j driver logs a lost connection at ERROR, once per pooled connection and retry,
    # before it raises; kg.store.driver turns what it raises into one coded line (E201). Its own
    # lines are for debugging only.
    if level != "DEBUG":
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    return get_settings()


class _Failures:
    """The files a command could not process: each reported on its own line as it fails, and
    counted, so the command finishes the others and then exits 1 (E015)."""

    def __init__(self, total: int, done: str) -> None:
        self.total, self.done = total, done
        self.names: list[str] = []

    def add(self, name: object, error: KGError) -> None:
        typer.echo(f"error: {error}", err=True)
        self.names.append(str(name))

    def check(self) -> None:
        if self.names:
            shown = ", ".join(self.names[:5]) + (f" and {len(self.names) - 5} more" if len(self.names) > 5 else "")
            raise InputError(Err.E015.format(n=len(self.names), total=self.total, names=shown, done=self.done))


def _inputs(paths: list[Path]) -> list[InputFile]:
    """The files of ``paths`` with their document ids; clashes of ids that had to be resolved are
    reported, so nobody wonders why a report loaded under a longer id."""
    files, notes = expand_inputs(paths)
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    return files


# --- neo4j ---------------------------------------------------------------

@neo4j_app.command("provision")
def neo4j_provision() -> None:
    """Fetch and assemble the Neo4j server from Maven Central (idempotent)."""
    from kg.server import provision

    home = _guard(lambda: provision(_settings()))
    typer.echo(f"neo4j server assembled at {home}")


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j server in the background (no-op if it runs)."""
    from kg.server import start

    info = _guard(lambda: start(_settings()))
    typer.echo(str(info))


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j server cleanly."""
    from kg.server import status, stop

    settings = _settings()
    before = _guard(lambda: status(settings))
    _guard(lambda: stop(settings))
    if before.running:
        typer.echo(f"neo4j stopped (pid {before.pid}, {before.instance_dir})")
    else:
        typer.echo(f"neo4j not running ({before.instance_dir})")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j runs, and where."""
    from kg.server import status

    typer.echo(str(_guard(lambda: status(_settings()))))


# --- schema --------------------------------------------------------------

@schema_app.command("apply")
def schema_apply() -> None:
    """Create constraints and indexes (idempotent)."""
    from kg.store.driver import open_driver
    from kg.store.schema import apply_schema

    def run() -> int:
        settings = _settings()
        with open_driver(settings) as driver:
            return apply_schema(driver, settings)

    n = _guard(run)
    typer.echo(f"schema applied ({n} statements)")


# --- extraction ----------------------------------------------------------

Engine = Annotated[str, typer.Option(
    help="Where extraction runs: local (a process pool) or ray (Ray actors; a private local Ray "
         "instance of --workers CPUs, or the cluster at --ray-address).")]
RayAddress = Annotated[str | None, typer.Option(
    "--ray-address", help="An existing Ray cluster (ray://host:10001 or host:6379); implies --engine ray.")]


def _engine(engine: str, ray_address: str | None) -> str:
    engine = "ray" if ray_address else engine
    if engine not in ("local", "ray"):
        raise typer.BadParameter(f"--engine must be local or ray, not {engine!r}")
    return engine


def _results(files: list[InputFile], settings: Settings, workers: int, engine: str, ray_address: str | None,
             failed: _Failures, bar: Any) -> Iterator[Any]:
    """Extraction results in input order; a failed file is reported and counted on the bar."""
    from kg.extract.parallel import extract_many

    def on_error(name: object, error: KGError) -> None:
        failed.add(name, error)
        bar.advance()

    yield from extract_many(files, settings, workers=workers, on_error=on_error,
                            engine=_engine(engine, ray_address), ray_address=ray_address)  # type: ignore[arg-type]


@app.command("extract")
def extract_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (.txt, .pdf, .docx).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for one JSON file per input.")] = Path("out"),
    workers: Annotated[int, typer.Option(help="Parallel extraction processes.")] = 1,
    engine: Engine = "local",
    ray_address: RayAddress = None,
) -> None:
    """Extract entities, metrics and relations to JSON (the shape of the eval guidelines)."""
    from kg.progress import Bar

    files = _inputs(paths)

    def run() -> int:
        out.mkdir(parents=True, exist_ok=True)
        failed, n = _Failures(len(files), "extracted"), 0
        with Bar(len(files), "extracting") as bar:
            for result in _results(files, _settings(), workers, engine, ray_address, failed, bar):
                data = json.dumps(result.to_eval_json(), ensure_ascii=False, indent=1)
                target = out / f"{result.doc_id}.json"  # ids are unique within a run (kg.ingest.docid)
                tmp = target.with_suffix(".json.tmp")
                tmp.write_text(data, encoding="utf-8")  # write-then-rename: no half-written output
                tmp.replace(target)
                typer.echo(f"{result.source}: {len(result.entities)} entities, "
                           f"{len(result.metrics)} metrics, {len(result.relations)} relations -> {target}")
                n += 1
                bar.advance()
        failed.check()
        return n

    _guard(run)


@app.command("build")
def build_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.")],
    workers: Annotated[int, typer.Option(help="Parallel extraction processes (or Ray actors).")] = 1,
    engine: Engine = "local",
    ray_address: RayAddress = None,
) -> None:
    """Extract reports and load them into Neo4j (idempotent; KG_WRITE_BATCH_DOCS documents per transaction)."""
    from kg.build import build_rows
    from kg.progress import Bar
    from kg.store.driver import open_driver
    from kg.store.schema import apply_schema
    from kg.store.writer import write_documents

    files = _inputs(paths)

    def run() -> None:
        settings = _settings()
        failed = _Failures(len(files), "loaded")
        with open_driver(settings) as driver, Bar(len(files), "loading") as bar:
            apply_schema(driver, settings)
            results = _results(files, settings, workers, engine, ray_address, failed, bar)
            rows = (build_rows(r) for r in results)
            for docs, summary in write_documents(driver, settings, rows, on_error=failed.add):
                for d in docs:
                    typer.echo(f"{d.document.source}: {summary.status[d.doc_id]}")
                typer.echo(f"  committed {len(docs)} document(s): {summary.nodes_created} nodes and "
                           f"{summary.relationships_created} relationships created")
                bar.advance(len(docs))
        failed.check()

    _guard(run)


@app.command("import")
def import_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.")],
    workers: Annotated[int, typer.Option(help="Parallel extraction processes (or Ray actors).")] = 1,
    engine: Engine = "local",
    ray_address: RayAddress = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a database that is not empty.")] = False,
    csv_dir: Annotated[Path | None, typer.Option(
        "--csv-dir", help="Folder for the CSV files (default: the instance's import/kg-import).")] = None,
    keep_csv: Annotated[bool, typer.Option("--keep-csv", help="Keep the CSV files after a good import.")] = False,
) -> None:
    """First load of a large corpus through neo4j-admin database import (stops and restarts the
    local server; refuses a non-empty database unless --force). Later loads: kg build."""
    import shutil

    from kg.build import build_rows
    from kg.progress import Bar
    from kg.store.bulk_load import import_corpus

    files = _inputs(paths)

    def run() -> None:
        settings = _settings()
        folder = csv_dir or settings.neo4j_data_dir / "import" / "kg-import"
        failed = _Failures(len(files), "imported")
        with Bar(len(files), "extracting") as bar:
            def rows() -> Iterator[Any]:
                for r in _results(files, settings, workers, engine, ray_address, failed, bar):
                    yield build_rows(r)
                    bar.advance()

            summary = import_corpus(settings, rows(), folder, force=force, on_phase=bar.phase)
        typer.echo(f"imported {summary.documents} document(s): {summary.nodes} nodes and "
                   f"{summary.relationships} relationships ({json.dumps(summary.seconds)} s)")
        if not keep_csv:
            shutil.rmtree(folder, ignore_errors=True)
        failed.check()

    _guard(run)


@app.command("run")
def run_cmd(spec_path: Annotated[Path, typer.Argument(help="A pipeline spec (pipelines/*.yaml).")]) -> None:
    """Run a declarative pipeline: extract its inputs, write JSON and/or load into Neo4j."""
    from kg.pipeline_spec import load_spec

    spec = _guard(lambda: load_spec(spec_path, PROJECT_ROOT))
    if spec.extract_out is not None:  # engine options are the CLI's; a spec runs locally
        extract_cmd(spec.inputs, out=spec.extract_out, workers=spec.workers)
    if spec.load:
        build_cmd(spec.inputs, workers=spec.workers)


@app.command("stats")
def stats_cmd(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Node counts by label and relationship counts by type."""
    from kg.store.driver import open_driver
    from kg.store.reader import GraphReader

    def run() -> dict:
        settings = _settings()
        with open_driver(settings) as driver:
            return GraphReader(driver, settings).stats()

    s = _guard(run)
    if as_json:
        typer.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    typer.echo(f"nodes: {s['nodes']}")
    for k, v in s["labels"].items():
        typer.echo(f"  {k:<14}{v:>8}")
    typer.echo(f"relationships: {s['relationships']}")
    for k, v in s["relationship_types"].items():
        typer.echo(f"  {k:<18}{v:>8}")


def _figure_text(m: dict | None, with_period: bool = False) -> str:
    """30亿元以上, and with_period: 30亿元以上 (2021)."""
    if not m:
        return "-"
    from kg.build import format_number

    text = f"{format_number(m['value'])}{m.get('unit') or ''}{m.get('qualifier') or ''}"
    return f"{text} ({m.get('period') or '?'})" if with_period else text


def _read_all(fetch: Callable[[Any, int], Any]) -> list[dict]:
    """Every item of a paginated reader call, ``fetch(reader, offset)``, one-line errors as always."""
    from kg.store.driver import open_driver
    from kg.store.reader import GraphReader

    def run() -> list[dict]:
        settings = _settings()
        with open_driver(settings) as driver:
            reader = GraphReader(driver, settings)
            items: list[dict] = []
            while True:
                got = fetch(reader, len(items))
                items += got.items
                if not got.items or len(items) >= got.total:
                    return items

    return _guard(run)


@app.command("compare")
def compare_cmd(
    district: Annotated[str | None, typer.Option(help="District (or project) name, alias or id.")] = None,
    indicator: Annotated[str | None, typer.Option(help="Indicator name, alias, id or synonym (GDP).")] = None,
    period: Annotated[str | None, typer.Option(help="The targets' period: 2021 or 2021-2025.")] = None,
    verdict: Annotated[str | None, typer.Option(help="Only this verdict: met, missed, no_actual, "
                                                "no_target, not_comparable.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's items).")] = False,
) -> None:
    """Targets against the results later reports state, with the verdict (as GET /api/v1/metrics/compare)."""
    items = _read_all(lambda reader, off: reader.compare(district=district, indicator=indicator, period=period,
                                                         verdict=verdict, limit=500, offset=off))
    if as_json:
        typer.echo(json.dumps(items, ensure_ascii=False, indent=1))
        return
    for i in items:
        t, a = i["target"], i["actual"]
        where = (i.get("place") or {}).get("name") or ""
        docs = " → ".join(x["doc_id"] for x in (t, a) if x)
        typer.echo(f"{where}\t{i['indicator']}\t{i['period']}\t{i['measure']}\t目标 {_figure_text(t)}\t"
                   f"完成 {_figure_text(a)}\t{i['verdict']}\t{docs}\t{i['rule']}")
    typer.echo(f"{len(items)} comparison(s)", err=True)


@app.command("timeline")
def timeline_cmd(
    indicator: Annotated[str, typer.Option(help="Indicator name, alias, id or synonym (GDP).")],
    district: Annotated[str | None, typer.Option(help="District (or project) name, alias or id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's items).")] = False,
) -> None:
    """Every value stated for one indicator, by period and kind, from all reports (as GET /api/v1/metrics/timeline)."""
    items = _read_all(lambda reader, off: reader.timeline(indicator, district=district, limit=500, offset=off))
    if as_json:
        typer.echo(json.dumps(items, ensure_ascii=False, indent=1))
        return
    for m in items:
        where = (m.get("district") or m.get("subject") or {}).get("name") or ""
        typer.echo(f"{m['period']}\t{m['kind']}\t{m['measure']}\t{m['indicator']}\t{_figure_text(m)}\t{where}\t"
                   f"{m['doc_id']}\t{m.get('verdict') or ''}")
    typer.echo(f"{len(items)} value(s)", err=True)


@app.command("diff")
def diff_cmd(
    a: Annotated[str, typer.Argument(help="The earlier report's document id (kg build prints them).")],
    b: Annotated[str, typer.Argument(help="The later report's document id, of the same government.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")] = False,
) -> None:
    """Compare two reports of one government: projects, companies and targets new, dropped, kept."""
    from kg.store.driver import open_driver
    from kg.store.reader import GraphReader

    def run() -> dict:
        settings = _settings()
        with open_driver(settings) as driver:
            return GraphReader(driver, settings).diff(a, b)

    d = _guard(run)
    if as_json:
        typer.echo(json.dumps(d, ensure_ascii=False, indent=1))
        return
    typer.echo(f"{d['a']['id']} -> {d['b']['id']} ({d['a'].get('district_name') or d['a']['district_id']})")
    for part in ("projects", "companies"):
        for what in ("new", "dropped", "kept"):
            items = d[part][what]
            typer.echo(f"{part} {what} ({len(items)})")
            for e in items:
                name = f"{e['name_a']} -> {e['name_b']}" if e["renamed"] else e["name"]
                ev = e["evidence_b"] or e["evidence_a"] or {}
                typer.echo(f"  {name}    「{ev.get('sentence', '')[:60]}」")
    for what in ("new", "dropped", "kept"):
        items = d["targets"][what]
        typer.echo(f"targets {what} ({len(items)})")
        for t in items:
            sides = " -> ".join(_figure_text(t[s], with_period=True) for s in ("a", "b") if t[s])
            typer.echo(f"  {t['indicator']} {t['measure']}: {sides}")
@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="A name, word or phrase (words separated by spaces must all occur).")],
    scope: Annotated[str, typer.Option(help="entities (names and aliases), sentences (what the reports say) "
                                            "or all.")] = "all",
    document: Annotated[str | None, typer.Option(help="sentences: only this document (id).")] = None,
    year: Annotated[int | None, typer.Option(help="sentences: only reports of this year.")] = None,
    district: Annotated[str | None, typer.Option(help="sentences: only reports of this district (id, name, "
                                                      "alias or code).")] = None,
    exact_only: Annotated[bool, typer.Option("--exact-only", help="sentences: only those containing the whole "
                                                                  "query.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=100, help="hits per list.")] = 10,
    offset: Annotated[int, typer.Option(min=0, help="hits to skip.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")] = False,
) -> None:
    """Search the graph: entities by name or alias, and report sentences containing the query
    (matches in [brackets]; the API's GET /api/v1/search?scope=...)."""
    from kg.store.driver import open_driver
    from kg.store.reader import GraphReader
    from kg.store.textsearch import search_sentences

    def run() -> dict[str, Any]:
        if scope not in ("entities", "sentences", "all"):
            raise InputError(Err.E298.format(what="scope", value=repr(scope), why="give entities, sentences or all"))
        settings = _settings()
        out: dict[str, Any] = {}
        with open_driver(settings) as driver:
            reader = GraphReader(driver, settings)
            if scope in ("sentences", "all"):
                found = search_sentences(reader, query, document=document, year=year, district=district,
                                         limit=limit, offset=offset, exact_only=exact_only)
                out["sentences"] = {"query": found.query, "total": found.total, "exact_total": found.exact_total,
                                    "data": found.items}
            if scope in ("entities", "all"):
                hits = reader.search(query, limit=limit, offset=offset)
                out["entities"] = {"total": hits.total, "data": hits.items}
        return out

    found = _guard(run)
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    if "entities" in found:
        ents = found["entities"]
        typer.echo(f"entities: {ents['total']}")
        for e in ents["data"]:
            typer.echo(f"  {e['type']:<13}{e['name']}  ({e['id']})")
    if "sentences" in found:
        sents = found["sentences"]
        typer.echo(f"sentences: {sents['total']} ({sents['exact_total']} containing {sents['query']!r})")
        for h in sents["data"]:
            where = " > ".join([h["document"]["id"], *h["section_path"]])
            typer.echo(f"  {where}")
            typer.echo(f"    {_bracketed(h['sentence'], h['hits'])}")


def _bracketed(text: str, hits: list[dict[str, int]]) -> str:
    """The sentence with each hit in [brackets] (a terminal shows no <mark>)."""
    out, at = [], 0
    for h in hits:
        out.append(text[at:h["start"]] + "[" + text[h["start"]:h["end"]] + "]")
        at = h["end"]
    return "".join(out) + text[at:]


@app.command("ask")
def ask_cmd(question: Annotated[str, typer.Argument(help="a question in Chinese, e.g. 去年GDP是多少？")],
            as_json: Annotated[bool, typer.Option("--json", help="Print the whole answer as JSON.")] = False,
            ) -> None:
    """Answer a question in Chinese from the graph (offline, no language model), with the
    sentences that prove it and the Cypher that ran."""
    from kg.ask import ask
    from kg.store.driver import open_driver
    from kg.store.reader import GraphReader

    def run() -> dict:
        settings = _settings()
        with open_driver(settings) as driver:
            return ask(GraphReader(driver, settings), question)

    a = _guard(run)
    if as_json:
        typer.echo(json.dumps(a, ensure_ascii=False, indent=1))
        return
    typer.echo(_ask_text(a))


def _ask_text(a: dict) -> str:
    """The answer as a few readable lines."""
    from kg.build import format_number

    if not a["understood"]:
        why = a["reading"].get("why", "nothing in the graph answers it")
        return "\n".join([f"没有找到答案（{why}）。可以这样问：", *(f"  {s}" for s in a["suggestions"])])
    lines = []
    for m in a["metrics"]:
        kind = "目标" if m["kind"] == "target" else "实际"
        q = m.get("qualifier") or ""
        lines.append(f"{m['indicator']} {m['period'] or ''} {kind}: {q}{format_number(m['value'])}{m['unit'] or ''}")
    if a["entities"] and not a["relations"]:
        lines.append("、".join(e["name"] for e in a["entities"]) + f"（{len(a['entities'])}）")
    for r in a["relations"]:
        lines.append(f"{r['head']} -[{r['type']}]-> {r['tail']}")
    for s in a["sentences"]:
        lines.append(f"· {s['text']}")
    shown = {s["text"] for s in a["sentences"]}
    ev = [e.get("sentence") for e in a["evidence"] if isinstance(e, dict) and e.get("sentence")]
    for text in dict.fromkeys(t for t in ev if t not in shown):
        lines.append(f"  依据：{text}")
    lines.append("")
    lines.append(a["cypher"])
    return "\n".join(lines)


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Option(help="Folder of gold JSON files.")] = PROJECT_ROOT.parent / "shared/eval/gold",
    docs: Annotated[Path, typer.Option(help="Folder of the gold files' texts.")] = PROJECT_ROOT.parent / "shared/eval/docs",
    as_json: Annotated[bool, typer.Option("--json")] = False,
    cv: Annotated[bool, typer.Option("--cv", help="Leave-one-region-out cross-validation (file-name "
                                     "prefixes): per-group, mean, pooled and in-sample scores.")] = False,
    model: Annotated[bool, typer.Option("--model", help="With --cv: train an NER model per fold on the "
                                        "other regions' gold + silver (kg/extract/ner_model.py).")] = False,
    ner_policy: Annotated[str, typer.Option(help="With --model: fill, union or only.")] = "fill",
    without: Annotated[list[str] | None, typer.Option(
        "--without", help="Switch a registered component off (an ablation); repeatable.")] = None,
) -> None:
    """Score extraction against gold files (same matching as shared/eval/score.py)."""
    from kg.evaluate import cross_validate, cv_report, evaluate_extraction, report

    settings = _settings()
    extractor_args = _guard(lambda: _ablation(settings, without or []))
    if cv:
        from kg.extract.ner_model import cv_fit

        fit: Any = (lambda _train: extractor_args) if without else None
        if model:  # a model per fold, trained on the other regions (kg/extract/ner_model.py)
            ner_fit = cv_fit(docs, policy=ner_policy, extra_dirs=[gold.parent / "metrics-only/docs"])
            fit = lambda train: {**extractor_args, **ner_fit(train)}  # noqa: E731
        res = _guard(lambda: cross_validate(gold, docs, settings=settings, fit=fit))
        typer.echo(json.dumps(res, ensure_ascii=False, indent=1) if as_json else cv_report(res))
        return
    res = _guard(lambda: evaluate_extraction(gold, docs, settings=settings, **extractor_args))
    typer.echo(json.dumps(res, ensure_ascii=False, indent=1) if as_json else report(res))


def _ablation(settings: Settings, without: list[str]) -> dict[str, object]:
    """Extractor arguments for the configured pipeline less the named components."""
    if not without:
        return {}
    from kg.extract.registry import load_extract_spec

    return {"spec": load_extract_spec(settings.extract_pipeline).without(without)}


@app.command("train-ner")
def train_ner_cmd(
    out: Annotated[Path, typer.Option(help="Model folder.")] = PROJECT_ROOT / ".cache/models/ner",
    gold: Annotated[Path, typer.Option(help="Gold JSON files (left out when absent).")] = PROJECT_ROOT.parent / "shared/eval/gold",
    docs: Annotated[Path, typer.Option(help="The gold files' texts.")] = PROJECT_ROOT.parent / "shared/eval/docs",
    config: Annotated[Path, typer.Option(help="spaCy config.")] = PROJECT_ROOT / "pipelines/ner.cfg",
    seed: int = 0,
) -> None:
    """Train the NER component on the gold spans and the rules' silver (`make model`)."""
    from kg.extract.ner_model import train_on_devset

    stats = _guard(lambda: train_on_devset(out, gold, docs, config=config, seed=seed, settings=_settings()))
    typer.echo(f"NER model -> {out}: {json.dumps(stats)}")


# --- serve ---------------------------------------------------------------

@app.command("serve")
def serve_cmd(
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    background: Annotated[bool, typer.Option("--background", help="Run detached, log to .cache/api-PORT.log.")] = False,
    restart: Annotated[bool, typer.Option("--restart", help="With --background: replace the API already "
                                          "serving on the port (new settings take effect).")] = False,
    stop_: Annotated[bool, typer.Option("--stop", help="Stop the background API on --port; without "
                                        "--port every API this checkout started.")] = False,
) -> None:
    """Serve the FastAPI app (web page at /ui/, OpenAPI docs at /docs)."""
    from kg.server import api as api_server

    settings = _settings()
    host = host or settings.api_host
    if stop_:
        ports = [port or settings.api_port]
        stopped = _guard(lambda: api_server.stop_all(ports, every_recorded=port is None, host=host))
        for s in stopped:
            typer.echo(f"API stopped (pid {s.pid}, port {s.port})")
        if not stopped:
            typer.echo(f"API not running (port {ports[0]})" if port else "API not running")
        return
    port = port or settings.api_port
    if background:
        server = _guard(lambda: api_server.start_background(host, port, restart=restart))
        typer.echo(f"API running (pid {server.pid}) at {server.url}  (log: {api_server.log_file(port)})")
        return
    if restart:
        _guard(lambda: api_server.stop_all([port], every_recorded=False, host=host))
    _guard(lambda: api_server.check_port(host, port))
    import uvicorn

    # No proxy headers: uvicorn would otherwise take X-Forwarded-For from any loopback peer as the
    # client's address. The app believes it only from KG_TRUSTED_PROXIES (api.ratelimit).
    uvicorn.run(api_server.APP, factory=True, host=host, port=port, log_level="info", proxy_headers=False)


if __name__ == "__main__":
    app()
