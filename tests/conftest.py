"""Shared fixtures: the seed articles, a temporary data directory, no network."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from extractor.config import Settings
from extractor.schema import Article
from extractor.text.article import build_article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# No test may write into the real per-user store or cache: for the whole session (subprocesses
# included) the default store, the user data folder and the user cache folder are in a temporary
# folder. Set at import, before the CLI module reads the settings; a test that checks the defaults
# points them at its own tmp_path. The jieba dictionary cache (~10 MB) is built there once and
# shared by the session's tests and subprocesses.
SANDBOX = Path(tempfile.mkdtemp(prefix="dealqa-tests-"))
os.environ["DEALQA_DATA_DIR"] = str(SANDBOX / "store")
os.environ["XDG_DATA_HOME"] = str(SANDBOX / "xdg")
os.environ["DEALQA_CACHE_HOME"] = str(SANDBOX / "cache")
os.environ["XDG_CACHE_HOME"] = str(SANDBOX / "xdg-cache")
atexit.register(shutil.rmtree, SANDBOX, True)


def offline_settings(data_dir: Path, **changes: Any) -> Settings:
    """Settings for a store in ``data_dir`` that never reach a model or a server, whatever the
    environment says; ``changes`` override (e.g. ``chroma_host`` for server-mode tests)."""
    base: dict[str, Any] = {
        "data_dir": data_dir,
        "backend": "rules",
        "chroma_host": None,
        "collection_prefix": "dealqa",
        "embedder": "hash",
        "embed_dim": 1024,
        "chunk_tokens": 256,
        "encoding": "o200k_base",
        "llm_model": None,
        "llm_base_url": None,
        "llm_api_key": None,
    }
    return Settings(**{**base, **changes})


def python_child(code: str, *args: str, env: dict[str, str] | None = None, timeout: float = 300) -> str:
    """Run ``code`` in a fresh interpreter of this environment from the checkout (``env`` added
    to this process's); it must succeed; its stdout."""
    command = [sys.executable, "-c", code, *args]
    environ = {**os.environ, **(env or {})}
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=environ, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done.stdout


def cli(data_dir: Path, *args: str) -> Result:
    """``dealqa --data-dir DATA_DIR ARGS…`` in process."""
    from extractor.cli import app  # imported late: the CLI reads its settings once, after SANDBOX is set

    return CliRunner().invoke(app, ["--data-dir", str(data_dir), *args])


def cli_store(base: Path, articles: dict[str, str]) -> Path:
    """A store under ``base`` holding ``articles`` (file name -> text), ingested and extracted by
    the CLI with the rules backend; its data dir."""
    (base / "in").mkdir()
    for name, text in articles.items():
        (base / "in" / name).write_text(text, encoding="utf-8")
    result = cli(base / "data", "ingest", str(base / "in"), "--backend", "rules")
    assert result.exit_code == 0, result.output
    return base / "data"


def seed_path(prefix: str) -> Path:
    """A seed file by its number prefix, e.g. ``seed_path("004")``."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def seed_article(prefix: str) -> Article:
    path = seed_path(prefix)
    return build_article(path.read_text(encoding="utf-8"), source=path.name, path=str(path))


@pytest.fixture(scope="session")
def seeds() -> dict[str, Article]:
    return {p.name[:3]: seed_article(p.name[:3]) for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never leave the machine: connecting anywhere but loopback fails loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
        ):
            raise OSError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DEALQA_LLM_MODEL", "DEALQA_BACKEND"):
        monkeypatch.delenv(var, raising=False)
    yield
