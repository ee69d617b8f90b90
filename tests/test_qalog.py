"""The question log: every answer through the CLI and the web lands in the store's questions.jsonl,
`dealqa log` and /api/log read it back newest first, and a log that can't be written never fails
the answer."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from extractor import qalog
from extractor.cli import app
from extractor.config import Settings
from extractor.schema import Answer, Span
from extractor.web.app import create_app

from .web_fixtures import PAGE_HEADERS, SEED_QUESTION, UNANSWERABLE, seeded

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return seeded(tmp_path_factory.mktemp("qalog") / "data")


@pytest.fixture
def fresh_log(store: Settings) -> Iterator[Settings]:
    qalog.log_path(store).unlink(missing_ok=True)
    yield store
    path = qalog.log_path(store)
    if path.is_dir():
        path.rmdir()
    path.unlink(missing_ok=True)


def run(settings: Settings, *args: str) -> Result:
    return CliRunner().invoke(app, ["--data-dir", str(settings.data_dir), *args])


def logged(settings: Settings, *args: str) -> list[dict[str, object]]:
    result = run(settings, "log", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    entries: list[dict[str, object]] = json.loads(result.stdout)
    return entries


def test_cli_questions_are_logged_newest_first_with_citations(fresh_log: Settings) -> None:
    assert logged(fresh_log) == []
    assert run(fresh_log, "ask", SEED_QUESTION).exit_code == 0
    assert run(fresh_log, "ask", UNANSWERABLE).exit_code == 0

    newest, oldest = logged(fresh_log)
    assert newest["question"] == UNANSWERABLE and newest["abstained"] is True
    assert newest["citations"] == []
    assert oldest["question"] == SEED_QUESTION
    assert "200亿元" in str(oldest["answer"])
    assert oldest["citations"] == ["004_9799bbb4fcc4f8c1.txt#8"]
    assert oldest["backend"] == "rules" and oldest["route"] == "passages" and oldest["via"] == "cli"
    assert isinstance(oldest["seconds"], float) and oldest["seconds"] > 0
    assert str(oldest["time"]) <= str(newest["time"])

    assert [e["question"] for e in logged(fresh_log, "--limit", "1")] == [UNANSWERABLE]
    table = run(fresh_log, "log")
    assert table.exit_code == 0
    assert SEED_QUESTION in table.stdout and "004_9799bbb4fcc4f8c1.txt#8" in table.stdout


def test_an_empty_log_says_how_to_fill_it(fresh_log: Settings) -> None:
    result = run(fresh_log, "log")
    assert result.exit_code == 0
    assert "dealqa ask" in result.stderr


def test_a_log_that_cannot_be_written_does_not_fail_the_answer(fresh_log: Settings) -> None:
    qalog.log_path(fresh_log).mkdir()  # a folder where the file should be: every append fails
    result = run(fresh_log, "ask", SEED_QUESTION)
    assert result.exit_code == 0, result.output
    assert "200亿元" in result.stdout
    unreadable = run(fresh_log, "log")
    assert unreadable.exit_code == 1
    assert "cannot read the question log" in unreadable.stderr and "Traceback" not in unreadable.output


def test_a_writer_that_holds_the_log_too_long_costs_one_line_not_the_answer(
    fresh_log: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qalog, "_LOCK_SECONDS", 0.05)
    answer = Answer(question="q", answer="a")
    # held by another process, as another `dealqa ask` or the web server would
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, f"{qalog.log_path(fresh_log)}.lock"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert qalog.record(answer, settings=fresh_log, seconds=0.1, via="api") is False
    finally:
        holder.kill()
        holder.wait()
    assert qalog.record(answer, settings=fresh_log, seconds=0.1, via="api") is True
    assert [e.question for e in qalog.read(fresh_log)] == ["q"]


_HOLD = """
import sys, time, filelock
lock = filelock.FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""

_APPEND = """
import sys
from pathlib import Path
from extractor import qalog
from extractor.config import Settings
from extractor.schema import Answer
settings = Settings(data_dir=Path(sys.argv[1]))
for i in range(40):
    answer = Answer(question=f"{sys.argv[2]}-{i}", answer="答" * 2000)
    assert qalog.record(answer, settings=settings, seconds=0.01, via="api")
"""


def test_writers_in_several_processes_never_interleave_a_line(fresh_log: Settings) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", _APPEND, str(fresh_log.data_dir), f"p{n}"], cwd=ROOT)
        for n in range(4)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    lines = qalog.log_path(fresh_log).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 160
    questions = {json.loads(line)["question"] for line in lines}  # each line whole JSON
    assert questions == {f"p{n}-{i}" for n in range(4) for i in range(40)}


def test_unreadable_lines_are_skipped(fresh_log: Settings) -> None:
    qalog.record(Answer(question="first", answer="a"), settings=fresh_log, seconds=0.1, via="cli")
    with qalog.log_path(fresh_log).open("a", encoding="utf-8") as f:
        f.write('{"question": "cut short by a full di\n')
    qalog.record(Answer(question="last", answer="b"), settings=fresh_log, seconds=0.1, via="cli")
    assert [e.question for e in qalog.read(fresh_log)] == ["last", "first"]


def test_citations_are_written_as_source_and_paragraph() -> None:
    span = Span(source="a.txt", paragraph=3, start=0, end=2, quote="甲乙")
    answer = Answer(question="q", answer="甲乙[1]", citations=[span, span])
    entry = qalog.entry(answer, seconds=1.0, via="web")
    assert entry.citations == ["a.txt#3", "a.txt#3"]
    assert entry.via == "web"


def test_the_web_logs_its_questions_and_serves_the_log(fresh_log: Settings) -> None:
    run(fresh_log, "ask", UNANSWERABLE)
    with TestClient(create_app(fresh_log), headers=PAGE_HEADERS) as client:
        assert client.post("/api/ask", json={"question": SEED_QUESTION}).status_code == 200
        got = client.get("/api/log", params={"limit": 5})
        assert got.status_code == 200
        entries = got.json()["entries"]
        assert [(e["question"], e["via"]) for e in entries] == [(SEED_QUESTION, "web"), (UNANSWERABLE, "cli")]
        assert entries[0]["citations"] == ["004_9799bbb4fcc4f8c1.txt#8"]
        assert [e["question"] for e in client.get("/api/log", params={"limit": 1}).json()["entries"]] == [
            SEED_QUESTION
        ]
        assert client.get("/api/log", params={"limit": 0}).status_code == 422
    assert [e["question"] for e in logged(fresh_log)] == [SEED_QUESTION, UNANSWERABLE]
