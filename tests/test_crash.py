"""Crash hygiene, with real processes: Ctrl-C ends in one line, kill -9 leaves a store readers can trust,
and the next run cleans what a killed run left behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.bench import make_corpus
from extractor.config import Settings
from extractor.deals import query_aggregates, query_deals, statuses
from extractor.ingest import ingest, list_sources
from extractor.store import Store
from extractor.workers import clean_stale_folders

from .conftest import ROOT, SEEDS, offline_settings
from .fixtures_store import chroma_server

__all__ = ["chroma_server"]

INTERRUPTED = re.compile(
    r"^interrupted: (\d+) of (\d+) articles stored; run the same command again to resume$"
)
# The real command, with the writer flushing every 16 articles so a kill lands between many commits.
SMALL_FLUSHES = (
    "import extractor.store.writer as w; w.BatchWriter.__init__.__kwdefaults__['max_articles'] = 16; "
    "from extractor.cli import main; main()"
)
QUERIES = ["光大人工智能产业基地总投资", "签约项目 总投资 亿元", "稿件 产业园", "重庆高新区 落地"]


def _start(
    data: Path, folder: Path, tmp: Path, code: str | None = None, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    args = ["-c", code] if code else ["-m", "extractor"]
    return subprocess.Popen(
        [sys.executable, *args, "--data-dir", str(data), "ingest", str(folder), "--backend", "rules"],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )


def _wait_for(predicate: object, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _prepare_folders(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("dealqa-prepare-*"))


def _consistent(settings: Settings) -> set[str]:
    """What readers see: every hit, deal and total belongs to a listed article. The listed sources."""
    listed = {row["id"] for row in list_sources(settings)}
    store = Store(settings)
    for query in QUERIES:
        for hit in store.search(query, k=20):
            assert hit.source in listed, f"a hit of {hit.source}, which the store doesn't list"
            assert store.get_article(hit.source).text[hit.start : hit.end] == hit.text
    sources = [d.evidence[0].source for d in query_deals(store)]
    sources += [a.evidence[0].source for a in query_aggregates(store)]
    for source in sources:
        assert source in listed, f"a record of {source}, which the store doesn't list"
    return listed


def _check_in_a_fresh_reader(data: Path) -> int:
    """``_consistent`` in a new process, as a reader opening the store after the crash would be
    (an embedded Chroma open in this process does not see another process's new index files)."""
    code = (
        "import sys; from pathlib import Path; from tests.conftest import offline_settings; "
        "from tests.test_crash import _consistent; "
        "print(len(_consistent(offline_settings(Path(sys.argv[1])))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(data)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def _orphan_chunks(settings: Settings) -> int:
    store = Store(settings)
    shas = {s: m.get("sha256") for s, m in store.stored_states().items()}
    col = store.chroma.collection("chunks")
    assert col is not None
    metas = col.get(include=["metadatas"])["metadatas"] or []
    return len([m for m in metas if shas.get(str(m["source"])) != m["sha256"]])


def test_ctrl_c_ends_in_one_line_and_a_rerun_resumes(tmp_path: Path) -> None:
    folder, data, tmp = tmp_path / "in", tmp_path / "data", tmp_path / "tmp"
    tmp.mkdir()
    # enough articles that storing them outlasts the wait below on a fast machine (400 took ~6 s)
    make_corpus(folder, 1200)
    proc = _start(data, folder, tmp, SMALL_FLUSHES)
    # the workers are preparing (their folder exists) and the writer has committed a few flushes
    _wait_for(lambda: _prepare_folders(tmp) and (data / "write.lock.pid").exists())
    time.sleep(4)
    assert proc.poll() is None, "the ingest finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole foreground group
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    match = INTERRUPTED.match(lines[0])
    assert match, lines[0]
    stored, total = map(int, match.groups())
    assert total == 1200 and stored < total
    settings = offline_settings(data)
    assert _check_in_a_fresh_reader(data) >= stored
    assert _prepare_folders(tmp) == []  # an interrupted run removes its own folder

    rerun = _start(data, folder, tmp)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert len(_consistent(settings)) == 1200 and _orphan_chunks(settings) == 0


def test_kill_9_at_several_points_leaves_a_store_readers_can_trust(tmp_path: Path) -> None:
    folder, data, tmp = tmp_path / "in", tmp_path / "data", tmp_path / "tmp"
    tmp.mkdir()
    make_corpus(folder, 300)
    settings = offline_settings(data)
    seen: list[int] = []
    for delay in (1.0, 3.0, 5.0, 8.0):
        proc = _start(data, folder, tmp, SMALL_FLUSHES)
        # this run's workers have started (and a killed run's folder is still there)
        _wait_for(lambda: list(tmp.glob(f"dealqa-prepare-{proc.pid}-*")) or proc.poll() is not None)  # noqa: B023
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the writer and its workers, mid-flight
        proc.communicate(timeout=60)
        seen.append(_check_in_a_fresh_reader(data))
    assert any(seen), f"no kill landed after a commit: {seen}"
    # a killed run's preparation folder is left behind; the next run deletes it before it starts
    killed = _prepare_folders(tmp)
    rerun = _start(data, folder, tmp)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert not any(p.exists() for p in killed)
    assert len(_consistent(settings)) == 300
    assert _orphan_chunks(settings) == 0  # the dirty store was swept
    assert len(query_deals(Store(settings))) > 0


def test_a_killed_writers_text_reaches_a_reader_holding_the_old_index(
    chroma_server: int, tmp_path: Path
) -> None:
    """A writer killed after storing an article whole, but before naming a new text generation,
    leaves its mark; the next session (even one that writes no text) names one, so a reader that
    cached the old generation's index before the crash rebuilds it and finds the article. (On a
    Chroma server: an embedded store open in the reader's process does not see another process's
    new records.)"""
    data, news = tmp_path / "data", tmp_path / "news"
    server = {"chroma_host": "127.0.0.1", "chroma_port": chroma_server, "collection_prefix": "killed"}
    settings = offline_settings(data, **server)
    assert ingest([SEEDS], settings=settings).ok
    news.mkdir()
    (news / "zz_new.txt").write_text(
        "独角兽量子菠萝产业园签约\n\n独角兽量子菠萝产业园总投资66亿元，昨日在青龙湖签约。\n", encoding="utf-8"
    )
    query = "独角兽量子菠萝产业园"
    reader = Store(settings)
    assert all(h.source != "zz_new.txt" for h in reader.search(query, k=5))  # the index is cached
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, signal, sys; from pathlib import Path; from tests.conftest import offline_settings; "
            "from extractor.store import chroma; from extractor.ingest import ingest; "
            "chroma.Chroma.bump_generation = lambda self, **also: os.kill(os.getpid(), signal.SIGKILL); "
            "server = dict(chroma_host='127.0.0.1', chroma_port=int(sys.argv[3]), "
            "collection_prefix='killed'); "
            "ingest([Path(sys.argv[2])], settings=offline_settings(Path(sys.argv[1]), **server))",
            str(data),
            str(news),
            str(chroma_server),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with Store(settings).writing():
        pass  # the next session: it writes no text of its own
    hits = reader.search(query, k=5)
    assert hits and hits[0].source == "zz_new.txt"


def test_only_dead_runs_folders_are_cleaned(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    stale = tmp_path / f"dealqa-prepare-{dead_pid}-abc"
    live = tmp_path / f"dealqa-prepare-{os.getpid()}-def"
    other = tmp_path / "dealqa-prepare-notapid"
    for folder in (stale, live, other):
        folder.mkdir()
        (folder / "1.pickle").write_bytes(b"x")
    assert clean_stale_folders(tmp_path) == [stale]
    assert not stale.exists() and live.exists() and other.exists()


@pytest.mark.parametrize("signum", [signal.SIGINT])
def test_workers_ignore_ctrl_c_and_end_on_their_pipe(signum: int) -> None:
    code = "from extractor.ingest import serve_worker; serve_worker()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=False
    )
    time.sleep(1.5)  # past its imports, waiting for its settings
    proc.send_signal(signum)
    time.sleep(0.3)
    assert proc.poll() is None, "a worker died of Ctrl-C instead of leaving it to its parent"
    assert proc.stdin is not None
    proc.stdin.close()  # the parent is done (or gone): the worker ends quietly
    assert proc.wait(60) == 0
    assert proc.stderr is not None
    err = proc.stderr.read()
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err, err


def _children_running(parent: int, module: str) -> list[int]:
    """Pids of ``parent``'s children whose command line names ``module`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent and module.encode() in cmdline:
            found.append(int(stat.parent.name))
    return found


# 0.3 s: while the workers still import (they must print nothing either); 2 s: while they extract
@pytest.mark.parametrize("delay", [0.3, 2.0])
def test_ctrl_c_while_workers_extract_ends_in_one_line(tmp_path: Path, delay: float) -> None:
    folder, data, tmp = tmp_path / "in", tmp_path / "data", tmp_path / "tmp"
    tmp.mkdir()
    make_corpus(folder, 400)
    stored = subprocess.run(
        [sys.executable, "-m", "extractor", "--data-dir", str(data), "ingest", str(folder), "--no-extract"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert stored.returncode == 0, stored.stderr
    # nothing new to store: 400 articles to extract, in two worker processes (on any number of cores)
    proc = _start(data, folder, tmp, env={"DEALQA_EXTRACT_PROCESSES": "2"})
    _wait_for(lambda: _children_running(proc.pid, "serve_rules_worker") or proc.poll() is not None)
    time.sleep(delay)
    workers = _children_running(proc.pid, "serve_rules_worker")
    assert proc.poll() is None and workers, "the extraction finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines == ["interrupted: run the same command again to resume"], lines
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "a worker outlived its run"
    assert _prepare_folders(tmp) == []

    rerun = _start(data, folder, tmp, env={"DEALQA_EXTRACT_PROCESSES": "2"})
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    states = statuses(Store(offline_settings(data)))
    assert len(states) == 400 and all(s["ok"] for s in states.values())
