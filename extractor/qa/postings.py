"""Which segments of the record index hold each character, so a term is looked for only there.

Finding a question's term by scanning the record index's whole haystack cost 15–30 ms per new
term at 20,000 articles (46 MB), five times that at 100,000. Every character of the haystack has
the sorted list of segments it occurs in (CSR arrays: ``chars``, ``starts``, ``segments``); a term
is then looked for only in the segments that hold both of its two rarest characters, and is
confirmed there by ``find`` (a segment holding every character of a term need not hold the term);
a term of common characters, with candidates in a good share of the segments, is found by one scan
instead, which is then the cheaper way.
Exact: the segments returned are those whose bytes hold the term's, as a full scan finds them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

_CHARS, _STARTS, _SEGMENTS = "char_codes.npy", "char_starts.npy", "char_segments.npy"
# Checking one candidate segment costs about what ``find`` takes to pass this many bytes: past
# that many candidates per byte of haystack, one scan of it all is the cheaper way (a term of
# common characters, 集中签约, is in a tenth of the segments).
SCAN_BYTES_PER_CANDIDATE = 2500


class Haystack(Protocol):  # bytes or a read-only mmap of them
    def find(self, sub: bytes, start: int = ..., end: int = ..., /) -> int: ...


def scan(needle: bytes, hay: Haystack, bounds: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The segments (ascending) holding ``needle``, by one pass of ``find`` over the haystack."""
    hits: list[int] = []
    at = hay.find(needle)
    while at != -1:
        hits.append(at)
        at = hay.find(needle, at + 1)
    found: npt.NDArray[np.int64] = np.unique(
        np.searchsorted(bounds, np.asarray(hits, dtype=np.int64), side="right") - 1
    )
    return found


@dataclass(frozen=True)
class CharPostings:
    chars: npt.NDArray[np.uint32]  # every character's code point, ascending
    starts: npt.NDArray[np.int64]  # chars[j]'s segments are segments[starts[j]:starts[j + 1]]
    segments: npt.NDArray[np.int32]

    @classmethod
    def build(cls, parts: Iterable[str]) -> CharPostings:
        """The postings of ``parts``, segment k being the k-th part.

        Each (character, segment) pair is one 64-bit key, the code point above the segment, sorted
        in place: by character, each one's segments ascending (a third of the memory an argsort
        of the characters and copies of both columns took: 1.4 GB at 100,000 articles)."""
        keys = np.zeros(0, dtype=np.uint64)
        pieces = [
            (np.unique(np.frombuffer(part.encode("utf-32-le"), dtype=np.uint32)).astype(np.uint64) << 32) | k
            for k, part in enumerate(parts)
        ]
        if pieces:
            keys = np.concatenate(pieces)
        del pieces
        keys.sort()
        segments = (keys & 0xFFFFFFFF).astype(np.int32)
        keys >>= 32
        opens = np.ones(len(keys), dtype=bool)  # where a character's run of segments begins
        opens[1:] = keys[1:] != keys[:-1]
        first = np.flatnonzero(opens)
        starts = np.append(first, len(keys)).astype(np.int64)
        return cls(keys[first].astype(np.uint32), starts, segments)

    def holding(self, term: str, hay: Haystack, bounds: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The segments (ascending) whose bytes, ``hay[bounds[k]:bounds[k + 1]]``, hold ``term``."""
        wanted = np.unique(np.frombuffer(term.encode("utf-32-le"), dtype=np.uint32))
        at = np.searchsorted(self.chars, wanted)
        if not len(wanted) or (at >= len(self.chars)).any() or (self.chars[at] != wanted).any():
            return np.zeros(0, dtype=np.int64)  # a character no segment holds
        rarest = sorted(at.tolist(), key=lambda j: int(self.starts[j + 1] - self.starts[j]))
        found = self._of(rarest[0])
        if len(rarest) > 1:
            found = np.intersect1d(found, self._of(rarest[1]), assume_unique=True)
        needle = term.encode("utf-8")
        if len(found) * SCAN_BYTES_PER_CANDIDATE > int(bounds[-1]):
            return scan(needle, hay, bounds)  # so many candidates that one pass over all is cheaper
        keep = [int(k) for k in found if hay.find(needle, int(bounds[k]), int(bounds[k + 1])) != -1]
        return np.asarray(keep, dtype=np.int64)

    def _of(self, j: int) -> npt.NDArray[np.int32]:
        return self.segments[int(self.starts[j]) : int(self.starts[j + 1])]

    def save(self, folder: Path) -> None:
        for name, array in ((_CHARS, self.chars), (_STARTS, self.starts), (_SEGMENTS, self.segments)):
            np.save(folder / name, array, allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> CharPostings:
        """Saved by ``save`` (memory-mapped: a process reads only the lists its terms need);
        ``OSError`` or ``ValueError`` when missing or damaged."""
        chars, starts, segments = (
            np.load(folder / name, mmap_mode="r", allow_pickle=False) for name in (_CHARS, _STARTS, _SEGMENTS)
        )
        if len(starts) != len(chars) + 1 or int(starts[-1]) != len(segments):
            raise ValueError(f"damaged character postings in {folder}")
        return cls(chars, starts, segments)
