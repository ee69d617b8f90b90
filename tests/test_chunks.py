"""Chunks: exact slices of the article, paragraph-aligned, within the token bound."""

from __future__ import annotations

import hashlib

import pytest

from extractor.schema import Article, Chunk, Paragraph
from extractor.text.article import build_article
from extractor.text.chunks import chunk_article, chunk_key
from extractor.text.tokens import count_tokens

from .conftest import seed_article

SEEDS = ("000", "001", "002", "003", "004")
ENDS = "。！？；!?;”’」』\"'"


def _article(text: str, kinds: list[str] | None = None, source: str = "t.txt") -> Article:
    """An article with one paragraph per non-empty line (kinds given, else body)."""
    paragraphs: list[Paragraph] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            kind = kinds[len(paragraphs)] if kinds else "body"
            paragraphs.append(Paragraph(n=len(paragraphs) + 1, start=pos, end=pos + len(line), kind=kind))
        pos += len(line) + 1
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Article(source=source, sha256=sha, text=text, paragraphs=paragraphs)


def _check_invariants(article: Article, chunks: list[Chunk], bound: int) -> None:
    body = [p for p in article.paragraphs if p.kind != "boilerplate"]
    boiler = [p for p in article.paragraphs if p.kind == "boilerplate"]
    assert len({c.id for c in chunks}) == len(chunks)
    prev_end = 0
    for c in chunks:
        assert article.text[c.start : c.end] == c.text
        assert c.tokens == count_tokens(c.text) <= bound
        assert c.text == c.text.strip() and c.text
        assert c.start >= prev_end, "chunks overlap or are out of order"
        prev_end = c.end
        touched = [p.n for p in article.paragraphs if p.start < c.end and c.start < p.end]
        assert c.paragraphs == touched
        assert not any(p.start < c.end and c.start < p.end for p in boiler), "boilerplate inside a chunk"
    for p in body:  # every character of every body paragraph is in some chunk, except whitespace
        covered = [c for c in chunks if c.start < p.end and p.start < c.end]
        text = "".join(article.text[max(p.start, c.start) : min(p.end, c.end)] for c in covered)
        assert "".join(text.split()) == "".join(article.paragraph_text(p.n).split())


@pytest.mark.parametrize("prefix", SEEDS)
@pytest.mark.parametrize("bound", [40, 128, 256])
def test_seed_chunks_are_exact_slices_within_the_bound(prefix: str, bound: int) -> None:
    article = seed_article(prefix)
    chunks = chunk_article(article, max_tokens=bound, encoding="o200k_base")
    assert chunks
    _check_invariants(article, chunks, bound)


def test_paragraphs_are_packed_and_boilerplate_breaks_chunks() -> None:
    text = "第一段。\n\n第二段。\n\n广告：扫码关注\n\n第三段。"
    article = _article(text, ["body", "body", "boilerplate", "body"])
    chunks = chunk_article(article, max_tokens=256, encoding="o200k_base")
    assert [c.paragraphs for c in chunks] == [[1, 2], [4]]
    assert chunks[0].text == "第一段。\n\n第二段。"
    _check_invariants(article, chunks, 256)


def test_long_paragraph_is_split_at_sentence_ends() -> None:
    sentences = [f"第{i}个项目总投资{i * 3}亿元，主要建设研发中心和生产基地。" for i in range(40)]
    sentences[5] = "他说：“项目已经签约。”"
    article = _article("导语。\n" + "".join(sentences) + "\n结语。")
    chunks = chunk_article(article, max_tokens=64, encoding="o200k_base")
    _check_invariants(article, chunks, 64)
    assert len(chunks) > 5
    for c in chunks:
        assert c.text[-1] in ENDS, c.text
    assert not any(c.text.startswith("”") for c in chunks), "a closing quote was cut off its sentence"


def test_sentence_longer_than_the_bound_is_cut_by_tokens() -> None:
    long = "".join(f"项目{i}总投资{i}亿元" for i in range(400))  # no sentence end at all
    article = _article(long + "\nASCII " + "word " * 3000)
    chunks = chunk_article(article, max_tokens=50, encoding="o200k_base")
    _check_invariants(article, chunks, 50)
    assert max(c.tokens for c in chunks) >= 45, "hard cuts should fill the bound"


def test_ids_are_stable_and_follow_the_content() -> None:
    a = seed_article("002")
    first = [c.id for c in chunk_article(a, max_tokens=128, encoding="o200k_base")]
    assert first == [c.id for c in chunk_article(a, max_tokens=128, encoding="o200k_base")]
    assert all(i.startswith(f"{a.source}#") for i in first)
    changed = build_article(a.text + "\n\n新增一段。", source=a.source)
    assert not set(first) & {c.id for c in chunk_article(changed, max_tokens=128, encoding="o200k_base")}
    assert chunk_key(a, max_tokens=128, encoding="o200k_base") != chunk_key(
        a, max_tokens=256, encoding="o200k_base"
    )


def test_whitespace_around_paragraphs_stays_out_of_chunks() -> None:
    article = _article("  前面有空格。  \n后面\n   ")
    chunks = chunk_article(article, max_tokens=64, encoding="o200k_base")
    assert [c.text for c in chunks] == ["前面有空格。  \n后面"]
    _check_invariants(article, chunks, 64)


def test_empty_article_and_bad_bound() -> None:
    empty = _article("")
    assert chunk_article(empty, max_tokens=64, encoding="o200k_base") == []
    with pytest.raises(ValueError):
        chunk_article(seed_article("000"), max_tokens=0, encoding="o200k_base")


@pytest.mark.parametrize("seed", range(8))
def test_random_text_keeps_every_invariant(seed: int) -> None:
    import random

    rng = random.Random(seed)
    alphabet = (
        list("投资项目签约亿元产业基地")
        + list("abcxyz0123")
        + ["😀", "𠀀", "é", " ", " ", "。", "！", "”", "\t"]
    )
    lines = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400))) for _ in range(12)]
    kinds = ["boilerplate" if rng.random() < 0.2 else "body" for _ in lines]
    article = _article("\n".join(lines), kinds)
    for bound in (8, 16, 64):
        _check_invariants(article, chunk_article(article, max_tokens=bound, encoding="o200k_base"), bound)
