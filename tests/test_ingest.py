"""Ingest: idempotent, replaces changed files completely, never stopped by bad input."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from extractor.config import Settings
from extractor.errors import BackendError, StoreError
from extractor.ingest import get_article, ingest, list_sources
from extractor.schema import Article
from extractor.store import Store
from extractor.store.writer import BatchWriter
from extractor.text.chunks import chunk_article
from extractor.text.files import MAX_TEXT_CHARS, collect_files

from .conftest import SEEDS, seed_article, seed_path
from .fixtures_store import settings, store_settings

__all__ = ["settings"]

ROOT = Path(__file__).resolve().parents[1]
# the module, not the function `extractor.ingest` that the package exports under the same name
ingest_module = importlib.import_module("extractor.ingest")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
UNDECODABLE = bytes([0x81, 0x30]) * 10 + b"\x1b[31m\x07" * 20
ALLOWED = ".docx .htm .html .markdown .md .pdf .text .txt .xhtml"  # what the skip reasons name


def _chunk_ids(settings: Settings, source: str) -> set[str]:
    col = Store(settings).chroma.collection("chunks")
    assert col is not None
    return set(col.get(where={"source": source})["ids"])


def _expected_ids(settings: Settings, article: Article) -> set[str]:
    chunks = chunk_article(article, max_tokens=settings.chunk_tokens, encoding=settings.encoding)
    return {c.id for c in chunks}


def _copy_seeds(folder: Path) -> Path:
    shutil.copytree(SEEDS, folder)
    return folder


def test_seeds_ingest_then_skip_when_unchanged(settings: Settings) -> None:
    stored: list[Article] = []
    ticks: list[tuple[int, int, str]] = []
    report = ingest(
        [SEEDS],
        settings=settings,
        on_article=stored.append,
        progress=lambda d, t, p: ticks.append((d, t, p.name)),
    )
    articles = [seed_article(p.name[:3]) for p in sorted(SEEDS.glob("*.txt"))]
    assert report.ok and (report.files, report.ingested, report.skipped_unchanged) == (5, 5, 0)
    assert report.paragraphs == sum(len(a.paragraphs) for a in articles)
    assert report.chunks == sum(len(_expected_ids(settings, a)) for a in articles)
    assert report.tokens > 0 and report.seconds > 0
    assert sorted(a.source for a in stored) == [a.source for a in articles]
    assert [d for d, _, _ in ticks] == [1, 2, 3, 4, 5] and {t for _, t, _ in ticks} == {5}
    summary = report.summary()
    assert summary["ingested"] == 5 and summary["failed"] == []

    stored.clear()
    again = ingest([SEEDS], settings=settings, on_article=stored.append)
    assert (again.ingested, again.skipped_unchanged, again.chunks, again.ok) == (0, 5, 0, True)
    assert stored == []
    for a in articles:
        assert _chunk_ids(settings, a.source) == _expected_ids(settings, a)


def test_a_changed_file_replaces_its_chunks_and_record(settings: Settings, tmp_path: Path) -> None:
    folder = _copy_seeds(tmp_path / "in")
    assert ingest([folder], settings=settings).ok
    path = folder / seed_path("002").name
    old = get_article(path.name, settings)
    old_ids = _chunk_ids(settings, path.name)
    path.write_text(
        path.read_text(encoding="utf-8") + "\n\n补充报道：星河科技新增投资12亿元建设智造园。\n",
        encoding="utf-8",
    )
    report = ingest([folder], settings=settings)
    assert (report.ingested, report.skipped_unchanged) == (1, 4)
    new = get_article(path.name, settings)
    assert new.sha256 != old.sha256 and new.text.endswith("智造园。\n")
    assert _chunk_ids(settings, path.name) == _expected_ids(settings, new)
    assert not old_ids & _chunk_ids(settings, path.name), "a stale chunk survived"
    hit = Store(settings).search("星河科技 智造园", k=1)[0]
    assert hit.source == path.name and "12亿元" in hit.text


def test_a_failure_mid_write_keeps_the_previous_version(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy_seeds(tmp_path / "in")
    assert ingest([folder], settings=settings).ok
    path = folder / seed_path("003").name
    old = get_article(path.name, settings)
    path.write_text(path.read_text(encoding="utf-8") + "\n\n新增一段：签约项目8个。\n", encoding="utf-8")

    def disk_full(self: BatchWriter, records: object) -> None:
        raise StoreError("Chroma failed to write: disk full")

    monkeypatch.setattr(BatchWriter, "_commit", disk_full)
    report = ingest([folder], settings=settings)
    assert report.failed == [(str(path), "Chroma failed to write: disk full")]
    assert get_article(path.name, settings).sha256 == old.sha256
    for hit in Store(settings).search("招商考察 签约项目", k=10):
        assert get_article(hit.source, settings).text[hit.start : hit.end] == hit.text

    monkeypatch.undo()
    report = ingest([folder], settings=settings)
    assert (report.ingested, report.skipped_unchanged, report.ok) == (1, 4, True)
    new = get_article(path.name, settings)
    assert _chunk_ids(settings, path.name) == _expected_ids(settings, new)


def test_rebuild_starts_over(settings: Settings) -> None:
    assert ingest([SEEDS], settings=settings).ok
    with Store(settings).writing() as store:
        store.replace_records(
            "deals", seed_path("000").name, ["d"], ["{}"], [{"kind": "deal"}], [[1.0] * 1024]
        )
    report = ingest([seed_path("000"), seed_path("001")], settings=settings, rebuild=True)
    assert (report.ingested, report.skipped_unchanged) == (2, 0)
    assert [r["id"] for r in list_sources(settings)] == [seed_path("000").name, seed_path("001").name]
    deals = Store(settings).chroma.collection("deals")
    assert deals is not None and deals.count() == 0
    chunks = Store(settings).chroma.collection("chunks")
    assert chunks is not None
    expected = [_expected_ids(settings, seed_article(p)) for p in ("000", "001")]
    assert chunks.count() == sum(len(e) for e in expected)


def test_bad_input_never_stops_the_batch(settings: Settings, tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    (mixed / "sub").mkdir(parents=True)
    shutil.copy(seed_path("000"), mixed / "good.txt")
    (mixed / "sub" / "good.md").write_text("# 标题\n\n某公司总投资5亿元建设新工厂。\n", encoding="utf-8")
    (mixed / "page.html").write_text(
        "<html><head><title>签约仪式</title></head><body><article><p>总投资20亿元的新能源项目签约落地。"
        "项目位于高新区，预计明年投产。</p></article></body></html>",
        encoding="utf-8",
    )
    (mixed / "image.png").write_bytes(PNG)  # not a supported type: skipped, and named with the reason
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "binary.txt").write_bytes(PNG)
    (mixed / "garbled.txt").write_bytes(UNDECODABLE)
    explicit = tmp_path / "report.pdf"
    explicit.write_bytes(b"%PDF-1.4 ...")
    twin = tmp_path / "other" / "good.txt"  # same name as mixed/good.txt
    twin.parent.mkdir()
    twin.write_text("另一篇文章。", encoding="utf-8")
    empty_folder = tmp_path / "nothing"
    empty_folder.mkdir()

    report = ingest([mixed, tmp_path / "missing.txt", explicit, twin, empty_folder], settings=settings)
    # a file of another type met in a folder is skipped and named, not a failure
    assert report.skipped == [(str(mixed / "image.png"), f"unsupported file type .png; use {ALLOWED}")]
    failed = dict(report.failed)
    assert set(failed) == {
        str(mixed / "empty.txt"),
        str(mixed / "binary.txt"),
        str(mixed / "garbled.txt"),
        str(tmp_path / "missing.txt"),
        str(explicit),
        str(twin),
        str(empty_folder),
    }
    for reason in failed.values():
        assert reason and "\n" not in reason
    assert "no such file" in failed[str(tmp_path / "missing.txt")]
    assert "rename" in failed[str(twin)]
    assert report.ingested == 3 and not report.ok
    assert report.files == 3 + len(failed) + len(report.skipped)
    assert {r["id"] for r in list_sources(settings)} == {"good.txt", "good.md", "page.html"}
    assert get_article("page.html", settings).title == "签约仪式"


def test_collect_files_walks_folders_once(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/x.txt", "a/b/y.HTML", "a/b/z.htm", "a/w.md", "a/skip.jpg"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    files, failed, skipped = collect_files([tmp_path / "a", tmp_path / "a" / "x.txt"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "a/b/y.HTML",
        "a/b/z.htm",
        "a/w.md",
        "a/x.txt",
    ]
    assert failed == []
    assert skipped == [(str(tmp_path / "a" / "skip.jpg"), f"unsupported file type .jpg; use {ALLOWED}")]


def test_a_named_file_of_another_type_fails_but_one_in_a_folder_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "only.jpg").write_bytes(b"\xff\xd8\xff")
    named = tmp_path / "named.jpg"
    named.write_bytes(b"\xff\xd8\xff")
    (tmp_path / "a" / "news.txt").write_text("某公司总投资5亿元建设新工厂。", encoding="utf-8")
    files, failed, skipped = collect_files([tmp_path / "a", tmp_path / "b", named])
    assert files == [tmp_path / "a" / "news.txt"]
    assert [p for p, _ in skipped] == [str(tmp_path / "a" / "photo.jpg"), str(tmp_path / "b" / "only.jpg")]
    reasons = dict(failed)
    assert set(reasons) == {str(tmp_path / "b"), str(named)}  # asked for, and nothing could be read
    assert "no " in reasons[str(tmp_path / "b")] and "1 other files skipped" in reasons[str(tmp_path / "b")]
    assert "unsupported file type .jpg" in reasons[str(named)]


def test_on_article_errors_are_reported_not_raised(settings: Settings) -> None:
    def boom(article: Article) -> None:
        raise BackendError("the extraction backend is down")

    report = ingest([seed_path("001")], settings=settings, on_article=boom)
    assert report.ingested == 1
    assert report.failed == [(str(seed_path("001")), "stored, but then: the extraction backend is down")]


def test_worker_processes_give_the_same_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):
        src = sorted(SEEDS.glob("*.txt"))[i % 5]
        (folder / f"{i:02d}_{src.name}").write_text(f"第{i}篇\n\n" + src.read_text(encoding="utf-8"), "utf-8")
    (folder / "zz_bad.txt").write_bytes(PNG)
    serial = store_settings(tmp_path / "serial")
    pooled = store_settings(tmp_path / "pooled")
    one = ingest([folder], settings=serial)
    monkeypatch.setattr(ingest_module, "_POOL_MIN_FILES", 2)
    monkeypatch.setattr(ingest_module, "_POOL_MAX_BYTES", 7000)  # some files still prepared here
    submitted: list[str] = []
    real_submit = ingest_module._Workers.submit

    def spy(self: Any, path: Path, stored: Any) -> int | None:
        submitted.append(path.name)
        index: int | None = real_submit(self, path, stored)
        assert index is not None
        return index

    monkeypatch.setattr(ingest_module._Workers, "submit", spy)
    two = ingest([folder], settings=pooled)
    assert 0 < len(submitted) < 13
    assert (one.ingested, one.chunks, one.failed) == (two.ingested, two.chunks, two.failed)
    assert one.ingested == 12 and len(one.failed) == 1
    assert list_sources(serial) == list_sources(pooled)
    for row in list_sources(serial):
        assert _chunk_ids(serial, row["id"]) == _chunk_ids(pooled, row["id"])


def test_an_article_at_the_text_limit_is_ingested_with_bounded_memory(tmp_path: Path) -> None:
    # In a fresh process, so its peak memory is this ingest's alone. Longer texts are refused
    # (MAX_TEXT_CHARS, tests/test_files.py); this one is just under the limit (about 6 MB).
    paragraphs = [p for p in seed_path("004").read_text(encoding="utf-8").split("\n") if p.strip()]
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as f:
        size, i = 0, 0
        while size < MAX_TEXT_CHARS - 5_000:
            line = f"{i}. {paragraphs[i % len(paragraphs)]}\n\n"
            f.write(line)
            size += len(line)
            i += 1
    code = textwrap.dedent(
        f"""
        import resource
        from pathlib import Path
        from extractor.config import Settings
        from extractor.ingest import ingest
        report = ingest([Path({str(big)!r})], settings=Settings(data_dir=Path({str(tmp_path / "data")!r})))
        assert report.ok, report.failed
        # this process's own peak: a child's ru_maxrss starts at its parent's (the test runner's)
        # peak when it is spawned, so it would measure pytest, not this ingest
        try:
            with open("/proc/self/status") as status:
                peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) // 1024
        except OSError:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(report.ingested, report.chunks, peak)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    ingested, chunks, peak_mb = map(int, out.stdout.split())
    assert ingested == 1 and chunks > 2_000
    # Chroma's own index and caches are most of it; Python's side is a few copies of the text.
    assert peak_mb < 1500, f"peak memory {peak_mb} MB"


def test_a_dying_worker_costs_nothing_but_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(8):
        (folder / f"{i}.txt").write_text(f"第{i}篇报道\n\n{i}号项目总投资{i + 1}亿元，签约落地。", "utf-8")
    monkeypatch.setattr(ingest_module, "_POOL_MIN_FILES", 2)
    real_result = ingest_module._Workers.result

    def kill_then_read(self: Any, job: int) -> Any:
        for proc in self.pool.procs:
            if proc is not None:
                proc.kill()
                proc.wait()
        return real_result(self, job)

    monkeypatch.setattr(ingest_module._Workers, "result", kill_then_read)
    report = ingest([folder], settings=store_settings(tmp_path / "data"))
    assert report.ok and report.ingested == 8
