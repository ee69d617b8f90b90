"""What the LLM path costs per article of the real corpus, through the loopback test server.

    .venv/bin/python evals/bench_llm.py [FOLDER]

The server answers in the requested structured shape (it drafts with the rules
backend), so the numbers are the client's: calls, prompt and completion tokens
per article with today's prompt and windows, and the cached second run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor.bench import bench_llm
from extractor.config import get_settings

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "evals" / "corpus" / "articles"
    print(json.dumps(bench_llm(get_settings(), folder=folder), ensure_ascii=False, indent=2))
