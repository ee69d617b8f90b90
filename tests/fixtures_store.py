"""Store fixtures: offline settings in a temp dir, the seeds ingested, a real ``chroma run`` server.

Import the fixtures you use into a test module (``from .fixtures_store import chroma_server``).
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extractor.config import Settings
from extractor.ingest import ingest

from .conftest import SEEDS, offline_settings


def store_settings(data_dir: Path, **changes: Any) -> Settings:
    """Settings for a store in ``data_dir``, pinned so the environment cannot change a test."""
    return offline_settings(data_dir, **changes)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """An empty embedded store in this test's temp dir."""
    return store_settings(tmp_path / "data")


@pytest.fixture(scope="module")
def seeded_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The five seeds ingested into an embedded store, shared by a module (read it, don't write)."""
    s = store_settings(tmp_path_factory.mktemp("seeded") / "data")
    report = ingest([SEEDS], settings=s)
    assert report.ok, report.failed
    return s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _heartbeat(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        conn.request("GET", "/api/v2/heartbeat")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A real ``chroma run`` on a free loopback port for this module; yields the port."""
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        pytest.skip("no chroma executable beside the Python interpreter")
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    log_path = path.parent / f"{path.name}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            deadline = time.monotonic() + 30
            while not _heartbeat(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma run did not start (exit {proc.returncode}); see {log_path}")
                time.sleep(0.1)
            yield port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
