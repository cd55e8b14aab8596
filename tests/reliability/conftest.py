"""Fixtures of the reliability tests: the sample report, a rules-only extractor, a throwaway server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT, Settings
from kg.extract.pipeline import Extractor
from tests.reliability.support import throwaway_server

SAMPLE = PROJECT_ROOT / "data" / "sample" / "chuanhui-2021-government-work-report.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def rules_extractor() -> Extractor:
    """Extraction without HanLP's JVM: the same rules, seconds faster."""
    return Extractor(Settings(use_hanlp=False))


@pytest.fixture(scope="module")
def crash_server(tmp_path_factory: pytest.TempPathFactory, test_settings: Settings) -> Iterator[Settings]:
    """A throwaway Neo4j instance of its own (data dir in tmp, spare ports) that a test may kill."""
    yield from throwaway_server(tmp_path_factory.mktemp("neo4j-crash"), test_settings)
