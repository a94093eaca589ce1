import pytest

from assistant.fuse import reciprocal_rank_fusion

pytestmark = pytest.mark.unit


def test_an_item_high_in_both_rankings_wins():
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]], k=60)
    assert [item for item, _ in fused] == [1, 3, 2, 4]


def test_scores_are_the_sum_of_reciprocal_ranks():
    fused = dict(reciprocal_rank_fusion([[7], [8, 7]], k=1))
    assert fused[7] == pytest.approx(1 / 2 + 1 / 3)
    assert fused[8] == pytest.approx(1 / 2)


def test_ties_break_on_best_rank_then_id():
    fused = reciprocal_rank_fusion([[5, 6], [6, 5]])
    assert [item for item, _ in fused] == [5, 6]


def test_weights_scale_a_ranking():
    fused = reciprocal_rank_fusion([[1], [2]], weights=[1.0, 2.0])
    assert fused[0][0] == 2
