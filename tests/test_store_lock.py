"""One writing process per data directory; readers never wait."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from extractor.config import Settings
from extractor.errors import StoreLockedError
from extractor.ingest import ingest
from extractor.store import Store, WriteLock

from .conftest import SEEDS, seed_path
from .fixtures_store import settings

__all__ = ["settings"]

ROOT = Path(__file__).resolve().parents[1]


def _hold_lock_in_child(data_dir: Path) -> subprocess.Popen[str]:
    """A second process that takes the write lock, says so, and keeps it until its stdin closes."""
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from extractor.store import WriteLock
        with WriteLock(Path({str(data_dir)!r})):
            print("locked", flush=True)
            sys.stdin.read()
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "locked"
    return child


def test_a_second_writer_process_is_turned_away(settings: Settings) -> None:
    assert ingest([seed_path("004")], settings=settings).ok
    child = _hold_lock_in_child(settings.data_dir)
    try:
        with pytest.raises(StoreLockedError) as err:
            ingest([SEEDS], settings=settings)
        message = str(err.value)
        assert f"pid {child.pid}" in message and str(settings.data_dir) in message
        assert "--data-dir" in message
        with pytest.raises(StoreLockedError), Store(settings).writing():
            pass
        # readers do not lock
        assert Store(settings).search("光大人工智能产业基地总投资多少")[0].source == seed_path("004").name
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)
    assert child.returncode == 0
    assert ingest([SEEDS], settings=settings).ok  # the lock is free again


def test_this_process_holding_the_lock_turns_away_another(settings: Settings) -> None:
    code = textwrap.dedent(
        f"""
        from pathlib import Path
        from extractor.config import Settings
        from extractor.errors import StoreLockedError
        from extractor.ingest import ingest
        try:
            ingest([{str(seed_path("000"))!r}], settings=Settings(data_dir=Path({str(settings.data_dir)!r})))
        except StoreLockedError as e:
            print(e)
        """
    )
    with Store(settings).writing():
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
    assert out.returncode == 0, out.stderr
    assert "another dealqa process is writing" in out.stdout
    assert f"pid {os.getpid()}" in out.stdout


def test_writers_in_one_process_share_the_lock(settings: Settings, tmp_path: Path) -> None:
    seen: list[str] = []

    def on_article(article: object) -> None:
        # the extraction pipeline writes deals from here, through its own Store
        with Store(settings).writing() as store:
            seen.append(str(store.settings.data_dir))

    assert ingest([seed_path("001")], settings=settings, on_article=on_article).ok
    assert seen == [str(settings.data_dir)]
    lock = WriteLock(settings.data_dir)
    with lock, WriteLock(settings.data_dir):
        assert lock.holder() is not None
    assert lock.holder() is None  # released: the pid note is gone
