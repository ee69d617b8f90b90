"""Every store problem a user can fix ends a command in one line that says how, exit 1, no traceback."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromadb.api.models.Collection import Collection
from typer.testing import CliRunner, Result

from extractor.cli import app
from extractor.errors import StoreError, StoreFullError
from extractor.ingest import ingest, list_sources
from extractor.store import Store
from extractor.store.disk import is_disk_full, is_read_only

from .conftest import ROOT, SEEDS, offline_settings, seed_path

PY = [sys.executable, "-m", "extractor"]


def run(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--data-dir", str(data_dir), *args])


def one_line(text: str) -> str:
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def failed_in_one_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return one_line(result.output)


def cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT, **kw: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PY, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=300,
        **kw,
    )


# ------------------------------------------------------------------------ a file where the folder should be


@pytest.mark.parametrize(
    "command", [["sources"], ["ingest", str(seed_path("000"))], ["ask", "总投资多少?"], ["info"]]
)
def test_a_data_dir_that_is_a_file(tmp_path: Path, command: list[str]) -> None:
    not_a_folder = tmp_path / "store.txt"
    not_a_folder.write_text("hello", encoding="utf-8")
    line = failed_in_one_line(run(not_a_folder, *command))
    assert f"{not_a_folder} is a file, not a folder" in line and "--data-dir" in line
    assert not_a_folder.read_text(encoding="utf-8") == "hello"


def test_dealqa_data_dir_pointing_at_a_file_in_a_real_process(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "store"
    not_a_folder.write_text("x", encoding="utf-8")
    done = cli("ingest", str(seed_path("000")), env={"DEALQA_DATA_DIR": str(not_a_folder)})
    assert done.returncode == 1
    assert "is a file, not a folder" in one_line(done.stderr) and done.stdout == ""
    # a file further up the path is named too
    below = not_a_folder / "sub"
    line = failed_in_one_line(run(below, "sources"))
    assert f"{not_a_folder} is a file" in line


# ---------------------------------------------------------------------------- read-only


def _as_another_user() -> list[str]:
    """Root may write anywhere: the read-only test then runs the command as nobody."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop the right to write")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_read_only_store(tmp_path: Path) -> None:
    prefix = _as_another_user()
    # a folder every user can traverse (pytest's tmp_path is private to its owner)
    top = Path(tempfile.mkdtemp(prefix="dealqa-ro-"))
    try:
        top.chmod(0o755)
        store = top / "store"
        assert ingest([seed_path("004")], settings=offline_settings(store)).ok
        new = top / "new.txt"
        shutil.copy(seed_path("003"), new)
        new.chmod(0o644)
        for path in [store, *store.rglob("*")]:
            mode = path.stat().st_mode
            path.chmod(
                (mode | stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH) & ~0o222 | (0o111 if path.is_dir() else 0)
            )
        env = {**os.environ, "DEALQA_DATA_DIR": str(store), "DEALQA_BACKEND": "rules", "HOME": str(top)}
        for command in (["ingest", str(new)], ["remove", seed_path("004").name], ["sources"]):
            done = subprocess.run(
                [*prefix, *PY, *command], capture_output=True, text=True, cwd=top, env=env, timeout=300
            )
            assert done.returncode == 1, (command, done.stdout, done.stderr)
            line = one_line(done.stderr)
            assert "read-only" in line and "--data-dir" in line, line
    finally:
        for path in [top, *top.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(top, ignore_errors=True)
    assert is_read_only(OSError(errno.EROFS, "Read-only file system"))


# ---------------------------------------------------------------------------- locked


@pytest.fixture
def held_lock(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """Another process holding the store's write lock until the test ends."""
    data = tmp_path / "data"
    code = (
        "import sys; from pathlib import Path; from extractor.store.lock import WriteLock\n"
        f"lock = WriteLock(Path({str(data)!r})); lock.acquire(); print('held', flush=True); sys.stdin.read()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    try:
        yield data, proc.pid
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(30)


def test_a_locked_store(held_lock: tuple[Path, int]) -> None:
    data, pid = held_lock
    for command in (["ingest", str(seed_path("000"))], ["remove", "x.txt"]):
        line = failed_in_one_line(run(data, *command))
        assert f"another dealqa process is writing to {data} (pid {pid})" in line and "wait" in line


# ---------------------------------------------------------------------------- a full disk


def _enospc(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _sqlite_full(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError("error returned from database: (code: 13) database or disk is full")


@pytest.mark.parametrize("fault", [_enospc, _sqlite_full], ids=["ENOSPC", "sqlite-full"])
def test_a_full_disk_fails_fast_in_one_line_and_leaves_the_store_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: Any
) -> None:
    data = tmp_path / "data"
    assert run(data, "ingest", str(seed_path("004")), "--backend", "rules").exit_code == 0
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        (folder / f"{i:02d}.txt").write_text(f"第{i}篇\n\n{i}号项目总投资{i + 1}亿元，签约落地。", "utf-8")
    calls: list[int] = []

    def full(self: Collection, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        fault()

    monkeypatch.setattr(Collection, "upsert", full)
    line = failed_in_one_line(run(data, "ingest", str(folder), "--backend", "rules"))
    assert line.endswith("MB and re-run") and f"no space left in {data.absolute()}: free " in line, line
    assert int(line.rsplit("free ", 1)[1].split()[0]) >= 100
    assert len(calls) == 1, "a full disk is not retried article by article"
    monkeypatch.undo()
    # still readable, and a re-run once there is space stores the rest
    assert [r["id"] for r in list_sources(offline_settings(data))] == [seed_path("004").name]
    assert (
        Store(offline_settings(data)).search("光大人工智能产业基地", k=1)[0].source == seed_path("004").name
    )
    rerun = run(data, "ingest", str(folder), "--backend", "rules", "--format", "json")
    assert rerun.exit_code == 0, rerun.output
    assert len(list_sources(offline_settings(data))) == 31


def test_a_full_disk_for_our_own_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.write_text

    def write_text(self: Path, *args: Any, **kwargs: Any) -> int:
        if self.name == "write.lock.pid":
            _enospc()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    line = failed_in_one_line(run(tmp_path / "data", "ingest", str(SEEDS)))
    assert line.endswith("MB and re-run") and "no space left in" in line


def test_what_counts_as_a_full_disk() -> None:
    assert is_disk_full(OSError(errno.ENOSPC, "x"))
    assert is_disk_full(StoreError("wrapped", original=OSError(errno.EDQUOT, "quota")))
    assert is_disk_full(RuntimeError("No space left on device (os error 28)"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert isinstance(StoreFullError("x"), StoreError)
