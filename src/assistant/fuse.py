"""Reciprocal rank fusion (Cormack et al. 2009): combine rankings without calibrating their scores."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = RRF_K, weights: Sequence[float] | None = None) -> list[tuple[int, float]]:
    """Items of all rankings, best first, scored sum(w / (k + rank)) with ranks from 1.

    Ties are broken by the item's best rank anywhere, then by its id, so the order is deterministic.
    """
    weights = weights or [1.0] * len(rankings)
    scores: dict[int, float] = {}
    best_rank: dict[int, int] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
            best_rank[item] = min(best_rank.get(item, rank), rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], best_rank[kv[0]], kv[0]))
