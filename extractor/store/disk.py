"""The store's folder on disk: is it usable, how big is it, and is this error a full disk.

Every store problem a user can fix (a file where the folder should be, a
folder they may not write, a full disk) becomes one ``StoreError`` line that
says how to fix it, whichever layer hit it first: Chroma's Rust core, sqlite,
filelock or our own writes.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from ..errors import StoreError, StoreFullError

# How much to ask a user to free when we cannot estimate what the run still needs.
MIN_FREE_BYTES = 100 * 1024 * 1024
# Chroma and sqlite report a full disk in words, not always with an errno.
_FULL_WORDS = ("no space left", "disk is full", "database or disk is full", "os error 28", "enospc")
_READ_ONLY_WORDS = ("readonly database", "read-only file system", "permission denied", "os error 13")


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__ or getattr(cur, "original", None)
    return seen


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is a full disk or an exceeded quota."""
    for e in _chain(exc):
        if isinstance(e, StoreFullError):
            return True
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(word in str(e).lower() for word in _FULL_WORDS):
            return True
    return False


def is_read_only(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) says the store may not be written."""
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return True
        if any(word in str(e).lower() for word in _READ_ONLY_WORDS):
            return True
    return False


def full_error(
    where: str, *, need: int = MIN_FREE_BYTES, original: BaseException | None = None
) -> StoreFullError:
    """The one-line message for a full disk, asking for at least ``need`` bytes."""
    mb = max(need, MIN_FREE_BYTES) // (1024 * 1024)
    return StoreFullError(f"no space left in {where}: free {mb} MB and re-run", original=original)


def read_only_error(where: str | Path, original: BaseException | None = None) -> StoreError:
    return StoreError(
        f"{where} is read-only for this user (Chroma writes to its database even to read it): make it "
        "writable (chmod/chown), or copy it to a folder you can write and pass that as --data-dir",
        original=original,
    )


def check_folder(path: Path) -> None:
    """``StoreError`` unless ``path`` is a folder or can become one."""
    for p in (path, *path.parents):
        if p.exists():
            if not p.is_dir():
                raise StoreError(
                    f"{p} is a file, not a folder, so the store cannot live in {path}: point --data-dir "
                    "(or DEALQA_DATA_DIR) at a folder, or move the file away"
                )
            return


def ensure_folder(path: Path) -> None:
    """Create the store's folder, or say in one line why it cannot be."""
    check_folder(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise translate(e, path) from e


def translate(exc: BaseException, where: str | Path, *, need: int = MIN_FREE_BYTES) -> StoreError:
    """A store-level error for an ``OSError`` (or anything underneath that says the same)."""
    if is_disk_full(exc):
        return full_error(str(where), need=need, original=exc)
    if is_read_only(exc):
        return read_only_error(where, exc)
    detail = " ".join(str(exc).split()) or type(exc).__name__
    return StoreError(
        f"cannot use {where}: {detail}; check the folder, or use another --data-dir", original=exc
    )


def size_on_disk(path: Path) -> int:
    """Bytes the files under ``path`` occupy (allocated blocks, so sparse files count what they use)."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                st = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            total += getattr(st, "st_blocks", 0) * 512 or st.st_size
    return total


def save_folder(folder: Path, write: Callable[[Path], None]) -> None:
    """Write a reader's index into ``folder`` all at once: ``write`` fills a temporary folder
    beside it, which is renamed into place; then the other folders beside it (older generations)
    are dropped. Best effort: on a read-only or full disk nothing is saved and the index in
    memory still serves."""
    parent = folder.parent
    with suppress(OSError):
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=parent))
        try:
            tmp.chmod(parent.stat().st_mode & 0o777)  # mkdtemp's 0700 would hide it from others
            write(tmp)
            if folder.is_dir():  # one that could not be loaded (damaged): this replaces it
                shutil.rmtree(folder, ignore_errors=True)
            os.rename(tmp, folder)
        except Exception:  # whatever the writer or the disk raised
            shutil.rmtree(tmp, ignore_errors=True)
            return
        for other in parent.iterdir():
            if other != folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
