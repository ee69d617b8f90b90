"""Ingest throughput: N articles made from the seeds, into a fresh store, hash embedder.

    .venv/bin/python evals/bench_ingest.py [-n 1000] [--profile]

Each article is a seed with a numbered first line and its paragraphs
shuffled (deterministically), so every file has its own hash and chunks.
Prints articles/s, chunks/s, the peak memory of the process, and the CPU
seconds spent here (Chroma writes) and in the worker processes (decoding,
chunking, jieba, vectors): on a shared machine the wall-clock rate depends on
the load, the CPU split shows what two idle cores would do.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.bench import make_corpus  # noqa: E402
from extractor.config import Settings  # noqa: E402
from extractor.ingest import ingest  # noqa: E402


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--profile", action="store_true", help="print the top functions by cumulative time")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="dealqa-bench-") as tmp:
        src = Path(tmp) / "articles"
        src.mkdir()
        size = make_corpus(src, args.n)
        settings = Settings(data_dir=Path(tmp) / "data", embedder="hash", chroma_host=None)
        profiler = cProfile.Profile() if args.profile else None
        self0, kids0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        report = ingest([src], settings=settings)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
        here, workers = _cpu(resource.RUSAGE_SELF) - self0, _cpu(resource.RUSAGE_CHILDREN) - kids0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        rows = {
            "articles": f"{report.ingested} of {report.files} ({size / 1e6:.1f} MB)",
            "failed": str(len(report.failed)),
            "chunks": f"{report.chunks} ({report.tokens} tokens)",
            "seconds": f"{seconds:.2f}",
            "articles/s": f"{report.ingested / seconds:.1f}",
            "chunks/s": f"{report.chunks / seconds:.1f}",
            "peak memory": f"{peak_mb:.0f} MB (maxrss)",
            "cpu": f"{here:.1f} s here, {workers:.1f} s in workers (load average {os.getloadavg()[0]:.1f})",
        }
        if report.ingested:
            # with workers, the busiest process bounds the rate; without, one process does it all
            bound = max(here, workers) if workers else here
            rows["idle-core rate"] = f"{report.ingested / bound:.1f} articles/s (articles / busiest CPU time)"
        for key, value in rows.items():
            print(f"{key:15s} {value}")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
