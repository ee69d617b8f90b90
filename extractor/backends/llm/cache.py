"""A content-addressed cache of LLM drafts, one JSON file per key.

The key is a sha256 over everything that shapes the answer (model, mode,
prompt and its digest, schema version, window size, article text), so a
changed input is a miss, never a stale hit. Files are written to a temporary
name and moved into place with ``os.replace``: a reader sees the old file or
the new one, never half of one. An unreadable file counts as a miss.

Only drafts whose every answer verified whole are put here (the backend decides), so
a failure is never locked in; ``clear_cache`` empties it (``dealqa cache clear``; a
rebuilt store should call it too, so no old answer outlives the store).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from ...config import Settings
from ...errors import StoreError
from ...schema import ExtractionDraft


def cache_key(
    *,
    model: str,
    mode: str,
    prompt: str,
    schema_version: str,
    text: str,
    extra: tuple[str, ...] = (),
) -> str:
    """The sha256 naming one cached answer; ``extra`` holds any other setting that changes it."""
    parts = [model, mode, prompt, schema_version, *extra, text]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedDraft:
    draft: ExtractionDraft
    chunks: int


class DraftCache:
    """Drafts stored as ``<dir>/<key[:2]>/<key>.json``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> CachedDraft | None:
        try:
            data = json.loads(self.path(key).read_text(encoding="utf-8"))
            return CachedDraft(ExtractionDraft.model_validate(data["draft"]), int(data.get("chunks", 1)))
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None

    def put(self, key: str, draft: ExtractionDraft, *, chunks: int, meta: dict[str, str]) -> Path:
        """Store atomically; raises ``OSError`` if the directory can't be written."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "key": key,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "meta": meta,
            "chunks": chunks,
            "draft": draft.model_dump(mode="json"),
        }
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key[:8]}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def clear(self) -> int:
        """Delete every cached draft (and any half-written one); how many drafts were deleted."""
        if not self.directory.is_dir():
            return 0
        removed = 0
        for path in sorted(self.directory.rglob("*"), reverse=True):  # files before their folders
            if not path.is_dir():
                path.unlink(missing_ok=True)
                removed += path.suffix == ".json"
            elif not any(path.iterdir()):
                path.rmdir()
        return removed


def llm_cache_dir(settings: Settings) -> Path:
    """Where the LLM backend keeps its drafts."""
    return settings.cache_dir / "llm"


def clear_cache(settings: Settings) -> int:
    """Empty the LLM cache of ``settings``' store; the number of cached drafts deleted."""
    directory = llm_cache_dir(settings)
    try:
        return DraftCache(directory).clear()
    except OSError as e:
        raise StoreError(
            f"could not empty the LLM cache {directory} ({e.strerror or e}): check its permissions, "
            "or delete the folder by hand"
        ) from e
