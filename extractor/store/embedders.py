"""Embedders: one small interface, an offline hashing one and an OpenAI-compatible one.

The embedder's name and dimension are written into the collections' metadata
when they are created; opening them with another embedder is an error
(``EmbedderMismatchError``), since vectors from two embedders are not comparable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from ..config import Settings
from ..errors import ConfigError, StoreError

if TYPE_CHECKING:
    import openai


class Embedder(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text, in order."""
        ...

    def embed_query(self, text: str) -> list[float]: ...


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for."""
    if settings.embedder == "openai":
        return OpenAIEmbedder.from_settings(settings)
    return HashEmbedder(dim=settings.embed_dim)


# --------------------------------------------------------------------------- hashing

_NON_WORD = re.compile(r"[\W_]+")
_SEP = 32  # every run of punctuation and whitespace becomes one space: no n-gram crosses it
_U64 = np.uint64
# weight per n-gram order: unigrams of Chinese carry little meaning on their own
_ORDERS = ((1, 0.35, 0x9E3779B97F4A7C15), (2, 1.0, 0xC2B2AE3D27D4EB4F), (3, 0.8, 0x165667B19E3779F9))


def _mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64's finaliser: a fixed, platform-independent 64-bit hash."""
    x = x ^ (x >> _U64(33))
    x = x * _U64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> _U64(33))
    x = x * _U64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> _U64(33))


class HashEmbedder:
    """Signed feature hashing of character 1-, 2- and 3-grams; offline and deterministic.

    Bigrams and trigrams of Chinese characters approximate words without a
    segmenter. Counts are damped (sign-preserving log1p, i.e. sublinear tf)
    and each vector is L2-normalised, so cosine similarity is a dot product.
    """

    version = 1

    def __init__(self, dim: int = 1024) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        return f"hash-v{self.version}"

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        out: list[list[float]] = self.embed_array(texts).tolist()
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0]

    def embed_array(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """``embed`` as a float32 array of shape ``(len(texts), dim)``."""
        n, dim = len(texts), self._dim
        if n == 0:
            return np.zeros((0, dim), dtype=np.float32)
        clean = [_NON_WORD.sub(" ", unicodedata.normalize("NFKC", t).lower()) for t in texts]
        # All texts in one array, separated by a space, so the work is a few
        # numpy passes per batch rather than Python per character.
        codes = np.frombuffer(" ".join(clean).encode("utf-32-le"), dtype=np.uint32).astype(_U64)
        rows = np.repeat(np.arange(n, dtype=np.int64), [len(t) + 1 for t in clean])[: len(codes)]
        word = codes != _SEP
        acc = np.zeros(n * dim, dtype=np.float64)
        for order, weight, seed in _ORDERS:
            m = len(codes) - order + 1
            if m <= 0:
                continue
            key = codes[:m].copy()
            ok = word[:m].copy()
            for i in range(1, order):
                key = (key << _U64(21)) | codes[i : i + m]
                ok &= word[i : i + m]
            h = _mix(key[ok] ^ _U64(seed))
            bucket = (h % _U64(dim)).astype(np.int64)
            sign = np.where((h >> _U64(63)) == 1, -weight, weight)
            acc += np.bincount(rows[:m][ok] * dim + bucket, weights=sign, minlength=n * dim)
        vec = acc.reshape(n, dim)
        vec = np.sign(vec) * np.log1p(np.abs(vec))
        norms = np.linalg.norm(vec, axis=1)
        empty = norms == 0
        # a text with no word characters gets a fixed unit vector: Chroma's
        # cosine distance is undefined for a zero vector
        vec[empty, 0] = 1.0
        norms[empty] = 1.0
        out: npt.NDArray[np.float32] = (vec / norms[:, None]).astype(np.float32)
        return out


# --------------------------------------------------------------------------- OpenAI-compatible


class OpenAIEmbedder:
    """Any OpenAI-compatible ``/embeddings`` endpoint, through the ``openai`` client."""

    def __init__(self, *, model: str, client: openai.OpenAI, batch: int = 64) -> None:
        self.model = model
        self.client = client
        self.batch = batch
        self._dim: int | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIEmbedder:
        import openai

        base_url = settings.embed_base_url or settings.llm_base_url
        api_key = settings.embed_api_key or settings.llm_api_key
        if not api_key:
            if not base_url:
                raise ConfigError(
                    "the openai embedder needs a key or a server: set DEALQA_EMBED_API_KEY (or "
                    "OPENAI_API_KEY), or DEALQA_EMBED_BASE_URL for a local server, or use "
                    "DEALQA_EMBEDDER=hash"
                )
            api_key = "unused"  # local servers usually ignore it, but the client insists on one
        client = openai.OpenAI(
            api_key=api_key,
            base_url=base_url,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_http_retries,
        )
        return cls(model=settings.embed_model, client=client, batch=settings.embed_batch)

    @property
    def name(self) -> str:
        return f"openai:{self.model}"

    @property
    def dim(self) -> int:
        # Servers differ (and models can be truncated), so ask once rather than guess.
        if self._dim is None:
            self._dim = len(self.embed_query("dim"))
        return self._dim

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch):
            out.extend(self._request([t if t.strip() else " " for t in texts[i : i + self.batch]]))
        if out and self._dim is None:
            self._dim = len(out[0])
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0]

    def _request(self, batch: list[str]) -> list[list[float]]:
        import openai

        try:
            resp: Any = self.client.embeddings.create(model=self.model, input=batch)
        except openai.OpenAIError as e:
            raise StoreError(
                f"the embedding server at {self.client.base_url} failed for model {self.model!r}: {e}; "
                "check DEALQA_EMBED_BASE_URL, DEALQA_EMBED_API_KEY and DEALQA_EMBED_MODEL",
                original=e,
            ) from e
        data = sorted(resp.data, key=lambda d: d.index)
        if len(data) != len(batch):
            raise StoreError(
                f"the embedding server returned {len(data)} vectors for {len(batch)} texts "
                f"(model {self.model!r}); is DEALQA_EMBED_BASE_URL an OpenAI-compatible server?"
            )
        return [list(d.embedding) for d in data]
