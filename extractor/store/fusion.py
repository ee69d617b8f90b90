"""Reciprocal rank fusion: merge rankings that use incomparable scores.

Cosine distances and BM25 scores live on different scales; RRF only uses
ranks, so neither needs calibrating (Cormack et al., 2009; k=60 is theirs).
"""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60


def rrf(rankings: Sequence[Sequence[str]], *, k: int = RRF_K) -> list[tuple[str, float]]:
    """Ids by fused score, best first; ties keep the order of first appearance."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, id_ in enumerate(ranking):
            scores[id_] = scores.get(id_, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: -kv[1])
