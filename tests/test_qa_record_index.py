"""The deal route's record index: the same answers as reading every record, reading only a few.

The index lays each current record's normalised context end to end (each paragraph's
once); a question
parses only the records that hold its places, years and topic words. These
tests hold it to the old way (every record parsed, every context computed from
its article) on the seeds, and check that it is saved per generation, reloaded,
and rebuilt after a write.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from extractor.config import Settings
from extractor.deals import query_aggregates, query_deals
from extractor.qa.context import Context
from extractor.qa.deals import answer_from_deals
from extractor.qa.parse import parse_deal_query
from extractor.qa.records import RecordIndex, open_index
from extractor.store import Store
from extractor.text.normalize import normalize, normalize_text

from .conftest import SEEDS
from .fixtures_store import chroma_server, store_settings
from .qa_fixtures import seeded

__all__ = ["chroma_server", "seeded"]

ROOT = Path(__file__).resolve().parent.parent


def _haystack(index: RecordIndex, i: int) -> str:
    """What ``matching`` searches for record ``i``: its paragraph context and its own segment, each
    ended by the index's end mark (no term spans the two)."""
    k, own, ends = int(index.context_of[i]), index.n_contexts + i, index.segments
    context, text = index.hay[int(ends[k]) : int(ends[k + 1])], index.hay[int(ends[own]) : int(ends[own + 1])]
    return (context + text).decode("utf-8")


def _questions() -> list[str]:
    lines = (ROOT / "evals/gold/qa.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def test_the_matching_copy_alone_is_the_one_with_offsets() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("全角３９亿元\u3000，⑤号\tＡＢＣ\n ﬁ 한국 \u00a0é")
    for text in texts:
        assert normalize_text(text) == normalize(text).text


def test_index_answers_as_every_record_does(seeded: Settings) -> None:
    """Each deal question answered over the index equals the answer over all parsed records."""
    ctx = Context.open(seeded)
    store = Store(seeded)
    deals, aggregates = query_deals(store), query_aggregates(store)
    assert len(ctx.deals()) == len(deals) and len(ctx.aggregates()) == len(aggregates)
    assert [d.model_dump() for d in ctx.deals()] == [d.model_dump() for d in deals]
    compared = 0
    for question in _questions():
        q = parse_deal_query(question)
        fast = answer_from_deals(question, q, ctx.deals(), ctx.aggregates(), ctx.context)
        slow = answer_from_deals(question, q, deals, aggregates, ctx.context)
        assert (fast and fast.model_dump()) == (slow and slow.model_dump()), question
        compared += slow is not None
    assert compared >= 5  # the gold set has deal questions the records answer


def test_what_a_paragraph_context_passes_its_records_pass(seeded: Settings) -> None:
    """The scope's text checks (qualifiers, days, topic words) are asked once per paragraph
    context: for every gold question and record, a context that passes alone means the record's
    text passes, and the index keeps the same records as asking each record's text."""
    from extractor.qa import deals as route
    from extractor.qa.records import record_text

    ctx = Context.open(seeded)
    index, records = ctx.records(), ctx.deals()
    known = route.known_places(list(records))
    checked = passed = 0
    for question in _questions():
        scope = route.question_scope(question, parse_deal_query(question), known)
        for p in range(len(index)):
            context = index.context_text(int(index.context_of[p]))
            norm = index.norm(p)
            assert norm == record_text(context, index.fields(p).decode("utf-8"))
            for floor in (route.DEAL_TOPIC, route.AGGREGATE_TOPIC):
                if route._text_in_scope(scope, context, min_topic=floor):
                    passed += 1
                    assert route._text_in_scope(scope, norm, min_topic=floor), (question, p)
                checked += 1
        one_by_one = [
            (r, n) for r, n in ((index.record(p), index.norm(p)) for p in records.positions)
            if route._text_in_scope(scope, n, min_topic=route.DEAL_TOPIC)
        ]
        admits = functools.partial(route._text_in_scope, scope, min_topic=route.DEAL_TOPIC)
        assert records.in_scope([], admits=admits) == one_by_one, question
    assert passed > checked // 10  # the shortcut is taken


def test_index_is_saved_and_reloaded(seeded: Settings) -> None:
    store = Store(seeded)
    generation = store.generation()
    built = open_index(store, generation)
    folder = seeded.data_dir / "records" / str(generation)
    assert folder.is_dir()
    loaded = RecordIndex.load(folder, generation)
    assert loaded is not None and len(loaded) == len(built) > 0
    assert loaded.hay[:] == built.hay[:]
    assert [loaded.record(i) for i in range(len(loaded))] == [built.record(i) for i in range(len(built))]
    assert RecordIndex.load(folder, "another generation") is None


def test_a_question_parses_only_records_in_its_words(seeded: Settings) -> None:
    ctx = Context.open(seeded)
    index = ctx.records()
    deals = ctx.deals()
    picked = index.matching([{"光大"}], deals.positions)
    assert picked and len(picked) < len(deals)
    assert all("光大" in _haystack(index, i) for i in picked)
    assert index.matching([{"光大"}, {"不存在的词语"}], deals.positions) == []


def test_whose_investment_a_name_is_reads_the_records_fields(seeded: Settings) -> None:
    """``invested_by`` agrees with reading every record's investors, for firms and for words
    that occur only in contexts (places, events)."""
    ctx = Context.open(seeded)
    deals = ctx.deals()
    everyone = list(deals)
    for name in ("浪潮", "华为", "滴滴", "光大", "重庆", "智博会", "签约", "不存在的公司"):
        expected = any(name in normalize_text(i) for d in everyone for i in d.investors)
        assert deals.invested_by(name) == expected, name
    assert deals.invested_by("浪潮") and not deals.invested_by("智博会")


def test_a_term_finds_exactly_the_records_whose_haystack_holds_it(seeded: Settings) -> None:
    """Paragraph contexts are stored once and shared by their records: a term found in one is
    found for each of its records, and for no other."""
    index = Context.open(seeded).records()
    assert index.n_contexts < len(index)  # some records share a paragraph
    everyone = range(len(index))
    terms = {"光大", "重庆", "2023", "亿元", "签约", "智慧清溪", "开工", "上半年", "不存在的词语"}
    terms |= {normalize_text(q)[:2] for q in _questions()}
    for term in terms:
        expected = [i for i in everyone if term in _haystack(index, i)]
        assert index.matching([{term}], everyone) == expected, term
    loaded = RecordIndex.load(seeded.data_dir / "records" / str(index.generation), index.generation)
    assert loaded is not None
    assert [loaded.norm(i) for i in everyone] == [index.norm(i) for i in everyone]


def test_records_holding_a_term_of_every_group_are_found_exactly(seeded: Settings) -> None:
    """With several groups, the later groups' terms are looked for in each paragraph context once
    and in each record's own text: the records found are those whose haystack holds a term of
    every group, in the order asked."""
    index = Context.open(seeded).records()
    everyone = list(range(len(index)))
    groups = [{"重庆", "滨湖区"}, {"2023", "上半年"}, {"签约", "开工"}, {"亿元"}, {"光大", "不存在的词语"}]
    hays = [_haystack(index, i) for i in everyone]
    for first in groups:
        for second in groups:
            for third in ([], [{"项目"}]):
                asked = [first, second, *third]
                expected = [i for i in everyone if all(any(t in hays[i] for t in g) for g in asked)]
                assert index.matching(asked, everyone) == expected, asked
                assert index.matching(asked, everyone[::-1]) == expected[::-1], asked


def test_a_write_moves_the_index_to_the_new_generation(tmp_path: Path) -> None:
    from extractor.deals import extract_pending
    from extractor.ingest import ingest

    settings = store_settings(tmp_path / "data", backend="rules")
    seeds = sorted(SEEDS.glob("*.txt"))
    assert ingest(seeds[:2], settings=settings).ok
    extract_pending(Store(settings), backend="rules", settings=settings)
    old = Context.open(settings).records()
    assert ingest(seeds[2:], settings=settings).ok
    extract_pending(Store(settings), backend="rules", settings=settings)
    new = Context.open(settings).records()
    assert new.generation != old.generation and len(new) > len(old)
    assert [p.name for p in (tmp_path / "data" / "records").iterdir()] == [str(new.generation)]
    # the records of the articles added since are answered from
    sources = {s.name for s in seeds[2:]}
    assert {new.sources[i] for i in range(len(new))} & sources
    assert not {old.sources[i] for i in range(len(old))} & sources


@pytest.mark.server
def test_index_over_a_chroma_server(chroma_server: int, tmp_path: Path) -> None:
    """A server's store: the index is saved in this client's data folder, named for the server and
    the collections, and a new process loads it."""
    from extractor.deals import extract_pending
    from extractor.ingest import ingest

    settings = store_settings(
        tmp_path / "data", chroma_host="127.0.0.1", chroma_port=chroma_server, collection_prefix="recidx"
    )
    assert ingest([SEEDS], settings=settings).ok
    extract_pending(Store(settings), backend="rules", settings=settings)
    index = Context.open(settings).records()
    assert len(index) == len(query_deals(Store(settings))) + len(query_aggregates(Store(settings)))
    assert not (tmp_path / "data" / "records").exists()
    server = f"127.0.0.1-{chroma_server}-recidx"
    saved = tmp_path / "data" / "servers" / server / "records" / str(index.generation)
    assert saved.is_dir()
    loaded = RecordIndex.load(saved, index.generation)
    assert loaded is not None and loaded.hay[:] == index.hay[:]
    # so is the BM25 index, saved by the write session
    assert [p.name.split("-")[0] for p in (tmp_path / "data" / "servers" / server / "lexical").iterdir()]
