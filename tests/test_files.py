"""Only regular files, inside the given folders, of bounded size; control characters one way.

Real symlinks, a real FIFO, a real socket, a link to /dev/zero, sparse big files.
"""

from __future__ import annotations

import json
import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from typer.testing import CliRunner

from extractor import extract
from extractor.cli import app
from extractor.config import Settings
from extractor.errors import InputError
from extractor.ingest import get_article, ingest
from extractor.text.article import build_article, clean_text
from extractor.text.decode import read_document
from extractor.text.files import MAX_FILE_BYTES, MAX_TEXT_CHARS, collect_files, read_bytes

from .fixtures_store import settings

__all__ = ["settings"]

RULES = Settings(backend="rules", embedder="hash", chroma_host=None, llm_model=None)
NEWS = "某某集团与某区签约华能新能源项目，总投资10亿元。"


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail, instead of hanging the suite, if something opens a FIFO for reading."""

    def boom(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("blocked: a FIFO was opened")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _folder(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("外面的文件，不应被读入。", encoding="utf-8")
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text(NEWS, encoding="utf-8")
    (root / "sub" / "inner.txt").write_text("里面的文件。", encoding="utf-8")
    return root, outside


def test_links_leaving_the_folder_are_skipped_and_named(tmp_path: Path) -> None:
    root, outside = _folder(tmp_path)
    (root / "passwd.txt").symlink_to("/etc/passwd")
    (root / "secret.txt").symlink_to(outside / "secret.txt")
    (root / "away").symlink_to(outside, target_is_directory=True)
    (root / "alias.txt").symlink_to(root / "sub" / "inner.txt")  # inside: read, once
    (root / "loop").symlink_to(root, target_is_directory=True)  # inside: not walked again

    files, failed, skipped = collect_files([root])
    assert [f.name for f in files] == ["alias.txt", "good.txt"]  # alias.txt and sub/inner.txt: one file
    assert failed == []
    reasons = dict(skipped)
    assert set(reasons) == {str(root / "passwd.txt"), str(root / "secret.txt"), str(root / "away")}
    assert all("outside" in r and "not followed" in r for r in reasons.values())


def test_an_explicit_link_is_followed_only_to_a_regular_file(tmp_path: Path, no_hang: None) -> None:
    _, outside = _folder(tmp_path)
    (tmp_path / "named.txt").symlink_to(outside / "secret.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    files, failed, skipped = collect_files([tmp_path / "named.txt", tmp_path / "zero.txt"])
    assert files == [tmp_path / "named.txt"] and skipped == []
    assert failed == [
        (str(tmp_path / "zero.txt"), "a device, not a regular file; only regular files are read")
    ]
    with pytest.raises(InputError, match="a device"):
        read_document(tmp_path / "zero.txt")
    with pytest.raises(InputError, match="a device"):
        read_bytes(Path("/dev/zero"))  # checked on the opened file too, before a byte is read


def test_fifos_and_sockets_are_refused_without_being_opened(tmp_path: Path, no_hang: None) -> None:
    root, _ = _folder(tmp_path)
    os.mkfifo(root / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "sock.txt"))
        files, failed, skipped = collect_files([root, root / "pipe.txt"])
        # named: a failure; met in the folder: skipped (the same FIFO, reported both ways)
        pipe = str(root / "pipe.txt")
        assert "FIFO" in dict(failed)[pipe] and "FIFO" in dict(skipped)[pipe]
        assert "socket" in dict(skipped)[str(root / "sock.txt")]
        assert {f.name for f in files} == {"good.txt", "inner.txt"}
        with pytest.raises(InputError, match="FIFO"):
            read_document(root / "pipe.txt")
        with pytest.raises(InputError, match="FIFO"):
            read_bytes(root / "pipe.txt")  # a file swapped for a FIFO after the check: opened non-blocking
    finally:
        server.close()


def test_a_folder_ingest_names_every_file_it_skips(settings: Settings, tmp_path: Path, no_hang: None) -> None:
    root, _ = _folder(tmp_path)
    (root / "passwd.txt").symlink_to("/etc/passwd")
    os.mkfifo(root / "pipe.txt")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (root / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (root / "blank.txt").write_text("\u3000\u3000\xa0 \u200b\n\t\n", encoding="utf-8")
    report = ingest([root], settings=settings)
    assert report.ingested == 2 and report.files == 7
    skipped = dict(report.skipped)
    assert set(skipped) == {str(root / n) for n in ("passwd.txt", "pipe.txt", "photo.jpg", "old.doc")}
    assert "outside" in skipped[str(root / "passwd.txt")]
    assert "FIFO" in skipped[str(root / "pipe.txt")]
    assert "unsupported file type .jpg" in skipped[str(root / "photo.jpg")]
    assert "save it as .docx" in skipped[str(root / "old.doc")]
    # a file that was read and turned out empty is a real failure
    assert [p for p, _ in report.failed] == [str(root / "blank.txt")] and not report.ok
    assert "empty" in report.failed[0][1]
    assert "/etc/passwd" not in get_article("good.txt", settings).text


@pytest.mark.parametrize(
    "content", ["\u3000\u3000\u3000", "\xa0\xa0 \n\n", " \t\u200b\ufeff\n", "\x00\x00\n"]
)
def test_whitespace_only_files_are_refused_as_empty(tmp_path: Path, content: str) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_document(path)


def test_nul_and_controls_never_reach_the_stored_text(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes("某某集团与某区签约\x00华能新能源项目，\x1b总投资10亿元。\r\n第二段\x0b第三段".encode())
    doc = read_document(path)
    assert doc.text == "某某集团与某区签约华能新能源项目，总投资10亿元。\n第二段\n第三段"
    report = ingest([path], settings=settings)
    assert report.ok
    stored = get_article("nul.txt", settings).text
    assert stored == doc.text
    # text given to the API goes the same way, and the evidence is exact in it
    result = extract("某某集团与某区签约\x00华能新能源项目，总投资10亿元。", settings=RULES)
    article = build_article("某某集团与某区签约\x00华能新能源项目，总投资10亿元。", source="text")
    assert "\x00" not in article.text and result.deals
    for span in result.deals[0].evidence:
        assert article.text[span.start : span.end] == span.quote
    assert clean_text("a\x85b\u2028c\fd\te") == "a\nb\nc\fd\te"  # form feed is a page break, kept


def test_mojibake_full_of_controls_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(("正文" + "\x01\x02\x03" * 50).encode())
    with pytest.raises(InputError, match="control"):
        read_document(path)


def test_reading_stops_at_the_caps(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # sparse: 1 byte over the cap costs no disk
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InputError, match="larger than 20 MB"):
        read_document(huge)
    long = tmp_path / "long.txt"
    long.write_text("甲" * (MAX_TEXT_CHARS + 1), encoding="utf-8")
    with pytest.raises(InputError, match="split the file"):
        read_document(long)
    fits = tmp_path / "fits.txt"
    fits.write_text("甲" * 1000, encoding="utf-8")
    assert len(read_document(fits).text) == 1000


def test_the_cli_names_skipped_files_and_exits_0_unless_something_failed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "news.txt").write_text(NEWS, encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # a stray picture among the articles
    runner = CliRunner()
    base = ["--data-dir", str(tmp_path / "data"), "ingest", "--backend", "rules"]

    result = runner.invoke(app, [*base, str(folder)])
    assert result.exit_code == 0, result.output
    said = "".join(result.stderr.split())  # rich wraps lines at 80 columns
    assert "skipped1:" in said and f"{folder / 'photo.jpg'}(unsupportedfiletype.jpg" in said
    summary = json.loads(runner.invoke(app, [*base, str(folder), "--format", "json"]).stdout)
    assert [s["path"] for s in summary["skipped"]] == [str(folder / "photo.jpg")] and summary["failed"] == []

    (folder / "broken.txt").write_bytes(b"")  # read, and empty: a real failure
    failed = runner.invoke(app, [*base, str(folder)])
    assert failed.exit_code == 1
    said = "".join(failed.stderr.split())
    assert f"✗{folder / 'broken.txt'}:" in said and "skipped1:" in said
