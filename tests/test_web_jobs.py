"""Uploads that neither pile up nor block, jobs that survive a restart, and reads that see other writers."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from extractor.config import Settings
from extractor.web import jobs as web_jobs
from extractor.web.app import create_app
from extractor.web.jobs import FileStatus, Jobs
from tests.web_fixtures import PAGE_HEADERS, ROOT, SEEDS, seeded, wait_job

SMALL = "西湖园区签约智慧物流产业园项目,总投资6亿元。\n"


def _one_line_article(chars: int) -> str:
    """A long article with no line break at all (one paragraph), made from a seed's sentences."""
    seed = (SEEDS / "002_76e3f8ceb10a68ae.txt").read_text(encoding="utf-8").replace("\n", "")
    return (seed * (chars // len(seed) + 1))[:chars]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(
        create_app(seeded(tmp_path / "data")), raise_server_exceptions=False, headers=PAGE_HEADERS
    ) as c:
        yield c


def _post(client: TestClient, files: list[tuple[str, bytes]]) -> dict[str, Any]:
    response = client.post("/api/ingest", files=[("files", (n, b, "text/plain")) for n, b in files])
    assert response.status_code == 202, response.text
    return wait_job(client, response.json(), timeout=300)


def _settings(client: TestClient) -> Settings:
    settings: Settings = client.app.state.web.settings  # type: ignore[attr-defined]
    return settings


def _kept_uploads(settings: Settings) -> list[Path]:
    return [p for p in (settings.data_dir / "uploads").rglob("*") if p.is_file() and p.suffix != ".json"]


def test_a_big_file_does_not_hold_up_a_small_one(client: TestClient) -> None:
    big = _one_line_article(150_000).encode()
    job = _post(client, [("big_one_line.txt", big), ("small.txt", SMALL.encode())])
    files = {f["name"]: f for f in job["files"]}
    assert files["small.txt"]["state"] == "done", files["small.txt"]
    assert files["big_one_line.txt"]["state"] in ("done", "failed"), files["big_one_line.txt"]
    # uploaded together, the big one first: the small one still finished first
    assert files["small.txt"]["finished_at"] < files["big_one_line.txt"]["finished_at"]
    assert not _kept_uploads(_settings(client))  # both texts are in the store: no upload is kept


def test_a_file_over_its_time_limit_is_stopped_and_named(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_jobs, "FILE_SECONDS", 0.2)
    monkeypatch.setattr(web_jobs, "SLOW_SECONDS", 0.0)
    job = _post(client, [("slow.txt", _one_line_article(60_000).encode()), ("quick.txt", SMALL.encode())])
    files = {f["name"]: f for f in job["files"]}
    slow = files["slow.txt"]
    assert slow["state"] == "failed" and slow["kind"] == "timeout" and "秒上限" in slow["reason"]
    assert slow["slow"] and slow["seconds"] >= 0.2
    assert files["quick.txt"]["state"] == "done"
    listed = {a["id"]: a for a in client.get("/api/articles").json()["articles"]}
    assert "slow.txt" in listed  # the text is stored; only its extraction was stopped
    assert job["state"] == "done"


def test_refused_files_are_deleted_at_once(client: TestClient) -> None:
    job = _post(client, [("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(64)), ("ok.txt", SMALL.encode())])
    files = {f["name"]: f for f in job["files"]}
    assert files["image.txt"]["state"] == "failed" and files["image.txt"]["kind"] == "binary"
    settings = _settings(client)
    assert not _kept_uploads(settings)
    record = settings.data_dir / "uploads" / f"{job['id']}.json"
    assert record.is_file() and "image.txt" in record.read_text(encoding="utf-8")


def test_a_restarted_server_finishes_the_jobs_it_had_accepted(tmp_path: Path) -> None:
    settings = seeded(tmp_path / "data")
    # What a server killed right after saving an upload leaves behind: the upload and its job record.
    before = Jobs(settings)
    job, folder = before.new_job([FileStatus("after_restart.txt")])
    (folder / "after_restart.txt").write_text(SMALL.replace("西湖", "北湖"), encoding="utf-8")
    before.close()
    assert (settings.data_dir / "uploads" / f"{job.id}.json").is_file()

    with TestClient(create_app(settings), raise_server_exceptions=False, headers=PAGE_HEADERS) as c:
        done = wait_job(c, {"status_url": f"/api/ingest/{job.id}"})
        assert done["state"] == "done" and done["files"][0]["state"] == "done", done
        assert "after_restart.txt" in {a["id"] for a in c.get("/api/articles").json()["articles"]}
    assert not _kept_uploads(settings)


def test_old_job_records_are_pruned(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_jobs, "KEEP_JOBS", 2)
    ids = [
        _post(client, [(f"p{n}.txt", SMALL.replace("6亿元", f"{n + 1}亿元").encode())])["id"]
        for n in range(4)
    ]
    records = {p.stem for p in (_settings(client).data_dir / "uploads").glob("*.json")}
    assert ids[-1] in records and ids[0] not in records and len(records) <= 3


def test_the_server_answers_from_an_ingest_run_by_another_process(client: TestClient, tmp_path: Path) -> None:
    """`dealqa ingest` in its own process while the app runs: the app's next question sees the article."""
    question = "量子计算产业园总投资多少?"
    before = client.post("/api/ask", json={"question": question}).json()
    assert "33亿元" not in before["answer"]["answer"]
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "zz_quantum.txt").write_text(
        "北辰园区签约量子计算产业园项目,总投资33亿元。\n\n该项目由北辰量子公司投资建设。\n", encoding="utf-8"
    )
    settings = _settings(client)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEALQA_", "OPENAI_"))}
    env |= {
        "DEALQA_DATA_DIR": str(settings.data_dir),
        "DEALQA_BACKEND": "rules",
        "DEALQA_EMBEDDER": settings.embedder,
        "DEALQA_EMBED_DIM": str(settings.embed_dim),
        "DEALQA_CHUNK_TOKENS": str(settings.chunk_tokens),
        "DEALQA_COLLECTION_PREFIX": settings.collection_prefix,
    }
    run = subprocess.run(
        [sys.executable, "-m", "extractor", "ingest", str(folder)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    after = client.post("/api/ask", json={"question": question}).json()
    assert "33亿元" in after["answer"]["answer"], after["answer"]
    assert any(c["source"] == "zz_quantum.txt" for c in after["citations"])


def test_a_finished_upload_unfreezes_what_warming_froze(client: TestClient) -> None:
    """Warming freezes what it loaded (no full collection walks it mid-question); once an upload
    has changed the store, the old indexes may be garbage, so nothing stays frozen for good."""
    gc.freeze()  # as `dealqa serve`'s warm-up leaves it
    try:
        assert gc.get_freeze_count() > 0
        job = _post(client, [("新文章.txt", "星岚光电产业园项目在赣州签约，总投资8亿元。".encode())])
        assert job["state"] == "done"
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_a_finished_upload_leaves_the_record_index_built(client: TestClient) -> None:
    """The deal route's record index of the store the upload left is built and saved by the
    server, not by the next deal question (15 s at 20,000 articles)."""
    from extractor.store import Store

    job = _post(client, [("新文章.txt", "星岚光电产业园项目在赣州签约，总投资8亿元。".encode())])
    assert job["state"] == "done"
    store = Store(_settings(client))
    generation = store.generation()
    assert generation is not None
    folder = store.index_folder("records", generation)
    deadline = time.monotonic() + 30
    while not folder.is_dir() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert folder.is_dir(), sorted(p.name for p in folder.parent.glob("*"))
