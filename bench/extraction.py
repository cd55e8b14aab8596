"""Extraction throughput on one core: the full pipeline vs jieba POS alone vs HanLP 1.x NER alone.

Run by bench/run.py, one process per system (own peak memory, own JVM):
    python bench/extraction.py --system pipeline|jieba|hanlp [--repeat 3] [--profile]
Prints one JSON line. Throughput counts characters of the cleaned text the system was given.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, SAMPLE, emit, peak_rss_mb, pin_one_core  # noqa: E402

from kg.config import get_settings  # noqa: E402
from kg.ingest import document_from_text  # noqa: E402

SMALL_CHARS = 500  # a "small text": a news item or a paragraph group, not a whole report
WARM_UP_S = 3.0  # per measurement, before timing: see warm_up


def small_texts(text: str) -> list[str]:
    """The sample cut into ~500-character texts at paragraph ends."""
    out, cur = [], ""
    for para in [p for p in text.split("\n") if p.strip()]:
        cur += para + "\n"
        if len(cur) >= SMALL_CHARS:
            out.append(cur)
            cur = ""
    return out + ([cur] if cur.strip() else [])


def make_system(name: str):
    """(load seconds, fn(text) -> None) for one system, models loaded before timing."""
    t = time.perf_counter()
    if name == "pipeline":
        from kg.extract.pipeline import Extractor
        ex = Extractor(get_settings())
        ex.extract(document_from_text("川汇区人民政府工作报告。\n一、工作回顾\n全区生产总值增长5%。"))  # loads models
        fn = lambda text: ex.extract(document_from_text(text))  # noqa: E731
    elif name == "jieba":
        import jieba
        import jieba.posseg as pseg
        jieba.setLogLevel(60)
        jieba.initialize()
        fn = lambda text: pseg.lcut(text)  # noqa: E731
    elif name == "hanlp":
        from kg.extract.hanlp_adapter import HanLPSegmenter
        seg = HanLPSegmenter(get_settings())
        seg.tokenize("川汇区人民政府")
        fn = seg.tokenize
    else:
        raise SystemExit(f"unknown system {name!r}: pipeline, jieba or hanlp")
    return time.perf_counter() - t, fn


def throughput(fn, texts: list[str], repeat: int) -> dict:
    """Characters per second of the median of ``repeat`` timed passes (fastest pass alongside)."""
    warm_up(fn, texts)
    runs = []
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        for text in texts:
            fn(text)
        runs.append(time.perf_counter() - t)
    mid, best = statistics.median(runs), min(runs)
    chars = sum(len(x) for x in texts)
    return {"texts": len(texts), "chars": chars, "seconds": round(mid, 4), "chars_per_s": round(chars / mid),
            "best_chars_per_s": round(chars / best)}


def dev_excerpts() -> list[str]:
    """The eval set's excerpts of other reports (../shared/eval/docs), when this checkout has them."""
    folder = ROOT.parent / "shared" / "eval" / "docs"
    paths = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    return [document_from_text(p.read_text(encoding="utf-8")).text for p in paths]


def warm_up(fn, texts: list[str]) -> None:
    """Run the exact input until WARM_UP_S has passed (at least once): HanLP's JVM compiles its
    hot code only after some ten reports' worth of calls, and a pinned core also runs the JIT's
    compiler threads, so one warm-up call measured a half-compiled segmenter, not a loaded model."""
    t = time.perf_counter()
    while True:
        for text in texts:
            fn(text)
        if time.perf_counter() - t >= WARM_UP_S:
            return


def profile(fn, text: str, top: int = 15) -> str:
    prof = cProfile.Profile()
    prof.enable()
    fn(text)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"kg/", top)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--system", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    pin_one_core()
    text = document_from_text(SAMPLE.read_text(encoding="utf-8")).text
    load_s, fn = make_system(args.system)
    out = {"system": args.system, "load_s": round(load_s, 2),
           "report": throughput(fn, [text], args.repeat),
           "small": throughput(fn, small_texts(text), args.repeat)}
    dev = dev_excerpts()
    if dev:
        out["dev"] = throughput(fn, dev, args.repeat)
    out["peak_rss_mb"] = round(peak_rss_mb())
    if args.profile:
        out["profile"] = profile(fn, text)
    emit(out)


if __name__ == "__main__":
    main()
