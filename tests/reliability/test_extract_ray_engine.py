"""Extraction on Ray (kg.extract.ray_engine) gives what the local engine gives, in input order,
with a bad file reported and the others extracted. A real private Ray instance, rules only."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings
from kg.errors import KGError
from kg.extract.parallel import extract_many

pytest.importorskip("ray")  # installed by `make setup` (the dev extra pulls policykg[ray])


def _corpus(tmp_path: Path, sample_path: Path, n: int) -> list[Path]:
    """n short reports (a few paragraphs of the sample each), a missing file and a binary one among them."""
    paras = [p for p in sample_path.read_text(encoding="utf-8").split("\n") if len(p) > 40]
    paths = []
    for i in range(n):
        path = tmp_path / f"r{i:02d}.txt"
        path.write_text("\n".join([paras[0], *paras[1 + i:4 + i]]) + "\n", encoding="utf-8")
        paths.append(path)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    return [*paths[:5], tmp_path / "missing.txt", *paths[5:], tmp_path / "bad.txt"]


def _run(paths: list[Path], **kw: object) -> tuple[list[dict], list[str]]:
    errors: list[str] = []

    def on_error(path: Path, e: KGError) -> None:
        errors.append(f"{path.name}: {str(e)[:6]}")

    results = extract_many(paths, Settings(use_hanlp=False), on_error=on_error, **kw)  # type: ignore[arg-type]
    return [r.model_dump() for r in results], errors


def test_ray_engine_matches_local_in_order_and_reports_bad_files(tmp_path: Path, sample_path: Path) -> None:
    # 22 reports = 6 chunks of 4 over 2 actors: more than the window, so chunks are handed out as
    # actors finish and still come back in order.
    paths = _corpus(tmp_path, sample_path, 22)
    local, local_errors = _run(paths, workers=1)
    ray, ray_errors = _run(paths, workers=2, engine="ray")
    assert [r["doc_id"] for r in ray] == [p.stem for p in paths if p.stem.startswith("r")]
    assert ray == local  # every entity, metric, relation and offset
    assert ray_errors == local_errors == ["missing.txt: [E001]", "bad.txt: [E003]"]


def test_ray_engine_without_files_starts_nothing(tmp_path: Path) -> None:
    import ray

    assert _run([], workers=2, engine="ray") == ([], [])
    assert not ray.is_initialized()
