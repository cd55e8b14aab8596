"""kg.extract.numbers.parse_number: Arabic, Chinese and mixed numerals."""

import pytest

from kg.extract.numbers import parse_number


@pytest.mark.parametrize(("text", "value"), [
    ("6.59", 6.59), ("3000", 3000.0), ("3,000", 3000.0), ("２９２", 292.0), ("１.７", 1.7),
    ("十", 10.0), ("两", 2.0), ("二十三", 23.0), ("一百五十", 150.0), ("四", 4.0),
    ("1.2万", 12000.0), ("五百亿", 5e10),
])
def test_numbers_parse_reads_arabic_chinese_and_mixed(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", None, "abc", "十三五规划", "6.5.9", "万", "1.2 万元"])
def test_numbers_parse_returns_none_for_non_numbers(text: str | None) -> None:
    assert parse_number(text) is None
