"""One writing process per data directory.

Chroma's embedded mode is not safe for two writing processes, so a writer
holds an exclusive lock on ``<data_dir>/write.lock`` and notes its pid beside
it, for the message the next process gets. Within one process the lock is
shared (nested writers just count), so a callback that writes while an
ingest holds the lock does not lock itself out. Readers do not lock.
"""

from __future__ import annotations

import os
import threading
from contextlib import suppress
from pathlib import Path
from types import TracebackType

import filelock

from ..errors import StoreLockedError
from .disk import ensure_folder, translate

_HELD: dict[Path, tuple[filelock.BaseFileLock, int]] = {}
_HELD_LOCK = threading.Lock()


class WriteLock:
    """The writer lock of a data directory (exclusive across processes)."""

    def __init__(self, data_dir: Path, *, timeout: float = 0.0) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / "write.lock"
        self.pid_path = self.data_dir / "write.lock.pid"
        self.timeout = timeout
        self._key = self.path.absolute()
        self.held = False

    def acquire(self) -> bool:
        """Take the lock; True when this took it from the file (the outermost writer of the process)."""
        if self.held:
            return False
        ensure_folder(self.data_dir)
        self._key = self.path.resolve()
        with _HELD_LOCK:
            if self._key in _HELD:
                lock, count = _HELD[self._key]
                _HELD[self._key] = (lock, count + 1)
                self.held = True
                return False
            lock = filelock.FileLock(self.path, timeout=self.timeout, thread_local=False)
            try:
                lock.acquire()
            except filelock.Timeout as e:
                raise StoreLockedError(
                    f"another dealqa process is writing to {self.data_dir} (pid {self.holder() or '?'}); "
                    "wait for it to finish, or use another --data-dir",
                    original=e,
                ) from e
            except OSError as e:  # filelock's own errors are OSErrors too
                raise translate(e, self.data_dir) from e
            try:
                self.pid_path.write_text(str(os.getpid()), encoding="ascii")
            except OSError as e:
                lock.release()
                raise translate(e, self.data_dir) from e
            _HELD[self._key] = (lock, 1)
            self.held = True
            return True

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        with _HELD_LOCK:
            lock, count = _HELD[self._key]
            if count > 1:
                _HELD[self._key] = (lock, count - 1)
                return
            del _HELD[self._key]
            try:
                with suppress(OSError):  # a read-only or full disk must not keep the lock held
                    self.pid_path.unlink(missing_ok=True)
            finally:
                lock.release()

    def holder(self) -> int | None:
        """The pid of the process holding the lock, if it said."""
        try:
            return int(self.pid_path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
