"""A project told by several outlets is listed, counted and summed once, citing every report."""

from __future__ import annotations

from extractor.filters import dedupe_groups
from extractor.qa.deals import _cited_groups
from extractor.schema import Deal, Span
from extractor.text.amounts import parse_money


def _deal(source: str, project: str | None, investors: list[str], amount: str | None = None) -> Deal:
    quote = f"{project or '、'.join(investors)}签约"
    return Deal(
        project=project,
        investors=investors,
        amount=parse_money(amount) if amount else None,
        stage="signed",
        evidence=[Span(source=source, paragraph=1, start=0, end=len(quote), quote=quote)],
    )


def test_two_reports_of_one_project_are_one_row_with_both_citations() -> None:
    rows = [
        _deal("a.txt", "澜岳光电显示模组产业园项目", [], "20亿元"),
        _deal("b.txt", "澜岳光电显示模组产业园", []),
        _deal("a.txt", None, ["星海微纳"]),
        _deal("b.txt", None, ["星海微纳"]),
        _deal("b.txt", "青松生物可降解材料项目", []),
    ]
    groups = dedupe_groups(rows)
    assert [len(g) for g in groups] == [2, 2, 1]
    texts, spans = _cited_groups(groups)
    assert len(texts) == 3 and texts[0].endswith("[1][2]")
    assert len(spans) == 5


def test_different_amounts_are_different_projects() -> None:
    rows = [
        _deal("a.txt", "澜岳光电显示模组项目", [], "20亿元"),
        _deal("b.txt", "澜岳光电显示模组项目", [], "8亿元"),
    ]
    assert len(dedupe_groups(rows)) == 2


def _groups_pair_by_pair(deals: list[Deal]) -> list[list[Deal]]:
    """dedupe_groups as first written: every group's lead asked in turn (quadratic)."""
    from extractor.filters import same_deal

    groups: list[list[Deal]] = []
    for d in deals:
        group = next((g for g in groups if same_deal(g[0], d)), None)
        if group is None:
            groups.append([d])
        else:
            group.append(d)
    return [sorted(g, key=lambda d: d.amount is None) for g in groups]


def test_grouping_by_key_and_amount_gives_the_groups_of_asking_every_lead() -> None:
    import random

    rng = random.Random(7)
    names = [
        "澜岳光电显示模组产业园项目", "澜岳光电显示模组产业园", "澜岳显示模组产业园项目",
        "青松生物可降解材料项目", "青松可降解材料项目", "星海微纳传感器基地", None,
    ]  # fmt: skip
    firms = [["星海微纳"], ["澜岳光电"], [], ["星海微纳", "青松生物"]]
    amounts = [None, "20亿元", "20亿元", "5亿元", "1500万美元", "约3亿元"]
    for _ in range(30):
        rows = [
            _deal(f"{i}.txt", rng.choice(names), rng.choice(firms), rng.choice(amounts)) for i in range(40)
        ]
        assert dedupe_groups(rows) == _groups_pair_by_pair(rows)


def test_citation_numbers_follow_first_use_and_repeat_for_a_repeated_report() -> None:
    a, b = _deal("a.txt", "澜岳光电显示模组产业园项目", []), _deal("b.txt", "青松生物可降解材料项目", [])
    texts, spans = _cited_groups([[a, b], [b], [a]])
    assert [s.source for s in spans] == ["a.txt", "b.txt"]
    assert [t[t.index("[") :] for t in texts] == ["[1][2]", "[2]", "[1]"]
