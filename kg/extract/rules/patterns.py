"""Suffix grammars, context cues and stop lists for the entity rules.

Chinese names are head-final: the type of a named thing is carried by its
last morpheme (川汇*区*, 荷花商*城*, 筑工*科技*, 蓝天*工程*).  So each type is a
list of head suffixes; ``kg.extract.entities`` finds a suffix and extends the
name leftwards over name-like words (HanLP tokens) to find the proper stem.
"""

from __future__ import annotations

# Suffix -> type.  Longest suffix wins (regex alternation is ordered by length).
DISTRICT_SUFFIXES = (
    "高新技术产业开发区", "经济技术开发区", "产业集聚区", "产业园区", "街道办事处", "高新区", "经开区",
    "开发区", "新区", "街道", "社区", "镇", "乡", "村",
    # special zones (GUIDELINES: District includes them): bonded, free-trade, pilot and cooperation zones
    "综合保税区", "综保区", "保税港区", "保税区", "自由贸易试验区", "自贸试验区", "自贸区", "自由贸易港",
    "自贸港", "示范区", "合作区", "试验区", "起步区", "新城",
)
# Zone heads whose stem must be a name (海口综保区, 南宁东部新城), not a description (生态新城).
PROPER_ZONE_SUFFIXES = frozenset({"示范区", "合作区", "试验区", "起步区", "新城", "自贸区", "自贸港",
                                  "自由贸易港", "综保区", "保税区"})
ORG_SUFFIXES = (
    "人民代表大会常务委员会", "人大常委会", "人民代表大会", "人民政府", "管理委员会", "管委会",
    "委员会", "人民法院", "人民检察院", "法院", "检察院", "公安局", "分局", "局", "政协", "党委", "纪委",
    "监委", "办公室", "服务中心", "管理中心", "指挥中心", "研究院", "研究所", "大学", "学院", "学校",
    "中学", "小学", "医院", "卫生院", "协会", "商会", "联合会", "基金会", "银行", "支行", "人武部",
)
COMPANY_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "控股集团", "集团公司", "集团", "公司", "股份",
)
# Weaker heads: a company only in an investor context or as a HanLP ntc word.
COMPANY_SOFT_SUFFIXES = (
    "科技", "实业", "智造", "电子", "光电", "电器", "环保", "铜业", "药业", "陶瓷", "电动车", "汽车",
    "能投", "能源", "物流", "食品", "建业", "门业", "置业", "地产", "控股", "材料", "机械", "化工",
)
PROJECT_SUFFIXES = (
    "产业园项目", "项目", "产业园", "科技园", "工业园", "创业园", "孵化器", "孵化园", "众创空间",
    "产业基地", "基地", "综合体", "商城", "健康城", "港城", "梦想城", "城", "生态谷", "谷", "小区",
    "佳苑", "嘉苑", "家园", "花园", "苑", "广场", "公园", "湿地公园", "停车场", "连接线", "污水处理厂",
    "处理厂", "水厂", "电厂", "储备库", "水库", "水闸", "泵站", "车站", "站", "运营中心", "分拨中心",
    "物流中心", "数据中心", "会展中心", "平台", "工场", "APP", "班列", "专线", "地铁", "轻轨",
    "观光带", "工程", "机场", "综合枢纽", "枢纽", "科技城", "生产线", "交易中心", "创新中心",
)
# Phase and zone modifiers that stay on a facility's name (某某产业园一期, 某某园区南扩区).
PROJECT_PHASE_TAILS = r"(?:[一二三四五六七八九十]|\d)期(?:工程|项目)?|[东南西北]扩区|起步区"
LOCATION_SUFFIXES = (
    "大道", "大街", "干道", "北路", "南路", "东路", "西路", "中路", "路", "街", "河", "江", "湖", "桥",
    "片区", "地区", "沿线景观带", "景观带", "三角", "市场", "北环", "南环", "东环", "西环",
)
POLICY_SUFFIXES = (
    "三年行动计划", "行动计划", "五年行动", "三年行动", "专项行动", "行动", "专项斗争", "专项整治活动",
    "活动", "发展战略", "战略", "制度改革", "体制改革", "机构改革", "改革", "保卫战", "攻坚战", "攻坚",
    "规划", "计划", "工程", "运动", "管理办法", "实施方案", "若干措施",
)
INDUSTRY_SUFFIXES = ("产业", "经济", "业")

# What may follow a quoted slogan and still belong to its name
# (“放管服”改革, “万人助万企”活动, “1336”发展战略, “四主四市”工作思路).
QUOTE_TAILS = (
    "改革", "行动", "活动", "工作", "任务", "目标", "战略", "思路", "布局", "格局", "规划", "计划",
    "工程", "机制", "模式", "方针", "专项斗争", "治理", "体系", "理念", "精神", "工作法", "支出",
    "奋斗目标", "产业布局", "攻坚战", "行动计划", "三年行动", "示范区", "创建", "建设",
)
# Heads after a quote that make it a project or company rather than a slogan.
QUOTE_PROJECT_TAILS = ("APP", "平台", "监控平台", "小程序", "工场", "空间", "基地", "中心", "园")

# Relative organs: 区委 区政府 县人大 市政协 ... The level character comes first.
REL_LEVELS = "省市州盟县区旗镇乡"  # 盟委 / 旗政府: Inner Mongolia's leagues and banners
REL_ORGANS = (
    "人大常委会", "人民政府", "人武部", "政协", "人大", "政府", "纪委", "监委", "委",
)

# Words that are never (part of the start of) a name: scope words, pronouns,
# generic modifiers and the verbs reports put before names.
SCOPE_WORDS = frozenset({
    "全区", "全市", "全省", "全国", "全县", "全州", "全镇", "全乡", "城区", "我区", "我市", "我县", "各区",
    "本区", "本市", "辖区", "城乡", "山区", "市区", "县区", "区县", "镇村", "乡镇", "街道", "社区", "农村",
    "城市", "老城区", "新城区", "主城区", "片区", "园区", "景区", "村", "镇", "乡", "区", "市",
    "县", "省", "全村", "各村", "行政村", "新区", "开发区", "高新区", "当地", "本地", "各地", "地区",
})
GENERIC_STEMS = frozenset({
    "重点", "重大", "一批", "新建", "续建", "在建", "签约", "开工", "竣工", "投产", "产业", "招商", "民生",
    "基础设施", "基础设施建设", "政府投资", "专项债券", "亿元以上", "省级", "市级", "国家级", "县级",
    "区级", "示范", "配套", "相关", "各类", "各项", "有关", "上级", "其他", "主导", "特色", "优势",
    "新兴", "传统", "支柱", "龙头", "骨干", "中小", "重要", "主要", "安置", "老旧", "棚户区", "保障性",
    "公共", "基础", "公益", "综合", "工业", "农业", "服务", "建设",
    "改造", "提升", "升级", "整治", "这", "该", "此", "各", "本", "每", "全", "新", "老", "大", "小",
    "二期", "一期", "三期", "首批", "第一批", "全面", "深入", "持续", "加快", "积极", "大力", "扎实",
    "两岸", "沿线", "周边", "重点项目", "企业", "项目", "工程", "产业园", "园", "基地", "中心",
})
# Verbs and function words a left extension must stop at even when HanLP tags them as nouns.
STOP_WORDS = frozenset({
    "建设", "推进", "实施", "打造", "加快", "启动", "开工", "完成", "实现", "新建", "改建", "扩建",
    "谋划", "争取", "引进", "引导", "支持", "推动", "落实", "开展", "组织", "依托", "围绕", "加强",
    "强化", "深化", "做好", "抓好", "发展", "培育", "壮大", "提升", "全力", "聚焦", "坚持", "成功",
    "获批", "获评", "创建", "入选", "荣获", "成为", "形成", "构建", "健全", "完善", "优化", "规划",
    "投资", "招商", "签约", "对接", "服务", "保障", "配合", "参与", "参加", "举办", "承办", "召开",
    "以及", "及其", "其中", "包括", "同时", "通过", "利用", "按照", "根据", "进一步", "继续", "积极",
    "大力", "全面", "深入", "持续", "不断", "扎实", "稳步", "有序", "高标准", "高质量", "年度",
    "年", "月", "日", "今年", "去年", "明年", "全年", "当年", "上年", "年底", "年初", "一年来", "以来",
    "这一年", "五年来", "过去", "未来", "期间", "目前", "已", "已经", "正在", "将", "要", "和", "与",
    "及", "或", "等", "的", "了", "在", "对", "向", "把", "被", "从", "为", "以", "于", "由", "是",
    "有", "个", "家", "户", "座", "条", "所", "处", "批", "项", "我们", "我", "他们", "其", "之",
    "代表", "赴", "抓", "建", "促", "推", "让", "使", "到", "新增", "累计", "实际", "预计",
    "全国", "全省", "全市", "首个", "首批", "最大", "更", "再", "又", "也", "都", "还", "就", "并",
})
# HanLP cuts names it does not know into one-character fragments tagged as
# verbs, adjectives or localisers (筑/v 友/ng 智造, 雅/ag 迪/nz 电动车): a single
# character with these natures may sit inside a name.
FRAGMENT_NATURES = frozenset({"v", "vg", "vi", "a", "ag", "d", "dg", "f", "b", "qv", "q"})
# Words ending in 局 that are not bureaus.
NOT_BUREAU = ("格局", "变局", "开局", "新局", "大局", "布局", "全局", "结局", "时局", "好局", "胜局", "定局",
              "当局", "残局", "棋局", "破局")
# Stems that make a 城/园 name an honour title, not a place: 国家园林城, 双拥模范城.
HONOUR_STEMS = ("模范", "园林", "文明", "卫生", "名", "示范", "森林", "生态")
# Natures (HanLP) that may be part of a name's stem.
NAME_NATURES = frozenset({
    "n", "ns", "nr", "nr1", "nr2", "nrj", "nrf", "nsf", "nt", "ntc", "ntcf", "ntcb", "ntch", "nto", "ntu",
    "nts", "nth", "nz", "nx", "nis", "nf", "ng", "nl", "nm", "nmc", "nb", "nba", "nbc", "nbp", "nhd",
    "nhm", "nit", "nn", "nnd", "gi", "gm", "gb", "gc", "gg", "gp", "j", "vn", "b", "an", "x",
    "g", "gbc", "s",
})
# Natures that by themselves make a stem proper (a named thing rather than a description).
PROPER_NATURES = frozenset({
    "ns", "nr", "nr1", "nr2", "nrj", "nrf", "nsf", "nt", "ntc", "ntcf", "ntcb", "ntch", "nto", "ntu",
    "nts", "nth", "nz", "nx", "j", "x",
})
PERSON_TITLES = (
    "代区长", "代县长", "代市长", "代州长", "代省长", "区长", "县长", "市长", "州长", "省长", "书记", "主任",
    "局长", "主席", "旗长",
)
# Contexts that make an enumerated name an investor (company): 引进XX, 与XX合作 ...
COMPANY_CONTEXT_BEFORE = ("引进", "与", "携手", "签约", "落户", "入驻", "牵手", "联合")
COMPANY_CONTEXT_AFTER = ("落户", "入驻", "投资", "签约", "投产", "合作", "破产", "重组", "重整", "等企业",
                         "等龙头企业")
# Words ending in 业 that are not sectors (企业 is a firm, 就业 a job).
NOT_SECTOR = ("企业", "就业", "事业", "创业", "各业", "行业", "作业", "毕业", "营业", "专业", "失业", "学业",
              "物业", "产业")
# Modifiers that make an institution name a class (民办学校, 社区服务中心, 乡镇卫生院), not one body.
GENERIC_INSTITUTION_PREFIXES = (
    "民办", "公办", "私立", "公立", "社区", "村级", "乡镇", "基层", "农村", "乡村", "城乡", "各级", "各类",
    "中小", "定点", "相关", "其他", "职业", "普通", "村",
)
# Verbs that make a noun phrase a slogan (大商贸促进大物流), whatever HanLP tags it.
SLOGAN_VERBS = ("促进", "带动", "推动", "引领", "助推", "赋能")
# Function characters a segmenter may glue to the front of a name (和周口大道, 赴长三角).
LEADING_FUNCTION_CHARS = "和与及赴在向对把被从为以于由是的了等"

# Words that make an item of a project list a construction (华山2万千瓦风电, 某某生产线扩建): without
# one, an item of "引进A、B等一批项目" is the investor's name, a Company (GUIDELINES convention 8).
PROJECT_WORDS = (
    "风电", "光伏", "储能", "电站", "发电", "生产线", "厂房", "改造", "扩建", "新建", "建设", "迁建",
    "路", "桥", "管网", "管廊", "隧道", "高速", "铁路", "机场", "码头", "港", "线", "园", "城", "中心",
    "基地", "工程", "项目", "小区", "学校", "医院", "馆", "厂", "库", "站", "场", "街", "区", "谷", "村",
    "综合体", "枢纽", "平台", "楼", "苑", "府", "湾", "岛", "湖", "河", "渠", "坝",
)
# Verbs after which a bare proper name is an investor (引进某某, 携手某某, 签约某某).
INVESTOR_VERBS = ("引进", "引入", "落地", "签约", "携手", "牵手", "招引")
