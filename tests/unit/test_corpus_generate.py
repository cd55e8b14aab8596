"""kg.corpus: report-like documents from one seed report, shuffled and renamed."""

import random
from pathlib import Path

import pytest

from kg.corpus import (
    CorpusSpec,
    generate_corpus,
    generate_text,
    home_district,
    split_parts,
    substitute,
    substitution_map,
)
from kg.errors import InputError

SEED = """东山区十五届人大五次会议文件

政府工作报告

东山区人民政府区长 某某

各位代表：

一、2020年工作回顾

东山区全年地区生产总值增长5%。

（一）产业发展。青松集团投资建设新材料项目。

东山工业园新增企业12家。

（二）民生保障。新增就业6000人。

城镇失业率控制在4%以内。

二、2021年主要任务

（一）稳增长。推进青松集团二期项目。

（二）惠民生。东山区新建学校3所。
"""


def test_corpus_home_district_reads_title_block() -> None:
    assert home_district(SEED) == "东山区"


def test_corpus_substitution_keeps_kind_tail_and_short_form() -> None:
    mapping = substitution_map(random.Random(0), ["东山区", "青松集团"])
    assert mapping["东山区"].endswith("区") and mapping["东山区"] != "东山区"
    assert mapping["青松集团"].endswith("集团")
    assert mapping["东山"] == mapping["东山区"][:-1]  # 东山工业园 follows 东山区


def test_corpus_substitute_replaces_longest_first_without_overlap() -> None:
    assert substitute("东山区和东山", {"东山区": "西岭区", "东山": "西岭"}) == "西岭区和西岭"


def test_corpus_generated_text_keeps_parts_in_order_and_renames() -> None:
    text = generate_text(SEED, random.Random(3), names=["青松集团"], drop_rate=0.0)
    head, parts = split_parts(text)
    assert [p[0][:2] for p in parts] == ["一、", "二、"]
    assert "东山" not in text and "青松" not in text
    assert text.count("（一）") == 2  # sub-parts survive the shuffle


def test_corpus_is_deterministic_per_seed(tmp_path: Path) -> None:
    a = generate_corpus(SEED, tmp_path / "a", CorpusSpec(n=3, seed=5))
    b = generate_corpus(SEED, tmp_path / "b", CorpusSpec(n=3, seed=5))
    assert [p.read_text() for p in a] == [p.read_text() for p in b]
    assert len({p.read_text() for p in a}) == 3


def test_corpus_rejects_seed_without_parts() -> None:
    with pytest.raises(InputError, match="E010"):
        generate_text("没有编号的文字。", random.Random(0))
