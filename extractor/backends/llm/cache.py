"""A content-addressed cache of LLM drafts, one JSON file per key.

The key is a sha256 over everything that shapes the answer (model, mode,
prompt and its digest, schema version, window size, article text), so a
changed input is a miss, never a stale hit. Files are written to a temporary
name and moved into place with ``os.replace``: a reader sees the old file or
the new one, never half of one. An unreadable file counts as a miss.
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
