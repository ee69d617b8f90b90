"""Hard-wrapped memos, notices' tables read by their header, how far a project got, and what
a back-reference or a yes-or-no question can mean (sentences of our own; each test fails
without its rule)."""

from __future__ import annotations

import pytest

from extractor import ask
from extractor.config import Settings
from extractor.qa.binding import item_subject
from extractor.qa.parse import stage_of
from extractor.qa.passages import _denies, _no_to, _yes_to
from extractor.qa.relevance import section_below, section_heading, site_elsewhere
from extractor.qa.values import typed_values
from extractor.schema import NOT_FOUND
from extractor.text.article import build_article
from extractor.text.places import find_places, short_zone
from tests.extraction_helpers import amount_of as _amount
from tests.extraction_helpers import deals_of as _deals
from tests.extraction_helpers import totals_of as _totals
from tests.qa_fixtures import store_of

# --------------------------------------------------------------------------- text

_MEMO = (
    "2024-06-03 09:00\n"
    "关于重点项目推进情况的会议纪要\n"
    "6月1日，管委会召开项目推进会，听取招商局关于1—5月招商\n"
    "引资工作的汇报。1—5月，开发区新签约项目12个，协议投资额\n"
    "36.5亿元；新开工项目5个，总投资18.2亿元；实际到位资金\n"
    "7.4亿元。会议要求各部门加强要素保障，确保项目早日开工。\n"
)


def test_a_hard_wrapped_memo_is_read_as_whole_sentences() -> None:
    article = build_article(_MEMO, source="memo.txt")
    bodies = [article.text[p.start : p.end] for p in article.paragraphs if p.kind == "body"]
    assert len(bodies) == 1 and bodies[0].startswith("6月1日") and bodies[0].endswith("早日开工。")
    # a decimal opening a line (7.4亿元) is no list item: the sentence cut before it goes on
    found = {(a.count, _amount(a)) for a in _totals(_MEMO)}
    assert {(12, "36.5亿元"), (5, "18.2亿元"), (None, "7.4亿元")} <= found


def test_a_page_of_ordinary_lines_is_not_joined() -> None:
    text = "2024-06-03 09:00\n今年以来，全县签约项目20个，总投资50亿元。\n下一步，我们将继续优化营商环境。\n"
    assert [p.kind for p in build_article(text, source="a.txt").paragraphs].count("body") == 2


def test_zone_names_compare_in_their_short_form() -> None:
    assert short_zone("芜湖经济技术开发区") == short_zone("芜湖经开区") == "芜湖经开区"
    assert short_zone("南昌高新技术产业开发区") == "南昌高新区"


# --------------------------------------------------------------------------- stages


def test_what_a_project_did_after_its_signing_is_how_far_it_got() -> None:
    signed_then_started = _deals("去年12月签约的华锐新材料有限公司负极材料项目总投资26亿元，今年4月开工。")
    assert [d.stage for d in signed_then_started] == ["started"]
    phase_running = _deals("梨园县果蔬深加工产业园项目2020年签约，总投资45亿元，2023年7月一期建成投产。")
    assert [d.stage for d in phase_running] == ["operating"]
    after_signing = _deals(
        "永和县与宏达电机有限公司签订电驱系统项目投资协议，项目总投资25亿元，签约后即于6月开工建设。"
    )
    assert [d.stage for d in after_signing] == ["started"]


def test_a_part_finished_or_nearly_is_not_a_running_project() -> None:
    text = "宏图县冷链物流园项目总投资8.6亿元，去年11月开工建设，目前分拣中心主体工程已完工。"
    assert [d.stage for d in _deals(text)] == ["started"]


def test_an_earlier_event_said_after_never_lowers_the_stage() -> None:
    text = "8月8日，宏图县陶瓷文化产业园项目开工，该项目今年3月签约，总投资约6.5亿元。"
    assert [d.stage for d in _deals(text)] == ["started"]


def test_a_count_of_projects_under_construction_is_started() -> None:
    found = _totals("截至3月底，开发区在建招商项目28个，总投资186.4亿元。")
    assert [(a.count, a.stage) for a in found] == [(28, "started")]
    assert _deals("但在建设初期，资金不足的问题给项目发展带来了阻碍。") == []


# --------------------------------------------------------------------------- tables

_NOTICE = (
    "2024-03-12 15:20\n"
    "关于2023年度招商引资项目奖励资金拟兑现名单的公示\n"
    "序号 | 企业名称 | 项目名称 | 所在县（市、区） | 协议投资额 | "
    "已完成固定资产投资 | 项目状态 | 拟兑现奖励\n"
    "1 | 宏钢不锈钢材料有限公司 | 精密冷轧带材项目 | 藤县 | 150,000万元 | "
    "128,600万元 | 2023年9月建成投产 | 500万元\n"
    "2 | 石韵石材有限公司 | 花岗岩精深加工产业园项目 | 岑溪市 | 32,000万元 | "
    "14,500万元 | 在建（主体厂房已封顶） | 120万元\n"
)


def test_a_notices_table_is_read_by_its_columns() -> None:
    deals = {d.project: d for d in _deals(_NOTICE)}
    assert set(deals) == {"精密冷轧带材项目", "花岗岩精深加工产业园项目"}
    steel, stone = deals["精密冷轧带材项目"], deals["花岗岩精深加工产业园项目"]
    # the agreed sum, never the investment done so far or the reward
    assert (_amount(steel), steel.stage) == ("150,000万元", "operating")
    assert steel.investors == ["宏钢不锈钢材料有限公司"]
    assert (_amount(stone), stone.stage) == ("32,000万元", "started")


def test_a_row_whose_agreement_was_dissolved_is_no_deal() -> None:
    text = (
        "原申报的年产2万吨功能性薄膜项目（协议投资额6,800万元），因企业未按约定开工建设，"
        "双方已于2023年11月解除投资协议。"
    )
    assert _deals(text) == []


# --------------------------------------------------------------------------- what is a deal or a total


def test_a_goal_named_after_its_figures_is_no_total() -> None:
    assert _totals("会议要求，招商局要对照全年新签约项目50个、协议投资额200亿元的目标，倒排工期。") == []


def test_talks_and_a_hosts_plan_for_an_unnamed_firm_are_no_deals() -> None:
    assert _totals("另有3个项目正在洽谈对接中。") == []
    plan = "会议原则同意引进冷链物流港项目。该项目拟由一家央企下属物流公司投资建设，初步估算总投资约15亿元。"
    assert _deals(plan) == []


def test_a_firm_replaced_by_another_leaves_only_the_new_agreement() -> None:
    text = (
        "该项目原由福清闽峰机械制造有限公司于2022年6月签约，原计划总投资18亿元。2024年12月，高新区与"
        "三明恒瑞重工科技有限公司重新签订投资协议，由其承接该项目，总投资调整为20.5亿元。"
    )
    assert [(d.investors, _amount(d)) for d in _deals(text)] == [(["三明恒瑞重工科技有限公司"], "20.5亿元")]


def test_a_firms_earlier_phase_and_its_stock_of_investment_are_not_this_deal() -> None:
    text = (
        "凯斯勒化学有限公司与新区签订高性能树脂添加剂二期项目投资协议，二期投资8000万欧元。"
        "据介绍，该企业一期项目2019年落户新区，2021年建成投产，累计投资约5000万欧元。"
    )
    assert [d.project for d in _deals(text)] == ["高性能树脂添加剂二期项目"]
    assert _totals(text) == []


def test_the_examples_of_a_counted_list_are_deals() -> None:
    text = "红嘴开发区全年新引进板式换热器智能制造项目、汽车座椅骨架项目等项目17个，合计投资29.3亿元。"
    assert {d.project for d in _deals(text)} == {"板式换热器智能制造项目", "汽车座椅骨架项目"}
    assert [(a.count, _amount(a)) for a in _totals(text)] == [(17, "29.3亿元")]


def test_one_project_with_phases_is_no_total_of_projects() -> None:
    text = "开发区2021年签约的光伏电池片项目总投资52亿元，一期工程于5月建成投产。"
    assert _totals(text) == []


def test_a_chamber_of_commerce_is_no_investor() -> None:
    assert _deals("同时，通辽市南安商会与科尔沁区人民政府签订了战略合作协议。") == []


def test_a_county_level_city_opening_a_name_is_its_site() -> None:
    text = "垣曲县、平陆县综合排名靠后。\n（二）河津市高端铝箔项目3月签约，总投资近40亿元。\n"
    (deal,) = _deals(text)
    assert deal.location is not None and deal.location.text == "河津市"


def test_a_place_whose_level_the_segmenter_glued_to_the_next_word_is_found() -> None:
    assert find_places("1.禄丰市钛精深加工项目") == [(2, 5, "禄丰市")]  # jieba: 禄丰 / 市钛
    assert find_places("金华市场") == []
    (deal,) = _deals("部分重点项目如下：1.禄丰市钛精深加工项目，总投资22亿元，建设海绵钛生产线。")
    assert deal.location is not None and deal.location.text == "禄丰市"


def test_specific_projects_to_come_are_no_project() -> None:
    assert _deals("这次签的是框架协议，具体项目的投资协议还要等条件成熟后另行签订。") == []


def test_a_newspapers_name_is_no_place_of_the_story() -> None:
    text = (
        "营口日报讯 营口日报记者 10月23日，鲅鱼圈区外资项目集中签约仪式举行。"
        "港资企业新澜国际控股有限公司投资12亿港元，建设冷链物流产业园项目。营口日报社报道。"
    )
    (deal,) = _deals(text)
    assert deal.location is not None and deal.location.text == "鲅鱼圈区"


# --------------------------------------------------------------------------- questions


def test_the_asked_stage_is_the_one_that_does_not_describe_a_name() -> None:
    assert stage_of("有意落户金积工业园区的光伏玻璃项目签约了吗？") == "signed"
    assert stage_of("去年签约的项目开工了吗？") == "started"
    assert stage_of("签约了吗？") == "signed"


def test_a_measure_ends_the_item_a_question_names() -> None:
    assert item_subject("辽东湾新区电子化学品项目的合同外资是多少？") == "辽东湾新区电子化学品项目"
    assert item_subject("嘉禾县今年一季度招商引资实际到位资金多少?") is None


def test_an_unnamed_firm_is_no_answer_to_who() -> None:
    for window in ("该项目拟由一家央企下属物流公司投资建设。", "该项目拟由一家央\n企下属物流公司投资建设。"):
        assert typed_values("org", window, [], None, "冷链物流港项目的投资方是谁") == []
    assert typed_values("org", "该项目由瑞禾物流有限公司投资建设。", [], None, "谁投资") != []


def test_the_place_a_project_signs_with_or_is_hosted_by_is_its_site() -> None:
    signed = "其中，鑫岳石材有限公司与开鲁县签约年产300万平方米高端岗石板材项目，总投资3.5亿元"
    assert site_elsewhere("鑫岳石材有限公司在科尔沁区的岗石板材项目投资多少？", signed) == "开鲁县"
    compared = "放眼周边，玉溪市去年签约的一个锂电池项目总投资约150亿元，楚雄这次的合作规模也相当可观。"
    assert site_elsewhere("楚雄市总投资约150亿元的锂电池项目什么时候签约的？", compared) == "玉溪市"
    assert site_elsewhere("瑞昌市锂电池隔膜项目在哪签约？", "瑞昌市锂电池隔膜项目在南昌市签约") is None


_BANK = (
    "2024-08-21 16:05\n"
    "融信银行分行动态\n"
    "今年以来，该行把服务招商引资项目作为头号工程。此外，该行还为盐池县的滩羊肉精深加工项目、同心县的生物有机肥项目"
    "等5个新签约项目提供前期贷款，5个项目合计总投资31.5亿元。3月，该行与市政府签订战略合作协议。值得一提的是，"
    "有意落户金积工业园区的一家光伏玻璃企业也主动找上门来。“这个项目目前仍处于洽谈阶段，尚未签订投资协议，投资规模"
    "初步估算约40亿元。”该行负责人介绍。\n"
)


_CARDS = (
    "2025-02-26 10:00\n"
    "伊州区2025年招商引资重点推介项目（节选）\n"
    "【项目一】光伏新材料产业园项目\n"
    "建设地点：伊州区\n"
    "投资估算：约60亿元\n"
    "项目进展：已完成项目建议书编制，目前正与2家企业对接洽谈，尚未签约。\n"
    "【项目二】草原文化旅游综合体项目\n"
    "建设地点：巴里坤县\n"
    "项目进展：已于2024年10月签约。\n"
)


def test_a_cards_fields_stand_under_its_heading() -> None:
    article = build_article(_CARDS, source="cards.txt")
    by_text = {article.paragraph_text(p.n): p.n for p in article.paragraphs}
    progress = by_text["项目进展：已完成项目建议书编制，目前正与2家企业对接洽谈，尚未签约。"]
    assert section_heading(article, progress) == "【项目一】光伏新材料产业园项目"
    first = by_text["【项目一】光伏新材料产业园项目"]
    # a chunk that ends inside the first card reaches the rest of it, not the next card
    assert section_below(article, [first, first + 1]) == [first, first + 1, first + 2, first + 3]


_MEETING = (
    "2024-05-10 18:00\n"
    "市政府召开第28次常务会议\n"
    "会议听取了市商务局关于宏远新材料有限公司拟在阳城县投资建设年产2万吨高性能碳纤维项目有关情况的汇报。"
    "该项目计划总投资约55亿元，分两期建设。会议原则同意项目投资协议文本，要求进一步完善协议条款，"
    "按程序报批后尽快签约。\n"
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    articles = {"bank.txt": _BANK, "cards.txt": _CARDS, "meeting.txt": _MEETING}
    return store_of(tmp_path_factory.mktemp("referents"), articles)


def test_this_project_means_one_named_in_the_last_two_sentences(settings: Settings) -> None:
    answer = ask("盐池县滩羊肉精深加工项目总投资多少？", settings=settings)
    assert answer.answer.startswith(NOT_FOUND) and "40亿元" not in answer.answer
    assert "31.5亿元" in answer.answer  # what the text does say: the five projects' sum


def test_a_denied_yes_or_no_question_says_no(settings: Settings) -> None:
    answer = ask("有意落户金积工业园区的光伏玻璃项目签约了吗？", settings=settings)
    assert answer.answer.startswith("没有。") and "尚未签订投资协议" in answer.answer


def test_a_cards_progress_answers_for_the_project_its_heading_names(settings: Settings) -> None:
    answer = ask("光伏新材料产业园项目签约了吗？", settings=settings)
    assert answer.answer.startswith("没有。") and "尚未签约" in answer.answer


def test_a_denial_of_the_asked_word_itself_says_no() -> None:
    assert _denies("该项目此前尚未开工，不存在“停工”问题。", "高端装备产业园项目是否停工？")
    assert not _denies("该项目目前已停工整改。", "高端装备产业园项目是否停工？")


def test_an_event_still_ahead_is_not_yet_done() -> None:
    pending = "会议原则同意项目投资协议文本，要求进一步完善协议条款，按程序报批后尽快签约。"
    assert _no_to(pending, "碳纤维项目签约了吗？") == "尚未签约。"
    assert _no_to("目前正在开展环评，预计2025年一季度开工。", "煤焦油项目开工了吗？") == "尚未开工。"
    assert _no_to("该项目已于3月签约，预计明年开工。", "X项目签约了吗？") is None
    assert _no_to("该项目已于3月开工。", "X项目开工了吗？") is None


def test_a_signing_still_to_come_after_the_project_is_named_is_not_yet(settings: Settings) -> None:
    answer = ask("年产2万吨高性能碳纤维项目签约了吗？", settings=settings)
    assert answer.answer.startswith("尚未签约。") and "尽快签约" in answer.answer


def test_an_event_said_done_is_answered_yes() -> None:
    done = "去年同期签约的电驱系统项目，从签约到投产只用了10个月，今年2月已实现投产。"
    assert _yes_to(done, "电驱系统项目投产了吗？") == "已投产。"
    assert _yes_to("该项目已签约，计划年内开工。", "X项目开工了吗？") is None


def test_a_cards_progress_says_yes_in_words(settings: Settings) -> None:
    answer = ask("草原文化旅游综合体项目签约了吗？", settings=settings)
    assert answer.answer.startswith("已签约。") and "2024年10月" in answer.answer
