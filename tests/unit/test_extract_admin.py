"""One administrative-level type (kg.extract.admin) for the gazetteer, jurisdiction and relations."""

import pytest

from kg.extract.admin import AdminLevel, level_of_name
from kg.extract.gazetteer import load_gazetteer


@pytest.mark.parametrize("name,level", [
    ("青禾省", AdminLevel.PROVINCE), ("青禾自治区", AdminLevel.PROVINCE), ("青禾市", AdminLevel.CITY),
    ("青禾自治州", AdminLevel.CITY), ("青禾县", AdminLevel.COUNTY), ("青禾高新区", AdminLevel.COUNTY),
    ("柳塘街道办事处", AdminLevel.TOWN), ("柳塘镇", AdminLevel.TOWN), ("柳塘村", AdminLevel.VILLAGE),
    ("柳塘社区", AdminLevel.VILLAGE), ("柳塘", None),
])
def test_admin_level_of_a_name_by_its_suffix(name, level):
    assert level_of_name(name) == level


def test_admin_gazetteer_levels_are_the_same_type():
    gaz = load_gazetteer()
    (jx,) = gaz.lookup("江西省")
    (ja,) = gaz.lookup("吉安县")
    assert jx.level is AdminLevel.PROVINCE and ja.level is AdminLevel.COUNTY and jx.level < ja.level
