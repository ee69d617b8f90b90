"""A library staff can manage: duplicates caught, name collisions a choice, articles removed whole."""

from __future__ import annotations

import shutil
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import extractor
from extractor import NotFoundError, StoreError, ask, list_articles, query_aggregates, query_deals, remove
from extractor.cli import app
from extractor.config import Settings
from extractor.deals import extract_pending
from extractor.ingest import get_article, ingest
from extractor.store import Store
from extractor.store.chroma import Chroma
from extractor.web.app import create_app

from .conftest import SEEDS, offline_settings, seed_path

S004 = seed_path("004").name
QUESTION = "光大人工智能产业基地总投资多少?"


def _chunks_of(settings: Settings, source: str) -> int:
    col = Store(settings).chroma.collection("chunks")
    assert col is not None
    return len(col.get(where={"source": source})["ids"])


def _records_of(settings: Settings, source: str) -> int:
    col = Store(settings).chroma.collection("deals")
    assert col is not None
    return len(col.get(where={"source": source})["ids"])


def _seeded(data_dir: Path) -> Settings:
    settings = offline_settings(data_dir)
    assert ingest([SEEDS], settings=settings).ok
    extract_pending(Store(settings), settings=settings)
    return settings


def _victim(i: int) -> str:
    """An article about project ZQX{i}: its own words, so a search for them finds only it."""
    return (
        f"ZQX{i}号项目签约落地\n\n2024年3月{i % 28 + 1}日，星河园区与示例{i}号科技公司"
        f"签约ZQX{i}号智能制造项目，总投资{i + 1}亿元。\n\nZQX{i}号项目主要生产工业机器人，预计2026年投产。\n"
    )


# ---------------------------------------------------------------------------- duplicates


def test_a_copy_under_another_name_is_a_duplicate_and_changes_nothing(tmp_path: Path) -> None:
    settings = _seeded(tmp_path / "data")
    deals_before = query_deals(settings=settings)
    answer_before = ask(QUESTION, settings=settings)
    # the same text in another form: full-width digits, other spacing and line breaks
    text = seed_path("004").read_text(encoding="utf-8")
    copy = tmp_path / "in" / "转载_光大.txt"
    copy.parent.mkdir()
    copy.write_text("  " + text.replace("200", "２００").replace("\n", "\n\n  ") + "\n\n", encoding="utf-8")
    report = ingest([copy], settings=settings)
    assert report.duplicates == [(str(copy), S004)]
    assert (report.ingested, report.ok) == (0, True)
    assert report.summary()["duplicates"] == [{"path": str(copy), "duplicate_of": S004}]
    extract_pending(Store(settings), settings=settings)
    assert [r["id"] for r in list_articles(settings=settings)] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(query_deals(settings=settings)) == len(deals_before)
    answer = ask(QUESTION, settings=settings)
    assert answer.answer == answer_before.answer and "200亿元" in answer.answer
    assert {c.source for c in answer.citations} == {S004}
    # a re-run says the same again, and stores nothing
    again = ingest([copy], settings=settings)
    assert again.duplicates == [(str(copy), S004)] and again.ingested == 0


def test_duplicates_within_one_batch_are_stored_once(tmp_path: Path) -> None:
    settings = offline_settings(tmp_path / "data")
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.md"):
        (folder / name).write_text(_victim(1) if name != "c.md" else _victim(1).replace("，", "， "), "utf-8")
    (folder / "d.txt").write_text(_victim(2), encoding="utf-8")
    report = ingest([folder], settings=settings)
    assert report.ingested == 2 and report.ok
    assert sorted(report.duplicates) == [(str(folder / "b.txt"), "a.txt"), (str(folder / "c.md"), "a.txt")]
    assert [r["id"] for r in list_articles(settings=settings)] == ["a.txt", "d.txt"]
    # once the original is removed, its copy is no duplicate any more
    remove(["a.txt"], settings=settings)
    later = ingest([folder / "b.txt"], settings=settings)
    assert (later.ingested, later.duplicates) == (1, [])


def test_an_updated_article_frees_its_old_text(tmp_path: Path) -> None:
    settings = offline_settings(tmp_path / "data")
    path = tmp_path / "x.txt"
    path.write_text(_victim(3), encoding="utf-8")
    assert ingest([path], settings=settings).ingested == 1
    path.write_text(_victim(4), encoding="utf-8")
    assert ingest([path], settings=settings).ingested == 1  # the same path: an update
    other = tmp_path / "old_text.txt"
    other.write_text(_victim(3), encoding="utf-8")
    report = ingest([other], settings=settings)
    assert (report.ingested, report.duplicates) == (1, [])


# ---------------------------------------------------------------------------- name collisions


def test_a_different_file_of_a_stored_name_is_refused_unless_replaced(tmp_path: Path) -> None:
    settings = offline_settings(tmp_path / "data")
    first, second = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"
    for path, i in ((first, 5), (second, 6)):
        path.parent.mkdir()
        path.write_text(_victim(i), encoding="utf-8")
    assert ingest([first], settings=settings).ingested == 1
    # the same file again: unchanged; the same path changed: an update
    assert ingest([first], settings=settings).skipped_unchanged == 1
    report = ingest([second], settings=settings)
    ((failed_path, reason),) = report.failed
    assert failed_path == str(second) and str(first.resolve()) in reason and "--replace" in reason
    assert "ZQX5" in get_article("x.txt", settings).text
    replaced = extractor.ingest([second], settings=settings, replace=True)  # the public API: then extracts
    assert replaced.ingested == 1 and replaced.ok
    assert any("ZQX6" in (d.project or "") for d in query_deals(settings=settings))
    stored = get_article("x.txt", settings)
    assert "ZQX6" in stored.text and stored.path == str(second)
    assert not [h for h in Store(settings).search("ZQX5号项目", k=5) if "ZQX5" in h.text]
    # an identical file from elsewhere is no collision: nothing would change
    twin = tmp_path / "c" / "x.txt"
    twin.parent.mkdir()
    shutil.copy(second, twin)
    assert ingest([twin], settings=settings).skipped_unchanged == 1


def test_cli_ingest_replace_flag(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first, second = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"
    for path, i in ((first, 7), (second, 8)):
        path.parent.mkdir()
        path.write_text(_victim(i), encoding="utf-8")
    runner = CliRunner()
    base = ["--data-dir", str(data), "ingest", "--backend", "rules"]
    assert runner.invoke(app, [*base, str(first)]).exit_code == 0
    refused = runner.invoke(app, [*base, str(second)])
    assert refused.exit_code == 1 and "--replace" in refused.output
    done = runner.invoke(app, [*base, "--replace", str(second)])
    assert done.exit_code == 0, done.output
    assert "ZQX8" in get_article("x.txt", offline_settings(data)).text


# ---------------------------------------------------------------------------- remove


def test_remove_takes_the_article_its_chunks_and_its_deals(tmp_path: Path) -> None:
    settings = _seeded(tmp_path / "data")
    assert _chunks_of(settings, S004) > 0 and _records_of(settings, S004) > 0
    assert any(d.evidence[0].source == S004 for d in query_deals(settings=settings))
    assert extractor.remove(S004, settings=settings) == [S004]
    assert S004 not in {r["id"] for r in list_articles(settings=settings)}
    assert (_chunks_of(settings, S004), _records_of(settings, S004)) == (0, 0)
    assert not any(d.evidence[0].source == S004 for d in query_deals(settings=settings))
    assert not any(a.evidence[0].source == S004 for a in query_aggregates(settings=settings))
    assert all(h.source != S004 for h in Store(settings).search("光大人工智能产业基地 总投资", k=20))
    assert "200亿元" not in ask(QUESTION, settings=settings).answer
    with pytest.raises(NotFoundError):
        get_article(S004, settings)
    # re-ingesting brings it back whole
    assert ingest([seed_path("004")], settings=settings).ingested == 1
    extract_pending(Store(settings), settings=settings)
    assert "200亿元" in ask(QUESTION, settings=settings).answer


def test_remove_of_an_unknown_source_removes_nothing(tmp_path: Path) -> None:
    settings = _seeded(tmp_path / "data")
    with pytest.raises(NotFoundError, match=r"nope\.txt") as caught:
        remove([S004, "nope.txt"], settings=settings)
    assert "nothing was removed" in str(caught.value)
    assert S004 in {r["id"] for r in list_articles(settings=settings)}
    assert remove([], settings=settings) == []


def test_cli_remove(tmp_path: Path) -> None:
    settings = _seeded(tmp_path / "data")
    runner = CliRunner()
    missing = runner.invoke(app, ["--data-dir", str(settings.data_dir), "remove", S004, "nope.txt"])
    assert missing.exit_code == 1 and "nope.txt" in missing.output and "Traceback" not in missing.output
    assert len(missing.output.strip().splitlines()) == 1
    done = runner.invoke(app, ["--data-dir", str(settings.data_dir), "remove", S004, "--format", "json"])
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == '{"removed": ["004_9799bbb4fcc4f8c1.txt"]}'
    assert S004 not in {r["id"] for r in list_articles(settings=settings)}


def test_web_delete(tmp_path: Path) -> None:
    settings = _seeded(tmp_path / "data")
    headers = {"X-Dealqa": "1"}  # what the page's script sends with every change
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        href = f"/api/articles/{S004}"
        assert client.get(href).status_code == 200
        gone = client.delete(href, headers=headers)
        assert gone.status_code == 200, gone.text
        assert gone.json() == {"removed": [S004]}
        assert client.get(href).status_code == 404
        again = client.delete(href, headers=headers)
        assert again.status_code == 404 and S004 in again.json()["error"]
        listed = {a["id"] for a in client.get("/api/articles").json()["articles"]}
        assert S004 not in listed and len(listed) == 4
        assert all(d["source"] != S004 for d in client.get("/api/deals").json()["deals"])
        answer = client.post("/api/ask", json={"question": QUESTION}, headers=headers).json()
        assert all(c["source"] != S004 for c in answer["citations"])


def test_a_reader_sees_each_article_whole_or_not_at_all(tmp_path: Path) -> None:
    settings = offline_settings(tmp_path / "data")
    folder = tmp_path / "in"
    folder.mkdir()
    victims = {f"v{i:02d}.txt": i for i in range(12)}
    for name, i in victims.items():
        (folder / name).write_text(_victim(i), encoding="utf-8")
    assert ingest([SEEDS, folder], settings=settings).ok
    extract_pending(Store(settings), settings=settings)
    full = Counter(d.evidence[0].source for d in query_deals(settings=settings))
    texts = {name: get_article(name, settings).text for name in victims}
    assert all(full[name] >= 1 for name in victims)

    problems: list[str] = []
    stop, warm = threading.Event(), threading.Barrier(3)
    checks = Counter[str]()

    def reader(offset: int) -> None:
        n = offset
        first = True
        while not stop.is_set():
            name = f"v{n % len(victims):02d}.txt"
            i = victims[name]
            n += 1
            try:
                hits = Store(settings).search(f"ZQX{i}号", k=3)
                deals = Counter(d.evidence[0].source for d in query_deals(settings=settings))
                answer = ask(f"ZQX{i}号项目总投资多少?", settings=settings)
                listed = {r["id"] for r in list_articles(settings=settings)}
            except Exception as e:  # a reader must never fail because of a removal
                problems.append(f"{type(e).__name__}: {e}")
                continue
            for h in hits:
                if h.source in texts and texts[h.source][h.start : h.end] != h.text:
                    problems.append(f"a garbled hit of {h.source}")
            if deals[name] not in (0, full[name]):
                problems.append(f"{name}: {deals[name]} of its {full[name]} deals")
            # the listing was read last: an article listed then was whole during the reads before it
            if name in listed:
                checks["listed"] += 1
                if not any(h.source == name for h in hits):
                    problems.append(f"{name} is listed but its paragraphs were not found")
                if deals[name] != full[name]:
                    problems.append(f"{name} is listed but has {deals[name]} of its {full[name]} deals")
                if f"{i + 1}亿元" not in answer.answer:
                    problems.append(f"{name} is listed but not answered from: {answer.answer}")
            else:
                checks["gone"] += 1
            if first:  # caches warm: the removals start once both readers are this far
                first = False
                warm.wait(60)

    threads = [threading.Thread(target=reader, args=(k * 5,)) for k in range(2)]
    for t in threads:
        t.start()
    try:
        warm.wait(60)
        for name in victims:
            assert remove([name], settings=settings) == [name]
            time.sleep(0.05)  # readers see some articles gone and some still whole
    finally:
        stop.set()
        for t in threads:
            t.join(60)
    assert problems == [], problems[:5]
    assert checks["listed"] > 0 and checks["gone"] > 0, checks
    assert {r["id"] for r in list_articles(settings=settings)} == {p.name for p in SEEDS.glob("*.txt")}
    assert all(_chunks_of(settings, name) == 0 for name in victims)


def test_a_removal_failing_halfway_shows_no_half_article_and_is_swept_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _seeded(tmp_path / "data")
    real = Chroma.delete_where

    def fail_on_chunks(self: Chroma, col: Any, where: Any) -> None:
        raise StoreError("Chroma failed to delete records: injected")

    monkeypatch.setattr(Chroma, "delete_where", fail_on_chunks)
    with pytest.raises(StoreError, match="injected"):
        remove([S004], settings=settings)
    # the article record went first: nothing of it is visible, though its chunks and deals are on disk
    assert _chunks_of(settings, S004) > 0 and _records_of(settings, S004) > 0
    assert S004 not in {r["id"] for r in list_articles(settings=settings)}
    assert all(h.source != S004 for h in Store(settings).search("光大人工智能产业基地 总投资", k=20))
    assert not any(d.evidence[0].source == S004 for d in query_deals(settings=settings))
    assert "200亿元" not in ask(QUESTION, settings=settings).answer

    monkeypatch.setattr(Chroma, "delete_where", real)
    with Store(settings).writing():
        pass  # the next write session, whatever it writes, sweeps the leftovers first
    assert (_chunks_of(settings, S004), _records_of(settings, S004)) == (0, 0)
    assert len(list_articles(settings=settings)) == 4
