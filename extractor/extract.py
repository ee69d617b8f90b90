"""The extraction pipeline: article -> backend -> verify -> merge.

``extract`` and ``extract_file`` are the public entry points; ``extract_many``
runs a batch with bounded concurrency, records each failure and goes on.
Persisting results beside the paragraphs is ``extractor.deals``' job.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .backends import get_backend
from .backends.base import Backend
from .config import Settings, get_settings
from .errors import DealqaError
from .evidence import check_spans, resolve
from .schema import Aggregate, Article, ArticleExtraction, Deal
from .text.article import build_article
from .text.decode import read_article as read_article  # a file as an Article, for callers above
from .text.names import same_project
from .text.normalize import normalize_text


def _amount_key(deal: Deal | Aggregate) -> float | None:
    return round(deal.amount.value, 2) if deal.amount else None


def _same_deal(a: Deal, b: Deal) -> bool:
    """The same project (``same_project`` names, amounts compatible), or the same nameless record twice.

    Several deals may share one sentence (a list of projects, ``分别`` for each
    investor), so a shared sentence alone never makes two records one.
    """
    ka, kb = _amount_key(a), _amount_key(b)
    if a.project and b.project:
        same_name = same_project(normalize_text(a.project), normalize_text(b.project))
        return same_name and (ka is None or kb is None or ka == kb)
    if a.project or b.project:
        return False
    investors_a = {normalize_text(i) for i in a.investors}
    return (
        a.evidence[0] == b.evidence[0]
        and ka == kb
        and investors_a == {normalize_text(i) for i in b.investors}
    )


def _merge_into(kept: Deal, other: Deal) -> Deal:
    return kept.model_copy(
        update={
            "investors": list(dict.fromkeys([*kept.investors, *other.investors])),
            "evidence": list(dict.fromkeys([*kept.evidence, *other.evidence])),
            "amount": kept.amount or other.amount,
            "location": kept.location or other.location,
            "industry": kept.industry or other.industry,
            "date": kept.date or other.date,
            "stage": kept.stage if kept.stage != "other" else other.stage,
        }
    )


def merge_deals(deals: Iterable[Deal]) -> list[Deal]:
    """One record per deal, even when overlapping windows or sentences repeat it."""
    out: list[Deal] = []
    for deal in deals:
        for i, kept in enumerate(out):
            if _same_deal(kept, deal):
                out[i] = _merge_into(kept, deal)
                break
        else:
            out.append(deal)
    return out


def merge_aggregates(aggregates: Iterable[Aggregate]) -> list[Aggregate]:
    seen: dict[tuple[int, int | None, float | None, str], Aggregate] = {}
    for agg in aggregates:
        seen.setdefault((agg.evidence[0].start, agg.count, _amount_key(agg), agg.measure), agg)
    return list(seen.values())


def extract_article(
    article: Article, *, backend: str | Backend | None = None, settings: Settings | None = None
) -> ArticleExtraction:
    """Verified deals and aggregates of one ingested article."""
    settings = settings or get_settings()
    engine = backend if not isinstance(backend, str | None) else get_backend(backend, settings)
    began = time.perf_counter()
    result = engine.extract(article)
    resolved = resolve(article, result.draft)
    deals = merge_deals(resolved.deals)
    aggregates = merge_aggregates(resolved.aggregates)
    for spans in [d.evidence for d in deals] + [a.evidence for a in aggregates]:
        check_spans(article, spans)
    diagnostics = result.diagnostics.model_copy(
        update={
            "dropped": result.diagnostics.dropped + len(resolved.dropped),
            "drop_reasons": [*result.diagnostics.drop_reasons, *resolved.dropped],
            "notes": [*result.diagnostics.notes, *resolved.notes],
            "seconds": round(time.perf_counter() - began, 4),
        }
    )
    return ArticleExtraction(
        source=article.source,
        title=article.title,
        published=article.published,
        backend=engine.name,
        deals=deals,
        aggregates=aggregates,
        diagnostics=diagnostics,
    )


def extract(
    text: str,
    *,
    source: str | None = None,
    published: str | None = None,
    backend: str | None = None,
    settings: Settings | None = None,
) -> ArticleExtraction:
    """Extract deals from article text (offsets refer to ``text`` with newlines normalised)."""
    article = build_article(text, source=source or "text", published=published)
    return extract_article(article, backend=backend, settings=settings)


def extract_file(
    path: str | Path, *, backend: str | None = None, settings: Settings | None = None
) -> ArticleExtraction:
    """Read, decode and extract one article file."""
    return extract_article(read_article(path), backend=backend, settings=settings)


@dataclass
class Totals:
    """What a batch extracted, counted as it goes (a store's run keeps no results in memory)."""

    extracted: int = 0
    deals: int = 0
    aggregates: int = 0
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached: int = 0
    dropped: int = 0

    def add(self, result: ArticleExtraction) -> None:
        d = result.diagnostics
        self.extracted += 1
        self.deals += len(result.deals)
        self.aggregates += len(result.aggregates)
        self.llm_calls += d.calls
        self.prompt_tokens += d.prompt_tokens
        self.completion_tokens += d.completion_tokens
        self.cached += d.cached
        self.dropped += d.dropped


@dataclass
class BatchResult:
    results: list[ArticleExtraction] = field(default_factory=list)  # empty when not kept
    failed: list[tuple[str, str]] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)

    @property
    def ok(self) -> bool:
        return not self.failed


def clear_llm_cache(settings: Settings | None = None) -> tuple[int, Path]:
    """Empty the LLM backend's cache of verified drafts: how many were removed, and from where."""
    from .backends.llm.cache import clear_cache, llm_cache_dir

    settings = settings or get_settings()
    return clear_cache(settings), llm_cache_dir(settings)


def extract_one(
    settings: Settings, backend: str | Backend | None = None
) -> Callable[[Article], tuple[ArticleExtraction | None, str | None]]:
    """A function extracting one article: its result, or the reason it failed (the batch goes on)."""
    engine = backend if not isinstance(backend, str | None) else get_backend(backend, settings)

    def one(article: Article) -> tuple[ArticleExtraction | None, str | None]:
        try:
            return extract_article(article, backend=engine, settings=settings), None
        except DealqaError as exc:
            return None, str(exc)

    return one


def serve_rules_worker() -> None:
    """A rules worker's main loop (``python -c``, ``rules_pool``): extract each article it is sent."""
    from .workers import serve

    serve(_rules_extractor)


def _rules_extractor(settings: Settings) -> Callable[[Article], tuple[ArticleExtraction | None, str | None]]:
    from .text.segment import load_whole_dictionary

    load_whole_dictionary()  # a worker reads many articles: the whole dictionary pays at once
    one = extract_one(settings, "rules")
    one(build_article("重庆高新区项目签约，总投资1亿元。", source="warm-up"))  # the rules loaded now
    return one


def extract_many(
    articles: Iterable[Article],
    *,
    backend: str | Backend | None = None,
    settings: Settings | None = None,
    on_done: Callable[[Article, ArticleExtraction | None, str | None], None] | None = None,
    expected: int = 0,
    keep_results: bool = True,
) -> BatchResult:
    """Extract a batch with bounded concurrency; a failing article is recorded and the rest go on.

    An LLM batch runs ``concurrency`` requests at a time in threads; a rules batch ``expected``
    to hold ``rules_pool.MIN_ARTICLES`` articles or more runs in worker processes, one per core.
    Without ``keep_results`` the results are only counted (``BatchResult.totals``): a caller
    that stores each one as it comes (``on_done``) holds none of a large batch in memory.
    """
    settings = settings or get_settings()
    engine = backend if not isinstance(backend, str | None) else get_backend(backend, settings)
    one = extract_one(settings, engine)
    batch = BatchResult()

    def record(article: Article, outcome: tuple[ArticleExtraction | None, str | None]) -> None:
        result, error = outcome
        if result is not None:
            batch.totals.add(result)
            if keep_results:
                batch.results.append(result)
        else:
            batch.failed.append((article.source, error or "unknown error"))
        if on_done:
            on_done(article, result, error)

    if engine.name == "rules":
        from . import rules_pool
        from .backends.rules import RulesBackend

        # workers build the standard rules backend: a subclass or another engine is run here
        standard = type(engine) is RulesBackend
        processes = rules_pool.processes_for(settings, expected) if standard else 0
        if processes:
            for article, outcome in rules_pool.extract_in_processes(articles, processes, settings, one):
                record(article, outcome)
            return batch
    workers = settings.concurrency if engine.name == "llm" else 1
    if workers == 1:
        for article in articles:  # one at a time: a lazy iterable is read as it goes
            record(article, one(article))
        return batch
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # a window of submitted articles (pool.map would read the whole iterable at once), in order
        window: deque[tuple[Article, Future[tuple[ArticleExtraction | None, str | None]]]] = deque()
        for article in articles:
            window.append((article, pool.submit(one, article)))
            if len(window) >= 2 * workers:
                record(*_done(window.popleft()))
        while window:
            record(*_done(window.popleft()))
    return batch


def _done(
    item: tuple[Article, Future[tuple[ArticleExtraction | None, str | None]]],
) -> tuple[Article, tuple[ArticleExtraction | None, str | None]]:
    return item[0], item[1].result()
