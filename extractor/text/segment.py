"""One home for Chinese segmentation: jieba's dictionary, for words, tags and questions.

Words (``words``, ``search_words``: paragraphs and the lexical index) come from rjieba,
which binds jieba-rs, the Rust port of jieba (MIT): its dictionary is compiled in (built
in 0.1 s on import, so imported on first use), and it cuts about fifteen times faster; its
dictionary-only and search-mode cuts are jieba's exactly on every article of the
evaluation sets (``tests/test_segment.py`` checks a sentence). Tags (``tags``, ``Tagger``)
stay with the Python jieba: jieba-rs's tags differ on one sentence in five (see ``tags``).
A batch's tagger takes only its dictionary route over Han runs from jieba-rs (``_routed``),
and jieba's HMM decoder is a vectorised copy (``pos_hmm``): the same tags, about 1.7x faster.

The Python jieba loads its whole dictionary before tagging a word (0.9 s), where a CLI
question needs a few dozen entries: until a process has tagged a fair amount of text,
the taggers read entries one at a time from a cache file (``jieba_dict``), then ``tags``
switches to jieba's default tagger with everything loaded. Same dictionary, same tags.
"""

from __future__ import annotations

import functools
import io
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from ..config import get_settings
from . import pos_hmm
from .jieba_dict import Entries, Freq, Tags, open_entries


def words(text: str) -> list[str]:
    """The dictionary words of ``text`` (an unknown run is cut into characters)."""
    return list(_rjieba().cut(text, False))


# A question's search words, while rjieba is not loaded, come from the Python jieba over the
# on-demand dictionary: the same words (``tests/test_cold_ask.py`` compares them on every eval
# question), without the 0.1 s import of rjieba a cold ``dealqa ask`` would pay for one line.
# Only short texts, and only so many characters in all (a batch soon costs more, as for ``tags``).
_SHORT_CHARS = 200


def search_words(text: str) -> list[str]:
    """Search-mode words: each long word and the dictionary words inside it (高新区 → 高新, 新区, 高新区)."""
    if len(text) <= _SHORT_CHARS and "rjieba" not in sys.modules:
        lazy = _lazy_for(len(text), "lazy_search_chars")
        if lazy is not None:
            return list(lazy.tokenizer.cut_for_search(text, HMM=False))
    return list(_rjieba().cut_for_search(text, False))


@functools.cache
def _rjieba() -> Any:
    """rjieba, imported on first use: it builds its dictionary as it is imported (0.1 s), which
    commands that cut no words (deals, sources, info) need not wait for."""
    import rjieba

    return rjieba


@functools.lru_cache(maxsize=4096)
def tags(text: str) -> tuple[tuple[str, str], ...]:
    """Words of ``text`` with jieba's part-of-speech tags (ns place, nr name, v verb …).

    jieba's own tagger, not jieba-rs's: its character-level tag model keeps 有 a verb before
    an unknown name (有/v 澜岳/ns where jieba-rs glues 有澜岳), and its dictionary tags are
    the ones the rules were written against. Cached: the rules read one sentence in several
    places and tag it once.
    """
    return tuple((p.word, p.flag) for p in _text_tagger(len(text)).cut(text))


# Characters tagged with dictionary entries read one at a time (questions, a passage or an
# article) before the whole dictionary is loaded: past this a batch is being read, and an
# entry's first lookup (~5 µs) soon costs more than loading them all once (0.6 s).
_LAZY_CHARS = 10_000
_LOCK = threading.Lock()
_state: dict[str, Any] = {"lazy_chars": 0, "lazy_search_chars": 0}


def _text_tagger(chars: int) -> Any:
    """The tagger for ``tags``: one reading dictionary entries on demand while little text has
    been tagged (a CLI question pays nothing to load), then jieba's default tagger with the
    whole dictionary loaded (an extraction batch). Both read the same dictionary, so they tag
    alike."""
    lazy = _lazy_for(chars, "lazy_chars")
    return _eager() if lazy is None else lazy


def _lazy_for(chars: int, budget: str) -> Any:
    """The on-demand tagger if ``chars`` more fit in the ``budget`` of characters read so far, else None."""
    _jieba()
    with _LOCK:
        lazy = _state.get("lazy")
        if "eager" not in _state and lazy is not None and _state[budget] + chars <= _LAZY_CHARS:
            _state[budget] += chars
            return lazy
    return None


def load_whole_dictionary() -> None:
    """Load jieba's whole dictionary now (0.6 s), for a process that will tag a batch of articles."""
    _eager()


@functools.cache
def _eager() -> Any:
    """jieba's default tagger, its whole dictionary loaded, routing Han runs with jieba-rs."""
    jieba, posseg, _ = _jieba()
    jieba.initialize()  # FREQ from jieba's own cache in the temp folder
    _rjieba()  # the routes come from it: imported now, not in the middle of the first sentence
    _state["eager"] = True
    tagger: Any = object.__new__(_routed(posseg))
    tagger.tokenizer, tagger.word_tag_tab = posseg.dt.tokenizer, posseg.dt.word_tag_tab
    return tagger


_HAN_RUN = re.compile("[\u4e00-\u9fd5]+")


@functools.cache
def _routed(posseg: Any) -> type:
    """jieba's tagger with its dictionary route over a run of Han characters taken from jieba-rs.

    jieba tags a block in two steps: the most probable route of dictionary words (a Python
    dynamic programme over every prefix: a quarter of rules-extraction time), then its
    tags, with the HMM for runs of characters the dictionary does not know. jieba-rs finds
    the same route over the same dictionary (``tests/test_segment.py`` compares the tags of
    every eval article), so a block of Han characters only takes its route from jieba-rs;
    the tagging after it is jieba's own code. A block with digits or Latin letters keeps
    jieba's route (jieba-rs joins single letters, which jieba's tagger does not).
    """
    base = posseg.POSTokenizer
    pair = posseg.pair
    cut_dag = base._POSTokenizer__cut_DAG

    def route_then_tag(self: Any, sentence: str) -> Iterator[Any]:
        if not _HAN_RUN.fullmatch(sentence):
            yield from cut_dag(self, sentence)
            return
        buf = ""
        for word in _rjieba().cut(sentence, False):
            if len(word) == 1:
                buf += word
                continue
            if buf:
                yield from _unknown_run(self, buf, pair)
                buf = ""
            yield pair(word, self.word_tag_tab.get(word, "x"))
        if buf:
            yield from _unknown_run(self, buf, pair)

    return type("RoutedPOSTokenizer", (base,), {"_POSTokenizer__cut_DAG": route_then_tag})


def _unknown_run(tagger: Any, buf: str, pair: Any) -> Iterator[Any]:
    """jieba's tags for a run of single-character route words (its ``__cut_DAG``'s ``buf``)."""
    if len(buf) == 1:
        yield pair(buf, tagger.word_tag_tab.get(buf, "x"))
    elif not tagger.tokenizer.FREQ.get(buf):
        yield from tagger._POSTokenizer__cut_detail(buf)  # the HMM
    else:
        for elem in buf:
            yield pair(elem, tagger.word_tag_tab.get(elem, "x"))


@functools.cache
def _jieba() -> tuple[Any, Any, Entries | None]:
    """jieba, its tagger module, and the cached dictionary (None when no cache can be kept).

    Importing ``jieba.posseg`` builds a default tagger, parsing all of dict.txt for its word
    tags (0.3 s). It is handed an empty file instead, and given the tags afterwards: the
    cache's, read on demand, or (without a cache) those parsed from dict.txt as jieba would.
    """
    with _LOCK:
        jieba = _import_jieba()
        jieba.setLogLevel(60)
        if "jieba.posseg" in sys.modules:
            import jieba.posseg as posseg
        else:
            jieba.dt.get_dict_file = io.BytesIO
            try:
                import jieba.posseg as posseg
            finally:
                del jieba.dt.get_dict_file
            posseg.dt.word_tag_tab = {}
        pos_hmm.install(posseg)
        entries = open_entries(get_settings().cache_home, jieba, posseg)
        if entries is None:
            if not posseg.dt.word_tag_tab:
                posseg.dt.load_word_tag(jieba.dt.get_dict_file())
        else:
            posseg.dt.word_tag_tab = Tags(entries)
            _state["lazy"] = _tagger(jieba, posseg, _cached(entries), ())
        return jieba, posseg, entries


def _import_jieba() -> Any:
    """``import jieba``, without ``pkg_resources``.

    jieba opens its data files through ``pkg_resources`` when it can import it (0.1 s, and
    deprecated), else the same files beside its module. Nothing else of ours uses it, so it
    is hidden for the moment of the import (unless something already imported it).
    """
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # an import of it fails
    try:
        import jieba
    finally:
        if hide and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


def _tagger(
    jieba: Any,
    posseg: Any,
    tables: tuple[Any, int, Any],
    extra: Iterable[str],
    freq: int = 0,
    tag: str = "",
) -> Any:
    """A jieba tagger over the given ``(FREQ, total, tags)`` tables, with ``extra`` words of its own."""
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, word_tags = tables
    tokenizer.initialized = True
    for word in extra:
        tokenizer.add_word(word, freq=freq, tag=tag)
    tagger = object.__new__(posseg.POSTokenizer)  # its __init__ would parse dict.txt's tags
    tagger.tokenizer, tagger.word_tag_tab = tokenizer, word_tags
    return tagger


def _cached(entries: Entries) -> tuple[Any, int, Any]:
    """The cached dictionary's tables, read an entry at a time."""
    return Freq(entries), entries.total, Tags(entries)


class Tagger:
    """A tagger for questions, with words of its own (推介会, 产业园), so the shared
    dictionary, and with it the index's tokens, stays as jieba ships it.

    It runs the Python jieba's tagger: a question is short and often names a place or firm
    the dictionary lacks (洞泾, 家德资), and jieba's character-level tag model joins and
    tags such a name (洞泾/ns) where jieba-rs splits it. Questions are few and short, so it
    reads dictionary entries on demand (see ``jieba_dict``), never the whole dictionary.
    """

    def __init__(self, extra: Iterable[str], *, freq: int = 20000, tag: str = "n") -> None:
        jieba, posseg, entries = _jieba()
        if entries is not None:
            tables = _cached(entries)
        else:
            # without a cache: copies of the default tables, loaded whole (what a fresh
            # ``jieba.Tokenizer()`` and ``POSTokenizer`` would read, without reading them again)
            shared = _eager()
            tables = dict(shared.tokenizer.FREQ), shared.tokenizer.total, dict(shared.word_tag_tab)
        self._tagger: Any = _tagger(jieba, posseg, tables, extra, freq, tag)
        self._lock = threading.Lock()

    def tags(self, text: str) -> list[tuple[str, str]]:
        with self._lock:  # on first use jieba's tagger moves its words into its tag table, not thread-safely
            return [(p.word, p.flag) for p in self._tagger.lcut(text)]
