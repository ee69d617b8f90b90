"""``dealqa bench``: how fast this machine ingests, extracts and answers.

A benchmark, not a test: numbers vary between runs, so it reports medians
and percentiles, and ratios where it compares two things (a cached LLM run
against a fresh one, a warm question against a cold one).
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from .config import Settings, get_settings
from .errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FALLBACK_QUESTIONS = [
    "光大人工智能产业基地总投资多少?",
    "哪些项目投资额超过100亿元?",
    "重庆高新区上半年签约了多少个项目?",
    "埃克斯工业把总部落户在哪里?",
    "腾讯未来中心投资多少亿元?",
]


def make_corpus(folder: Path, n: int, seeds: Path = SEEDS) -> int:
    """Write ``n`` distinct articles made from the seeds into ``folder``; their total bytes.

    Each is a seed with a numbered first line and its paragraphs shuffled
    (deterministically), so every file has its own hash and its own chunks.
    """
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    if not texts:
        raise ConfigError(
            f"no seed articles (*.txt) in {seeds}: the benchmark builds its corpus from the seeds "
            "of a dealqa checkout; run it there"
        )
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        rng = random.Random(i)
        lines = [line for line in texts[i % len(texts)].split("\n") if line.strip()]
        head, body = lines[0], lines[1:]
        rng.shuffle(body)
        path = folder / f"bench_{i:05d}.txt"
        path.write_text(f"第{i}号稿件\n\n{head}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        total += path.stat().st_size
    return total


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    began = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - began


def _questions() -> list[str]:
    gold = ROOT / "evals" / "gold" / "qa.jsonl"
    if gold.exists():
        return [
            json.loads(line)["question"] for line in gold.read_text(encoding="utf-8").splitlines() if line
        ]
    return FALLBACK_QUESTIONS


def cold_ask(settings: Settings, question: str, *, runs: int = 5) -> list[float]:
    """Seconds of ``dealqa ask`` in a fresh process (what a user at a shell waits), ``runs`` times."""
    command = [sys.executable, "-m", "extractor", "--data-dir", str(settings.data_dir), "ask", question]
    env = {**os.environ, "DEALQA_EMBEDDER": settings.embedder}  # the store's embedder, whatever is set
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        out.append(time.perf_counter() - began)
        if done.returncode != 0:
            raise ConfigError(f"`dealqa ask` failed in a fresh process: {done.stderr.strip()[-500:]}")
    return out


def bench_store(settings: Settings, n_articles: int, n_questions: int, cold_runs: int = 5) -> dict[str, Any]:
    """Ingest ``n_articles``, extract them with the rules backend, then time ``ask()``."""
    from .deals import extract_pending
    from .extract import extract
    from .ingest import ingest
    from .qa import ask
    from .store import Store

    with tempfile.TemporaryDirectory(prefix="dealqa-bench-") as tmp:
        corpus = Path(tmp) / "articles"
        size = make_corpus(corpus, n_articles)
        settings = settings.with_(data_dir=Path(tmp) / "data", chroma_host=None, embedder="hash")
        report, ingest_s = _timed(lambda: ingest([corpus], settings=settings))
        mem_after_ingest = peak_mb()
        store = Store(settings)
        (batch, _), extract_s = _timed(
            lambda: extract_pending(store, backend="rules", settings=settings, keep_results=False)
        )
        seed_texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        one = []
        for _ in range(3):
            for text in seed_texts:
                began = time.perf_counter()
                extract(text, backend="rules", settings=settings)
                one.append(time.perf_counter() - began)
        questions = _questions()
        fresh = cold_ask(settings, questions[0], runs=cold_runs) if cold_runs else [0.0]
        _, cold = _timed(lambda: ask(questions[0], settings=settings))
        latencies = []
        for i in range(n_questions):
            began = time.perf_counter()
            ask(questions[i % len(questions)], settings=settings)
            latencies.append(time.perf_counter() - began)
    return {
        "articles": report.ingested,
        "megabytes": round(size / 1e6, 1),
        "chunks": report.chunks,
        "ingest_seconds": round(ingest_s, 2),
        "ingest_articles_per_s": round(report.ingested / ingest_s, 1),
        "ingest_chunks_per_s": round(report.chunks / ingest_s, 1),
        "peak_mb_after_ingest": round(mem_after_ingest),
        "extract_articles_per_s": round(batch.totals.extracted / extract_s, 1),
        "deals": batch.totals.deals,
        "extract_seed_median_ms": round(statistics.median(one) * 1000, 1),
        "ask_cold_ms": round(cold * 1000, 1),
        "ask_fresh_process_ms": round(statistics.median(fresh) * 1000, 1),
        "ask_fresh_runs": len(fresh),
        "ask_p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "ask_p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "questions": n_questions,
        "peak_mb": round(peak_mb()),
    }


def bench_llm(settings: Settings, n_articles: int = 10, folder: Path | None = None) -> dict[str, Any]:
    """Calls and tokens per article through the loopback test server, fresh and cached.

    The articles are ``n_articles`` made from the seeds, or every ``.txt`` in ``folder``.
    """
    from .backends.llm import LLMBackend
    from .extract import extract_article
    from .testing.openai_server import serve_rules
    from .text.article import build_article

    with tempfile.TemporaryDirectory(prefix="dealqa-bench-llm-") as tmp:
        corpus = folder or Path(tmp) / "articles"
        if folder is None:
            make_corpus(corpus, n_articles)
        articles = [
            build_article(p.read_text(encoding="utf-8"), source=p.name) for p in sorted(corpus.glob("*.txt"))
        ]
        with serve_rules() as base_url:
            llm = settings.with_(
                data_dir=Path(tmp) / "data", llm_model="bench-model", llm_base_url=base_url, llm_api_key="x"
            )
            runs = []
            for _ in range(2):  # the second run is served from the cache
                backend = LLMBackend(llm)
                began = time.perf_counter()
                results = [extract_article(a, backend=backend, settings=llm) for a in articles]
                seconds = time.perf_counter() - began
                runs.append(
                    {
                        "calls": sum(r.diagnostics.calls for r in results),
                        "prompt_tokens": sum(r.diagnostics.prompt_tokens for r in results),
                        "completion_tokens": sum(r.diagnostics.completion_tokens for r in results),
                        "seconds": seconds,
                    }
                )
    first, second = runs
    n = len(articles)
    return {
        "articles": n,
        "calls_per_article": round(first["calls"] / n, 2),
        "prompt_tokens_per_article": round(first["prompt_tokens"] / n),
        "completion_tokens_per_article": round(first["completion_tokens"] / n),
        "cached_run_tokens": second["prompt_tokens"] + second["completion_tokens"],
        "cached_run_calls": second["calls"],
        "cached_speedup": round(first["seconds"] / max(second["seconds"], 1e-9), 1),
    }


def run_bench(
    *, n_articles: int = 1000, n_questions: int = 200, with_llm: bool = True, console: Console | None = None
) -> dict[str, Any]:
    console = console or Console()
    settings = get_settings()
    console.print(f"[dim]building a store of {n_articles} articles from the seeds…[/]")
    store = bench_store(settings, n_articles, n_questions)
    llm = bench_llm(settings) if with_llm else None
    table = Table(title="dealqa bench", show_header=True, header_style="bold")
    table.add_column("measure")
    table.add_column("value", justify="right")
    fresh, p50 = store["ask_fresh_process_ms"], max(store["ask_p50_ms"], 1e-9)
    rows = [
        ("ingest", f"{store['articles']} articles ({store['megabytes']} MB), {store['chunks']} chunks"),
        ("ingest articles/s", store["ingest_articles_per_s"]),
        ("ingest chunks/s", store["ingest_chunks_per_s"]),
        ("peak memory after ingest (MB)", store["peak_mb_after_ingest"]),
        ("rules extraction articles/s", store["extract_articles_per_s"]),
        ("rules extract() of a seed, median (ms)", store["extract_seed_median_ms"]),
        (f"`dealqa ask` in a fresh process, median of {store['ask_fresh_runs']} (ms)", fresh),
        ("first ask() in this process (ms)", store["ask_cold_ms"]),
        (f"ask() warm p50 over {store['questions']} (ms)", store["ask_p50_ms"]),
        ("ask() warm p95 (ms)", store["ask_p95_ms"]),
        ("fresh process / warm p50", round(fresh / p50, 1)),
        ("first in process / warm p50", round(store["ask_cold_ms"] / p50, 1)),
    ]
    if llm:
        rows += [
            (f"llm calls / article ({llm['articles']} articles)", llm["calls_per_article"]),
            ("llm prompt tokens / article", llm["prompt_tokens_per_article"]),
            ("llm completion tokens / article", llm["completion_tokens_per_article"]),
            ("llm cached run: calls, tokens", f"{llm['cached_run_calls']}, {llm['cached_run_tokens']}"),
            ("llm cached run speed-up (fresh / cached)", llm["cached_speedup"]),
        ]
    for name, value in rows:
        table.add_row(name, str(value))
    console.print(table)
    return {"store": store, "llm": llm}
