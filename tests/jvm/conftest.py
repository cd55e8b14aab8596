"""Fixtures for extraction tests that run with HanLP's segmentation (the production setting)."""

from collections.abc import Callable

import pytest

from kg.config import Settings
from kg.extract.pipeline import Extractor
from kg.ingest import document_from_text

Forms = dict[str, set[str]]


def entity_forms(extractor: Extractor, text: str) -> Forms:
    """Every name and alias the extractor finds in ``text``, by entity type."""
    result = extractor.extract(document_from_text(text, doc_id="t"))
    out: Forms = {}
    for e in result.entities:
        out.setdefault(e.type, set()).update([e.name, *e.aliases])
    return out


@pytest.fixture(scope="session")
def hanlp_extractor() -> Extractor:
    return Extractor(Settings(use_hanlp=True))


@pytest.fixture(scope="module")
def extract(hanlp_extractor: Extractor) -> Callable[[str], Forms]:
    """Entity forms of a sentence put under an invented report title."""
    return lambda text: entity_forms(hanlp_extractor, "吉安县政府工作报告\n" + text)
