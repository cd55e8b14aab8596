"""Companies named without 公司/集团 (error classes from reports of other provinces).

Invented firms and sentences, run with HanLP's segmentation as in production.
"""


def test_entities_investors_listed_as_projects_are_companies(extract):
    got = extract("引进云雀汽车、蓝鲸重工、青松药业等一批重大项目，产业链条不断延伸。")
    assert {"云雀汽车", "蓝鲸重工"} <= got.get("Company", set())
    assert not ({"云雀汽车", "蓝鲸重工"} & got.get("Project", set()))


def test_entities_construction_items_of_a_project_list_stay_projects(extract):
    got = extract("引进白鹭湖生态园、金沙大桥扩建等一批重大项目。")
    assert "Company" not in got or not ({"白鹭湖生态园", "金沙大桥扩建"} & got["Company"])


def test_entities_firms_listed_before_financial_institutions(extract):
    got = extract("鼎信证券、汇丰泰银行等5家金融机构入驻吉安。")
    assert "鼎信证券" in got.get("Company", set())


def test_entities_brand_before_capacity_in_a_project_name(extract):
    got = extract("粮丰储20万吨粮食储备库即将建成投产。")
    assert "粮丰储" in got.get("Company", set())


def test_entities_facility_keeps_its_phase(extract):
    got = extract("吉安机场二期建成通航，进入双跑道时代。")
    assert "吉安机场二期" in got.get("Project", set())
