"""Rules extraction speed alone: articles per second on the seeds and on the real corpus.

    .venv/bin/python evals/bench_extract.py [--rounds 7]

Each round extracts every article once (after one warm-up round that loads jieba and
jionlp); the report gives the median round and the spread, so two runs on this shared
machine are compared by their medians. ``extract()`` is the public call: decoding aside,
it is what ``dealqa ingest`` does per article after storing it. Also prints the longest
article's time per 1,000 characters, to watch that extraction stays linear in length.

``--batch`` times a batch instead: every distinct article of the seeds and the eval sets,
through ``extract_many`` in this process and then in worker processes (one per core; what
``dealqa ingest`` uses for a large batch), each round with empty caches, worker start-up
included.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from extractor import extract
from extractor.config import get_settings
from extractor.extract import extract_many, read_article
from extractor.schema import Article

ROOT = Path(__file__).resolve().parent.parent
SETS = {"seeds": ROOT / "seeds", "corpus": ROOT / "evals" / "corpus" / "articles"}


def _forget() -> None:
    """Empty the per-text caches (tags, place parses, normalised copies), not the dictionaries:
    each round then reads the articles as if for the first time."""
    from extractor.text import normalize, places, segment

    segment.tags.cache_clear()
    places._parse.cache_clear()
    normalize.normalize.cache_clear()


def _round(texts: list[str]) -> float:
    _forget()
    began = time.perf_counter()
    for i, text in enumerate(texts):
        extract(text, source=f"bench-{i}", backend="rules")
    return time.perf_counter() - began


def _batch_round(articles: list[Article], processes: int) -> float:
    _forget()
    settings = get_settings().with_(extract_processes=processes)
    began = time.perf_counter()
    batch = extract_many(articles, backend="rules", settings=settings, expected=len(articles))
    assert not batch.failed, batch.failed[:3]
    return time.perf_counter() - began


def batch(rounds: int) -> None:
    from extractor import rules_pool

    rules_pool.MIN_ARTICLES = 1  # time the pool at this batch's size, whatever the default threshold
    paths = sorted(SETS["seeds"].glob("*.txt")) + sorted((ROOT / "evals").glob("*/articles/*.txt"))
    articles = [read_article(p) for p in paths]  # some are GB18030: decoded as ingest decodes them
    chars = sum(len(a.text) for a in articles)
    cores = os.cpu_count() or 1
    _batch_round(articles, 1)  # warm-up: dictionaries
    for processes in (1, cores):
        times = [_batch_round(articles, processes) for _ in range(rounds)]
        med = statistics.median(times)
        print(
            f"batch of {len(articles)} articles ({chars:,} chars), {processes} process(es): median "
            f"{len(articles) / med:.1f} articles/s, {chars / med / 1000:.1f}k chars/s "
            f"(rounds {min(times):.2f}-{max(times):.2f} s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--batch", action="store_true", help="a batch, in one process and in workers")
    args = parser.parse_args()
    if args.batch:
        batch(args.rounds)
        return
    for name, folder in SETS.items():
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
        _round(texts)  # warm-up: dictionaries and caches
        times = [_round(texts) for _ in range(args.rounds)]
        med = statistics.median(times)
        chars = sum(len(t) for t in texts)
        print(
            f"{name}: {len(texts)} articles, {chars:,} chars; median {len(texts) / med:.1f} articles/s "
            f"({med * 1000 / len(texts):.1f} ms/article; rounds {min(times):.2f}-{max(times):.2f} s)"
        )
        longest = max(texts, key=len)
        one = statistics.median(_round([longest]) for _ in range(args.rounds))
        print(f"  longest article {len(longest):,} chars: {one * 1e6 / len(longest):.1f} ms per 1,000 chars")


if __name__ == "__main__":
    main()
