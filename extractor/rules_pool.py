"""Rules extraction of a large batch in worker processes, one per core.

Reading an article by rules is pure-Python CPU work (jieba's tagger, the place table, the
rules), so threads would take turns on the GIL; processes use every core. A pool pays off
only past some hundreds of articles (each worker loads Python, the rules and jieba's
dictionary, about a second), so smaller batches, the LLM backend (it waits on the network:
threads), and a machine with one core stay in-process.

The children are ``workers.Pool``'s, running ``extract.serve_rules_worker``. Articles go to
them in turn and their results come back in the order the articles went in, through a bounded
window, so a lazy iterable of articles is read as the work goes. A child that dies (out of
memory, killed) is not replaced: its articles, and those it would have had, are extracted here.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from . import workers
from .config import Settings
from .schema import Article, ArticleExtraction

# One per core this process may run on, at most this many unless set (each holds jieba's dictionary).
_MAX_AUTO = 4
# Below this many articles, starting workers does not pay (measured: evals/bench_extract.py --batch).
MIN_ARTICLES = 200

Outcome = tuple[ArticleExtraction | None, str | None]
One = Callable[[Article], Outcome]


def processes_for(settings: Settings, articles: int) -> int:
    """How many worker processes a rules batch of ``articles`` gets: 0 means in-process."""
    wanted = settings.extract_processes or min(_MAX_AUTO, len(os.sched_getaffinity(0)))
    return wanted if wanted > 1 and articles >= MIN_ARTICLES else 0


def extract_in_processes(
    articles: Iterable[Article], processes: int, settings: Settings, here: One
) -> Iterator[tuple[Article, Outcome]]:
    """Each article with its outcome, in order; ``here`` extracts what no live worker can."""
    pool = workers.Pool(processes, "extractor.extract", "serve_rules_worker", settings)
    window: deque[tuple[Article, int | None]] = deque()
    turn = 0
    finished = False
    try:
        for article in articles:
            sent: int | None = None
            for _ in range(len(pool)):
                i, turn = turn, (turn + 1) % len(pool)
                if pool.send(i, article):
                    sent = i
                    break
            window.append((article, sent))
            if len(window) >= 4 * processes:
                yield _finish(pool, *window.popleft(), here)
        while window:
            yield _finish(pool, *window.popleft(), here)
        finished = True
    finally:
        pool.close(abort=not finished)  # Ctrl-C or a failure: queued articles are not waited for


def _finish(pool: workers.Pool, article: Article, worker: int | None, here: One) -> tuple[Article, Outcome]:
    if worker is not None:
        ok, outcome = pool.receive(worker)
        if ok:
            return article, outcome
    return article, here(article)
