"""Gazetteer.chain ends on self-parented codes instead of looping (found by bench/ on generated names)."""

from kg.extract.admin import AdminLevel
from kg.extract.gazetteer import Division, Gazetteer


def test_gazetteer_chain_stops_on_self_parented_code() -> None:
    div = Division(name="南区", level=AdminLevel.COUNTY, code="810000", parent="香港", parent_code="810000")
    gaz = Gazetteer(by_code={"810000": div})
    assert gaz.chain(div) == [div]
