"""Worker processes for CPU-bound batches: plain ``python -c`` children speaking pickle over pipes.

Not ``multiprocessing``: its spawn and forkserver modes re-run the caller's main module in
every child (``python -m extractor`` would start the CLI again, and a user's script without
an ``if __name__ == "__main__"`` guard would fail), and fork is unsafe in a process running
Chroma's native threads. A child runs ``serve(make)``: it reads one set-up message, builds
its handler from it, then answers each request in order until the pipe closes. Ctrl-C reaches
the whole process group; children ignore it and end quietly when the parent closes their
pipe, so the parent alone says what an interrupt means.

Answers go to files in the pool's folder, not back through the pipe, which carries only
receipts: a child never waits for the parent to read (the parent may be busy in a long
Chroma flush), and a large request and a large answer can never block each other in full
pipes. The folder is named for the parent's pid; a run that was killed leaves it behind,
and the next pool sweeps such folders (``clean_stale_folders``).
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

Handler = Callable[[Any], Any]


class Failed:
    """A child's answer to a request its handler raised on."""


_PREFIX = "dealqa-prepare-"  # the name predates extraction's pool, which shares it

# glibc's malloc gives every thread that allocates an arena of its own (up to 8 per core), and
# Chroma's native threads and ours then strand freed memory across all of them: a 5,000-article
# ingest peaked at 730–820 MB with glibc's default and at 580–610 MB with two arenas, equally fast
# (three runs each, interleaved). ``M_ARENA_MAX`` is glibc's ``mallopt`` parameter number.
ARENAS = 2
_M_ARENA_MAX = -8


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap this process's malloc arenas (call it before threads start: the CLI's first line);
    False where there is no glibc (macOS, musl), which is left as it is."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False


class Pool:
    """``n`` children each running ``serve`` in ``module`` (a function there named ``entry``)."""

    def __init__(self, n: int, module: str, entry: str, setup: object) -> None:
        clean_stale_folders()
        self.folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
        self.answered: list[int] = []
        package_root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")])}
        env.setdefault("MALLOC_ARENA_MAX", str(ARENAS))  # as ``limit_malloc_arenas``, from the start
        # Ctrl-C ignored from the first line: a child still importing must not print a traceback
        quiet = "import signal; signal.signal(signal.SIGINT, signal.SIG_IGN)"
        code = f"{quiet}; from {module} import {entry}; {entry}()"
        self.procs: list[subprocess.Popen[bytes] | None] = []
        for _ in range(n):
            try:
                proc = subprocess.Popen(
                    [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
                )
            except OSError:  # fewer children then (none: the caller works alone)
                break
            self.procs.append(proc if _send(proc, (str(self.folder), len(self.procs), setup)) else None)
            self.answered.append(0)

    def __len__(self) -> int:
        return len(self.procs)

    def send(self, i: int, request: object) -> bool:
        """Queue ``request`` on child ``i``; False (and the child counts as dead) if it is gone."""
        proc = self.procs[i]
        if proc is not None and _send(proc, request):
            return True
        self.procs[i] = None
        return False

    def receive(self, i: int) -> tuple[bool, Any]:
        """Child ``i``'s answer to its oldest request: ``(True, answer)``, or ``(False, None)`` if it
        died or failed on it (the caller then does the request itself)."""
        proc = self.procs[i]
        if proc is None:
            return False, None
        try:
            receipt = pickle.load(_pipe(proc.stdout))
        except (EOFError, OSError, pickle.UnpicklingError):
            self.procs[i] = None  # died (out of memory? killed?): the caller does its work itself
            return False, None
        self.answered[i] += 1
        if receipt != self.answered[i]:
            raise RuntimeError(f"worker {i} answered request {receipt}, not {self.answered[i]}")
        path = _answer_path(self.folder, i, receipt)
        with path.open("rb") as f:
            answer = pickle.load(f)
        path.unlink()
        if isinstance(answer, Failed):
            return False, None  # the child lives on; this request is the caller's to redo
        return True, answer

    def close(self, *, abort: bool = False) -> None:
        """End the children: after their queued requests, or at once (``abort``)."""
        for proc in self.procs:
            if proc is not None:
                if abort:
                    proc.kill()
                else:
                    _send(proc, None)
        for proc in self.procs:
            if proc is not None:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def serve(make: Callable[[Any], Handler]) -> None:
    """A child's main loop: ``make(setup)`` gives the handler; each request's answer goes back in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever else prints to stdout must not corrupt the answers
    inp = sys.stdin.buffer
    try:
        folder, index, setup = pickle.load(inp)
        handle = make(setup)
        for seq, request in enumerate(iter(lambda: pickle.load(inp), None), 1):
            try:
                answer = handle(request)
            except Exception:
                answer = Failed()  # a bug: the parent does this request itself, where it raises properly
            target = _answer_path(Path(folder), index, seq)
            with target.with_suffix(".partial").open("wb") as f:
                pickle.dump(answer, f, protocol=pickle.HIGHEST_PROTOCOL)
            target.with_suffix(".partial").replace(target)
            pickle.dump(seq, out)
            out.flush()
    except (EOFError, BrokenPipeError):  # the parent is gone
        return


def _answer_path(folder: Path, worker: int, seq: int) -> Path:
    return folder / f"{worker}-{seq}.pickle"


def clean_stale_folders(root: Path | None = None) -> list[Path]:
    """Delete the answer folders of runs that died (killed, or the machine went down).

    A folder is named for its run's pid; one whose process is gone is stale. A
    live pid may have been reused by another program: its folder then waits
    for a later run.
    """
    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        pid = folder.name[len(_PREFIX) :].split("-", 1)[0]
        if not folder.is_dir() or folder.is_symlink() or not pid.isdigit() or _alive(int(pid)):
            continue
        try:
            if folder.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _send(proc: subprocess.Popen[bytes], message: object) -> bool:
    try:
        stream = _pipe(proc.stdin)
        pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
        stream.flush()
        return True
    except OSError:
        return False


def _pipe(stream: IO[bytes] | None) -> IO[bytes]:
    assert stream is not None
    return stream
