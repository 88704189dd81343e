"""reviews/scoring.py: the aggregation maths, with plain data (no database)."""

from __future__ import annotations

import math

import pytest

from reviews.scoring import (
    Criterion,
    ReviewData,
    aggregate,
    criteria_average,
    fit_biases,
    review_score,
)

FIVE = {
    1: Criterion(id=1, weight=1.0, low=1, high=5),
    2: Criterion(id=2, weight=3.0, low=1, high=5),
}


def test_criteria_average_is_weighted_and_rescaled():
    # criterion 1 at 5 -> 1.0 (weight 1), criterion 2 at 3 -> 0.5 (weight 3)
    assert criteria_average({1: 5, 2: 3}, FIVE) == pytest.approx((1.0 * 1 + 0.5 * 3) / 4)


def test_a_missing_optional_criterion_is_skipped_not_zero():
    assert criteria_average({1: 5}, FIVE) == 1.0
    assert criteria_average({}, FIVE) is None


def test_scales_of_different_lengths_are_comparable():
    criteria = {
        7: Criterion(id=7, weight=1, low=0, high=10),
        8: Criterion(id=8, weight=1, low=1, high=3),
    }
    assert criteria_average({7: 10}, criteria) == criteria_average({8: 3}, criteria) == 1.0
    assert criteria_average({7: 5}, criteria) == criteria_average({8: 2}, criteria) == 0.5


def test_review_score_mixes_recommendation_and_criteria():
    review = ReviewData(submission_id=1, reviewer_id=1, recommendation=6, scores={1: 1})
    assert review_score(review, FIVE) == pytest.approx((1.0 + 0.0) / 2)
    only_rec = ReviewData(submission_id=1, reviewer_id=1, recommendation=1)
    assert review_score(only_rec, FIVE) == 0.0


def test_means_spread_and_flag():
    reviews = [
        ReviewData(1, 10, recommendation=2, confidence=1, scores={1: 2}),
        ReviewData(1, 11, recommendation=5, confidence=4, scores={1: 4, 2: 5}),
        ReviewData(1, 12, recommendation=5, confidence=None, scores={}),
    ]
    result = aggregate(reviews, FIVE, disagreement_threshold=3.0)[1]
    assert result.reviews == 3
    assert result.recommendation_mean == 4.0
    # weights 1, 4 and 1 (no confidence counts as 1)
    assert result.recommendation_weighted == pytest.approx((2 * 1 + 5 * 4 + 5 * 1) / 6)
    assert result.spread == 3.0
    assert result.stdev == pytest.approx(math.sqrt(((2 - 4) ** 2 + 1 + 1) / 3))
    assert result.confidence_mean == 2.5
    assert result.criteria == {1: 3.0, 2: 5.0}
    assert result.flagged is True
    assert aggregate(reviews, FIVE, disagreement_threshold=3.5)[1].flagged is False


def test_one_review_is_never_flagged():
    reviews = [ReviewData(1, 10, recommendation=1)]
    assert aggregate(reviews, FIVE, disagreement_threshold=0)[1].flagged is False


def test_a_harsh_reviewer_does_not_sink_their_papers():
    """Reviewer 99 gives everything the lowest mark; papers 1 and 2 are as good as 3 and 4
    by the other reviewers, but only 1 and 2 got the harsh reviewer."""
    reviews = []
    # Papers 1..4 are all "accept" (5) by two fair reviewers each.
    for paper in (1, 2, 3, 4):
        reviews.append(ReviewData(paper, 10 + paper, recommendation=5))
        reviews.append(ReviewData(paper, 20 + paper, recommendation=5))
    # The harsh reviewer: every paper they see gets 1; they also saw 5..8.
    for paper in (1, 2, 5, 6, 7, 8):
        reviews.append(ReviewData(paper, 99, recommendation=1))
    for paper in (5, 6, 7, 8):
        reviews.append(ReviewData(paper, 30 + paper, recommendation=5))
    results = aggregate(reviews, {}, disagreement_threshold=2)
    raw_gap = results[3].review_score_mean - results[1].review_score_mean
    normalised_gap = results[3].normalised - results[1].normalised
    assert raw_gap == pytest.approx(0.8 - 0.8 * 2 / 3)
    # Most of the harsh reviewer's effect is taken out (shrinkage keeps a little of it).
    assert 0 <= normalised_gap < raw_gap * 0.6


def test_bias_is_shrunk_for_a_reviewer_with_one_review():
    quality, bias = fit_biases([(1, 1, 0.0), (1, 2, 1.0)], shrinkage=2.0)
    assert abs(bias[1]) < 0.5 and abs(bias[2]) < 0.5
    assert bias[1] == pytest.approx(-bias[2])
    assert quality[1] == pytest.approx(0.5)


def test_without_shrinkage_a_constant_offset_is_removed_entirely():
    # Reviewer 2 is always exactly 0.2 below reviewer 1 on the same papers.
    obs = [(s, 1, v) for s, v in ((1, 0.9), (2, 0.5), (3, 0.7))]
    obs += [(s, 2, v - 0.2) for s, v in ((1, 0.9), (2, 0.5), (3, 0.7))]
    quality, bias = fit_biases(obs, shrinkage=0.0)
    assert bias[1] - bias[2] == pytest.approx(0.2, abs=1e-6)
    assert quality[1] - quality[2] == pytest.approx(0.4, abs=1e-6)


def test_unknown_criteria_and_empty_input():
    assert aggregate([], FIVE, disagreement_threshold=2) == {}
    review = ReviewData(1, 1, recommendation=None, scores={42: 3})
    result = aggregate([review], FIVE, disagreement_threshold=2)[1]
    assert result.recommendation_mean is None and result.spread is None
    assert result.normalised is None
