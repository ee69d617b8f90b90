"""jieba's dictionary read from the SQLite cache: the same entries and tags as jieba's own tables,
rebuilt when stale or damaged, replaced whole while others read it, and never needed for a
question to be tagged as jieba tags it."""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import jieba
import jieba.posseg
import pytest

from extractor.text import jieba_dict, segment
from extractor.text.jieba_dict import FILE_NAME, Entries, build, open_entries, read_tables, source_key
from extractor.text.segment import Tagger, tags

from .conftest import ROOT, SEEDS, python_child

SENTENCES = [
    "重庆高新区光大人工智能产业基地项目签约，总投资200亿元，落户西部科学城。",
    "集中开工的项目有澜岳光电、星海微纳等企业的项目",
    "洞泾投资推介会上揭牌成立的是什么基地?",
    "比亚迪新能源汽车项目落户合肥市长丰县，总投资100亿元。",
    "2023年1-7月，松江区洞泾镇引进家德资企业，iPhone 15 Pro 与 AI+ 项目 3.5 亿元",
]
# Words to look up: whole words, prefixes only (FREQ 0), tagged and untagged, absent ones.
WORDS = ["重庆", "高新区", "光大", "人工智能", "重庆高", "人工智", "洞泾", "澜岳", "的", "签约", "x", ""]


@functools.cache
def _reference() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's tables as jieba reads them from dict.txt."""
    return read_tables(jieba, jieba.posseg)


def _seed_sentences(limit: int = 120) -> list[str]:
    out: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [s for s in text.replace("\n", "。").split("。") if s.strip()]
    return out[:limit]


def _entries(folder: Path) -> Entries:
    entries = open_entries(folder, jieba, jieba.posseg)
    assert entries is not None
    return entries


def _reference_tagger(extra: tuple[str, ...] = (), freq: int = 20000, tag: str = "n") -> Any:
    """A jieba tagger built the ordinary way: the whole dictionary loaded."""
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = dict(_reference()[0]), _reference()[1]
    tokenizer.initialized = True
    for word in extra:
        tokenizer.add_word(word, freq=freq, tag=tag)
    tagger = object.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer, tagger.word_tag_tab = tokenizer, dict(_reference()[2])
    return tagger


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("jieba-cache")
    _entries(folder)
    return folder


def test_the_cache_holds_jiebas_entries_and_tags(built: Path) -> None:
    freq, total, word_tags = _reference()
    entries = _entries(built)
    assert entries.total == total
    for word in WORDS:
        assert entries.freq(word) == freq.get(word), word
        assert entries.tag(word) == word_tags.get(word), word
    assert entries.freq("人工智") == 0  # a prefix only: jieba keeps it with frequency 0
    with sqlite3.connect(built / FILE_NAME) as db:
        (rows,) = db.execute("SELECT count(*) FROM entries").fetchone()
    assert rows == len(freq.keys() | word_tags.keys())


def test_a_cached_tagger_tags_as_jieba_with_its_whole_dictionary(built: Path) -> None:
    entries = _entries(built)
    ours = segment._tagger(jieba, jieba.posseg, segment._cached(entries), ())
    theirs = _reference_tagger()
    for text in SENTENCES + _seed_sentences():
        assert [(p.word, p.flag) for p in ours.cut(text)] == [(p.word, p.flag) for p in theirs.cut(text)]


def test_the_question_tagger_adds_its_words_as_jieba_would(built: Path) -> None:
    words = ("推介会", "产业园", "鑫源谷")
    ours = segment._tagger(jieba, jieba.posseg, segment._cached(_entries(built)), words, 20000, "n")
    theirs = _reference_tagger(words)
    for text in [*SENTENCES, "鑫源谷在哪里?", "洞泾产业园推介会签约了多少个项目？"]:
        assert ours.lcut(text) == theirs.lcut(text)
    # and the shared tables stay as jieba ships them
    assert ("鑫源谷", "n") not in tags("鑫源谷在哪里")


def test_tags_and_the_question_tagger_agree_with_jieba_on_the_seeds() -> None:
    """Whichever way this process reads the dictionary (on demand or whole), the same tags."""
    theirs = _reference_tagger()
    tagger = Tagger(["推介会"])
    reference_q = _reference_tagger(("推介会",))
    for text in _seed_sentences(60):
        assert list(tags(text)) == [(p.word, p.flag) for p in theirs.cut(text)]
        assert tagger.tags(text) == [(p.word, p.flag) for p in reference_q.cut(text)]


def _key(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return str(dict(db.execute("SELECT key, value FROM meta").fetchall())["source"])


def test_a_cache_built_from_another_jieba_is_rebuilt(tmp_path: Path) -> None:
    freq, total, _ = _reference()
    build(tmp_path / FILE_NAME, "1:0.41:123:456", {"老词": 5}, 5, {"老词": "n"})
    entries = _entries(tmp_path)
    assert _key(tmp_path / FILE_NAME) == source_key(jieba)
    assert entries.total == total
    assert entries.freq("老词") is None
    assert entries.freq("重庆") == freq["重庆"]


@pytest.mark.parametrize("damage", ["garbage", "empty", "not ours"])
def test_an_unreadable_cache_is_rebuilt(tmp_path: Path, damage: str) -> None:
    path = tmp_path / FILE_NAME
    if damage == "garbage":
        path.write_bytes(b"\x00not a database\xff" * 1000)
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE something (x)")
    entries = _entries(tmp_path)
    assert entries.freq("重庆") == _reference()[0]["重庆"]
    assert _key(path) == source_key(jieba)


def test_a_cache_damaged_mid_way_still_answers_from_dict_txt_and_is_dropped(
    built: Path, tmp_path: Path
) -> None:
    shutil.copy(built / FILE_NAME, tmp_path)  # a whole cache of this jieba, to damage
    path = tmp_path / FILE_NAME
    entries = _entries(tmp_path)  # opened while whole: its header and metadata read fine
    data = path.read_bytes()
    with path.open("r+b") as f:  # overwrite the pages past the first few in place
        f.seek(64 * 1024)
        f.write(b"\xff" * (len(data) - 64 * 1024))
    freq, _, word_tags = _reference()
    # words the cache has not read yet: some live on damaged pages
    for word in ["中华人民共和国", "鑫", "人工智能", "重庆", "签约", "智博会", "长丰县", "澜岳"]:
        assert entries.freq(word) == freq.get(word), word
        assert entries.tag(word) == word_tags.get(word), word
    assert not path.exists()  # the next process builds a whole one
    assert _entries(tmp_path).freq("重庆") == freq["重庆"]


def test_a_rebuild_replaces_the_file_whole_under_a_reader(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    build(path, "old", {"甲": 1, "甲乙": 2}, 3, {"甲乙": "n"})
    reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    assert reader.execute("SELECT freq FROM entries WHERE word = '甲乙'").fetchone() == (2,)
    build(path, "new", {"丙": 7}, 7, {})
    # the reader keeps the file it opened; a new reader sees only the new one
    assert reader.execute("SELECT freq FROM entries WHERE word = '甲乙'").fetchone() == (2,)
    reader.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT word, freq FROM entries").fetchall() == [("丙", 7)]
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]  # no temporary file left


def test_a_failed_build_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    build(path, "old", {"甲": 1}, 1, {})
    with pytest.raises(sqlite3.Error):
        build(path, "new", {"乙": object()}, 1, {})  # type: ignore[dict-item]  # sqlite can't store it
    assert _key(path) == "old"
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]


CHILD = """
import json, sys
from pathlib import Path
import jieba, jieba.posseg
from extractor.text.jieba_dict import open_entries
entries = open_entries(Path(sys.argv[1]), jieba, jieba.posseg)
words = sys.argv[2:]
print(json.dumps([entries.total, [entries.freq(w) for w in words], [entries.tag(w) for w in words]]))
"""


def test_processes_building_the_cache_at_once_all_read_a_whole_one(tmp_path: Path) -> None:
    freq, total, word_tags = _reference()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path), *WORDS],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(3)
    ]
    expected = [total, [freq.get(w) for w in WORDS], [word_tags.get(w) for w in WORDS]]
    for child in children:
        out, err = child.communicate(timeout=240)
        assert child.returncode == 0, err
        assert json.loads(out) == expected
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]
    assert _entries(tmp_path).freq("重庆") == freq["重庆"]


TAGS_CHILD = """
import json, sys
from extractor.text.segment import Tagger, tags
print(json.dumps([[list(tags(t)) for t in sys.argv[1:]], [Tagger(["推介会"]).tags(t) for t in sys.argv[1:]]]))
"""


@pytest.mark.parametrize("cache", ["unwritable", "fresh"])
def test_a_cli_process_tags_alike_with_or_without_a_cache(tmp_path: Path, cache: str) -> None:
    home = "/dev/null/cache" if cache == "unwritable" else str(tmp_path / "cache")
    out = python_child(TAGS_CHILD, *SENTENCES, env={"DEALQA_CACHE_HOME": home}, timeout=240)
    theirs, question = _reference_tagger(), _reference_tagger(("推介会",))
    assert json.loads(out) == [
        [[[p.word, p.flag] for p in theirs.cut(t)] for t in SENTENCES],
        [[[p.word, p.flag] for p in question.cut(t)] for t in SENTENCES],
    ]
    assert (Path(home) / FILE_NAME).is_file() == (cache == "fresh")


QUESTION_CHILD = """
import sys
from extractor.text.places import find_places
from extractor.qa.parse import key_terms
print(find_places("重庆高新区签约了哪些项目？"), key_terms("光大集团签约项目总投资多少？"))
import jieba
print(jieba.dt.initialized, "jionlp" in sys.modules, "pkg_resources" in sys.modules)
"""


def test_a_question_needs_neither_the_whole_dictionary_nor_jionlp(built: Path) -> None:
    found, loaded = python_child(QUESTION_CHILD, env={"DEALQA_CACHE_HOME": str(built)}).strip().splitlines()
    assert "'重庆高新区'" in found and "'光大', '集团'" in found
    assert loaded == "False False False"


def test_the_cache_folder_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from extractor.config import Settings

    monkeypatch.setenv("DEALQA_CACHE_HOME", str(tmp_path))
    assert Settings().cache_home == tmp_path
    monkeypatch.delenv("DEALQA_CACHE_HOME")
    assert Settings().cache_home.name == "dealqa"
    assert jieba_dict.FILE_NAME.endswith(".sqlite3")


def test_a_forked_child_reads_through_a_connection_of_its_own(built: Path) -> None:
    entries = _entries(built)
    freq, _, word_tags = _reference()
    assert entries.freq("重庆") == freq["重庆"]
    inherited = entries._db
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: look up words the parent has not read, through a new connection
        code = 1
        try:
            got = [entries.freq("签约"), entries.tag("签约"), entries._db is not inherited]
            os.write(write, json.dumps(got).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        got = json.loads(pipe.read())
    _, status = os.waitpid(pid, 0)
    assert status == 0
    assert got == [freq["签约"], word_tags["签约"], True]
    assert entries._db is inherited and entries.freq("项目") == freq["项目"]  # the parent's is untouched
