"""Error classes seen on reports from other provinces: the speaker and the organs of government.

Sentences are invented; each runs with the rules alone and with HanLP's segmentation.
"""

import pytest

from kg.config import Settings
from kg.extract.pipeline import Extractor
from tests.jvm.conftest import entity_forms


@pytest.fixture(scope="module", params=[False, True], ids=["rules", "hanlp"])
def extract(request):  # noqa: ANN001, ANN201
    ex = Extractor(Settings(use_hanlp=request.param))
    return lambda text: entity_forms(ex, text)


@pytest.mark.parametrize("front,name", [
    ("吉安县人民政府县长  欧阳明远\n各位代表：", "欧阳明远"),          # four characters, two spaces
    ("县长\n孙立平\n各位代表：", "孙立平"),                            # title and name on two lines
    ("市人民政府市长 阿·巴特尔\n各位代表：", "阿·巴特尔"),            # a middle dot
    ("（2024年3月1日）\n\n  宋 明 远\n\n各位代表：", "宋明远"),        # a byline without a title
    ("在吉安县第十届人民代表大会上，县长李成文代表县人民政府向大会报告工作", "李成文"),
])
def test_entities_speaker_forms_are_persons(extract, front, name):
    assert name in extract(front + "\n现在，我代表县人民政府向大会报告工作。").get("Person", set())


def test_entities_byline_is_not_a_heading(extract):
    assert "政府工作报告" not in extract("政府工作报告\n各位代表：\n今年经济平稳。").get("Person", set())


def test_entities_banner_and_league_organs(extract):
    orgs = extract("在盟委和旗委坚强领导下，旗政府扎实工作。").get("Organization", set())
    assert {"盟委", "旗委", "旗政府"} <= orgs


def test_entities_relative_organ_after_a_conjunction(extract):
    # 和县 is a county of 安徽; here 和 is "and" and 县政协 the county's political consultative body
    orgs = extract("在县人大和县政协的监督支持下，各项工作稳步推进。").get("Organization", set())
    assert {"县人大", "县政协"} <= orgs


def test_entities_place_named_organ(extract):
    text = "——在吉安县第十届人民代表大会上\n在市委和吉安县委的坚强领导下，吉安县政府扎实工作。"
    orgs = extract(text).get("Organization", set())
    assert "吉安县委" in orgs and "吉安县政府" in orgs


def test_entities_verb_glued_to_a_government_name_is_cut(extract):
    orgs = extract("现在，我代表吉安县人民政府向大会报告工作。").get("Organization", set())
    assert "吉安县人民政府" in orgs and not any(o.startswith("代表") for o in orgs)
