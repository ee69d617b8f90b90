"""Rules for source styles first met in evals/dev14 (a published investment contract, a
prospectus copied from a PDF, a bureau's e-mail, a host's script at a signing ceremony, a
meeting's machine transcript): sentences of our own; each test fails without its rule."""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.qa.deals import answer_from_deals
from extractor.qa.parse import parse_deal_query
from extractor.qa.values import _typed, typed_values
from extractor.schema import NOT_FOUND
from extractor.text.amounts import find_money
from extractor.text.names import firm_prefix
from extractor.text.paragraphs import split_paragraphs
from tests.extraction_helpers import amount_of as _amount
from tests.extraction_helpers import deals_of as _deals
from tests.extraction_helpers import totals_of as _totals
from tests.test_qa_subjects import _answer

_CONTRACT = (
    "甲方：临川县人民政府\n乙方：浙江明禾食品股份有限公司\n\n第一条　项目概况\n"
    "1.项目名称：年产5万吨冻干果蔬加工项目（以下简称“本项目”）。\n"
    "2.建设地点：临川县工业园区食品产业园。\n"
    "3.建设内容：建设冻干车间、冷链仓储中心及配套设施。\n"
    "4.投资规模：项目总投资4.2亿元，其中固定资产投资不低于3亿元。\n"
)


def test_a_contracts_numbered_fields_and_its_firm_party() -> None:
    (deal,) = _deals(_CONTRACT)
    assert (deal.project, deal.investors, _amount(deal)) == (
        "年产5万吨冻干果蔬加工项目",
        ["浙江明禾食品股份有限公司"],  # the firm among the parties: the government is none
        "4.2亿元",
    )
    assert deal.location is not None and deal.location.text == "临川县工业园区食品产业园"


def test_two_firms_among_the_parties_give_no_investor() -> None:
    text = _CONTRACT.replace("甲方：临川县人民政府", "甲方：江西临川城投有限公司")
    (deal,) = _deals(text)
    assert deal.investors == []


def test_a_part_of_a_total_is_no_deal_of_its_own() -> None:
    text = (
        "宏达精工有限公司投资建设年产500万只精密轴承项目，项目总投资4.63亿元，"
        "其中建设投资3.98亿元，铺底流动资金0.65亿元。"
    )
    assert [(d.project, _amount(d)) for d in _deals(text)] == [("年产500万只精密轴承项目", "4.63亿元")]


def test_the_company_after_a_park_is_no_firm_name() -> None:
    text = "本项目实施地点位于宜宾临港经开区公司现有厂区西侧，年产500万只精密轴承扩产项目总投资4.63亿元。"
    (deal,) = _deals(text)
    assert deal.investors == []  # not 开区公司
    # a firm named with its zone and more after it stays
    (deal,) = _deals("临港经开区建设投资公司投资5亿元建设冷链物流园项目。")
    assert deal.investors and deal.investors[0].endswith("建设投资公司")


def test_a_name_may_open_with_super() -> None:
    (deal,) = _deals("宏远公司拟在江油经济开发区投资建设超导材料产业园项目，计划总投资不超过15亿元。")
    assert deal.project == "超导材料产业园项目"
    assert firm_prefix("超硬材料研发中心建设项目") is None  # a material, no brand
    # 超 before a number is still the hedge
    (deal,) = _deals("鑫达公司投资超10亿元建设石英砂项目。")
    assert _amount(deal) == "超10亿元"


def test_a_numbered_heading_in_brackets_starts_a_paragraph() -> None:
    # a document's indented body, whose unindented lines go on with the line before: not a （一）
    text = (
        "\u3000\u3000本项目由公司实施，主要产品为聚晶金刚石复合片，产品用于石油钻探。\n"
        "\u3000\u3000公司本次募集资金将投资于以下项目，按轻重缓急顺序实施。\n"
        "二、募集资金投资项目具体情况\n（一）年产1200万片聚晶金刚石复合片扩产项目\n"
    )
    last = split_paragraphs(text)[-1]
    assert text[last.start : last.end] == "（一）年产1200万片聚晶金刚石复合片扩产项目"


def test_one_projects_money_in_place_is_no_total() -> None:
    assert _totals("镇平县报表中将该项目1—9月到位资金2.3亿元误填为项目总投资。") == []
    (total,) = _totals("1—9月，镇平县招商引资到位资金23.5亿元。")
    assert total.measure == "funds_in_place"


def test_spoken_counts_and_spoken_money() -> None:
    (total,) = _totals("今天签约的项目一共是18个，总投资126.8亿元。")
    assert (total.count, _amount(total)) == (18, "126.8亿元")
    (total,) = _totals("一季度，全市新签约亿元以上项目是52个，协议投资额386.7亿元。")
    assert total.count == 52
    assert _totals("这个项目是5个亿的投资。") == []  # 是5个亿 is money, no count


def test_a_spoken_range_of_yi() -> None:
    (m,) = find_money("总投资大概是三到四个亿")
    assert (m.text, m.money.value, m.money.max_value, m.money.kind) == ("三到四个亿", 3e8, 4e8, "range")


def test_a_figure_said_to_be_the_earlier_one_is_no_record() -> None:
    text = "重点是鄂西新材料的年产3万吨碳化硅项目，前期我们报的是9个亿，"
    text += "后来对方调整了方案，现在是7.5亿，协议是4月8号签的。"
    assert _deals(text) == [] and _totals(text) == []
    # an earlier figure with nothing said after it stays
    (deal,) = _deals("宏达公司投资8亿元建设年产5万吨光伏支架项目，目前已开工。")
    assert _amount(deal) == "8亿元"


def test_a_process_word_inside_a_name_and_a_spoken_signing() -> None:
    (deal,) = _deals("第四组，隆回县和花瑶生物科技有限公司，签的是金银花绿原酸提取项目，投资额六千五百万元。")
    assert (deal.project, deal.stage) == ("金银花绿原酸提取项目", "signed")


def test_a_whole_citys_total_is_not_labelled_with_a_county() -> None:
    text = "一季度，全市新签约亿元以上项目是48个，协议投资额301.2亿元。"
    text += "茅箭区一季度签约项目7个，协议投资是36.5亿。"
    city, county = _totals(text)
    assert city.scope == "一季度"  # no city named: no place rather than 茅箭区
    assert county.scope == "一季度 茅箭区"
    city, _ = _totals("十堰市招商调度会。" + text)
    assert city.scope == "一季度 十堰市"


@pytest.mark.parametrize(
    ("sentence", "question", "values"),
    [
        ("总投资是——我看一下——8个亿。", "当天签了多少个项目？", []),  # spoken money, no count
        ("在这里我也跟大家报告一个好消息：资江玻璃项目已投产。", "当天签了多少个项目？", []),
        ("今天签约的项目一共是18个，总投资126.8亿元。", "当天签了多少个项目？", ["18个"]),
        ("30家来自金融、生物等行业的优质企业集中签约。", "有多少家企业签约？", ["30家"]),
    ],
)
def test_a_count_counts_what_is_asked(sentence: str, question: str, values: list[str]) -> None:
    assert [v for v, _ in typed_values("count", sentence, [], question=question)] == values
    assert [v for v, _ in _typed("count", "项目一共是18个")] == ["18个"]


def test_a_place_the_sentence_denies_is_no_answer() -> None:
    sentence = "这个项目是落户道县，不是宁远县，我念错了。"
    assert [v for v, _ in typed_values("place", sentence, [], question="项目落在哪个县？")] == ["道县"]


def test_a_districts_figure_does_not_answer_for_its_city() -> None:
    text = "十堰市招商调度会\n\n茅箭区一季度签约项目7个，协议投资是36.5亿。"
    assert _answer(text, "十堰一季度签了多少个项目？") == NOT_FOUND
    assert _answer(text, "茅箭区一季度签了多少个项目？").startswith("7个")
    # a district named in another clause, or with a firm that invests there, is no such figure
    text = "十堰市观摩活动\n\n观摩团先后深入茅箭区、张湾区，实地观摩了18个重点项目，总投资86.3亿元。"
    assert _answer(text, "十堰市这次观摩了多少个项目？").startswith("18个")
    text = "十堰市外资简讯\n\n2024年3月，茅箭区与北岭冷链设备公司签订增资协议，企业追加投资1200万美元。"
    assert _answer(text, "北岭冷链设备公司在十堰追加投资多少？").startswith("1200万美元")


def test_one_firms_projects_are_not_the_events_total() -> None:
    text = (
        "第一组，宁远县和鼎盛陶瓷科技有限公司，签约高端日用陶瓷项目，总投资6亿元。"
        "第二组，道县和鼎盛陶瓷科技有限公司，签约陶瓷釉料项目，总投资2亿元。"
        "今天签约的项目一共是12个，总投资86.5亿元。"
    )
    result = extract(text, backend="rules")

    def over_records(question: str) -> str:
        q = parse_deal_query(question)
        got = answer_from_deals(question, q, result.deals, result.aggregates, lambda *_: text)
        return got.answer if got else ""

    assert "12个" not in over_records("鼎盛陶瓷签了几个项目？")
    assert "12个" in over_records("今天一共签了多少个项目？")


def test_a_count_of_one_firms_projects_is_said_where_the_firm_is() -> None:
    text = (
        "邵阳新材料推介会\n\n第一组，邵阳经开区和湘铧新材料科技有限公司，签约年产2亿米电子布项目，总投资约32亿元。\n\n"
        "今年1—8月，全市新签约项目156个，总投资932.4亿元。"
    )
    assert "156" not in _answer(text, "湘铧新材料这次跟邵阳签了几个项目？")
    assert _answer(text, "今年1—8月全市新签约了多少个项目？").startswith("156个")


def test_a_firm_called_up_in_the_sentence_before_signs_the_project() -> None:
    text = "第一组，有请永州经开区和湘源新材料科技有限公司的代表上台。"
    text += "签约项目是年产1亿米玻纤布项目，总投资约22亿元。"
    (deal,) = _deals(text)
    assert deal.investors == ["湘源新材料科技有限公司"]
    # a sentence before that is about a project of its own gives its firm to none after it
    text = "湘源新材料科技有限公司年产5万吨玻纤纱项目已投产。年产1亿米玻纤布项目总投资约22亿元，今年签约。"
    assert [d.investors for d in _deals(text) if d.project == "年产1亿米玻纤布项目"] == [[]]


def test_the_writers_own_body_is_no_project() -> None:
    sentence = "补入后，全市亿元以上新开工项目应为97个，与我中心台账一致。"
    assert typed_values("project", sentence, [], question="差在哪个项目？") == []
    found = typed_values("project", "同仁堂健康产业园项目落户高新区。", [], question="什么项目？")
    assert [v for v, _ in found] == ["同仁堂健康产业园项目"]


def test_a_place_taken_back_in_the_next_sentence_is_no_answer() -> None:
    text = (
        "宁远推介会实录\n\n第二组，有请宁远县和鼎盛陶瓷科技有限公司，签约的是高端日用陶瓷项目，总投资是6个亿。"
        "哦，不好意思，这个项目是落户道县，不是宁远县，我念错了。"
    )
    assert not _answer(text, "鼎盛陶瓷的高端日用陶瓷项目落在哪个县？").startswith("宁远县")


_FILINGS = (
    "晋中市2024年第3批企业投资项目备案信息公示如下：\n"
    "序号\t项目代码\t项目名称\t项目单位\t建设地点\t总投资（万元）\t备案类型\t备注\n"
    "1\t2403-140721-89-01-311111\t年产5万吨精密铸件项目\t山西晋铸重工有限公司\t榆次区\t86,000\t新建\t签约项目\n"
    "2\t2403-140702-89-02-312222\t小米全谷物食品技改项目\t晋中禾丰食品有限公司\t太谷区\t6500\t技改\t\n"
    "3\t2403-140700-89-01-313333\t屋顶分布式光伏发电项目\t晋中某新能源有限公司\t晋中经济开发区\t—\t撤销\t"
    "项目单位申请撤销备案（原备案总投资5,200万元）\n"
)


def test_a_filing_notices_table_by_its_columns() -> None:
    deals = _deals(_FILINGS)
    assert [(d.project, d.investors) for d in deals] == [
        ("年产5万吨精密铸件项目", ["山西晋铸重工有限公司"]),  # 项目单位 is the investor's column
        ("小米全谷物食品技改项目", ["晋中禾丰食品有限公司"]),  # its empty last cell left out
    ]  # the filing 撤销 is no deal, nor is its old total in the note
    # 86,000 and 6500 in the column 总投资（万元）: the header's unit, read from the text by the verifier
    assert [(d.amount.text, d.amount.cny) for d in deals if d.amount] == [("86,000", 8.6e8), ("6500", 6.5e7)]


def test_an_average_a_reference_entry_and_retail_sales_are_no_records() -> None:
    text = "2023年平均每个签约项目的协议投资额仅为4.2亿元左右[12]。"
    assert _deals(text) == [] and _totals(text) == []
    assert _deals("[17]开鲁县融媒体中心.蒙源乳业年产10万吨奶粉项目正式投产[N].2022-10-28.") == []
    text = "当地与多家电商平台签订战略合作协议，搭建“山货进城”直播基地，全年农产品网络零售额突破4亿元。"
    assert _deals(text) == []


def test_a_figure_changed_since_is_no_answer_but_when_asked() -> None:
    row = "5\t农产品冷链集配中心项目\t忻州晋北供应链管理有限公司\t忻府区\t36,800\t变更\t"
    row += "总投资由28,000万元调整为36,800万元"
    now = typed_values("amount", row, [], question="冷链集配中心那个项目总投资现在是多少？")
    assert [v for v, _ in now] == ["36,800万元"]
    before = typed_values("amount", row, [], question="冷链集配中心项目原来备案的总投资是多少？")
    assert [v for v, _ in before][:1] == ["28,000万元"]


def test_an_unnamed_countys_figure_does_not_answer_for_the_city() -> None:
    text = "赤峰市招商引资研究\n\n据笔者访谈，该旗县2022年签约的12个项目中，截至2023年底仅有5个开工建设。"
    assert _answer(text, "赤峰2022年签约了多少项目？") == NOT_FOUND


# The review's counter-sentences: each rule above left alone where it must not act.


def test_a_firm_met_or_speaking_the_sentence_before_is_no_investor() -> None:
    for text in (
        "会前，县委书记李明会见了华润电力控股有限公司一行。当天共签约年产10万吨饲料加工项目，总投资3亿元。",
        "签约仪式上，比亚迪股份有限公司董事长王传福作为客商代表发言。随后，现场签约了新能源汽车零部件产业园项目，总投资20亿元。",
        "第一组，有请临川县和宏达新材料有限公司代表上台签约。第二组签约项目是年产1万吨包装材料项目，总投资约2亿元。",
    ):
        assert [d.investors for d in _deals(text)] in ([], [[]]), text


def test_a_figure_added_or_progress_after_it_is_no_revision() -> None:
    text = "此前宏达公司已在我县投资5亿元建设一期光伏玻璃项目，现在又追加投资3亿元建设二期项目。"
    assert [_amount(d) for d in _deals(text)] == ["5亿元", "3亿元"]
    text = "宏达公司年产10万吨光伏玻璃项目原计划总投资5亿元，目前已完成投资3.2亿元。"
    assert [_amount(d) for d in _deals(text)] == ["5亿元"]


def test_a_contracts_firm_invests_in_the_contracts_project_only() -> None:
    text = (
        "临川县与浙江明禾食品签订投资协议\n\n甲方：临川县人民政府\n乙方：浙江明禾食品股份有限公司\n"
        "1.项目名称：年产5万吨冻干果蔬加工项目。\n2.投资规模：项目总投资4.2亿元。\n\n"
        "当天，临川县还签约了年产3万吨生物饲料项目，总投资2.5亿元。"
    )
    investors = {d.project: d.investors for d in _deals(text)}
    assert investors["年产5万吨冻干果蔬加工项目"] == ["浙江明禾食品股份有限公司"]
    assert investors.get("年产3万吨生物饲料项目") == []


def test_names_that_open_like_a_pronoun_or_a_denial_that_is_an_idiom() -> None:
    found = typed_values(
        "project", "3月18日，本田汽车零部件产业园项目正式签约，总投资20亿元。", [], question="什么项目？"
    )
    assert [v for v, _ in found] == ["本田汽车零部件产业园项目"]
    sentence = "项目落户邵东市，这已不是邵东市首次引进百亿级项目。"
    assert [v for v, _ in typed_values("place", sentence, [], question="项目落户在哪里？")][:1] == ["邵东市"]


@pytest.mark.parametrize(
    ("sentence", "question", "values"),
    [
        (
            "今年以来，全县新签约12个亿元以上项目，其中工业项目8个。",
            "今年签约了多少个亿元以上项目？",
            ["12个"],
        ),
        ("现场签约项目，共计12个，总投资56亿元。", "签了多少个项目？", ["12个"]),
        ("签约项目：12个。", "签了多少个项目？", ["12个"]),
        ("30家企业集中签约。", "有多少家公司签约？", ["30家"]),
    ],
)
def test_counts_the_noun_rule_must_keep(sentence: str, question: str, values: list[str]) -> None:
    assert [v for v, _ in typed_values("count", sentence, [], question=question)][:1] == values


def test_spoken_is_counts_only_a_count_ending_its_clause() -> None:
    text = "今天签约的项目是三个方面的，总投资86.5亿元，涵盖新能源、新材料和现代物流。"
    assert all(t.count != 3 for t in _totals(text))


def test_smaller_cases_the_rules_leave_alone() -> None:
    (total,) = _totals("据统计，该项目所在的经开区1—9月实际到位资金45亿元。")
    assert _amount(total) == "45亿元"
    (deal,) = _deals("宏达公司按平均每年1亿元的进度投资5亿元建设年产10万吨光伏玻璃项目。")
    assert _amount(deal) == "5亿元"
    (deal,) = _deals("年产5万吨文创产品项目由朱家角古镇公司投资3亿元建设。")
    assert deal.investors == ["朱家角古镇公司"]
    text = "十堰市集中签约\n\n十堰市一季度集中签约活动举行。张湾区主会场集中签约项目39个，总投资120亿元。"
    assert _answer(text, "十堰一季度集中签约了多少个项目？").startswith("39个")
    text = "邵阳推介会\n\n本次推介会上一共签约项目18个，总投资126.8亿元。"
    assert _answer(text, "推介会现场一共签了多少个项目？").startswith("18个")


def test_a_question_asked_in_the_text_states_nothing() -> None:
    text = "阳春招商问答\n\n网友阿锋：阳春那个蚕丝被项目去年底已经开工了吧？我家就在旁边。"
    assert not _answer(text, "阳春那个蚕丝被项目开工了吗？").startswith("已开工")
    text = "阳春招商问答\n\n答主：阳春那个蚕丝被项目去年12月已经开工。"
    assert _answer(text, "阳春那个蚕丝被项目开工了吗？").startswith("已开工")
