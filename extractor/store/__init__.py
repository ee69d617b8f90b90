"""Storage: Chroma (embedded or server), embedders, the lexical index, fusion."""

from __future__ import annotations

from .disk import save_folder
from .embedders import Embedder, HashEmbedder, OpenAIEmbedder, make_embedder
from .facade import Store
from .filters import Filters
from .lock import WriteLock

__all__ = [
    "Embedder",
    "Filters",
    "HashEmbedder",
    "OpenAIEmbedder",
    "Store",
    "WriteLock",
    "make_embedder",
    "save_folder",
]
