"""Token counts with tiktoken, offline.

tiktoken normally downloads its encodings on first use. litellm ships the
same files (named by tiktoken's cache key, the sha1 of the blob URL), so we
point tiktoken's cache at that folder and it never needs the network.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from functools import lru_cache
from pathlib import Path

import tiktoken

from ..errors import ConfigError

_BLOB_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
_ENV_LOCK = threading.Lock()


def tokenizer_dir() -> Path:
    """The folder of tiktoken files shipped by litellm (found without importing litellm)."""
    spec = importlib.util.find_spec("litellm")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            "litellm is not installed, and it provides the tiktoken encoding files dealqa counts "
            "tokens with offline: run `pip install litellm` (or `pip install -e .`)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "litellm_core_utils" / "tokenizers"


def encoding_file(name: str) -> Path:
    """Where tiktoken's cached copy of encoding ``name`` would be in the litellm folder."""
    key = hashlib.sha1(_BLOB_URL.format(name=name).encode()).hexdigest()
    return tokenizer_dir() / key


def available_encodings() -> list[str]:
    names = ("o200k_base", "cl100k_base", "p50k_base", "r50k_base")
    return [n for n in names if encoding_file(n).is_file()]


@lru_cache(maxsize=8)
def get_encoding(name: str) -> tiktoken.Encoding:
    """The tiktoken encoding ``name``, loaded from litellm's files (never from the network)."""
    path = encoding_file(name)
    if not path.is_file():
        raise ConfigError(
            f"the tiktoken encoding {name!r} is not available offline ({path} is missing): "
            f"set DEALQA_ENCODING to one of {available_encodings()} or reinstall litellm "
            "(`pip install --force-reinstall litellm`)"
        )
    # tiktoken reads TIKTOKEN_CACHE_DIR at load time and finds the file there
    # under its own cache key, so it does not download. The variable is
    # process-wide, hence the lock and the restore.
    with _ENV_LOCK:
        saved = os.environ.get("TIKTOKEN_CACHE_DIR")
        os.environ["TIKTOKEN_CACHE_DIR"] = str(path.parent)
        try:
            return tiktoken.get_encoding(name)
        except Exception as e:  # tiktoken raises bare ValueError/requests errors
            raise ConfigError(
                f"could not load the tiktoken encoding {name!r} from {path}: {e}; "
                "reinstall litellm (`pip install --force-reinstall litellm`)",
                original=e,
            ) from e
        finally:
            if saved is None:
                del os.environ["TIKTOKEN_CACHE_DIR"]
            else:
                os.environ["TIKTOKEN_CACHE_DIR"] = saved


def count_tokens(text: str, *, encoding: str = "o200k_base") -> int:
    """How many tokens ``text`` is (special-token strings count as plain text)."""
    return len(get_encoding(encoding).encode_ordinary(text))
