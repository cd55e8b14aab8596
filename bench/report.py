"""Render bench/results.json as bench/RESULTS.md: machine, versions, date, numbers, ratios."""

from __future__ import annotations

TARGETS = {"extract_chars_per_s": 50_000, "load_ratio": 10, "load_elements_per_s": 20_000, "p99_ms_16": 50,
           "ray_overhead": 0.15, "import_ratio": 10}


def _ok(value: float, target: float, higher: bool = True) -> str:
    met = value >= target if higher else value <= target
    return "meets" if met else "MISSES"


def _machine(out: dict) -> list[str]:
    m = out["machine"]
    pk = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    return [f"- Date: {m['date']}; mode: **{out['mode']}** ({out['params']})",
            f"- Machine: {m['cpu']}, {m['cpus']} cores, {m['mem_gb']} GB; {m['platform']}",
            f"- Load average at start {tuple(round(x, 2) for x in m['load_avg'])}, at end "
            f"{tuple(round(x, 2) for x in m.get('load_avg_end', ()))}",
            f"- Python {m['python']}; {m['java']}; {pk}", ""]


def _extraction(out: dict) -> list[str]:
    rows = [out[k] for k in ("extraction_pipeline", "extraction_jieba", "extraction_hanlp") if k in out]
    if not rows:
        return []
    lines = ["## 1. Extraction throughput (one core, models loaded)", "",
             "Median of timed passes after a 3 s warm-up per system (HanLP's JIT compiles its hot code only "
             "after some ten reports' worth of calls); the fastest pass in brackets.", "",
             "| system | load s | sample report chars/s | dev excerpts chars/s (n) | 500-char texts chars/s (n) "
             "| peak RSS MB |", "|---|---|---|---|---|---|"]

    def cell(m: dict | None, n: bool = False) -> str:
        if not m:
            return "n/a"
        best = f" [{m['best_chars_per_s']:,}]" if "best_chars_per_s" in m else ""
        return f"{m['chars_per_s']:,}{best}" + (f" ({m['texts']})" if n else "")
    lines += [f"| {r['system']} | {r['load_s']} | {cell(r['report'])} | {cell(r.get('dev'), True)} | "
              f"{cell(r['small'], True)} | {r['peak_rss_mb']} |" for r in rows]
    pipe = out.get("extraction_pipeline")
    if pipe:
        v = pipe["report"]["chars_per_s"]
        lines += ["", f"Pipeline on the report: {v:,} chars/s vs target {TARGETS['extract_chars_per_s']:,}: "
                  f"**{_ok(v, TARGETS['extract_chars_per_s'])}**."]
        for base, label in (("extraction_jieba", "jieba POS tagging alone"), ("extraction_hanlp", "HanLP 1.x NER alone")):
            if base in out:
                b = out[base]["report"]["chars_per_s"]
                lines.append(f"- Full pipeline (HanLP + spaCy rules + metrics + relations + resolution) runs at "
                             f"**{v / b:.2f}x** the speed of {label} ({b:,} chars/s).")
        lines += ["", "<details><summary>cProfile of the pipeline on the sample report</summary>", "", "```",
                  pipe.get("profile", "").strip()[:6000], "```", "</details>"]
    return lines + [""]


def _load(out: dict) -> list[str]:
    ld = out.get("load")
    if not ld:
        return []
    p, n = ld["project"], ld["naive"]
    lines = ["## 2. Load throughput into Neo4j (same rows, same server)", "",
             "| writer | docs | seconds | nodes | relationships | elements/s | docs/s |", "|---|---|---|---|---|---|---|"]
    one = ld.get("project_one_doc_per_tx")
    writers = [(f"kg.store.writer, {p.get('batch_docs', 1)} docs per transaction (median of "
                f"{len(ld.get('project_runs_s', [1]))} runs)", p)]
    writers += [("kg.store.writer, 1 doc per transaction", one)] if one else []
    writers += [("naive (1 tx per node/relationship)", n)]
    for name, r in writers:
        lines.append(f"| {name} | {r['docs']} | {r['seconds']} | {r['nodes_created']} | {r['relationships_created']} "
                     f"| {r['elements_per_s']:,} | {r['docs_per_s']} |")
    c = ld.get("project_cold_first_doc", {})
    lines += ["", f"Ratio project/naive: **{ld['speedup']}x** (target >= {TARGETS['load_ratio']}x: "
              f"{_ok(ld['speedup'], TARGETS['load_ratio'])}); project writer {p['elements_per_s']:,} elements/s "
              f"(target >= {TARGETS['load_elements_per_s']:,}: {_ok(p['elements_per_s'], TARGETS['load_elements_per_s'])}).",
              f"First document on a cold query cache (not in the table): {c.get('seconds')} s."]
    return lines + [""]


def _scale(out: dict) -> list[str]:
    sc = out.get("scale")
    if not sc:
        return []
    lines = ["## 3. Scale: `kg build DIR --workers N` on generated corpora (kg/corpus.py)", "",
             "| docs | workers | seconds (median) | runs s | s/doc | nodes | relationships | elements/s |",
             "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['docs']} | {r['workers']} | {r['seconds']} | {r.get('runs_s', [r['seconds']])} | "
              f"{r['s_per_doc']} | {r['nodes']:,} | {r['relationships']:,} | {r['elements_per_s']:,} |"
              for r in sc["series"]]
    s = sc["speedup"]
    per_doc = [r["s_per_doc"] for r in sc["series"]]
    lines += ["", f"Speedup of 2 workers over 1 on {s['docs']} docs: {s['w1_s']} s -> {s['w2_s']} s = "
              f"**{s['ratio']}x** (median of runs each)."]
    big = sc.get("speedup_large")
    if big:
        lines.append(f"Speedup of 2 workers over 1 on {big['docs']:,} docs: {big['w1_s']} s (1 run) -> "
                     f"{big['w2_s']} s (median above) = **{big['ratio']}x**. Extraction runs in the workers, "
                     "while the parent builds rows and writes and Neo4j indexes; all of it shares the 2 cores.")
    series = sc["series"]
    marginal = [round((b["seconds"] - a["seconds"]) / (b["docs"] - a["docs"]), 3)
                for a, b in zip(series, series[1:], strict=False)]
    lines += [f"Seconds per document across sizes: {per_doc}; marginal seconds per added document between "
              f"consecutive sizes: {marginal}. Total time is a fixed start-up (models, JVMs, schema) plus a "
              "constant cost per document: it grows linearly, not faster."]
    return lines + [""]


def _bulk(out: dict) -> list[str]:
    b = out.get("bulk")
    if not b:
        return []
    ex, ld = b["extraction"], b["load"]
    w, i = ld["writer"], ld["import"]
    load = b.get("load_avg")
    lines = [f"## 5. Past one machine: extraction on Ray, the first load through `kg import` ({b['docs']:,} "
             "generated reports)", "",
             f"{b['workers']} workers either way, on the same cores, start-up included (spawning the pool or "
             "starting a private Ray instance; each worker loading its models)"
             + (f"; measured {b.get('date', '')}, load average {tuple(load)} when the step started." if load else "."),
             "",
             "| extraction | seconds | reports/s |", "|---|---|---|",
             f"| local process pool (`--engine local`) | {ex['local_s']} | {ex['local_docs_per_s']} |",
             f"| Ray actors (`--engine ray`) | {ex['ray_s']} | {ex['ray_docs_per_s']} |", "",
             f"Ray's overhead: **{ex['ray_overhead'] * 100:+.1f}%** (target at most "
             f"{TARGETS['ray_overhead'] * 100:.0f}%: {_ok(ex['ray_overhead'], TARGETS['ray_overhead'], higher=False)});"
             f" identical results: {ex['same_results']}.", "",
             "| first load, same rows, empty database | seconds | nodes | relationships | elements/s |",
             "|---|---|---|---|---|",
             f"| transactional writer (`kg build`'s) | {w['seconds']} | {w['nodes']:,} | {w['relationships']:,} | "
             f"{w['elements_per_s']:,} |",
             f"| `kg import` end to end | {i['seconds']} | {i['nodes']:,} | {i['relationships']:,} | "
             f"{i['elements_per_s']:,} |",
             f"| `kg import`, the neo4j-admin phase alone (server stopped) | {i['phases_s']['import']} | | | "
             f"{i['admin_elements_per_s']:,} |", "",
             f"`kg import` phases (s): {', '.join(f'{k} {v}' for k, v in i['phases_s'].items())} (csv: merging "
             "entities and relations and writing the files; import includes stopping the server; start: the "
             "server's start-up; schema: constraints and indexes built over the imported graph; fixups: the "
             "empty lists CSV cannot hold).", "",
             f"Ratio import/writer end to end: **{ld['ratio']}x**; neo4j-admin phase alone: **{ld['admin_ratio']}x** "
             f"(goal >= {TARGETS['import_ratio']}x end to end: {_ok(ld['ratio'], TARGETS['import_ratio'])}). "
             f"Identical node and relationship counts by label and type: **{ld['identical_counts']}**."]
    srv = b.get("server")
    if srv:
        lines += ["", f"Server: heap {srv['heap']}, db.memory.transaction.max {srv['tx_memory_max']}. With the default "
                  "160m the writer fails (E208) at about the 750th generated report: every report rewrites the "
                  "per-report entry lists of the hub entities it names (indicators, provinces), lists as long as "
                  "the corpus, so a report's transaction grows with the corpus (DESIGN.md)."]
    return lines + [""]


def _api_title(api: dict) -> str:
    workers = api.get("workers", 1)
    client = {"wrk": "wrk (C, Lua-rotated URLs)", "python": "asyncio+httpx clients"}.get(api.get("client", ""),
                                                                                         "httpx clients")
    return (f"## 4. API latency under load (uvicorn, {workers} worker process{'es' if workers > 1 else ''}, "
            f"loopback, closed-loop {client})")


def _api_graph(api: dict) -> list[str]:
    g, n = api.get("graph"), api.get("distinct_paths")
    if not g:
        return []
    span = f"{min(n.values())}" if n and min(n.values()) == max(n.values()) else f"{min(n.values())}-{max(n.values())}" if n else ""
    rotation = f"; each endpoint rotates over {span} distinct URLs" if n else ""
    return [f"Graph: {g['documents']:,} documents, {g['nodes']:,} nodes, {g['relationships']:,} relationships"
            f"{rotation} (real ids, names and indicators picked from the graph), {api.get('seconds', '?')} s "
            "per run after one warm-up pass over the URLs.", ""]


def _api(out: dict, key: str = "api") -> list[str]:
    api = out.get(key)
    if not api:
        return []
    cache = {"off": "Read cache OFF: every request runs its queries in Neo4j.",
             "on": "Read cache ON (kg.store.cache, the default): each request asks Neo4j for the graph "
                   "version (one small query) and reuses an answer computed under the same version; "
                   "after warm-up the 50 rotating URLs per endpoint are all cached, so this is the "
                   "repeated-question case, not the first answer."}.get(api.get("cache", ""), "")
    lines = [_api_title(api) + (f" — cache {api['cache']}" if api.get("cache") else ""), "", cache, "",
             *_api_graph(api),
             "| endpoint | clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
             "|---|---|---|---|---|---|---|---|"]
    for name, runs in api["results"].items():
        lines += [f"| {name} | {r['clients']} | {r['requests']} | {r['errors']} | {r['req_per_s']} | {r['p50_ms']} "
                  f"| {r['p95_ms']} | {r['p99_ms']} |" for r in runs]
        kinds = sorted({k for r in runs for k in r.get("error_kinds", [])})
        if kinds:
            lines.append(f"| {name}: errors were {', '.join(kinds)} | | | | | | | |")
    at16 = {k: next((r["p99_ms"] for r in v if r["clients"] == 16), None) for k, v in api["results"].items()}
    verdict = ", ".join(f"{k} {v} ms ({_ok(v, TARGETS['p99_ms_16'], higher=False)})" for k, v in at16.items()
                        if v is not None)
    lines += ["", f"p99 at 16 clients vs target < {TARGETS['p99_ms_16']} ms: {verdict}.", "",
              "First path of each rotation: " + ", ".join(f"`{p}`" for p in api["paths"].values())]
    return lines + [""]


def _textsearch_graph(name: str, g: dict, loaded: str = "") -> list[str]:
    if not g:
        return []
    c = g["graph"]
    lines = [f"### {name}: {c['documents']:,} document(s), {c['nodes']:,} nodes, {c['relationships']:,} relationships{loaded}",
             "", "| query | filter | hits | containing it | p50 ms | p95 ms |", "|---|---|---|---|---|---|"]
    for r in g["queries"]:
        flt = ", ".join(f"{k}={r[k]}" for k in ("district", "year", "exact_only") if k in r) or ""
        lines.append(f"| {r['query']} | {flt} | {r['total']} | {r['exact']} | {r['p50_ms']} | {r['p95_ms']} |")
    sizes = g.get("index_mb", {})
    lines += ["", "Index size on disk (MB): " + ", ".join(f"{k} {v}" for k, v in sizes.items()) + ".", "",
              "API (`/api/v1/search?scope=sentences`, read cache off, URLs rotating over the queries): " +
              "; ".join(f"{a['clients']} client(s) {a['req_per_s']} req/s, p50 {a['p50_ms']} / p95 {a['p95_ms']} / "
                        f"p99 {a['p99_ms']} ms, {a['errors']} errors" for a in g.get("api", [])) + ".", ""]
    return lines


def _textsearch(out: dict) -> list[str]:
    ts = out.get("textsearch")
    if not ts:
        return []
    load = ts.get("load_avg")
    busy = (f" Load average {load[0]} on {out['machine']['cpus']} cores when this step started (it finished "
            f"{ts.get('date', '')}){': a busy machine, so absolute times are pessimistic' if load[0] > 1.0 else ''}."
            if load else "")
    lines = ["## 6. Sentence search (`kg.store.textsearch`, `bench/textsearch.py`)", "",
             f"`search_sentences` called in-process ({ts['repeat']} warm calls per row; hits = all matches, "
             "containing it = sentences with the whole query, ranked first). 水 is one character: the "
             "substring fallback through the TEXT index; 營商環境 is searched as 营商环境; 发展 is a common "
             f"word (every hit counted and ordered).{busy}", ""]
    lines += _textsearch_graph("Sample report", ts.get("sample", {}))
    loaded = f" (generated from the sample, loaded with `kg import` in {ts['corpus_load_s']} s)" if "corpus_load_s" in ts else ""
    lines += _textsearch_graph("Generated corpus", ts.get("corpus", {}), loaded)
    return lines


def _ask(out: dict) -> list[str]:
    a = out.get("ask")
    if not a:
        return []
    lines = ["## 7. Questions in Chinese: GET /api/v1/ask on the sample's graph", "",
             f"`bench/ask_latency.py`: {a['questions']} distinct questions (the eval kit's dev set and "
             f"tests/data/qa/own.jsonl) in rotation, read cache off, {a['workers']} uvicorn worker, "
             f"{a['client']}, {a['seconds']} s per client count; load average {a.get('load_avg')} at the start "
             f"of the step ({a['date']}).", "",
             "| clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['clients']} | {r['requests']} | {r['errors']} | {r['req_per_s']} | {r['p50_ms']} | "
              f"{r['p95_ms']} | {r['p99_ms']} |" for r in a["results"]]
    one = next((r for r in a["results"] if r["clients"] == 1), a["results"][0])
    lines += ["", f"p95 at one client {one['p95_ms']} ms vs target {a['target_p95_ms']} ms: "
              f"**{'meets' if a['meets'] else 'MISSES'}**.", ""]
    return lines


def render(out: dict) -> str:
    head = ["# Benchmark results", "",
            "Written by `bench/run.py` (`make bench`); raw numbers in `bench/results.json`. "
            "Design notes and sizing: `bench/DESIGN.md`.", ""]
    if out["mode"] == "quick":
        head += ["> **Reduced scale (`--quick`)**: `make bench` runs the full scale.", ""]
    start = out["machine"]["load_avg"][0]
    if start > 1.0:  # the end figure counts the bench's own load (wrk threads, workers, Neo4j)
        head += [f"> **Measured on a busy machine** (load average {start:.1f} at start on "
                 f"{out['machine']['cpus']} cores): other jobs shared the CPU, so absolute numbers are "
                 "pessimistic and noisy; ratios measured in one run are the more trustworthy figures.", ""]
    wall = out.get("wall_s", {})
    tail = ["## Wall time per step (s)", "", ", ".join(f"{k} {v}" for k, v in wall.items()) +
            f"; total {sum(wall.values()):.0f} s ({sum(wall.values()) / 60:.1f} min)", ""]
    return "\n".join(head + _machine(out) + _extraction(out) + _load(out) + _scale(out) + _api(out) + _api(out, "api_cached") + _bulk(out) + _textsearch(out) + _ask(out) + tail)
