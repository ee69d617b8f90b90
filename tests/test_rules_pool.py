"""A large rules batch runs in worker processes: the same records, in order, whatever happens to a worker."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from extractor import rules_pool, workers
from extractor.extract import extract_many
from extractor.schema import Article
from extractor.text.article import build_article

from .conftest import ROOT, SEEDS, offline_settings

_STORIES = [
    "{f}智能装备项目在重庆高新区签约，总投资{n}亿元。",
    "当天，{f}新材料产业园项目开工建设，计划总投资约{n}.5亿元。",
    "据悉，第{n}批签约项目共{n}个，总投资{n}0亿元。",
]
_FIRMS = ["光大", "澜岳", "星海", "鼎龙"]


def _articles() -> list[Article]:
    seeds = [build_article(p.read_text(encoding="utf-8"), source=p.name) for p in sorted(SEEDS.glob("*.txt"))]
    made = [
        build_article(t.format(n=n, f=f), source=f"made-{n}-{i}.txt")
        for n, f in enumerate(_FIRMS, 1)
        for i, t in enumerate(_STORIES)
    ]
    return seeds + made


def _records(articles: list[Article], processes: int, tmp_path: Path) -> list[Any]:
    settings = offline_settings(tmp_path / "data", extract_processes=processes)
    batch = extract_many(articles, backend="rules", settings=settings, expected=len(articles))
    assert not batch.failed
    return [r.model_dump(exclude={"diagnostics"}) for r in batch.results]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules_pool, "MIN_ARTICLES", 2)


def test_workers_give_the_same_records_in_the_same_order(tmp_path: Path, small_batches: None) -> None:
    articles = _articles()
    here = _records(articles, 1, tmp_path)
    assert sum(len(r["deals"]) for r in here) >= 20 and sum(len(r["aggregates"]) for r in here) >= 4
    assert _records(articles, 2, tmp_path) == here


def test_a_small_batch_or_one_process_stays_here(tmp_path: Path) -> None:
    settings = offline_settings(tmp_path / "data")
    assert rules_pool.processes_for(settings.with_(extract_processes=4), rules_pool.MIN_ARTICLES - 1) == 0
    assert rules_pool.processes_for(settings.with_(extract_processes=1), 10_000) == 0
    assert rules_pool.processes_for(settings.with_(extract_processes=3), rules_pool.MIN_ARTICLES) == 3


def test_a_worker_that_dies_costs_nothing_but_time(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = _articles()
    expected = _records(articles, 1, tmp_path)
    real_receive = workers.Pool.receive
    killed: list[int] = []

    def kill_first(self: workers.Pool, i: int) -> Any:
        if not killed:  # the first answer awaited: its worker is killed before it is read
            proc = self.procs[i]
            assert proc is not None
            proc.kill()
            proc.wait()
            killed.append(i)
        return real_receive(self, i)

    monkeypatch.setattr(workers.Pool, "receive", kill_first)
    assert _records(articles, 2, tmp_path) == expected
    assert killed


def test_a_script_without_a_main_guard_can_run_a_pooled_batch(tmp_path: Path) -> None:
    """Workers are ``python -c`` children, not multiprocessing's spawn: the caller's main module
    is never run again, so a plain script (no ``if __name__ == "__main__"``) works."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from extractor import rules_pool\n"
        "from extractor.config import get_settings\n"
        "from extractor.extract import extract_many\n"
        "from extractor.text.article import build_article\n"
        "rules_pool.MIN_ARTICLES = 2\n"
        "firms = ['光大', '澜岳', '星海', '鼎龙', '华海', '海川']\n"
        "arts = [build_article(f'重庆高新区{f}人工智能产业基地项目签约，总投资{n}亿元。', source=f'{n}.txt')"
        " for n, f in enumerate(firms, 1)]\n"
        "settings = get_settings().with_(extract_processes=2, data_dir=Path(sys.argv[1]))\n"
        "batch = extract_many(arts, backend='rules', settings=settings, expected=len(arts))\n"
        "print(json.dumps([d.amount.value for r in batch.results for d in r.deals]))\n"
    )
    script = tmp_path / "plain_script.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "d")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [n * 1e8 for n in range(1, 7)]


def test_a_child_that_raises_on_a_request_lives_on_and_the_caller_redoes_it() -> None:
    pool = workers.Pool(1, "tests.pool_children", "serve_upper", ">")
    try:
        for request in ("a", "boom", "b"):
            assert pool.send(0, request)
        assert pool.receive(0) == (True, ">A")
        assert pool.receive(0) == (False, None)  # the caller does this one itself
        assert pool.receive(0) == (True, ">B")  # and the child is still there for the next
    finally:
        pool.close()
    assert not pool.folder.exists()


def test_dealqa_extract_on_many_files_reads_them_in_workers_in_order(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor.config import get_settings

    from .conftest import cli

    folder = tmp_path / "in"
    folder.mkdir()
    names = []
    for i, story in enumerate(_STORIES * 2):
        path = folder / f"{i:02d}.txt"
        path.write_text(story.format(n=i + 1, f=_FIRMS[i % len(_FIRMS)]), encoding="utf-8")
        names.append(path)
    broken = folder / "03.txt"
    broken.write_bytes(b"\x00\x01\x02" * 50)  # not text: reported, the rest go on
    args = ["extract", *map(str, names), "--backend", "rules", "--format", "json"]
    pooled_runs: list[int] = []
    real = rules_pool.extract_in_processes

    def counted(*a: Any, **kw: Any) -> Any:
        pooled_runs.append(a[1])
        return real(*a, **kw)

    monkeypatch.setattr(rules_pool, "extract_in_processes", counted)
    runs = []
    for processes in ("1", "2"):
        monkeypatch.setenv("DEALQA_EXTRACT_PROCESSES", processes)
        get_settings.cache_clear()  # the environment is read once per process
        runs.append(cli(tmp_path / processes, *args))
    get_settings.cache_clear()
    here, pooled = runs
    assert pooled_runs == [2]  # only the second run used workers, two of them
    assert here.exit_code == pooled.exit_code == 1  # one file failed
    strip = [{k: v for k, v in r.items() if k != "diagnostics"} for r in json.loads(here.stdout)]
    assert [{k: v for k, v in r.items() if k != "diagnostics"} for r in json.loads(pooled.stdout)] == strip
    assert [r["source"] for r in strip] == [p.name for p in names if p != broken]
    # each extracted file is reported in order; one that can't be read is reported when it is reached
    done = [line.split()[1].rstrip(":") for line in pooled.stderr.splitlines() if line.startswith("✓")]
    assert done == [p.name for p in names if p != broken]
    assert any(line.startswith("✗") and "03.txt" in line for line in pooled.stderr.splitlines())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc arenas")
def test_children_and_the_cli_cap_malloc_arenas_unless_the_user_chose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def child_environ() -> list[bytes]:
        pool = workers.Pool(1, "tests.pool_children", "serve_upper", ">")
        try:
            proc = pool.procs[0]
            assert proc is not None and pool.send(0, "a") and pool.receive(0) == (True, ">A")  # up
            return Path(f"/proc/{proc.pid}/environ").read_bytes().split(b"\0")
        finally:
            pool.close()

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert f"MALLOC_ARENA_MAX={workers.ARENAS}".encode() in child_environ()
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert b"MALLOC_ARENA_MAX=4" in child_environ()
    assert workers.limit_malloc_arenas() is True  # this process (glibc): as the CLI's first line does
    monkeypatch.setattr(sys, "platform", "darwin")
    assert workers.limit_malloc_arenas() is False
