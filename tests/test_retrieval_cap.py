"""Retrieval that one article can't crowd out: a cap on hits per article (articles of our own)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from extractor.config import Settings
from extractor.ingest import ingest
from extractor.qa.context import PER_ARTICLE, Context

_QUESTION = "鑫源新材料产业园项目总投资多少?"


def test_a_keyword_stuffed_article_cannot_fill_the_hits(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(120):
        (folder / f"other_{i:03d}.txt").write_text(
            f"第{i}期农业观察\n\n今年第{i}周，当地小麦长势良好，农技人员深入田间指导春季管理。\n",
            encoding="utf-8",
        )
    stuffed = "\n\n".join(f"鑫源新材料产业园项目总投资多少？鑫源新材料产业园项目第{i}问。" for i in range(40))
    (folder / "stuffed.txt").write_text("鑫源新材料产业园项目问答\n\n" + stuffed + "\n", encoding="utf-8")
    (folder / "report.txt").write_text(
        "东湖区重大项目签约\n\n6月8日，鑫源新材料产业园项目在东湖区签约，总投资12亿元。\n",
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "store", backend="rules", chunk_tokens=32)
    assert ingest([folder], settings=settings).ok
    hits = Context.open(settings).search(_QUESTION, k=8, filters=None)
    per = Counter(h.source for h in hits)
    assert len(hits) == 8
    assert per["stuffed.txt"] == PER_ARTICLE
    assert "report.txt" in per
