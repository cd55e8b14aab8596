"""kg.diff's target key: the same indicator as metrics/compare keys it (kg.synonyms.canonical), so a
target the diff calls kept is one compare pairs, and the other way round."""

from __future__ import annotations

from kg.diff import indicator_key, target_key
from kg.synonyms import get_synonyms


def test_diff_indicator_key_is_compare_s_canonical_name_without_a_deadline() -> None:
    assert indicator_key("到2025年规上工业增加值") == "规模以上工业增加值"
    assert indicator_key("GDP") == indicator_key("生产总值") == "地区生产总值"
    assert indicator_key("新建口袋公园建设") == get_synonyms().canonical("新建口袋公园建设") == "新建口袋公园"
    assert indicator_key("2026年底新建口袋公园") == "新建口袋公园"


def test_diff_target_key_tells_horizons_apart() -> None:
    m = {"indicator": "固投", "measure": "growth", "kind": "target", "period": "2022", "about": {"id": "District:1"}}
    assert target_key(m, 2022) == ("固定资产投资", "growth", "target", "District:1", "annual")
    assert target_key(m | {"period": "2021-2025"}, 2022)[-1] == "span:2021-2025"
    assert target_key(m | {"period": "2025"}, 2022)[-1] == "year:2025"
