"""HanLP through JPype (needs the JVM and `make setup`'s jar)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings
from kg.errors import ExtractionError

pytestmark = pytest.mark.jvm


def test_hanlp_tokens_cover_text_with_offsets() -> None:
    from kg.extract.hanlp_adapter import HanLPSegmenter

    seg = HanLPSegmenter(Settings())
    text = "我代表川汇区人民政府，向大会报告工作。\n区长 胡友涛"
    toks = seg.tokenize(text)
    assert "".join(t.word for t in toks) == text
    assert all(text[t.start:t.end] == t.word for t in toks)
    assert any(t.nature.startswith("n") for t in toks)


def test_hanlp_missing_jar_raises_e101(tmp_path: Path) -> None:
    from kg.extract.hanlp_adapter import find_jar

    with pytest.raises(ExtractionError, match="E101"):
        find_jar(tmp_path / "nowhere")


def test_hanlp_parse_rendered_handles_separator_inside_words() -> None:
    from kg.extract.hanlp_adapter import parse_rendered

    toks = parse_rendered("a, b/c", "[a, /w, , /w, b/c/nx]")
    assert [t.word for t in toks] == ["a", ", ", "b/c"] or "".join(t.word for t in toks) == "a, b/c"
