"""Deals beside their paragraphs in a real Chroma: filters, replacement, failures and resume."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from extractor.config import Settings
from extractor.deals import (
    extract_pending,
    pending,
    query_aggregates,
    query_deals,
    save_extraction,
    statuses,
)
from extractor.filters import DealFilter
from extractor.ingest import ingest
from extractor.schema import Aggregate, Deal
from extractor.store import Store
from tests.conftest import offline_settings, seed_path

from .fakes import FlakyRules
from .fixtures_store import chroma_server

__all__ = ["chroma_server"]  # a fixture, used by name

# ``extractor.extract`` as an attribute of the package is the function, not the module.
PIPELINE = importlib.import_module("extractor.extract")
DEALS_MODULE = importlib.import_module("extractor.deals")

XINGHE = """星河园区签约智能制造基地

2023年5月6日,星河园区与示例科技公司签约星河智能制造基地项目,总投资12亿元。
"""
CHANGFENG = """江宁区签约储能电池基地

2023年8月9日,江苏省南京市江宁区与长风新能源有限公司签约长风储能电池基地项目,总投资80亿元。
"""
MINGYUE = """江宁区光伏组件基地开工

2024年1月2日,明月光伏组件基地项目在江苏省南京市江宁区开工,总投资30亿元。
"""


def offline(data_dir: Path, **more: object) -> Settings:
    return offline_settings(data_dir, **more)


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def populate(settings: Settings, folder: Path) -> Store:
    """Seeds 002 and 004 plus two dated articles, ingested and extracted."""
    write_articles(folder, {"xinghe.txt": XINGHE, "changfeng.txt": CHANGFENG})
    report = ingest([seed_path("002"), seed_path("004"), folder], settings=settings)
    assert report.ok and report.ingested == 4, report.failed
    store = Store(settings)
    batch, skipped = extract_pending(store, backend="rules", settings=settings)
    assert batch.ok and len(batch.results) == 4 and skipped == 0, batch.failed
    return store


def key(deal: Deal) -> tuple[str, int, str | None]:
    return deal.evidence[0].source, deal.evidence[0].start, deal.project


def between(deal: Deal, lo: float, hi: float = float("inf")) -> bool:
    value = deal.amount.cny if deal.amount else None
    return value is not None and lo <= value <= hi


# Each case: a filter, and the same condition checked in Python on the unfiltered deals.
# Text filters (industry, investor, place) are held to their fields, not the whole record.
@dataclass(frozen=True)
class Case:
    name: str
    flt: DealFilter
    keep: Callable[[Deal], bool]
    must: tuple[str, ...] = ()  # projects that must be in the result


def _place(deal: Deal) -> str:
    loc = deal.location
    return " ".join(x or "" for x in (loc.text, loc.province, loc.city, loc.district)) if loc else ""


CASES = [
    Case("min", DealFilter(min_cny=1e10), lambda d: between(d, 1e10), ("光大人工智能产业基地",)),
    Case(
        "max",
        DealFilter(max_cny=1.2e9),
        lambda d: between(d, 0, 1.2e9),
        ("星河智能制造基地项目", "第一期智慧清溪提质改造项目"),
    ),
    Case(
        "range",
        DealFilter(min_cny=1e9, max_cny=1e10),
        lambda d: between(d, 1e9, 1e10),
        ("长风储能电池基地项目",),
    ),
    Case(
        "province",
        DealFilter(province="湖南省"),
        lambda d: d.location is not None and d.location.province == "湖南省",
        ("第二期智慧清溪提质改造项目",),
    ),
    Case(
        "district",
        DealFilter(district="江宁区"),
        lambda d: d.location is not None and d.location.district == "江宁区",
        ("长风储能电池基地项目",),
    ),
    Case("stage", DealFilter(stage="started"), lambda d: d.stage == "started", ("光大人工智能产业基地",)),
    Case(
        "date_from",
        DealFilter(date_from="2023-06-01"),
        lambda d: d.date is not None and (d.date.value or "") >= "2023-06-01",
        ("长风储能电池基地项目",),
    ),
    Case(
        "date_range",
        DealFilter(date_from="2023-05", date_to="2023-05"),
        lambda d: d.date is not None and (d.date.value or "").startswith("2023-05"),
        ("星河智能制造基地项目",),
    ),
    Case(
        "industry",
        DealFilter(industry="人工智能"),
        lambda d: "人工智能" in f"{d.industry} {d.project}",
        ("光大人工智能产业基地",),
    ),
    Case(
        "investor",
        DealFilter(investor="示例科技"),
        lambda d: any("示例科技" in i for i in d.investors),
        ("星河智能制造基地项目",),
    ),
    Case("place", DealFilter(place="益阳"), lambda d: "益阳" in _place(d), ("第一期智慧清溪提质改造项目",)),
    Case(
        "source",
        DealFilter(source="changfeng.txt"),
        lambda d: d.evidence[0].source == "changfeng.txt",
        ("长风储能电池基地项目",),
    ),
    Case(
        "combined",
        DealFilter(province="重庆市", min_cny=1e10),
        lambda d: d.location is not None and d.location.province == "重庆市" and between(d, 1e10),
        ("光大人工智能产业基地", "平安建设大健康产业园"),
    ),
]


def check_filters(store: Store) -> None:
    everything = query_deals(store)
    assert len(everything) >= 10
    for case in CASES:
        got = query_deals(store, case.flt)
        want = [d for d in everything if case.keep(d)]
        assert sorted(map(key, got)) == sorted(map(key, want)), case.name
        assert 0 < len(got) < len(everything), f"{case.name}: the filter must change the result"
        assert set(case.must) <= {d.project for d in got}, case.name
    nothing = query_deals(store, DealFilter(province="重庆市", max_cny=1e6))
    assert nothing == []


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Store:
    base = tmp_path_factory.mktemp("deals-store")
    return populate(offline(base / "data"), base / "in")


def test_filters_run_in_embedded_chroma(filled: Store) -> None:
    check_filters(filled)


def test_text_filters_are_held_to_their_field(filled: Store) -> None:
    everything = query_deals(filled)
    # a deal whose sentence mentions 人工智能 though neither its industry nor its name does
    assert any(
        "人工智能" in d.evidence[0].quote and "人工智能" not in f"{d.industry} {d.project}"
        for d in everything
    )
    got = query_deals(filled, DealFilter(industry="人工智能"))
    assert got and all("人工智能" in f"{d.industry} {d.project}" for d in got)
    assert query_deals(filled, DealFilter(place="光大")) == []  # a name, not a place


def test_deals_and_aggregates_are_stored_apart(filled: Store) -> None:
    deals = query_deals(filled)
    aggs = query_aggregates(filled)
    assert deals and aggs
    assert all(isinstance(d, Deal) for d in deals)
    big = query_aggregates(filled, DealFilter(min_cny=5e10))
    assert [a.count for a in big] == [39]
    seed = seed_path("004").name
    of_seed = query_aggregates(filled, DealFilter(source=seed))
    assert of_seed and len(of_seed) < len(aggs)
    assert {a.evidence[0].source for a in of_seed} == {seed}


def test_every_stored_span_holds_in_the_stored_article(filled: Store) -> None:
    texts = {a.source: a.text for a in filled.articles()}
    records: list[Deal | Aggregate] = [*query_deals(filled), *query_aggregates(filled)]
    for rec in records:
        for s in rec.evidence:
            assert texts[s.source][s.start : s.end] == s.quote


def test_an_empty_store_has_no_deals(tmp_path: Path) -> None:
    store = Store(offline(tmp_path))
    assert query_deals(store) == [] and query_aggregates(store) == [] and statuses(store) == {}


# ---------------------------------------------------------------------------- replacing, resuming


@pytest.fixture
def use_backend(monkeypatch: pytest.MonkeyPatch) -> Callable[[FlakyRules], FlakyRules]:
    """Make ``FlakyRules`` the backend a run by name ("rules") gets, as the CLI would."""

    def use(backend: FlakyRules) -> FlakyRules:
        monkeypatch.setattr(PIPELINE, "get_backend", lambda name, settings: backend)
        monkeypatch.setattr(DEALS_MODULE, "get_backend", lambda name, settings: backend)
        return backend

    return use


@pytest.fixture
def small(tmp_path: Path) -> tuple[Settings, Path]:
    settings = offline(tmp_path / "data")
    folder = write_articles(
        tmp_path / "in", {"xinghe.txt": XINGHE, "changfeng.txt": CHANGFENG, "mingyue.txt": MINGYUE}
    )
    report = ingest([folder], settings=settings)
    assert report.ok and report.ingested == 3
    return settings, folder


def _projects(store: Store, source: str | None = None) -> set[str | None]:
    return {d.project for d in query_deals(store, DealFilter(source=source))}


def test_a_failed_extraction_is_recorded_and_a_rerun_resumes_only_it(
    small: tuple[Settings, Path], use_backend: Callable[[FlakyRules], FlakyRules]
) -> None:
    settings, _ = small
    store = Store(settings)
    first = use_backend(FlakyRules({"changfeng.txt"}))
    batch, skipped = extract_pending(store, backend="rules", settings=settings)
    assert sorted(first.calls) == ["changfeng.txt", "mingyue.txt", "xinghe.txt"]
    assert batch.failed == [("changfeng.txt", "server said no to changfeng.txt")] and skipped == 0
    assert sorted(r.source for r in batch.results) == ["mingyue.txt", "xinghe.txt"]
    status = statuses(store)
    assert status["changfeng.txt"]["ok"] is False and "server said no" in status["changfeng.txt"]["error"]
    assert status["xinghe.txt"]["ok"] is True and status["mingyue.txt"]["ok"] is True
    assert _projects(store) == {"星河智能制造基地项目", "明月光伏组件基地项目"}

    second = use_backend(FlakyRules())
    batch, skipped = extract_pending(store, backend="rules", settings=settings)
    assert second.calls == ["changfeng.txt"]
    assert batch.ok and skipped == 2
    assert statuses(store)["changfeng.txt"]["ok"] is True
    assert _projects(store) == {"星河智能制造基地项目", "明月光伏组件基地项目", "长风储能电池基地项目"}
    # the failure record is gone: exactly one status per article
    col = store.chroma.collection("deals")
    assert col is not None
    got = col.get(where={"kind": "status"}, include=["metadatas"])
    assert got["metadatas"] is not None
    assert sorted(str(m["source"]) for m in got["metadatas"]) == [
        "changfeng.txt",
        "mingyue.txt",
        "xinghe.txt",
    ]

    third = use_backend(FlakyRules())
    batch, skipped = extract_pending(store, backend="rules", settings=settings)
    assert third.calls == [] and skipped == 3 and batch.results == []


def test_pending_semantics(
    small: tuple[Settings, Path], use_backend: Callable[[FlakyRules], FlakyRules]
) -> None:
    settings, folder = small
    store = Store(settings)
    articles = store.articles()
    assert [a.source for a in pending(store, articles, "rules")] == [a.source for a in articles]
    use_backend(FlakyRules({"mingyue.txt"}))
    extract_pending(store, backend="rules", settings=settings)
    articles = store.articles()
    # unchanged and ok: not pending; failed: pending
    assert [a.source for a in pending(store, articles, "rules")] == ["mingyue.txt"]
    # extracted by another backend: pending
    assert [a.source for a in pending(store, articles, "llm")] == [a.source for a in articles]
    # changed text (another sha256): pending
    changed = [a.model_copy(update={"sha256": "0" * 64}) if a.source == "xinghe.txt" else a for a in articles]
    assert {a.source for a in pending(store, changed, "rules")} == {"mingyue.txt", "xinghe.txt"}
    # and for real: change the file, re-ingest
    (folder / "changfeng.txt").write_text(CHANGFENG.replace("80亿元", "90亿元"), encoding="utf-8")
    assert ingest([folder], settings=settings).ingested == 1
    assert {a.source for a in pending(store, store.articles(), "rules")} == {"changfeng.txt", "mingyue.txt"}


def test_reingesting_a_changed_article_replaces_its_deals(
    small: tuple[Settings, Path], use_backend: Callable[[FlakyRules], FlakyRules]
) -> None:
    settings, folder = small
    store = Store(settings)
    extract_pending(store, backend="rules", settings=settings)
    assert _projects(store, "changfeng.txt") == {"长风储能电池基地项目"}
    old_sha = statuses(store)["changfeng.txt"]["sha256"]

    (folder / "changfeng.txt").write_text(MINGYUE.replace("明月", "晨星"), encoding="utf-8")
    assert ingest([folder], settings=settings).ingested == 1
    backend = use_backend(FlakyRules())
    batch, skipped = extract_pending(store, backend="rules", settings=settings)
    assert backend.calls == ["changfeng.txt"] and batch.ok and skipped == 2

    assert _projects(store, "changfeng.txt") == {"晨星光伏组件基地项目"}
    everything = [*query_deals(store), *query_aggregates(store)]
    assert not any("长风" in rec.model_dump_json() for rec in everything), "a deal of the old text survived"
    assert statuses(store)["changfeng.txt"]["sha256"] != old_sha
    article = store.get_article("changfeng.txt")
    for rec in query_deals(store, DealFilter(source="changfeng.txt")):
        assert all(article.text[s.start : s.end] == s.quote for s in rec.evidence)


def test_no_deal_of_the_old_text_survives_a_failed_reextraction(
    small: tuple[Settings, Path], use_backend: Callable[[FlakyRules], FlakyRules]
) -> None:
    settings, folder = small
    store = Store(settings)
    extract_pending(store, backend="rules", settings=settings)
    (folder / "changfeng.txt").write_text("前言一句。\n\n" + CHANGFENG, encoding="utf-8")  # offsets move
    assert ingest([folder], settings=settings).ingested == 1
    use_backend(FlakyRules({"changfeng.txt"}))
    batch, _ = extract_pending(store, backend="rules", settings=settings)
    assert not batch.ok
    article = store.get_article("changfeng.txt")
    for rec in [*query_deals(store, DealFilter(source="changfeng.txt"))]:
        assert all(article.text[s.start : s.end] == s.quote for s in rec.evidence)


def test_save_extraction_replaces_the_articles_records(small: tuple[Settings, Path]) -> None:
    settings, _ = small
    store = Store(settings)
    article = store.get_article("xinghe.txt")
    result = PIPELINE.extract_article(article, backend="rules", settings=settings)
    (deal,) = result.deals
    second = deal.model_copy(update={"project": "星河二期", "amount": None})
    with store.writing():
        save_extraction(store, article, result.model_copy(update={"deals": [deal, second]}))
    assert _projects(store, "xinghe.txt") == {"星河智能制造基地项目", "星河二期"}
    assert statuses(store)["xinghe.txt"]["deals"] == 2
    with store.writing():
        save_extraction(store, article, result)
    assert _projects(store, "xinghe.txt") == {"星河智能制造基地项目"}
    assert statuses(store)["xinghe.txt"]["deals"] == 1


# ---------------------------------------------------------------------------- a `chroma run` server


def test_filters_run_in_a_chroma_server(chroma_server: int, tmp_path: Path) -> None:
    settings = offline(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=chroma_server)
    store = populate(settings, tmp_path / "in")
    assert not (tmp_path / "data" / "chroma").exists(), "server mode must not write an embedded store"
    check_filters(store)
    assert [a.count for a in query_aggregates(store, DealFilter(min_cny=5e10))] == [39]
