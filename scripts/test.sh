#!/usr/bin/env bash
# Install dealqa with its test tools into .venv and run the whole suite:
# lint, types, import contracts, unit and integration tests (real Chroma, a loopback OpenAI-compatible server,
# headless Chromium) and the eval regression guard on the seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/ruff check extractor tests evals
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
