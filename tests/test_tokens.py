"""Token counts come from litellm's copy of the tiktoken files, never from the network."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from extractor.errors import ConfigError
from extractor.text import tokens
from extractor.text.tokens import count_tokens, get_encoding

ROOT = Path(__file__).resolve().parents[1]


def test_counts_known_tokens() -> None:
    assert get_encoding("o200k_base").encode("hello world") == [24912, 2375]
    assert count_tokens("hello world") == 2
    assert count_tokens("") == 0
    assert count_tokens("总投资200亿元的光大人工智能产业基地正式开工建设") == 15


def test_special_token_text_is_counted_as_text() -> None:
    assert count_tokens("<|endoftext|>") > 1


def test_encoding_is_loaded_once() -> None:
    assert get_encoding("o200k_base") is get_encoding("o200k_base")
    assert get_encoding("cl100k_base").name == "cl100k_base"


def test_loads_with_the_network_unreachable_and_without_importing_litellm(tmp_path: Path) -> None:
    # A fresh interpreter (so nothing is cached), every socket refused, and
    # TIKTOKEN_CACHE_DIR pointing at an empty folder: the file must come from litellm.
    script = textwrap.dedent(
        """
        import os, socket, sys

        def refuse(*args, **kwargs):
            raise OSError("network is off in this test")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        from extractor.text.tokens import count_tokens, get_encoding
        assert count_tokens("hello world") == 2
        assert get_encoding("cl100k_base").encode("hello world") == [15339, 1917]
        assert "litellm" not in sys.modules, "litellm was imported"
        print(os.environ["TIKTOKEN_CACHE_DIR"])
        """
    )
    empty = tmp_path / "empty-cache"
    empty.mkdir()
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(empty)}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(empty), "TIKTOKEN_CACHE_DIR was not restored"
    assert not any(empty.iterdir()), "tiktoken wrote to (or downloaded into) the user's cache"


def test_missing_file_is_a_config_error_with_a_fix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(tokens, "tokenizer_dir", lambda: tmp_path)
    with pytest.raises(ConfigError, match="DEALQA_ENCODING") as err:
        tokens.get_encoding.__wrapped__("o200k_base")
    assert "litellm" in str(err.value)


def test_encoding_litellm_does_not_ship_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not available offline"):
        get_encoding("r50k_base")
