import pytest

from assistant.fuse import convex_fusion, reciprocal_rank_fusion

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


# Convex fusion


def test_convex_fusion_sums_min_max_normalised_scores():
    fused = dict(convex_fusion([{1: 0.9, 2: 0.8, 3: 0.7}, {1: 0.0, 2: 10.0, 3: 5.0}]))
    assert fused[1] == pytest.approx(1.0 + 0.0)
    assert fused[2] == pytest.approx(0.5 + 1.0)
    assert fused[3] == pytest.approx(0.0 + 0.5)


def test_convex_fusion_keeps_how_far_apart_scores_are_where_ranks_would_not():
    # Item 1 is far ahead in the first list and barely behind in the second: RRF calls it a tie
    # with item 2, a convex combination sees that it is the better one.
    first, second = {1: 0.95, 2: 0.60, 3: 0.50}, {1: 0.79, 2: 0.80, 3: 0.10}
    assert [item for item, _ in convex_fusion([first, second])][0] == 1
    rrf = dict(reciprocal_rank_fusion([[1, 2, 3], [2, 1, 3]]))
    assert rrf[1] == pytest.approx(rrf[2])


def test_convex_fusion_weights_scale_a_retriever():
    lists = [{1: 1.0, 2: 0.0}, {1: 0.0, 2: 1.0}]
    assert convex_fusion(lists, weights=[1.0, 2.0])[0] == (2, pytest.approx(2.0))
    assert convex_fusion(lists, weights=[2.0, 1.0])[0] == (1, pytest.approx(2.0))


def test_convex_fusion_counts_an_unscored_item_as_the_retrievers_worst():
    fused = dict(convex_fusion([{1: 3.0, 2: 1.0}, {3: 1.0, 1: 0.5}]))
    assert fused == {1: pytest.approx(1.0), 2: pytest.approx(0.0), 3: pytest.approx(1.0)}


def test_convex_fusion_of_a_retriever_with_equal_scores_shifts_every_item_alike():
    # No lexical match at all (every BM25 score 0) must not reorder what the dense scores say.
    fused = convex_fusion([{1: 0.2, 2: 0.9}, {1: 0.0, 2: 0.0}])
    assert [item for item, _ in fused] == [2, 1]
    assert fused[0][1] - fused[1][1] == pytest.approx(1.0)


def test_convex_fusion_breaks_ties_by_id():
    assert [item for item, _ in convex_fusion([{9: 1.0, 4: 1.0, 7: 0.0}])] == [4, 9, 7]


def test_convex_fusion_of_nothing_is_empty():
    assert convex_fusion([{}, {}]) == []
