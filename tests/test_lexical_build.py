"""The BM25 index built a page at a time scores exactly as bm25s's own ``index`` does."""

from __future__ import annotations

import random
from pathlib import Path

import bm25s
import numpy as np
import pytest

from extractor.store.lexical import BM25Builder, LexicalIndex, tokenize

SENTENCES = [
    "光大集团与清溪镇签约智慧城市项目，总投资200亿元。",
    "第二期智慧清溪项目计划投资近3.26亿元，预计明年投产。",
    "高新区签约项目39个，总投资605.6亿元，涉及新能源、生物医药等产业。",
    "该项目由某某科技有限公司投资建设，主要生产锂电池隔膜。",
    "区委书记会见客商一行，双方就产业合作进行了深入交流。",
    "新材料产业园项目已于三月开工，年产值预计超过50亿元。",
    "投资",
    "",
]


def corpus(n: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    words = [tokenize(s) for s in SENTENCES]
    docs = [[w for _ in range(rng.randint(0, 4)) for w in rng.choice(words)] for _ in range(n)]
    return [*docs, [], ["投资", "投资", "投资"]]


def reference(docs: list[list[str]]) -> bm25s.BM25:
    ref = bm25s.BM25()
    ref.index([d or [""] for d in docs], show_progress=False)
    return ref


@pytest.mark.parametrize("page", [1, 7, 1000])
def test_paged_build_scores_as_bm25s(page: int) -> None:
    docs = corpus(300, seed=page)
    ref = reference(docs)
    builder = BM25Builder()
    for i in range(0, len(docs), page):
        builder.add(docs[i : i + page])
    mine = builder.finish()
    assert set(mine.vocab_dict) == set(ref.vocab_dict)
    for sentence in SENTENCES[:7]:
        query = tokenize(sentence)
        assert np.array_equal(mine.get_scores(query), ref.get_scores(query)), sentence
    assert mine.scores["data"].dtype == ref.scores["data"].dtype


def test_index_from_pages_ranks_and_survives_save(tmp_path: Path) -> None:
    docs = corpus(120, seed=3)
    index = LexicalIndex.from_pages([docs[:50], docs[50:]])
    assert index.size == len(docs)
    query = tokenize("智慧清溪项目投资")
    best = index.top(query, 5)
    assert best and all(s > 0 for _, s in best)
    assert [i for i, _ in best] == [i for i, _ in LexicalIndex(docs).top(query, 5)]
    index.save(tmp_path / "bm25")
    again = LexicalIndex.load(tmp_path / "bm25", len(docs))
    assert again.top(query, 5) == best


def test_no_documents_give_an_empty_index() -> None:
    index = LexicalIndex.from_pages([])
    assert index.size == 0
    assert index.top(["投资"], 3) == []
