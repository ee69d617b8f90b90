"""Where a deal is and whose: no city from a firm's name, no firm from another project (our sentences)."""

from __future__ import annotations

import pytest

from extractor import extract


def _where(text: str) -> dict[str | None, str | None]:
    return {d.project: d.location.text if d.location else None for d in extract(text, backend="rules").deals}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare city opening the project's name is the firm's (宁德时代), not the site
        ("宁德时代动力电池项目签约，总投资100亿元。", {"宁德时代动力电池项目": None}),
        # a place written with its level beats a bare one that opens a firm's name
        ("宁德时代与宜宾市签约动力电池项目，总投资100亿元。", {"动力电池项目": "宜宾市"}),
        ("上海电气与盐城市签约海上风电装备项目，总投资30亿元。", {"海上风电装备项目": "盐城市"}),
        # the last place in the name is the site
        ("宁德时代四川宜宾基地项目签约，总投资100亿元。", {"宁德时代四川宜宾基地项目": "四川宜宾"}),
        # a county opening the name is the site
        ("喜德县晶耀光伏产业园项目签约，总投资10亿元。", {"喜德县晶耀光伏产业园项目": "喜德县"}),
    ],
)
def test_location_is_not_read_from_a_firm_name(text: str, expected: dict[str | None, str | None]) -> None:
    assert _where(text) == expected


def test_a_firm_opening_one_project_is_not_the_next_projects_investor() -> None:
    text = (
        "其中，洛阳鑫晶材料科技有限公司年产5万吨多晶硅还原炉配套项目总投资20亿元，"
        "伊岳重工大型矿山装备再制造项目总投资11亿元，华沐生物兽用疫苗生产基地项目总投资7亿元。"
    )
    investors = {d.project: d.investors for d in extract(text, backend="rules").deals}
    assert investors == {
        "洛阳鑫晶材料科技有限公司年产5万吨多晶硅还原炉配套项目": ["洛阳鑫晶材料科技有限公司"],
        "伊岳重工大型矿山装备再制造项目": ["伊岳重工"],
        "华沐生物兽用疫苗生产基地项目": ["华沐生物"],
    }


def test_a_part_of_the_previous_group_takes_its_stage() -> None:
    text = (
        "上半年，东湖区引进亿元以上项目20个，总投资300亿元。"
        "当中包括了投资额50亿元的鑫岳新材料产业园项目等一批龙头项目。"
    )
    stages = {d.project: d.stage for d in extract(text, backend="rules").deals}
    assert stages == {"鑫岳新材料产业园项目": "landed"}


def test_what_a_fund_paid_out_is_no_deal_or_total() -> None:
    result = extract("截至6月末，东湖租赁基金已累计出资54.4亿元，带动社会投资100亿元。", backend="rules")
    assert [a.amount.text for a in result.aggregates if a.amount and "54.4" in a.amount.text] == []
    assert [d for d in result.deals if d.amount and "54.4" in d.amount.text] == []
    kept = extract("鑫岳集团与东湖产业基金共同投资20亿元建设鑫岳新材料产业园项目。", backend="rules")
    assert [d.amount.text for d in kept.deals if d.amount] == ["20亿元"]


@pytest.mark.parametrize(
    ("text", "projects"),
    [
        # jieba reads 鼎立 as a verb; after 引进了 it opens the name
        (
            "东湖区先后引进了鼎立新能源电池项目、星岳储能电站项目等一批项目。",
            ["鼎立新能源电池项目", "星岳储能电站项目"],
        ),
        # 显示 (display panels) is a product inside a name, not a verb that ends it
        ("东湖区签约澜岳光电显示模组产业园项目，总投资20亿元。", ["澜岳光电显示模组产业园项目"]),
        # after a completion verb, a verb is the sentence's own (具有…), not a name
        ("东湖区已建成具有全国影响力的原材料产业基地。", []),
    ],
)
def test_a_verb_after_the_event_verb_opens_a_name(text: str, projects: list[str]) -> None:
    assert [d.project for d in extract(text, backend="rules").deals] == projects
