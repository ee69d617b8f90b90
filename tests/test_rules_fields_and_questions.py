"""Field blocks, questions, past stages, spent money, a firm's own stock and bare parts: own sentences."""

from __future__ import annotations

from extractor import extract
from extractor.backends.rules.backend import RulesBackend
from extractor.text.article import build_article

_BLOCKS = (
    "武陵区2024年第二季度重大项目集中签约项目清单\n"
    "6月20日，武陵区重大项目集中签约活动举行，共签约项目7个，总投资86.4亿元。"
    "现将其中3个项目信息公布如下（其余4个项目暂不公布）：\n"
    "1.\n"
    "项目名称：高性能碳纤维复合材料项目\n"
    "投资方：长沙星岳新材料有限公司\n"
    "投资额：28亿元\n"
    "建设内容：新建碳纤维预浸料生产线，年产复合材料3000吨\n"
    "签约类型：投资协议\n"
    "2.\n"
    "项目名称：冷链食品加工项目\n"
    "投资方：暂不公开\n"
    "投资额：约6亿元\n"
    "建设内容：建设冷库及中央厨房\n"
    "签约类型：投资意向书\n"
    "3.\n"
    "项目名称：智能仓储物流园项目\n"
    "投资方：湖南远航物流集团\n"
    "投资额：不超过5亿元\n"
    "签约类型：投资协议\n"
)


def _deals(text: str) -> dict[str, tuple[list[str], str | None, str]]:
    result = extract(text, backend="rules")
    return {
        d.project or "": (d.investors, d.amount.text if d.amount else None, d.stage) for d in result.deals
    }


def _draft_stages(text: str) -> dict[str, str]:
    """The stages the rules read, before the stored record's labels are checked against its paragraphs."""
    draft = RulesBackend().extract(build_article(text, source="t")).draft
    return {d.project or "": d.stage for d in draft.deals}


def test_each_block_of_fields_is_a_deal() -> None:
    deals = _deals(_BLOCKS)
    assert deals["高性能碳纤维复合材料项目"] == (["长沙星岳新材料有限公司"], "28亿元", "signed")
    assert deals["冷链食品加工项目"][:2] == ([], "约6亿元")  # 暂不公开 names no one
    assert deals["智能仓储物流园项目"] == (["湖南远航物流集团"], "不超过5亿元", "signed")
    assert len(deals) == 3


def test_a_block_takes_the_stage_its_type_line_says() -> None:
    stages = _draft_stages(_BLOCKS)
    assert stages["冷链食品加工项目"] == "intent"  # 签约类型：投资意向书
    assert stages["高性能碳纤维复合材料项目"] == "signed"


def test_the_parts_a_notice_shows_are_no_counted_total() -> None:
    result = extract(_BLOCKS, backend="rules")
    # 共签约项目7个，总投资86.4亿元 only: 其中3个项目 / 其余4个项目 are no kind of project
    assert [(a.count, a.amount.text if a.amount else None) for a in result.aggregates] == [(7, "86.4亿元")]


def test_a_breakdown_by_kind_is_still_a_count() -> None:
    text = "标题\n今天，全区集中签约项目11个，总投资86亿元，其中工业项目8个、服务业项目3个。\n"
    counts = sorted(a.count for a in extract(text, backend="rules").aggregates if a.count)
    assert counts == [3, 8, 11]


def test_a_question_reports_nothing() -> None:
    text = (
        "发布会实录\n"
        "问：有报道说临江市引进了一个百亿级铜基新材料项目，目前进展如何？"
        "答：该项目还在洽谈阶段。今年以来，临江市新签约项目20个，总投资150亿元。\n"
    )
    result = extract(text, backend="rules")
    assert result.deals == []
    # the answer is read; the question's 百亿级 is no size class
    assert [(a.count, a.amount.text if a.amount else None) for a in result.aggregates] == [(20, "150亿元")]


def test_what_a_sentence_goes_on_to_say_outranks_a_past_before_the_name() -> None:
    deals = _deals("标题\n去年签约的宁远风电装备制造基地项目已于3月28日正式开工，总投资18亿元。\n")
    assert deals["宁远风电装备制造基地项目"][2] == "started"
    text = "标题\n去年签约的华源新能源电池项目总投资40亿元，从签约到投产仅用了11个月，今年6月已正式投产。\n"
    assert _deals(text)["华源新能源电池项目"][2] == "operating"


def test_a_past_before_the_name_stays_when_nothing_follows_for_it() -> None:
    deals = _deals("标题\n此次签约的光明新材料项目总投资40亿元，华星电子项目落户高新区。\n")
    assert deals["光明新材料项目"][2] == "signed"  # 落户 is 华星电子's, after another name


def test_money_spent_so_far_is_no_project_amount() -> None:
    deals = _deals("标题\n青禾锂电新材料产业园二期项目已完成投资12.6亿元，正在进行设备安装。\n")
    assert all(amount is None for _, amount, _ in deals.values())


def test_size_classes_by_money_spent_are_still_read() -> None:
    text = "标题\n截至目前，全区已完成投资50亿元以上重大产业项目1个、10亿元重大产业项目2个。\n"
    classes = sorted(
        (a.count, a.amount.text if a.amount else None) for a in extract(text, backend="rules").aggregates
    )
    assert classes == [(1, "50亿元以上"), (2, "10亿元")]


def test_a_firms_own_investments_so_far_are_no_total() -> None:
    assert extract("标题\n目前，集团在湘累计投资已超过60亿元。\n", backend="rules").aggregates == []
    region = extract("标题\n今年以来，全市累计签约项目46个，协议引资超300亿元。\n", backend="rules")
    assert [a.count for a in region.aggregates] == [46]


def test_a_wish_that_projects_land_soon_is_no_deal() -> None:
    text = "标题\n希望集团以此次考察为契机，推动电池回收利用、储能系统等项目早日落地。\n"
    assert extract(text, backend="rules").deals == []


def test_some_projects_name_no_project() -> None:
    assert extract("标题\n一是签约项目转化率不够高，部分项目签约后推进较慢。\n", backend="rules").deals == []


def test_a_capacitys_product_stays_in_the_name_whatever_its_words() -> None:
    deals = _deals("标题\n蓬安县润丰食品年产10万吨休闲食品项目总投资5.2亿元，于4月建成投产。\n")
    assert "润丰食品年产10万吨休闲食品项目" in next(iter(deals))
