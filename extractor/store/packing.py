"""Long metadata strings kept compressed: an article's text, a deal's JSON, a chunk's search words.

Chroma keeps every metadata string twice (in its table and in its index on ``(key, value)``), and
these three were 164 MB of a 20,000-article store's strings (the text itself is 56 MB). Each is
written under its key with ``_z`` appended, as ``pack`` makes it: a format mark, then base64 of
zlib with a preset dictionary (``pack_v1.dict``: the lexicon's words and the JSON shape of a deal
and an aggregate, frozen: a value names the dictionary it was packed with, so changing the lexicon
never makes a stored value unreadable; a new dictionary is a new mark). ``unpacked`` reads a key
whichever way it was written: records written before keep their plain values.

Base64, not base85: Python's base85 runs in Python (70× slower) for 6% less.
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import MutableMapping
from functools import cache
from importlib import resources
from typing import Any

from ..errors import StoreError

SUFFIX = "_z"
_MARK = "1"  # pack_v1.dict


@cache
def _dictionary(mark: str) -> bytes:
    if mark != _MARK:
        raise ValueError(f"unknown format {mark!r}: written by a newer dealqa?")
    return resources.files(__package__).joinpath(f"pack_v{mark}.dict").read_bytes()


def pack(text: str) -> str:
    """``text`` compressed, as an ASCII string that ``unpack`` turns back into ``text`` exactly."""
    z = zlib.compressobj(zdict=_dictionary(_MARK))
    return _MARK + base64.b64encode(z.compress(text.encode("utf-8")) + z.flush()).decode("ascii")


def unpack(value: str) -> str:
    """The text ``pack`` made ``value`` of; a ``StoreError`` for anything else (never a part of it)."""
    try:
        z = zlib.decompressobj(zdict=_dictionary(value[:1]))
        data = z.decompress(base64.b64decode(value[1:], validate=True)) + z.flush()
        if not z.eof or z.unused_data:
            raise ValueError("it is cut short" if not z.eof else "it has bytes after its end")
        return data.decode("utf-8")
    except (ValueError, zlib.error) as e:  # binascii.Error and UnicodeDecodeError are ValueErrors
        raise StoreError(
            f"a packed text in the store cannot be read ({e}): re-ingest its article, or rebuild the store "
            "with `dealqa ingest --rebuild`",
            original=e,
        ) from e


def packed(meta: MutableMapping[str, Any], key: str, text: str) -> None:
    """Set ``key`` of ``meta`` to ``text``, packed (and the plain ``key`` to None: Chroma's upsert
    merges metadata, so a record first written plain would otherwise keep its old text as well)."""
    meta[key + SUFFIX] = pack(text)
    meta[key] = None


def unpacked(meta: MutableMapping[str, Any], key: str) -> str | None:
    """Take ``key`` out of ``meta`` (packed or plain, whichever is there) and return its text."""
    value = meta.pop(key + SUFFIX, None)
    plain = meta.pop(key, None)
    if value is not None:
        return unpack(str(value))
    return None if plain is None else str(plain)
