"""The extraction pipeline: article -> backend -> verify -> merge (``extractor.extract``)."""

from __future__ import annotations

import codecs
import importlib
from pathlib import Path

import pytest

from extractor.backends.base import BackendResult
from extractor.config import Settings
from extractor.extract import (
    extract,
    extract_article,
    extract_file,
    extract_many,
    merge_aggregates,
    merge_deals,
)
from extractor.schema import (
    Aggregate,
    Article,
    ArticleExtraction,
    Deal,
    DealDraft,
    ExtractionDraft,
    Money,
    Span,
)
from extractor.text.article import build_article
from tests.conftest import SEEDS, seed_path

from .fakes import FlakyRules

# ``extractor.extract`` as an attribute of the package is the function, not the module.
PIPELINE = importlib.import_module("extractor.extract")
RULES = Settings(backend="rules", embedder="hash", chroma_host=None, llm_model=None)


def _spans(result: ArticleExtraction) -> list[Span]:
    records: list[Deal | Aggregate] = [*result.deals, *result.aggregates]
    return [s for r in records for s in r.evidence]


def _assert_spans_hold(result: ArticleExtraction, article: Article) -> None:
    spans = _spans(result)
    assert spans
    for s in spans:
        assert s.source == article.source
        assert article.text[s.start : s.end] == s.quote
        assert article.paragraph_at(s.start) == s.paragraph


@pytest.fixture(scope="module")
def seed_results() -> dict[str, ArticleExtraction]:
    return {p.name[:3]: extract_file(p, backend="rules", settings=RULES) for p in sorted(SEEDS.glob("*.txt"))}


def test_extract_file_reports_the_backend_and_every_span_holds(
    seed_results: dict[str, ArticleExtraction], seeds: dict[str, Article]
) -> None:
    for key, result in seed_results.items():
        assert result.backend == "rules"
        assert result.source == seeds[key].source
        _assert_spans_hold(result, seeds[key])


def test_the_headline_deal_of_seed_004(seed_results: dict[str, ArticleExtraction]) -> None:
    (deal,) = [d for d in seed_results["004"].deals if d.project == "光大人工智能产业基地"]
    assert deal.amount is not None and deal.amount.cny == 2e10
    assert deal.stage == "started"
    assert "总投资200亿元的光大人工智能产业基地正式开工建设" in deal.evidence[0].quote


def test_extract_on_text_reports_backend_and_offsets_into_the_normalised_text() -> None:
    text = (
        "星河园区签约\r\n\r\n2023年5月6日,星河园区与示例科技公司签约星河智能制造基地项目,总投资12亿元。\r\n"
    )
    result = extract(text, source="crlf.txt", backend="rules", settings=RULES)
    assert result.backend == "rules" and result.source == "crlf.txt"
    (deal,) = result.deals
    assert deal.amount is not None and deal.amount.cny == 1.2e9
    assert deal.investors == ["示例科技公司"]
    _assert_spans_hold(result, build_article(text, source="crlf.txt"))
    assert "\r" not in deal.evidence[0].quote


def test_extract_article_takes_a_backend_object_and_counts_what_it_drops(seeds: dict[str, Article]) -> None:
    class Drafting:
        name = "drafting"

        def extract(self, article: Article) -> BackendResult:
            return BackendResult(
                draft=ExtractionDraft(
                    deals=[
                        DealDraft(evidence="投资金额高达50亿元", amount_text="50亿元", project="西部智联"),
                        DealDraft(evidence="投资金额高达80亿元", amount_text="80亿元"),  # not in the text
                    ]
                )
            )

    result = extract_article(seeds["001"], backend=Drafting(), settings=RULES)
    assert result.backend == "drafting"
    (deal,) = result.deals
    assert deal.amount is not None and deal.amount.cny == 5e9
    assert result.diagnostics.dropped == 1
    assert len(result.diagnostics.drop_reasons) == 1 and "80亿元" in result.diagnostics.drop_reasons[0]
    _assert_spans_hold(result, seeds["001"])


# ---------------------------------------------------------------------------- merging


def _span(start: int, quote: str, source: str = "m.txt") -> Span:
    return Span(source=source, paragraph=1, start=start, end=start + len(quote), quote=quote)


def _money(cny: float) -> Money:
    return Money(text=f"{cny / 1e8:g}亿元", value=cny, cny=cny)


def test_merge_deals_merges_one_project_reported_twice() -> None:
    a = Deal(
        project="星河基地",
        investors=["甲公司"],
        amount=_money(1.2e9),
        evidence=[_span(0, "甲公司投资星河基地")],
    )
    b = Deal(
        project="星 河 基 地",  # the same name after whitespace normalisation
        investors=["乙公司", "甲公司"],
        stage="started",
        industry="智能制造",
        evidence=[_span(30, "星河基地开工")],
    )
    (merged,) = merge_deals([a, b])
    assert merged.project == "星河基地"
    assert merged.investors == ["甲公司", "乙公司"]
    assert merged.amount == a.amount and merged.industry == "智能制造" and merged.stage == "started"
    assert [s.start for s in merged.evidence] == [0, 30]


def test_merge_deals_merges_the_same_evidence_and_amount_without_names() -> None:
    ev = _span(5, "某企业投资12亿元")
    a = Deal(investors=["某企业"], amount=_money(1.2e9), evidence=[ev])
    b = Deal(investors=["某企业"], amount=_money(1.2e9), evidence=[ev], stage="signed")
    (merged,) = merge_deals([a, b])
    assert merged.evidence == [ev] and merged.stage == "signed"


def test_merge_deals_keeps_different_deals_apart() -> None:
    one = Deal(project="星河基地", amount=_money(1.2e9), evidence=[_span(0, "星河基地12亿元")])
    other_amount = Deal(project="星河基地", amount=_money(8e9), evidence=[_span(40, "星河基地80亿元")])
    other_name = Deal(project="明月基地", amount=_money(1.2e9), evidence=[_span(80, "明月基地12亿元")])
    assert merge_deals([one, other_amount, other_name]) == [one, other_amount, other_name]


def test_merge_deals_keeps_projects_that_share_a_sentence_apart() -> None:
    ev = _span(0, "甲公司、乙公司分别投资星河基地和明月基地")
    star = Deal(project="星河基地", investors=["甲公司"], evidence=[ev])
    moon = Deal(project="明月基地", investors=["乙公司"], evidence=[ev])
    nameless_a = Deal(investors=["甲公司"], amount=_money(1e9), evidence=[ev])
    nameless_b = Deal(investors=["乙公司"], amount=_money(1e9), evidence=[ev])
    assert merge_deals([star, moon, nameless_a, nameless_b]) == [star, moon, nameless_a, nameless_b]


def test_merge_aggregates_drops_exact_repeats_only() -> None:
    ev = _span(0, "共签约项目39个,总投资605.6亿元")
    a = Aggregate(count=39, amount=_money(6.056e10), evidence=[ev])
    again = Aggregate(count=39, amount=_money(6.056e10), evidence=[ev], scope="上半年")
    other = Aggregate(count=39, amount=_money(6.056e10), evidence=[ev], measure="funds_in_place")
    assert merge_aggregates([a, again, other]) == [a, other]


# ---------------------------------------------------------------------------- encodings


def _write(tmp_path: Path, sub: str, name: str, data: bytes) -> Path:
    folder = tmp_path / sub
    folder.mkdir()
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("prefix", "encode"),
    [
        ("001", lambda t: t.encode("gbk")),
        ("004", lambda t: t.encode("gb18030")),
        ("004", lambda t: t.encode("utf-16")),  # with a byte-order mark
        ("001", lambda t: t.encode("utf-16-le")),  # without one
        ("004", lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8")),
    ],
    ids=["gbk", "gb18030", "utf-16-bom", "utf-16-le", "utf-8-bom-crlf"],
)
def test_other_encodings_give_the_same_deals(
    tmp_path: Path, prefix: str, encode: object, seed_results: dict[str, ArticleExtraction]
) -> None:
    src = seed_path(prefix)
    text = src.read_text(encoding="utf-8")
    copy = _write(tmp_path, "copy", src.name, encode(text))  # type: ignore[operator]
    assert copy.read_bytes() != src.read_bytes()
    want = seed_results[prefix]
    got = extract_file(copy, backend="rules", settings=RULES)
    assert got.deals and got.deals == want.deals
    assert got.aggregates == want.aggregates
    assert (got.title, got.published) == (want.title, want.published)


# ---------------------------------------------------------------------------- batches


def test_extract_many_records_a_failure_and_goes_on(
    seeds: dict[str, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = seeds["002"].source
    backend = FlakyRules({bad})
    seen: list[tuple[str, bool, str | None]] = []
    batch = extract_many(
        list(seeds.values()),
        backend=backend,
        settings=RULES,
        on_done=lambda a, r, e: seen.append((a.source, r is not None, e)),
    )
    assert not batch.ok
    assert batch.failed == [(bad, f"server said no to {bad}")]
    assert sorted(r.source for r in batch.results) == sorted(
        a.source for a in seeds.values() if a.source != bad
    )
    assert sorted(backend.calls) == sorted(a.source for a in seeds.values())
    assert len(seen) == 5 and (bad, False, f"server said no to {bad}") in seen
    for r in batch.results:
        _assert_spans_hold(r, next(a for a in seeds.values() if a.source == r.source))


def test_extract_many_with_nothing_failing_is_ok(seeds: dict[str, Article]) -> None:
    batch = extract_many([seeds["001"], seeds["003"]], backend="rules", settings=RULES)
    assert batch.ok and [r.source for r in batch.results] == [seeds["001"].source, seeds["003"].source]
