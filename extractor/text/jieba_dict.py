"""jieba's dictionary read a word at a time from a cache file, instead of loaded whole.

jieba holds its dictionary in two tables: the tokenizer's ``FREQ`` (each word and each prefix
of one, ~500,000 entries) and the tagger's ``word_tag_tab`` (~350,000 words). Loading them
costs most of a second per process: ``FREQ`` is unmarshalled from jieba's cache in the temp
folder, and the tags are parsed from ``dict.txt`` when ``jieba.posseg`` is imported. Tagging
a question reads a few dozen entries. So both tables go into one SQLite file in the user's
cache folder, built once by jieba's own readers, and ``Freq`` and ``Tags`` stand in for
them, fetching each entry the first time it is asked for.

The file records what it was built from (jieba's version, ``dict.txt``'s size and mtime); a
file built from something else, or one SQLite can't read, is rebuilt. A new file is
written under a temporary name and renamed into place, so a process reading the cache
while another rebuilds it sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FILE_NAME = "jieba-dict.sqlite3"
_FORMAT = "1"  # of this file's tables: a change makes every older file stale
_LOOKUP = "SELECT freq, tag FROM entries WHERE word = ?"


def dict_path(jieba: Any) -> Path:
    """jieba's dictionary file (``dict.txt`` beside its module)."""
    return Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)


def source_key(jieba: Any) -> str:
    """What a cache file must have been built from: jieba's version and its dictionary file."""
    st = dict_path(jieba).stat()
    return f"{_FORMAT}:{jieba.__version__}:{st.st_size}:{st.st_mtime_ns}"


def read_tables(jieba: Any, posseg: Any) -> tuple[dict[str, int], int, dict[str, str]]:
    """``FREQ``, its total and the word tags, read from ``dict.txt`` by jieba's own code."""
    path = dict_path(jieba)
    freq, total = jieba.Tokenizer.gen_pfdict(path.open("rb"))  # closes the file
    tagger = object.__new__(posseg.POSTokenizer)  # its __init__ would read a whole tokenizer first
    tagger.load_word_tag(path.open("rb"))
    return freq, total, tagger.word_tag_tab


class Entries:
    """The cache file, open for lookups; each entry is read once and kept.

    Should the file turn out damaged mid-way (SQLite reports it only when a damaged page is
    read), the rest of the lookups come from tables read from ``dict.txt`` (the same
    answers, slower to start) and the file is removed, for the next process to rebuild.
    """

    def __init__(
        self, path: Path, connection: sqlite3.Connection, total: int, jieba: Any, posseg: Any
    ) -> None:
        self.path = path
        self.total = total
        self._db: sqlite3.Connection | None = connection
        self._pid = os.getpid()
        self._seen: dict[str, tuple[int | None, str | None]] = {}
        self._lock = threading.Lock()
        self._modules = (jieba, posseg)
        self._tables: tuple[dict[str, int], dict[str, str]] | None = None

    def freq(self, word: str) -> int | None:
        """jieba's ``FREQ[word]`` (0 for a prefix of a word only), None when it has no entry."""
        got = self._seen.get(word)
        return (got or self._fetch(word))[0]

    def tag(self, word: str) -> str | None:
        """jieba's tag of ``word`` (ns, nr, v …), None when the dictionary doesn't tag it."""
        got = self._seen.get(word)
        return (got or self._fetch(word))[1]

    def _fetch(self, word: str) -> tuple[int | None, str | None]:
        with self._lock:
            row: tuple[int | None, str | None] = (None, None)
            if self._db is not None and self._pid != os.getpid():
                # a forked child: SQLite connections must not cross a fork, open its own
                self._pid = os.getpid()
                try:
                    self._db = _connect(self.path)
                except sqlite3.Error:
                    self._give_up()
            if self._db is not None:
                try:
                    found = self._db.execute(_LOOKUP, (word,)).fetchone()
                except sqlite3.Error:
                    self._give_up()
                else:
                    row = (found[0], found[1]) if found else (None, None)
            if self._db is None:
                assert self._tables is not None
                row = (self._tables[0].get(word), self._tables[1].get(word))
            self._seen[word] = row
            return row

    def _give_up(self) -> None:
        """Stop reading a damaged file: read ``dict.txt`` instead, remove the file."""
        freq, _, tags = read_tables(*self._modules)
        self._tables = (freq, tags)
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        with contextlib.suppress(OSError):
            self.path.unlink()


def open_entries(folder: Path, jieba: Any, posseg: Any) -> Entries | None:
    """The cache in ``folder``, built first when missing, stale or unreadable; None when it can't
    be built (an unwritable folder): the caller then loads jieba's tables whole."""
    path = folder / FILE_NAME
    try:
        key = source_key(jieba)
    except OSError:
        return None
    opened = _open(path, key, jieba, posseg)
    if opened is None:
        try:
            build(path, key, *read_tables(jieba, posseg))
        except (OSError, sqlite3.Error):
            return None
        opened = _open(path, key, jieba, posseg)
    return opened


def _open(path: Path, key: str, jieba: Any, posseg: Any) -> Entries | None:
    """The file at ``path`` if it was built from ``key`` and SQLite can read it, else None."""
    if not path.is_file():
        return None
    db: sqlite3.Connection | None = None
    try:
        db = _connect(path)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("source") != key or "total" not in meta or meta.get("complete") != "1":
            db.close()
            return None
        return Entries(path, db, int(meta["total"]), jieba, posseg)
    except (sqlite3.Error, ValueError):
        if db is not None:
            db.close()
        return None


def _connect(path: Path) -> sqlite3.Connection:
    # read-only, and shared by the threads of a web server (Entries serialises its reads)
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)


def build(path: Path, key: str, freq: dict[str, int], total: int, tags: dict[str, str]) -> None:
    """Write the cache file for ``key`` at ``path``: into a temporary file, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{FILE_NAME}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(name)
        try:
            db.execute("PRAGMA journal_mode = OFF")  # a failed build is thrown away whole
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("CREATE TABLE entries (word TEXT PRIMARY KEY, freq INTEGER, tag TEXT) WITHOUT ROWID")
            db.executemany("INSERT INTO entries VALUES (?, ?, ?)", _rows(freq, tags))
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("source", key), ("total", str(total)), ("complete", "1")],
            )
            db.commit()
        finally:
            db.close()
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _rows(freq: dict[str, int], tags: dict[str, str]) -> Iterable[tuple[str, int | None, str | None]]:
    for word, count in freq.items():
        yield word, count, tags.get(word)
    for word, tag in tags.items():
        if word not in freq:  # none in jieba's own file; a custom one could differ
            yield word, None, tag


class Freq:
    """Stands in for a jieba ``Tokenizer.FREQ``: words added to this tokenizer (``add_word``), then
    the cache's entries. Only what jieba's tokenizer and tagger call on ``FREQ`` is here."""

    def __init__(self, entries: Entries) -> None:
        self._entries = entries
        self._own: dict[str, int] = {}

    def __contains__(self, word: str) -> bool:
        return word in self._own or self._entries.freq(word) is not None

    def __getitem__(self, word: str) -> int:
        got = self.get(word)
        if got is None:
            raise KeyError(word)
        return got

    def __setitem__(self, word: str, count: int) -> None:
        self._own[word] = count

    def get(self, word: str, default: int | None = None) -> int | None:
        got = self._own.get(word)
        if got is None:
            got = self._entries.freq(word)
        return default if got is None else got


class Tags:
    """Stands in for ``POSTokenizer.word_tag_tab``: a tagger's own words' tags, then the cache's."""

    def __init__(self, entries: Entries) -> None:
        self._entries = entries
        self._own: dict[str, str] = {}

    def get(self, word: str, default: str | None = None) -> str | None:
        got = self._own.get(word)
        if got is None:
            got = self._entries.tag(word)
        return default if got is None else got

    def update(self, tags: dict[str, str]) -> None:
        self._own.update(tags)
