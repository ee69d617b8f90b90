"""Which files an ingest reads, and reading them safely.

Only regular files are read. Inside a folder given to ingest, a symbolic link
is followed only when its target stays inside that folder (a link to
``/etc/passwd`` is skipped and named); links to folders are not walked (their
files, when inside, are reached anyway; no loops). A file named explicitly may
be a link, followed only to a regular file. FIFOs, sockets and devices are
refused from their ``stat`` and never opened (opening a FIFO blocks); the read
itself opens non-blocking and checks the opened file again, so a file swapped
for a FIFO in between is refused too.

Limits (also in the README): at most ``MAX_FILE_BYTES`` bytes are read from a
file, and an article's text may have at most ``MAX_TEXT_CHARS`` characters;
beyond either the file is refused with the reason, never half-read.
Hidden files and folders (name starting with ``.``) are not looked at.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
WORD_SUFFIXES = frozenset({".docx"})
PDF_SUFFIXES = frozenset({".pdf"})
# The one list of what ingest, the CLI and the web upload accept.
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | WORD_SUFFIXES | PDF_SUFFIXES
_HINTS = {".doc": "save it as .docx", ".wps": "save it as .docx", ".rtf": "save it as .docx"}


def allowed_list() -> str:
    return " ".join(sorted(SUPPORTED_SUFFIXES))


def unsupported(suffix: str) -> str:
    hint = _HINTS.get(suffix, f"use {allowed_list()}")
    return f"unsupported file type {suffix or '(none)'}; {hint}"


def not_regular(mode: int) -> str | None:
    """What a non-regular file is (``a FIFO``…), None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bytes(path: Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most ``limit`` of them; ``InputError`` otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file", original=exc) from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", original=exc) from exc
    try:
        kind = not_regular(os.fstat(fd).st_mode)
        if kind:
            raise InputError(f"{path}: {kind}, not a regular file; only regular files are read")
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", original=exc) from exc
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputError(f"{path.name}: larger than {limit // 1024 // 1024} MB, the limit per file; split it")
    return data


def check_file(p: Path) -> str | None:
    """Why a named file cannot be read (following links), or None."""
    try:
        st = p.stat()
    except FileNotFoundError:
        return "no such file or folder" if not p.is_symlink() else "a link to a missing file"
    except OSError as exc:
        return f"cannot read ({exc.strerror})"
    kind = not_regular(st.st_mode)
    if kind:
        return f"{kind}, not a regular file; only regular files are read"
    if p.suffix.lower() not in SUPPORTED_SUFFIXES:
        return unsupported(p.suffix.lower())
    return None


def _walk(root: Path, files: list[Path], skipped: list[tuple[str, str]]) -> None:
    """Supported regular files under ``root``; every other file is named in ``skipped``."""
    real_root = root.resolve()
    for folder, dirs, names in os.walk(root, followlinks=False):
        base = Path(folder)
        for d in list(dirs):
            entry = base / d
            if d.startswith("."):
                dirs.remove(d)
            elif entry.is_symlink():
                target = entry.resolve()
                if not target.is_relative_to(real_root):
                    skipped.append((str(entry), f"a link to {target}, outside {root}; not followed"))
        dirs.sort()
        for name in sorted(names):
            if name.startswith("."):
                continue
            entry = base / name
            reason = None
            if entry.is_symlink():
                target = entry.resolve()
                if not target.is_relative_to(real_root):
                    reason = f"a link to {target}, outside {root}; not followed"
            if reason is None:
                reason = check_file(entry)
            if reason is None:
                files.append(entry)
            else:
                skipped.append((str(entry), reason))


def collect_files(
    paths: Iterable[str | Path],
) -> tuple[list[Path], list[tuple[str, str]], list[tuple[str, str]]]:
    """``(files to ingest, failed, skipped)``: what a run reads, and every other path with its reason.

    A path named explicitly that cannot be read (missing, unsupported, a FIFO…)
    or a folder with no supported file in it has *failed*: the user asked for
    it. A file met while walking a folder that is not read (a ``.jpg``, a link
    leaving the folder, a socket) is *skipped*: named, but no failure of the
    run. A file reached twice (named and inside a named folder, or through a
    link) is read once.
    """
    files: list[Path] = []
    failed: list[tuple[str, str]] = []
    skipped: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        found: list[Path] = []
        if p.is_dir():
            passed: list[tuple[str, str]] = []
            _walk(p, found, passed)
            found.sort()
            skipped += sorted(passed)
            if not found:
                why = f" ({len(passed)} other files skipped)" if passed else ""
                failed.append((str(p), f"no {allowed_list()} files in this folder{why}"))
        elif (reason := check_file(p)) is not None:
            failed.append((str(p), reason))
        else:
            found = [p]
        for f in found:
            if (key := f.resolve()) not in seen:
                seen.add(key)
                files.append(f)
    return files, failed, skipped
