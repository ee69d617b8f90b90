"""Cue words for reading investment-promotion news, in one place.

Lists are ordered longest first where they feed a regex alternation, so that
``总投资`` wins over ``投资``. They describe how the genre writes, not any
particular article: add a word here when a new article shows a new phrasing.
"""

from __future__ import annotations

import re

from ..schema import Stage

# Word lists stay packed, a line per theme, for reading; the formatter would put one word per line.
# fmt: off

# --------------------------------------------------------------------------- money context

# Words that, just before a bare number (no 元), say the number is money:
# ``投资金额超百亿``. Both deal and non-deal words belong here.
MONEY_CONTEXT = (
    "投资", "金额", "总额", "资金", "合同额", "签约额", "额度", "融资", "贷款", "授信", "收入",
    "营收", "产值", "增加值", "销售额", "税收", "利润", "补助", "补贴", "资助", "奖励", "注册资本",
    "规模", "估值", "市值", "生产总值", "GDP", "出资", "募资", "募集", "成交额", "交易额", "出口额",
    "拨付", "兑现", "预算",
)

# The money is not an investment in a project when the nearest cue before it
# (or the noun it modifies, ``1亿元的授信额度``) is one of these.
NOT_DEAL = (
    # credit and banking
    "贷款", "授信", "信贷", "担保", "融资额度", "额度", "放贷", "存款", "余额", "资金合作计划", "融资",
    # public money handed out
    "补助", "补贴", "资助", "奖励", "扶持资金", "专项资金", "奖补", "兑现", "拨付", "纾困",
    # fiscal and macro statistics
    "财政收入", "一般公共预算", "税收", "纳税", "生产总值", "GDP", "增加值", "产值", "营业收入",
    "主营业务收入", "营收", "销售额", "销售收入", "收入", "产量", "利润", "出口", "进口",
    "进出口", "交易额", "成交额", "消费", "市值", "估值", "工资", "社会消费品", "固定资产投资", "利税",
    "年产值", "总产值", "营业额", "研发投入", "研发经费",
    # company and fund capital: a registration, not a project
    "注册资本", "注册", "基金", "募资", "募集",
)

# Cues that make the money an investment (what a project costs or a deal is worth).
INVESTMENT = (
    "计划总投资", "项目总投资", "总投资额", "总投资", "投资总额", "投资金额", "投资额", "合同额",
    "合同金额", "签约额", "签约金额", "协议投资", "意向投资", "计划投资", "拟投资", "投资", "投入",
    "建设资金", "出资", "斥资", "增资", "扩产",
)

# Words that turn a sum into a total over many projects.
TOTAL = (
    "合计", "累计", "共计", "总计", "总共", "共有", "共",
    "总金额", "签约总额", "协议总额", "合同总额", "总签约额",
)

# Measures of aggregates, checked in this order.
# Actually used foreign capital has arrived, so it is funds in place; contracted is a promise.
FUNDS_IN_PLACE = ("到位资金", "资金到位", "实际到位", "到位", "实际使用外资", "实际利用外资", "实到外资")
FOREIGN_CAPITAL = ("合同外资", "协议外资", "合同利用外资")

# Credit, loan and guarantee agreements: 签订授信协议 / 贷款合同 / 担保协议 is a bank lending, not a
# deal, so a stage word inside one is no event of a project.
CREDIT = ("授信", "贷款", "信贷", "担保", "融资", "银企合作", "银企")

# Words that make a total a target or a plan, not a reported figure:
# 年度计划投资620亿元, 力争全年实际使用外资7.8亿美元以上.
PLAN_TARGET = (
    "年度计划", "计划实施", "计划完成", "计划新开工", "计划新签约", "力争", "争取", "目标", "确保全年",
    "预计全年", "谋划", "推出", "对外发布", "招商项目",
)

# Adverbs that make a sum a generalisation, not a reported figure.
GENERIC = ("动辄", "普遍", "一般", "往往", "平均", "每个", "每家", "人均")

# --------------------------------------------------------------------------- stages

# Stage verbs. The cue nearest the project wins (see ``rules_cues.stage_near``).
# "other" cues are events that make a named project a deal without saying its
# stage: it is being pushed on, or a ceremony launched it.
STAGE_CUES: dict[Stage, tuple[str, ...]] = {
    "intent": ("意向落地", "意向投资", "达成合作意向", "合作意向", "意向", "拟", "洽谈", "在谈", "有意"),
    "signed": ("签约", "签订", "签署", "签下", "协议", "备忘录", "框架协议"),
    "landed": ("落地", "落户", "入驻", "引进", "进驻", "注册落户", "揭牌成立", "揭牌", "招引", "引入"),
    "started": ("开工", "动工", "开建", "奠基", "启动", "开始建设", "破土"),
    "operating": (
        "投产", "竣工", "完工", "运营", "投入使用", "建成", "投用", "开业", "达产", "通线", "试生产",
        "实现生产",
    ),
    "other": (
        "持续推进", "顺利推进", "有序推进", "稳步推进", "正在推进", "加速推进", "启动仪式", "正在建设",
        "进行投资", "加紧建设",
    ),
}
# A stage verb after these, with at most a time between, is a plan, not an event
# (计划开工, 计划于2024年动工, 预计2025年6月建成投产).
FUTURE_NEAR = ("将于", "计划", "预计", "预期", "准备", "打算", "拟于", "拟", "即将")
# ... and anywhere earlier in its clause these make it a plan or a wish (将…落地, 希望…落地).
FUTURE_CLAUSE = ("将", "希望", "争取", "力争", "有望", "确保", "尽快", "加快推进", "下一步", "想")

# --------------------------------------------------------------------------- names

# How project names end (longest first).
PROJECT_SUFFIX = (
    "产业示范基地", "示范基地", "产业基地", "生产基地", "研发基地", "产业园区", "产业园", "科技园",
    "创新中心", "研发中心", "运营中心", "结算中心", "数据中心", "中心", "总部", "工厂", "基地",
    "研究院", "工作站", "实验室", "综合体", "项目", "产业城", "小镇", "博物馆", "乐园", "医院",
    "生产线", "产线",
)
# Names made only of these words are categories, not names (``重大项目``).
GENERIC_NAME_WORDS = (
    "重大", "重点", "签约", "产业", "合作", "一批", "相关", "优质", "招商", "这些", "该", "此", "本",
    "投资", "建设", "在谈", "储备", "意向", "新兴", "功能性", "服务业", "新开工", "开工", "续建",
    "新建", "在建", "大", "好", "新", "头部", "龙头", "配套", "高科技", "科技研发类", "研发类", "类",
    "其他", "各类", "多个", "两个", "首个", "单个", "等", "上述", "前述", "主导", "集中", "省级",
    "市级", "国家级", "国家", "示范", "产业化", "工业", "制造业", "实体", "科技", "研发", "运营",
    "数字化", "智能化", "智能", "绿色", "区域", "全国", "西南", "华南", "华东", "华北", "西北", "东北",
    "华中", "企业", "高新技术", "技术", "城市更新", "更新", "发展", "产学研", "创新", "创业", "双创",
    "文化", "平台", "载体", "赋能", "业务", "链主", "补链", "强链", "延链", "关键", "领军", "行业",
    "优秀", "重要", "大型", "中小", "特色", "现代", "先进", "公共", "基础设施", "民生", "社会", "百亿级",
    "亿元", "以上", "级", "总部", "分部", "子公司", "分公司", "全县", "全市", "全区", "全省", "我市",
    "我区", "我县", "本市", "本区", "各地", "此次", "本次", "这批", "央企", "国企", "民企", "外资",
    "经贸", "试点", "市政", "影响力", "原材料",
)
# Words that make a name a class of projects wherever they sit in it (招商引资十佳项目,
# 四周年重点产业项目, 合同项目): a project name names one project.
CLASS_MARKERS = (
    "重点", "重大", "十佳", "招商引资", "固投", "供地", "全部", "所有", "新签约", "签约", "新开工", "续建",
    "在建", "储备", "高质量发展", "合同", "招商", "批次", "一批", "亿元以上", "百亿级", "十亿级",
)
# An organisation's name never starts with these (当地智慧家居, 开发风电, 新兴产业…).
NOT_ORG_START = (
    "当地", "本地", "外地", "各地", "开发", "发展", "建设", "推动", "推进", "围绕", "引进", "打造", "新兴",
    "相关", "有关", "部分", "多家", "一批", "其他", "主要", "全省", "全市", "全县", "全区", "我市", "我区",
    "我县", "国内外", "海内外", "国内", "国外", "境内外", "上下游", "龙头", "头部", "优质", "重点", "一些",
)
# Verbs that names contain (创新中心, 提质改造项目, 示范基地): walking back over a
# name does not stop at them.
NAME_VERBS = (
    "创新", "联", "改造", "提质", "示范", "研发", "制造", "生产", "加工", "孵化", "检测", "展示",
    "交易", "结算", "配送", "转化", "培训", "设计", "研究", "开发", "控股", "创意", "智造", "融合", "合成",
    "共享", "体验", "运营", "应用", "集成", "封装", "测试", "维修", "装配", "振兴", "治理", "养老",
    "康复", "种植", "养殖", "回收", "利用", "跳动", "储能", "直播", "计算", "扩建", "技改", "改扩建",
    "迁建", "提升", "升级", "整治", "开发区", "扩能", "扩产", "再生", "再制造", "循环",
)
# How organisation names end (longest first).
ORG_SUFFIX = (
    "股份有限公司", "集团有限公司", "有限责任公司", "有限公司", "控股集团", "集团", "公司", "股份",
    "株式会社",
)
# How firm names without a legal suffix end (云潼科技, 埃克斯工业, 宁德时代新能源).
FIRM_END = (
    "科技", "集团", "公司", "股份", "工业", "智能", "电子", "汽车", "医药", "药业", "能源", "材料", "信息",
    "数据", "通信", "控股", "实业", "资本", "生物", "光电", "半导体", "机器人", "网络", "软件", "重工",
    "机械", "制造", "化学", "环保", "新材", "微电子", "动力", "电气", "精密",
)
# Words that end a firm's short name at the start of a project's name, and rarely anything
# else: 迈为科技泛半导体装备项目 (迈为科技), 恒颢光电…项目 (not 汽车, 新能源, 材料: products too).
FIRM_NAME_END = ("科技", "集团", "股份", "控股", "药业", "光电", "电子", "重工", "实业", "生物")
# Organisations that are never investors here: the government side.
NOT_INVESTOR = ("管委会", "政府", "委员会", "局", "办公室", "办事处", "两家公司", "相关公司", "该公司")

# --------------------------------------------------------------------------- industries

# keyword → label; the first keyword found (in this order) names the industry.
INDUSTRY: tuple[tuple[str, str], ...] = (
    ("智能网联", "智能网联汽车"),
    ("新能源汽车", "新能源汽车"),
    ("人工智能", "人工智能"),
    ("集成电路", "集成电路"),
    ("半导体", "半导体"),
    ("芯片", "集成电路"),
    ("信创", "信息技术应用创新"),
    ("大数据", "大数据"),
    ("云计算", "云计算"),
    ("数据中心", "大数据"),
    ("软件", "软件和信息服务"),
    ("电子信息", "电子信息"),
    ("数字经济", "数字经济"),
    ("数字产业", "数字经济"),
    ("生物医药", "生物医药"),
    ("医药", "生物医药"),
    ("疫苗", "生物医药"),
    ("医疗器械", "医疗器械"),
    ("大健康", "大健康"),
    ("新材料", "新材料"),
    ("储能", "新能源"),
    ("锂电", "新能源"),
    ("电池", "新能源"),
    ("光伏", "新能源"),
    ("氢能", "新能源"),
    ("新能源", "新能源"),
    ("智能制造", "智能制造"),
    ("装备", "高端装备"),
    ("机器人", "机器人"),
    ("航空航天", "航空航天"),
    ("文化创意", "文化创意"),
    ("文创", "文化创意"),
    ("文旅", "文化旅游"),
    ("旅游", "文化旅游"),
    ("物流", "现代物流"),
    ("电商", "电子商务"),
    ("食品", "食品"),
    ("化工", "化工"),
    ("汽车", "汽车"),
)

# --------------------------------------------------------------------------- places

# Suffixes that make a place word a zone (longest first).
ZONE_SUFFIX = (
    "高新技术产业开发区", "高新技术产业园区", "经济技术开发区", "经济开发区", "自由贸易试验区",
    "综合保税区", "工业园区", "产业园区", "高新区", "经开区", "开发区", "自贸区", "保税区", "科学城",
    "科技城", "航空港区", "新区", "新城", "示范区", "片区", "园区", "街道", "镇", "乡",
)
# The national-level new areas, which jionlp's administrative table lacks.
NEW_AREAS: dict[str, tuple[str, str]] = {
    "两江新区": ("重庆市", "重庆市"),
    "雄安新区": ("河北省", "保定市"),
    "天府新区": ("四川省", "成都市"),
    "西咸新区": ("陕西省", "西安市"),
    "贵安新区": ("贵州省", "贵阳市"),
    "南沙新区": ("广东省", "广州市"),
    "兰州新区": ("甘肃省", "兰州市"),
    "金普新区": ("辽宁省", "大连市"),
    "湘江新区": ("湖南省", "长沙市"),
    "江北新区": ("江苏省", "南京市"),
    "福州新区": ("福建省", "福州市"),
    "滇中新区": ("云南省", "昆明市"),
    "哈尔滨新区": ("黑龙江省", "哈尔滨市"),
    "长春新区": ("吉林省", "长春市"),
    "赣江新区": ("江西省", "南昌市"),
    "西海岸新区": ("山东省", "青岛市"),
    "舟山群岛新区": ("浙江省", "舟山市"),
    "滨海新区": ("天津市", "天津市"),
    "浦东新区": ("上海市", "上海市"),
}

# fmt: on


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``words``, longest first so the longer word wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
