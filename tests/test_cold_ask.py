"""A cold ``dealqa ask`` loads only what asking needs (issue 13: a first answer in under a second).

The package's API and the CLI's commands import their modules on first use, plain amounts are
read without jionlp (``test_amounts_plain``), and a question's search words come from the Python
jieba over the on-demand dictionary instead of importing rjieba: the same words, checked here on
every eval question. Fresh interpreters (subprocesses) show what a cold process imports.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from extractor import ask
from extractor.text import segment

from .conftest import ROOT, SANDBOX, cli_store, offline_settings, python_child, seed_path


def _eval_questions() -> list[str]:
    questions = []
    for path in sorted((ROOT / "evals").glob("*/qa.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions.append(json.loads(line)["question"])
    return questions


def test_the_session_keeps_its_caches_in_the_sandbox() -> None:
    from extractor.config import Settings

    assert Settings().cache_home == SANDBOX / "cache"
    entries = segment._jieba()[2]
    assert entries is not None
    assert entries.path.is_relative_to(SANDBOX)


def test_question_search_words_are_rjiebas_on_every_eval_question() -> None:
    import rjieba

    segment._jieba()
    lazy = segment._state["lazy"]
    assert lazy is not None, "no on-demand dictionary: the cold path would not run"
    questions = _eval_questions()
    assert len(questions) > 100
    differ = {}
    for question in questions:
        for text in (question, unicodedata.normalize("NFKC", question).lower()):  # as the index reads it
            ours = list(lazy.tokenizer.cut_for_search(text, HMM=False))
            theirs = list(rjieba.cut_for_search(text, False))
            if ours != theirs:
                differ[text] = (ours, theirs)
    assert differ == {}


def test_import_extractor_loads_no_pipeline_store_or_cli() -> None:
    code = (
        "import sys, json, extractor\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('extractor', 'chromadb')))))\n"
    )
    loaded = set(json.loads(python_child(code)))
    heavy = {"extractor.extract", "extractor.ingest", "extractor.qa", "extractor.store", "extractor.cli"}
    assert loaded & heavy == set()
    assert "chromadb" not in loaded
    assert {"extractor.config", "extractor.errors", "extractor.schema"} <= loaded


@pytest.mark.parametrize(
    "first",
    [
        "import extractor.ingest, extractor.extract",
        "from extractor import ingest, extract",
        "from extractor.ingest import IngestReport; from extractor.extract import extract_article",
        "import extractor; extractor.extract_many; extractor.IngestReport; extractor.ask",
    ],
)
def test_ingest_and_extract_stay_the_functions_whatever_is_imported_first(first: str) -> None:
    code = (
        f"{first}\n"
        "import inspect, importlib, extractor\n"
        "import extractor.ingest, extractor.extract, extractor.qa\n"
        "from extractor import ingest, extract, extract_file, extract_many, ask, DealFilter, IngestReport\n"
        "assert inspect.isfunction(ingest) and ingest is extractor.ingest, ingest\n"
        "assert inspect.isfunction(extract) and extract is extractor.extract, extract\n"
        "assert extract is importlib.import_module('extractor.extract').extract\n"
        "assert IngestReport is importlib.import_module('extractor.ingest').IngestReport\n"
        "assert ask is importlib.import_module('extractor.qa').ask\n"
        "assert all(inspect.isfunction(f) for f in (extract_file, extract_many, ask))\n"
        "assert inspect.isclass(DealFilter) and inspect.isclass(IngestReport)\n"
        "assert set(extractor.__all__) <= set(dir(extractor))\n"
        "print('ok')\n"
    )
    assert python_child(code).strip() == "ok"


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    import extractor

    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        extractor.nothing_here  # noqa: B018


# Runs ``dealqa ARGS…`` as the console script would, then writes what it imported to stderr.
_CLI = """
import json, sys
from extractor.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    assert not stop.code, stop.code
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


def test_a_cold_cli_ask_imports_only_what_asking_needs(tmp_path: Path) -> None:
    text = seed_path("004").read_text(encoding="utf-8")
    data = cli_store(tmp_path, {"a.txt": text})
    question = "重庆高新区上半年签约项目合同协议投资总额是多少？"
    done = subprocess.run(
        [sys.executable, "-c", _CLI, "--data-dir", str(data), "ask", question, "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stderr))
    cold = json.loads(done.stdout)
    # extraction, ingest and export machinery, and the libraries only they need, stay unloaded
    for module in ("extractor.ingest", "extractor.export", "openpyxl", "jionlp", "rjieba", "tiktoken"):
        assert module not in loaded, module
    assert "605.6亿元" in cold["answer"]
    # the same answer as a warm process (the words of questions, lazy or rjieba, are compared
    # on every eval question by the test above)
    warm = ask(question, settings=offline_settings(data))
    assert (cold["answer"], cold["citations"]) == (warm.answer, warm.model_dump(mode="json")["citations"])
