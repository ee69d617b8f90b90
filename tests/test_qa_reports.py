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
