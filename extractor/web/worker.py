"""Extraction of one long article in a child process, so an upload job can stop it at its time limit.

A thread cannot be stopped, a process can. The child reads a pickled
``(Article, Settings)`` on stdin and writes a pickled ``("ok", ArticleExtraction)``
or ``("error", message)`` on stdout; it imports only the extraction side of dealqa.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from ..config import Settings
from ..errors import DealqaError
from ..extract import extract_article
from ..schema import Article, ArticleExtraction


class TimedOutError(Exception):
    """The child ran over its time limit and was killed."""


def extract_in_child(article: Article, settings: Settings, *, timeout: float) -> ArticleExtraction:
    """``extract_article`` in a child process; ``TimedOutError`` after ``timeout`` seconds."""
    package_root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")])}
    code = "from extractor.web.worker import main; main()"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=pickle.dumps((article, settings), protocol=pickle.HIGHEST_PROTOCOL),
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:  # subprocess.run has killed the child
        raise TimedOutError(str(exc)) from exc
    try:
        status, value = pickle.loads(done.stdout)
    except Exception as exc:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise DealqaError(f"抽取进程异常退出（{done.returncode}）：{tail[0][:200]}") from exc
    if status != "ok":
        raise DealqaError(str(value))
    result: ArticleExtraction = value
    return result


def main() -> None:
    """The child's side (``python -c``)."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything else printed must not corrupt the pickled answer
    article, settings = pickle.load(sys.stdin.buffer)
    try:
        answer: tuple[str, object] = ("ok", extract_article(article, settings=settings))
    except DealqaError as exc:
        answer = ("error", str(exc))
    pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()
