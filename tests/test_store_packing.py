"""Packed metadata strings: exact round trips, a frozen format, and stores that mix packed and plain
values (records written before packing) read the same."""

from __future__ import annotations

import base64
import hashlib
import zlib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from extractor.config import Settings
from extractor.errors import StoreError
from extractor.ingest import get_article, ingest
from extractor.store import Store, facade
from extractor.store.chroma import DOCUMENT
from extractor.store.packing import SUFFIX, pack, packed, unpack, unpacked

from .conftest import SEEDS, seed_path
from .fixtures_store import store_settings

TEXTS = [
    "",
    "光大人工智能产业基地项目总投资200亿元，落户高新区。",
    "全角１２３　空格\u00a0NBSP\u3000，𠀋 emoji 🚀 and ASCII\r\n\tline",
    '{"project":"星河智造园","investors":["星河集团有限公司"],"amount":null}',
    "本市持续优化营商环境。" * 50_000,
]


@pytest.mark.parametrize("text", TEXTS)
def test_pack_round_trips_exactly(text: str) -> None:
    value = pack(text)
    assert value.isascii() and value[0] == "1"
    assert unpack(value) == text


def test_packing_makes_chinese_text_and_deal_json_smaller() -> None:
    for text in (seed_path("001").read_text(encoding="utf-8"), TEXTS[3] * 3):
        assert len(pack(text)) < 0.8 * len(text.encode("utf-8"))


def test_the_format_is_frozen() -> None:
    """Values packed by an earlier release must unpack forever, and values packed now must be read
    by an earlier release: the dictionary may never change (a new one is a new mark), this value was
    packed when format 1 was made, and what ``pack`` writes today a plain format-1 reader reads."""
    data = resources.files("extractor.store").joinpath("pack_v1.dict").read_bytes()
    frozen = "ad84d80b8169c4b2d9ea79df725b2899ae25ed7f7d4cf975b7f7cf0f41e04df9"
    assert hashlib.sha256(data).hexdigest() == frozen
    assert unpack("1eLsZ5EwRA3ZugWUccm8deY4QbTGRkYEBxCag3ZD6Cx5DQLsB81o0lw==") == TEXTS[1]
    for text in TEXTS:
        value = pack(text)
        z = zlib.decompressobj(zdict=data)
        raw = z.decompress(base64.b64decode(value[1:], validate=True)) + z.flush()
        assert value[0] == "1" and z.eof and not z.unused_data and raw.decode("utf-8") == text


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2" + pack("x")[1:], "unknown format '2'"),
        (pack(TEXTS[4])[:-200], "cut short"),
        (pack("签约")[:-4] + base64.b64encode(b"!").decode(), ""),
        ("1" + base64.b64encode(base64.b64decode(pack("签约")[1:]) + b"xx").decode(), "after its end"),
        ("1!!!!", ""),
        ("1", "cut short"),
    ],
)
def test_a_damaged_value_is_a_store_error_never_a_part_of_its_text(value: str, why: str) -> None:
    with pytest.raises(StoreError, match=f"cannot be read.*{why}.*re-ingest"):
        unpack(value)


def test_unpacked_reads_either_way_and_takes_both_keys_out() -> None:
    meta: dict[str, Any] = {"source": "a.txt"}
    packed(meta, "lex", "签约 项目")
    assert meta["lex"] is None and set(meta) == {"source", "lex", "lex" + SUFFIX}  # None: the plain one goes
    assert unpacked(meta, "lex") == "签约 项目" and meta == {"source": "a.txt"}
    plain: dict[str, Any] = {"lex": "签约 项目"}
    assert unpacked(plain, "lex") == "签约 项目" and plain == {}
    assert unpacked({}, "lex") is None


def _unpack_in_place(settings: Settings) -> int:
    """Rewrite every packed value of the store as the previous version wrote it (plain), through
    Chroma itself; returns how many records were rewritten."""
    store = Store(settings)
    n = 0
    with store.writing():
        for kind, key in (("articles", DOCUMENT), ("deals", DOCUMENT), ("chunks", "lex")):
            col = store.chroma.collection(kind)
            assert col is not None
            got: Any = col.get(include=["metadatas"])
            ids: list[str] = []
            metas: list[Any] = []
            for id_, meta in zip(got["ids"], got["metadatas"], strict=True):
                if key + SUFFIX in meta:
                    plain = dict(meta)
                    text = unpacked(plain, key)
                    # Chroma's update merges keys: the packed key is dropped by setting it to None
                    ids.append(id_)
                    metas.append({**plain, key: text, key + SUFFIX: None})
            col.update(ids=ids, metadatas=metas)
            store.chroma.changed.add(col.name)
            n += len(ids)
    return n


def test_a_store_written_plain_reads_and_answers_the_same(tmp_path: Path) -> None:
    from extractor.deals import extract_pending, query_deals
    from extractor.qa import ask

    settings = store_settings(tmp_path / "data")
    assert ingest([SEEDS], settings=settings).ok
    assert extract_pending(Store(settings), backend="rules", settings=settings)[0].ok
    question = "光大人工智能产业基地总投资多少?"
    before = (
        [get_article(p.name, settings).text for p in sorted(SEEDS.glob("*.txt"))],
        [(h.source, h.start, h.end) for h in Store(settings).search(question, k=8)],
        sorted(d.model_dump_json() for d in query_deals(Store(settings))),
        ask(question, settings=settings, backend="rules").answer,
    )
    assert _unpack_in_place(settings) > 0
    facade._LEXICAL.clear()  # what a new process starts with
    facade._TEXTS.clear()
    col = Store(settings).chroma.collection("articles")
    assert col is not None
    raw: Any = col.get(limit=1, include=["metadatas"])
    assert DOCUMENT in raw["metadatas"][0] and DOCUMENT + SUFFIX not in raw["metadatas"][0]
    after = (
        [get_article(p.name, settings).text for p in sorted(SEEDS.glob("*.txt"))],
        [(h.source, h.start, h.end) for h in Store(settings).search(question, k=8)],
        sorted(d.model_dump_json() for d in query_deals(Store(settings))),
        ask(question, settings=settings, backend="rules").answer,
    )
    assert after == before and "200亿元" in after[3]


def test_rewriting_a_plain_record_leaves_only_what_is_written_now(tmp_path: Path) -> None:
    """Chroma's upsert merges metadata: a record first written plain (or with a value that is gone
    now, such as a date) keeps nothing of its old metadata once rewritten."""
    from extractor.deals import extract_pending, query_deals, save_extraction
    from extractor.schema import ArticleExtraction

    settings = store_settings(tmp_path / "data")
    path = tmp_path / "a.txt"
    path.write_text("2023年7月28日\n\n星河智造园项目总投资88亿元，落户杭州市滨江区。\n", encoding="utf-8")
    assert ingest([path], settings=settings).ok
    assert extract_pending(Store(settings), backend="rules", settings=settings)[0].ok
    assert get_article("a.txt", settings).published == "2023-07-28"
    assert _unpack_in_place(settings) > 0  # as an earlier version left it: every value plain

    path.write_text("星河智造园项目总投资90亿元，落户杭州市。\n", encoding="utf-8")  # no date now
    assert ingest([path], settings=settings, replace=True).ingested == 1
    article = get_article("a.txt", settings)
    assert article.published is None and article.published_text is None
    assert article.text == path.read_text(encoding="utf-8")
    assert extract_pending(Store(settings), backend="rules", settings=settings)[0].ok
    (deal,) = query_deals(Store(settings))
    assert deal.amount is not None and deal.amount.value == 9e9
    # the same record ids rewritten, with a value gone: the deal's district
    moved = deal.model_copy(update={"location": None})
    with Store(settings).writing() as writer:
        save_extraction(writer, article, ArticleExtraction(source="a.txt", backend="rules", deals=[moved]))
    store = Store(settings)
    for kind, key in (("articles", DOCUMENT), ("deals", DOCUMENT), ("chunks", "lex")):
        col = store.chroma.collection(kind)
        assert col is not None
        metas: Any = col.get(where={"source": "a.txt"}, include=["metadatas"])["metadatas"]
        assert metas and all(key + SUFFIX in m and key not in m for m in metas)
        assert all("published_text" not in m for m in metas)
        if kind == "deals":
            assert all("district" not in m and "city" not in m for m in metas)
    (again,) = query_deals(store)
    assert again.location is None and again.amount == deal.amount
