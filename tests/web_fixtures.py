"""Fixtures for the web tests: a seeded data directory, the app in-process, the app on a real port.

Imported by ``test_web_api.py`` and ``test_web_browser.py`` (``conftest.py`` belongs to the package).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from extractor.config import Settings
from extractor.deals import extract_pending
from extractor.ingest import ingest
from extractor.store import Store
from extractor.web.app import create_app

from .conftest import offline_settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

# What the page's scripts send on every request that changes state (see extractor/web/safety.py).
PAGE_HEADERS = {"X-Dealqa": "1"}

SEED_QUESTION = "光大人工智能产业基地总投资多少?"
UNANSWERABLE = "腾讯未来中心投资多少亿元?"

XSS = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_NAME = "xss_probe.txt"
XSS_ARTICLE = f"""星河园区{XSS}签约智能制造基地

2023年5月6日,星河园区与示例科技公司签约星河智能制造基地项目{XSS},总投资12亿元。{XSS_IMG}

星河智能制造基地主要生产工业机器人{XSS_IMG},预计2025年投产。
"""
XSS_QUESTION = f"星河智能制造基地总投资多少?{XSS_IMG}"




def seeded(data_dir: Path) -> Settings:
    """A data directory with the five seeds ingested and extracted."""
    settings = offline_settings(data_dir)
    report = ingest([SEEDS], settings=settings)
    assert report.ok, report.failed
    batch, _ = extract_pending(Store(settings), settings=settings)
    assert batch.ok, batch.failed
    return settings


def wait_job(client: TestClient, job: dict[str, Any], timeout: float = 120) -> dict[str, Any]:
    """Poll an upload job until it is done or failed."""
    deadline = time.monotonic() + timeout
    while True:
        got: dict[str, Any] = client.get(job["status_url"]).json()
        if got["state"] in ("done", "failed"):
            return got
        assert time.monotonic() < deadline, f"upload job still {got['state']}: {got}"
        time.sleep(0.05)


def upload(client: TestClient, files: list[tuple[str, bytes]]) -> dict[str, Any]:
    """POST files to /api/ingest and wait for the job."""
    response = client.post(
        "/api/ingest", files=[("files", (name, body, "text/plain")) for name, body in files]
    )
    assert response.status_code == 202, response.text
    return wait_job(client, response.json())


@pytest.fixture(scope="module")
def web_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return seeded(tmp_path_factory.mktemp("web") / "data")


@pytest.fixture(scope="module")
def client(web_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(web_settings), raise_server_exceptions=False, headers=PAGE_HEADERS) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LiveServer:
    """The app under uvicorn on 127.0.0.1 in a background thread."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(seeded(tmp_path_factory.mktemp("live") / "data")) as server:
        yield server
