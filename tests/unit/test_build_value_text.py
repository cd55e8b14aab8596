"""Metric rows carry their value as people write it (Browser captions, CSV): 309, not 309.0."""

from __future__ import annotations

import pytest

from kg.build import build_rows, format_number
from tests.conftest import report_a


@pytest.mark.parametrize(("value", "text"), [(309.0, "309"), (4.0, "4"), (6.59, "6.59"), (0.0, "0"),
                                             (-2.0, "-2"), (1234567.0, "1234567"), (0.35, "0.35")])
def test_build_value_text_drops_the_point_of_whole_numbers(value: float, text: str) -> None:
    assert format_number(value) == text


def test_build_value_text_on_every_metric_row() -> None:
    rows = build_rows(report_a()).metrics
    assert {(r.value, r.value_text) for r in rows} >= {(310.0, "310"), (4.1, "4.1"), (7.0, "7")}
