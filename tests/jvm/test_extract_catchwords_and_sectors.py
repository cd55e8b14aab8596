"""GUIDELINES conventions 2 and 10 on invented sentences: catchwords, honours and events are no
entities; Industry only for a named sector."""


def test_entities_quoted_ordinary_words_are_no_policies(extract):
    policies = extract("管好群众的“钱袋子”，抓住改革的“牛鼻子”，打好“攻势”。").get("Policy", set())
    assert not {"“钱袋子”", "“牛鼻子”", "“攻势”"} & policies


def test_entities_quoted_slogans_stay_policies(extract):
    policies = extract("扎实做好“六稳”工作，深化“放管服”改革。").get("Policy", set())
    assert policies & {"“六稳”", "“六稳”工作", "六稳"} and policies & {"“放管服”改革", "“放管服”"}


def test_entities_quoted_honours_are_no_policies(extract):
    policies = extract("荣获“全国文明城市”称号，获评“先进集体”。").get("Policy", set())
    assert not {"“全国文明城市”", "“先进集体”"} & policies


def test_entities_real_economy_and_a_conference_are_no_industries(extract):
    industries = extract("落实中央经济工作会议精神，发展实体经济和数字经济。").get("Industry", set())
    assert "数字经济" in industries and not {"实体经济", "中央经济"} & industries


def test_entities_special_zones_are_districts(extract):
    districts = extract("吉安综保区通过验收，吉安高新区加快建设。").get("District", set())
    assert {"吉安综保区", "吉安高新区"} <= districts


def test_entities_indicator_names_follow_the_metric_reader(extract):
    got = extract("一般公共预算总收入完成52亿元，增长5%。全社会用电量增长6%。").get("Indicator", set())
    assert {"一般公共预算总收入", "全社会用电量"} <= got and "预算总收入" not in got


def test_entities_urban_rural_income_is_one_indicator_unless_distributed(extract):
    one = extract("城乡居民人均可支配收入名义增长5%。").get("Indicator", set())
    two = extract("城乡居民人均可支配收入分别达到4万元和2万元。").get("Indicator", set())
    assert "城乡居民人均可支配收入" in one
    assert {"城镇居民人均可支配收入", "农村居民人均可支配收入"} <= two


def test_entities_a_kind_of_base_or_platform_is_no_project(extract):
    got = extract("建成特色农产品基地3个，搭建高水平开放平台。").get("Project", set())
    assert not any(p.endswith(("农产品基地", "开放平台")) for p in got)


def test_entities_a_production_base_stays_a_project(extract):
    got = extract("青松新材建成年产5万吨碳纤维复合材料生产基地。").get("Project", set())
    assert any(p.endswith("碳纤维复合材料生产基地") for p in got)
