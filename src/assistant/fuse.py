"""Fusing several retrievers' results into one ranking.

- `convex_fusion`: a weighted sum of each retriever's scores, min-max normalised over the candidate
  pool. Bruch et al. (2023, "An Analysis of Fusion Functions for Hybrid Retrieval") found it better
  than RRF in and out of domain; it keeps how far apart the scores are, which ranks throw away.
- `reciprocal_rank_fusion` (Cormack et al. 2009): combine rankings without looking at their scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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


def convex_fusion(scores: Sequence[Mapping[int, float]], weights: Sequence[float] | None = None) -> list[tuple[int, float]]:
    """Items of the pool (every item any retriever scored), best first, scored sum(w * s') where s'
    is the retriever's score min-max normalised over the pool (0 for the worst, 1 for the best; an
    item the retriever did not score counts as its worst).

    Each retriever must score every item of the pool it wants to count; ties are broken by id.
    """
    weights = weights or [1.0] * len(scores)
    pool = sorted({item for retriever in scores for item in retriever})
    fused = dict.fromkeys(pool, 0.0)
    for retriever, weight in zip(scores, weights):
        if not retriever:
            continue
        low, high = min(retriever.values()), max(retriever.values())
        span = high - low
        for item, score in retriever.items():
            fused[item] += weight * ((score - low) / span if span > 0 else 1.0)
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
