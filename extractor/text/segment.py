"""One home for Chinese segmentation: jieba's dictionary, for words, tags and questions.

Words (``words``, ``search_words``: paragraphs and the lexical index) come from rjieba,
which binds jieba-rs, the Rust port of jieba (MIT): its dictionary is compiled in, so
nothing loads at start-up, and it cuts about fifteen times faster; its dictionary-only
and search-mode cuts are jieba's exactly on every article of the evaluation sets
(``tests/test_segment.py`` checks a sentence). Tags (``tags``, ``Tagger``) stay with the
Python jieba: jieba-rs's tags differ on one sentence in five (see ``tags``).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from typing import Any

import rjieba


def words(text: str) -> list[str]:
    """The dictionary words of ``text`` (an unknown run is cut into characters)."""
    return list(rjieba.cut(text, False))


def search_words(text: str) -> list[str]:
    """Search-mode words: each long word and the dictionary words inside it (高新区 → 高新, 新区, 高新区)."""
    return list(rjieba.cut_for_search(text, False))


@functools.lru_cache(maxsize=4096)
def tags(text: str) -> tuple[tuple[str, str], ...]:
    """Words of ``text`` with jieba's part-of-speech tags (ns place, nr name, v verb …).

    jieba's own tagger, not jieba-rs's: its character-level tag model keeps 有 a verb before
    an unknown name (有/v 澜岳/ns where jieba-rs glues 有澜岳), and its dictionary tags are
    the ones the rules were written against. Cached: the rules read one sentence in several
    places and tag it once.
    """
    return tuple((p.word, p.flag) for p in _posseg().cut(text))


@functools.cache
def _posseg() -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.posseg


class Tagger:
    """A tagger for questions, with words of its own (推介会, 产业园), so the shared
    dictionary, and with it the index's tokens, stays as jieba ships it.

    It runs the Python jieba's tagger: a question is short and often names a place or firm
    the dictionary lacks (洞泾, 家德资), and jieba's character-level tag model joins and
    tags such a name (洞泾/ns) where jieba-rs splits it. Questions are few; the speed of
    ``tags`` matters for articles.
    """

    def __init__(self, extra: Iterable[str], *, freq: int = 20000, tag: str = "n") -> None:
        import jieba

        # A copy of the default dictionary already loaded for ``tags`` (what a fresh
        # ``jieba.Tokenizer()`` would read from jieba's cache, without reading it a second time),
        # and of its word tags (what ``POSTokenizer`` would parse from dict.txt again).
        shared = _posseg().dt
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = dict(shared.tokenizer.FREQ), shared.tokenizer.total
        tokenizer.initialized = True
        for word in extra:
            tokenizer.add_word(word, freq=freq, tag=tag)
        tagger = object.__new__(_posseg().POSTokenizer)
        tagger.tokenizer, tagger.word_tag_tab = tokenizer, dict(shared.word_tag_tab)
        self._tagger: Any = tagger
        self._lock = threading.Lock()

    def tags(self, text: str) -> list[tuple[str, str]]:
        with self._lock:  # jieba builds its dictionary on first use, not thread-safely
            return [(p.word, p.flag) for p in self._tagger.lcut(text)]
