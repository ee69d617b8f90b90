"""One writer per data directory.

Chroma's embedded mode is not safe for two writing processes, so a writer
holds an exclusive lock on ``<data_dir>/write.lock`` and notes its pid beside
it (for the error message of the process that is turned away). Readers do
not lock.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

import filelock

from ..errors import StoreLockedError


class WriteLock:
    """An exclusive lock, across processes, on writing to a data directory."""

    def __init__(self, data_dir: Path, *, timeout: float = 0.0) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / "write.lock"
        self.pid_path = self.data_dir / "write.lock.pid"
        self.timeout = timeout
        self._lock: filelock.BaseFileLock | None = None

    def acquire(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(self.path, timeout=self.timeout)
        try:
            lock.acquire()
        except filelock.Timeout as e:
            raise StoreLockedError(
                f"another dealqa process is writing to {self.data_dir} (pid {self.holder() or '?'}); "
                "wait for it or use another --data-dir",
                original=e,
            ) from e
        self._lock = lock
        self.pid_path.write_text(str(os.getpid()), encoding="ascii")

    def release(self) -> None:
        if self._lock is None:
            return
        try:
            self.pid_path.unlink(missing_ok=True)
        finally:
            self._lock.release()
            self._lock = None

    def holder(self) -> int | None:
        """The pid of the process holding the lock, if it said."""
        try:
            return int(self.pid_path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None

    @property
    def held(self) -> bool:
        return self._lock is not None

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
