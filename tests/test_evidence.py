"""Drafts to verified records: exact spans or nothing (``extractor.evidence``)."""

from __future__ import annotations

import pytest

from extractor.errors import EvidenceError
from extractor.evidence import check_spans, locate_evidence, problems, resolve
from extractor.schema import AggregateDraft, Article, DealDraft, ExtractionDraft, Span
from extractor.text.article import build_article

XIBU = "西部科学城智能网联汽车创新中心暨李克强院士工作站"
XIBU_EVIDENCE = "是2022年智博会的重点签约项目,投资金额高达50亿元"


def _holds(article: Article, span: Span) -> bool:
    return (
        article.text[span.start : span.end] == span.quote
        and span.source == article.source
        and article.paragraph_at(span.start) == span.paragraph
    )


def _one(**fields: object) -> ExtractionDraft:
    return ExtractionDraft(deals=[DealDraft(**fields)])


def test_a_correct_draft_verifies_with_exact_spans(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    draft = _one(evidence=XIBU_EVIDENCE, project=XIBU, amount_text="50亿元", stage="signed")
    out = resolve(article, draft)
    assert out.dropped == [] and out.notes == []
    (deal,) = out.deals
    assert deal.project == XIBU and deal.stage == "signed"
    assert deal.amount is not None
    assert deal.amount.cny == 5e9 and deal.amount.text == "50亿元" and deal.amount.kind == "exact"
    ev = deal.evidence[0]
    assert ev.quote == XIBU_EVIDENCE
    assert all(_holds(article, s) for s in deal.evidence)
    # the project is named outside the evidence sentence, so a second span backs it
    assert [s.quote for s in deal.evidence[1:]] == [XIBU]
    check_spans(article, deal.evidence)


def test_a_hallucinated_evidence_sentence_is_dropped_not_snapped(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    assert "投资80亿元" not in article.text and "投资金额高达50亿元" in article.text
    out = resolve(article, _one(evidence="投资80亿元", project=XIBU, amount_text="80亿元"))
    assert out.deals == []
    assert len(out.dropped) == 1 and "不是文章原文" in out.dropped[0]


def test_an_amount_the_evidence_does_not_state_is_dropped(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    out = resolve(article, _one(evidence=XIBU_EVIDENCE, project=XIBU, amount_text="80亿元"))
    assert out.deals == []
    assert len(out.dropped) == 1 and "80亿元" in out.dropped[0] and "不在 evidence 中" in out.dropped[0]


def test_an_amount_elsewhere_in_the_article_but_outside_the_evidence_is_dropped(
    seeds: dict[str, Article],
) -> None:
    article = seeds["001"]
    evidence = "累计孵化12家智能网联企业上下游企业"
    assert evidence in article.text and "50亿元" in article.text
    out = resolve(article, _one(evidence=evidence, project=XIBU, amount_text="50亿元"))
    assert out.deals == [] and len(out.dropped) == 1


def test_an_unparseable_amount_text_is_dropped(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    out = resolve(article, _one(evidence=XIBU_EVIDENCE, project=XIBU, amount_text="智博会"))
    assert out.deals == [] and "不是可解析的金额" in out.dropped[0]


def test_evidence_in_page_furniture_is_dropped(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    quote = "本文来源于网络转载,仅供学习交流使用"
    (span_start,) = [i for i in range(len(article.text)) if article.text.startswith(quote, i)]
    assert article.paragraph(article.paragraph_at(span_start)).kind == "boilerplate"
    out = resolve(article, _one(evidence=quote, investors=["原作者"]))
    assert out.deals == []
    assert len(out.dropped) == 1 and "网页模板" in out.dropped[0]


def test_evidence_across_two_paragraphs_is_dropped() -> None:
    article = build_article("甲公司签约乙项目。\n\n总投资12亿元。\n", source="two.txt")
    out = resolve(article, _one(evidence="甲公司签约乙项目。总投资12亿元。", project="乙项目"))
    assert out.deals == [] and "跨越了多个段落" in out.dropped[0]


def test_a_name_not_in_the_article_is_removed_with_a_note(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    invented = "西部智联超级算力中心"
    assert invented not in article.text
    out = resolve(
        article,
        _one(evidence=XIBU_EVIDENCE, project=invented, investors=["火星资本"], amount_text="50亿元"),
    )
    (deal,) = out.deals  # the amount still stands on the evidence
    assert deal.project is None and deal.investors == []
    assert out.dropped == []
    assert any(invented in n and "不在文章中" in n for n in out.notes)
    assert any("火星资本" in n for n in out.notes)
    assert deal.evidence == [deal.evidence[0]] and _holds(article, deal.evidence[0])


def test_a_deal_with_nothing_verified_left_is_dropped(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    out = resolve(article, _one(evidence=XIBU_EVIDENCE, project="不存在的项目"))
    assert out.deals == []
    assert len(out.dropped) == 1 and "no project, investor or amount" in out.dropped[0]


def test_width_and_whitespace_differences_match_but_the_span_is_the_articles_own(
    seeds: dict[str, Article],
) -> None:
    article = seeds["001"]
    # full-width digits and comma, and stray spaces, where the article has ASCII and none
    quote = "是２０２２年智博会的重点签约项目，投资金额 高达 ５０亿元"
    out = resolve(article, _one(evidence=quote, project=XIBU, amount_text="５０ 亿元"))
    (deal,) = out.deals
    ev = deal.evidence[0]
    assert ev.quote == XIBU_EVIDENCE  # the article's characters, not the draft's
    assert _holds(article, ev)
    assert deal.amount is not None and deal.amount.text == "50亿元" and deal.amount.cny == 5e9


def test_a_digit_is_never_forgiven(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    out = resolve(article, _one(evidence="是2022年智博会的重点签约项目,投资金额高达60亿元", project=XIBU))
    assert out.deals == [] and len(out.dropped) == 1


def test_the_paragraph_hint_picks_the_occurrence_in_that_paragraph() -> None:
    text = "甲公司签约乙项目,总投资12亿元。\n\n另据报道,甲公司签约乙项目,总投资12亿元。\n"
    article = build_article(text, source="twice.txt")
    first = locate_evidence(article, "甲公司签约乙项目,总投资12亿元")
    second = locate_evidence(article, "甲公司签约乙项目,总投资12亿元", paragraph=2)
    assert isinstance(first, Span) and isinstance(second, Span)
    assert (first.paragraph, second.paragraph) == (1, 2)
    assert first.quote == second.quote and second.start > first.start
    assert _holds(article, second)


def test_hedged_amounts_keep_their_kind(seeds: dict[str, Article]) -> None:
    article = seeds["004"]
    out = resolve(
        article,
        _one(
            evidence="第二期智慧清溪提质改造项目也已启动,投资近3.26亿元",
            project="第二期智慧清溪提质改造项目",
            amount_text="近3.26亿元",
            stage="started",
        ),
    )
    (deal,) = out.deals
    assert deal.amount is not None
    assert deal.amount.kind == "approx" and deal.amount.cny == pytest.approx(3.26e8)
    assert deal.amount.text == "近3.26亿元"


def test_aggregates_verify_their_count_and_amount(seeds: dict[str, Article]) -> None:
    article = seeds["004"]
    evidence = "今年上半年,共签约项目39个,合同协议投资总额达605.6亿元"
    good = AggregateDraft(evidence=evidence, count=39, amount_text="605.6亿元", stage="signed")
    wrong_count = AggregateDraft(evidence=evidence, count=40, amount_text="605.6亿元")
    empty = AggregateDraft(evidence=evidence)
    out = resolve(article, ExtractionDraft(aggregates=[good, wrong_count, empty]))
    (agg,) = out.aggregates
    assert agg.count == 39 and agg.amount is not None and agg.amount.cny == pytest.approx(6.056e10)
    assert _holds(article, agg.evidence[0])
    assert len(out.dropped) == 2
    assert any("count 40" in d for d in out.dropped)
    assert any("neither a count nor an amount" in d for d in out.dropped)


def test_problems_lists_what_a_reask_must_fix(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    clean = _one(evidence=XIBU_EVIDENCE, project=XIBU, amount_text="50亿元")
    assert problems(article, clean) == []
    bad = ExtractionDraft(
        deals=[
            DealDraft(evidence="投资80亿元", project=XIBU),
            DealDraft(evidence=XIBU_EVIDENCE, project="火星项目", amount_text="50亿元"),
        ]
    )
    found = problems(article, bad)
    assert len(found) == 2
    assert "不是文章原文" in found[0] and "火星项目" in found[1]


def test_check_spans_rejects_a_span_that_does_not_hold(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    (deal,) = resolve(article, _one(evidence=XIBU_EVIDENCE, amount_text="50亿元")).deals
    span = deal.evidence[0]
    check_spans(article, [span])
    shifted = span.model_copy(update={"start": span.start + 1})
    with pytest.raises(EvidenceError):
        check_spans(article, [shifted])
    other_source = span.model_copy(update={"source": "other.txt"})
    with pytest.raises(EvidenceError):
        check_spans(article, [other_source])


def test_an_amount_never_matches_inside_a_longer_number(seeds: dict[str, Article]) -> None:
    article = seeds["004"]
    ev = "第二期智慧清溪提质改造项目也已启动,投资近3.26亿元"
    for wrong in ("26亿元", "6亿元"):
        draft = ExtractionDraft(
            deals=[DealDraft(evidence=ev, project="第二期智慧清溪提质改造项目", amount_text=wrong)]
        )
        result = resolve(article, draft)
        assert result.deals == [] and result.dropped
    # leaving out the hedge word still finds the whole mention, hedge kept
    draft = ExtractionDraft(
        deals=[DealDraft(evidence=ev, project="第二期智慧清溪提质改造项目", amount_text="3.26亿元")]
    )
    (deal,) = resolve(article, draft).deals
    assert deal.amount is not None and deal.amount.text == "近3.26亿元" and deal.amount.kind == "approx"


def test_an_aggregate_count_must_be_stated_as_a_whole_number(seeds: dict[str, Article]) -> None:
    article = seeds["004"]
    ev = "今年上半年,共签约项目39个,合同协议投资总额达605.6亿元"
    for count, kept in ((39, True), (9, False), (3, False)):
        draft = ExtractionDraft(
            aggregates=[AggregateDraft(evidence=ev, count=count, amount_text="605.6亿元")]
        )
        assert bool(resolve(article, draft).aggregates) is kept, count


def test_evidence_in_a_links_list_is_found_again_in_the_body() -> None:
    quote = "华星公司签约华星新材料产业园"
    links = [f"- {quote}...23-05-06", "- 其他新闻标题一...23-05-06", "- 其他新闻标题二...23-05-06"]
    text = "\n".join(["标题", *links, f"10月8日，{quote}项目，总投资20亿元。"]) + "\n"
    article = build_article(text, source="x.txt")
    assert article.paragraph(2).kind == "boilerplate"  # the first occurrence is furniture
    span = locate_evidence(article, quote, paragraph=2)
    assert not isinstance(span, str), span
    assert article.paragraph(span.paragraph).kind == "body"
    assert article.text[span.start : span.end] == span.quote == quote


def test_a_name_found_only_across_a_paragraph_break_is_not_in_the_article() -> None:
    text = "标题\n\n今年最大的是制造业项目\n\n项目建成后将投产，总投资10亿元。\n"
    article = build_article(text, source="x.txt")
    draft = ExtractionDraft(
        deals=[
            DealDraft(
                evidence="项目建成后将投产，总投资10亿元。", project="制造业项目项目", amount_text="10亿元"
            )
        ]
    )
    result = resolve(article, draft)
    assert [d.project for d in result.deals] == [None] and result.notes
