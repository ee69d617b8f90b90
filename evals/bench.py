"""The whole benchmark (`dealqa bench`) as a script: ingest, extraction, ask() latency, LLM cost.

    .venv/bin/python evals/bench.py [--articles 1000] [--questions 200] [--no-llm] [--json out.json]

Numbers vary between runs on a shared machine: read the medians, the
percentiles and the ratios, not single timings.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from extractor.bench import run_bench


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--no-llm", action="store_true", help="skip the LLM path through the loopback server")
    ap.add_argument("--json", type=Path, help="also write the numbers as JSON")
    args = ap.parse_args()
    result = run_bench(n_articles=args.articles, n_questions=args.questions, with_llm=not args.no_llm)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
