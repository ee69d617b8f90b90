"""Firms named only as one side of a signing with a government (rule module ``signers``)."""

from __future__ import annotations

import pytest

from extractor import extract
from tests.test_rules_precision import _deals as _project_deals


def _deals(sentence: str) -> list[tuple[list[str], str | None, str]]:
    """The precision tests' deals, without the project (what these tests are not about)."""
    return [(investors, amount, stage) for _, investors, amount, stage in _project_deals(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # firm_then_government: a short firm name opening its clause
        ("宁川时代与宜宾市签约，总投资100亿元。", [(["宁川时代"], "100亿元", "signed")]),
        ("会上，晶澜电子与开发区管委会签署合作协议。", [(["晶澜电子"], None, "signed")]),
        ("7月5日，晶澜电子与宜宾市人民政府正式签订投资协议。", [(["晶澜电子"], None, "signed")]),
        # government_then_firm: the firm after the link
        ("开发区与晶澜电子签约，计划投资15亿元。", [(["晶澜电子"], "15亿元", "signed")]),
        ("宜宾市同晶澜电子举行了项目签约。", [(["晶澜电子"], None, "signed")]),
        # the government first, a registered firm after its link
        ("会上，宜宾市还与华岳能源科技有限公司签订投资协议。", [(["华岳能源科技有限公司"], None, "signed")]),
        # a memorandum or a framework signed is an intention, not a project's contract
        ("宜宾市还与华岳能源科技有限公司签署合作备忘录。", [(["华岳能源科技有限公司"], None, "intent")]),
        ("晶澜电子与开发区管委会签订框架协议。", [(["晶澜电子"], None, "intent")]),
    ],
)
def test_a_firm_signing_with_a_government_is_an_investor(
    sentence: str, expected: list[tuple[list[str], str | None, str]]
) -> None:
    assert _deals(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "双方与宜宾市签约。",  # no firm's name
        "县政府与宜宾市签订友好合作协议。",  # two governments
        "企业与开发区签约。",  # a category of firms
        "晶澜电子与宜宾市就合作事宜进行了洽谈。",  # talks, no signing
        "晶澜电子与华岳集团签订供货合同，双方将在新能源领域深化合作。",  # two firms, no government
        "开发区还与恒昌银行宜宾分行签订战略合作协议，将提供意向性授信50亿元。",  # a bank's credit
        "开发区还与一家头部投资机构签署协议，共同发起设立产业基金。",  # a count, no name
        "宜宾市还与6家银行签订战略合作协议。",
    ],
)
def test_no_signer_without_a_firm_and_a_government_signing(sentence: str) -> None:
    assert _deals(sentence) == []


def test_a_signing_firm_and_its_project_are_one_deal() -> None:
    text = (
        "近日，宜宾市叙州区与华岳储能科技股份有限公司签订投资协议，华岳储能将在叙州投资建设储能电池二期项目。"
        "项目总投资60亿元，计划明年开工。"
    )
    assert _deals(text) == [(["华岳储能科技股份有限公司"], "60亿元", "signed")]


def test_a_firm_named_again_with_its_project_is_one_deal() -> None:
    text = "晶澜电子与宜宾市签约。会上，北京晶澜电子科技有限公司晶圆级封装项目总投资30亿元。"
    result = extract("标题\n" + text, backend="rules")
    assert [(d.project, d.amount.text if d.amount else None) for d in result.deals] == [
        ("北京晶澜电子科技有限公司晶圆级封装项目", "30亿元")
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("华岳储能", "华岳储能科技股份有限公司", True),
        ("晶澜电子", "北京晶澜电子科技有限公司晶圆级封装项目", True),  # after a place
        ("电子", "晶澜电子科技有限公司", False),  # inside, not opening it
        ("晶澜", "晶", False),
    ],
)
def test_same_firm(a: str, b: str, same: bool) -> None:
    from extractor.text.names import same_firm

    assert same_firm(a, b) is same


def test_a_firm_described_as_one_that_landed() -> None:
    # 签约会 names the meeting; 落户 is what the firm did; 青川 in its name is no place of the story
    result = extract(
        "标题\n作为国内云安全领军企业之一的青川云安全，也在此次签约会上正式落户普陀。", backend="rules"
    )
    assert [(d.investors, d.stage, d.location) for d in result.deals] == [(["青川云安全"], "landed", None)]


def test_a_firm_described_as_one_with_no_deal() -> None:
    assert _deals("作为龙头企业的华岳集团，今年营收增长20%。") == []
