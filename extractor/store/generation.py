"""Fresh reads in a long-running process: notice other processes' writes to an embedded store.

An embedded Chroma keeps each collection's vector index in memory once loaded,
so a server that runs for days never sees the chunks a `dealqa ingest` in
another process added (their metadata and text are read from SQLite and are
fresh; their vectors are not). ``refresh`` is cheap enough to call per
request: two ``stat`` calls, and only when the database files moved, one read
of the store's ``text_generation`` token. When the token changed since this
process's index was loaded, the Chroma bindings are reopened in place, so
every ``Store`` of the process (the web app's, the QA cache's, upload jobs')
reads the new state. Reopening waits for a moment when no one is writing:
it holds the data directory's write lock, and skips (until the next call)
while this process itself is writing. A Chroma server needs none of this.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import filelock

from .facade import Store
from .lock import _HELD, _HELD_LOCK  # the in-process holders of the write lock: never reopen under them

_Signature = tuple[tuple[int, int], ...]
_LOCK = threading.Lock()
_SIGNATURES: dict[Path, _Signature] = {}
_TOKENS: dict[Path, str | None] = {}


def _chroma_dir(store: Store) -> Path:
    return (store.settings.data_dir / "chroma").resolve()


def _signature(folder: Path) -> _Signature:
    """mtime and size of the database and its write-ahead log: they move on every write."""
    out = []
    for name in ("chroma.sqlite3", "chroma.sqlite3-wal"):
        try:
            st = (folder / name).stat()
        except OSError:
            out.append((0, 0))
        else:
            out.append((st.st_mtime_ns, st.st_size))
    return tuple(out)


def baseline(store: Store) -> None:
    """Record the store's state as what this process's open client reflects (call right after opening)."""
    if store.settings.chroma_host:
        return
    folder = _chroma_dir(store)
    signature = _signature(folder)
    token = store.chroma.generation("text_generation")
    with _LOCK:
        _SIGNATURES[folder], _TOKENS[folder] = signature, token


def refresh(store: Store) -> bool:
    """Reopen the embedded client if another write session changed the text since; True if it did."""
    if store.settings.chroma_host:
        return False
    folder = _chroma_dir(store)
    signature = _signature(folder)
    with _LOCK:
        if _SIGNATURES.get(folder) == signature:
            return False
        token = store.chroma.generation("text_generation")
        if folder in _TOKENS and _TOKENS[folder] == token:
            _SIGNATURES[folder] = signature
            return False
        if not _reopen_when_idle(store):
            return False  # someone is writing: try again on a later call
        _SIGNATURES[folder], _TOKENS[folder] = signature, token
        return True


def _reopen_when_idle(store: Store) -> bool:
    lock_path = store.settings.data_dir / "write.lock"
    # Held for the whole reopen: a writer thread of this process waits here instead of writing meanwhile.
    with _HELD_LOCK:
        if lock_path.resolve() in _HELD:
            return False
        flock = filelock.FileLock(lock_path, timeout=0, thread_local=False)
        try:
            flock.acquire()
        except filelock.Timeout:
            return False
        try:
            _reopen(store.chroma.client)
        finally:
            flock.release()
    return True


def _reopen(client: Any) -> None:
    """New Rust bindings under the same client object: every collection handle reads through them.

    A call in flight keeps the old bindings alive until it returns.
    """
    server = getattr(client, "_server", None)
    if server is not None and hasattr(server, "bindings"):
        server.start()
