"""Aggregating submitted reviews into per-submission scores. Plain data in, plain data out.

No Django import (numpy only): the cockpit feeds it tuples read with ``values_list`` and the benchmark
and tests feed it literals.

What it computes, per submission (only *submitted* reviews count):

- per criterion: the mean of the reviewers' values, in the criterion's own scale;
- the overall recommendation (1 strong reject … 6 strong accept): mean, confidence-weighted
  mean (each review weighs its reviewer's confidence, 1…5; a review without a confidence
  weighs 1), spread (max − min) and population standard deviation; the mean confidence;
- a *review score* on 0…1 for each review, comparable across contribution types whose forms
  differ: the mean of (a) the recommendation rescaled to 0…1 and (b) the weighted average of
  the review's criterion values, each rescaled to 0…1 on its own scale. Criteria left empty
  (optional ones, or ones that do not apply to the type) are skipped: they neither count as 0
  nor change the weights of the others;
- a *normalised score*: the review scores with each reviewer's harshness taken out. Model:
  ``review score = paper quality + reviewer bias + noise``, fitted over every submitted review
  of the conference by alternating least squares; the bias is ridge-regularised (shrunk
  toward 0 by ``shrinkage`` pseudo-reviews), so a reviewer with one or two reviews is barely
  corrected while a reviewer who gives every paper 2/5 has that harshness removed from the
  papers they were given. The normalised score of a paper is its fitted quality.
- ``flagged``: the recommendations spread by at least the disagreement threshold.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

RECOMMENDATION_MIN = 1
RECOMMENDATION_MAX = 6
DEFAULT_SHRINKAGE = 2.0
ITERATIONS = 200
TOLERANCE = 1e-10


@dataclass(frozen=True)
class Criterion:
    """A criterion's weight and the ends of its scale (lowest and highest value)."""

    id: int
    weight: float
    low: int
    high: int

    def rescale(self, value: float) -> float:
        if self.high == self.low:
            return 1.0
        return min(1.0, max(0.0, (value - self.low) / (self.high - self.low)))


@dataclass(frozen=True)
class ReviewData:
    """One submitted review."""

    submission_id: int
    reviewer_id: int | None
    recommendation: int | None
    confidence: int | None = None
    scores: Mapping[int, float] = field(default_factory=dict)
    #: The weighted criterion average on 0…1 when already computed (by the database, for
    #: speed): used instead of ``scores`` for the review score. ``scores`` may then be
    #: empty, and the per-criterion means are left to the caller.
    criteria_score: float | None = None


@dataclass
class SubmissionScores:
    submission_id: int
    reviews: int = 0
    criteria: dict[int, float] = field(default_factory=dict)
    recommendation_mean: float | None = None
    recommendation_weighted: float | None = None
    spread: float | None = None
    stdev: float | None = None
    confidence_mean: float | None = None
    review_score_mean: float | None = None
    normalised: float | None = None
    flagged: bool = False


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """The mean of ``value`` weighted by ``weight`` over ``(value, weight)`` pairs."""
    pairs = [(v, w) for v, w in pairs if w > 0]
    total = sum(w for _v, w in pairs)
    return sum(v * w for v, w in pairs) / total if total else None


def pstdev(values: list[float]) -> float | None:
    if not values:
        return None
    centre = sum(values) / len(values)
    return math.sqrt(sum((v - centre) ** 2 for v in values) / len(values))


def criteria_average(
    scores: Mapping[int, float], criteria: Mapping[int, Criterion]
) -> float | None:
    """The weighted average of the review's criterion values, each rescaled to 0…1; criteria
    without a value (optional, or not on this type's form) and unknown ones are skipped."""
    total = weights = 0.0
    for cid, value in scores.items():
        criterion = criteria.get(cid)
        if criterion is None or value is None or criterion.weight <= 0:
            continue
        total += criterion.rescale(value) * criterion.weight
        weights += criterion.weight
    return total / weights if weights else None


def review_score(review: ReviewData, criteria: Mapping[int, Criterion]) -> float | None:
    """The review on 0…1: the mean of the rescaled recommendation and the rescaled weighted
    criterion average (whichever of the two exists, if only one does)."""
    parts = []
    if review.recommendation is not None:
        parts.append(
            (review.recommendation - RECOMMENDATION_MIN) / (RECOMMENDATION_MAX - RECOMMENDATION_MIN)
        )
    average = (
        review.criteria_score
        if review.criteria_score is not None
        else criteria_average(review.scores, criteria)
    )
    if average is not None:
        parts.append(average)
    return mean(parts)


def fit_biases(
    observations: list[tuple[int, int, float]], *, shrinkage: float = DEFAULT_SHRINKAGE
) -> tuple[dict[int, float], dict[int, float]]:
    """Fit ``value = quality[submission] + bias[reviewer]`` by alternating least squares,
    with a ridge penalty ``shrinkage * bias²`` on each reviewer's bias: each step is the exact
    least-squares answer for one side given the other, so the fit converges.

    ``observations``: ``(submission_id, reviewer_id, value)``. Returns ``(quality, bias)``.
    """
    if not observations:
        return {}, {}
    submission_ids = sorted({o[0] for o in observations})
    reviewer_ids = sorted({o[1] for o in observations})
    s_index = {sid: i for i, sid in enumerate(submission_ids)}
    r_index = {rid: i for i, rid in enumerate(reviewer_ids)}
    s = np.fromiter((s_index[o[0]] for o in observations), dtype=np.int64)
    r = np.fromiter((r_index[o[1]] for o in observations), dtype=np.int64)
    v = np.fromiter((o[2] for o in observations), dtype=np.float64)
    per_submission = np.bincount(s, minlength=len(submission_ids)).astype(np.float64)
    per_reviewer = np.bincount(r, minlength=len(reviewer_ids)).astype(np.float64)
    bias = np.zeros(len(reviewer_ids))
    quality = np.zeros(len(submission_ids))
    for _ in range(ITERATIONS):
        quality = np.bincount(s, v - bias[r], minlength=len(submission_ids)) / per_submission
        new_bias = np.bincount(r, v - quality[s], minlength=len(reviewer_ids)) / (
            per_reviewer + shrinkage
        )
        converged = np.max(np.abs(new_bias - bias)) < TOLERANCE
        bias = new_bias
        if converged:
            break
    quality = np.bincount(s, v - bias[r], minlength=len(submission_ids)) / per_submission
    return (
        {sid: float(quality[i]) for sid, i in s_index.items()},
        {rid: float(bias[i]) for rid, i in r_index.items()},
    )


def aggregate(
    reviews: Iterable[ReviewData],
    criteria: Mapping[int, Criterion],
    *,
    disagreement_threshold: float,
    shrinkage: float = DEFAULT_SHRINKAGE,
) -> dict[int, SubmissionScores]:
    """Scores per submission id for every submission with at least one review.

    ``reviews``: every submitted review of the conference (the biases are fitted over all of
    them, so pass them all even when only some submissions are shown).
    """
    grouped: dict[int, list[ReviewData]] = defaultdict(list)
    review_scores: dict[int, list[float]] = defaultdict(list)
    observations = []
    for review in reviews:
        grouped[review.submission_id].append(review)
        value = review_score(review, criteria)
        if value is None:
            continue
        review_scores[review.submission_id].append(value)
        if review.reviewer_id is not None:
            observations.append((review.submission_id, review.reviewer_id, value))
    quality, _bias = fit_biases(observations, shrinkage=shrinkage)
    results = {}
    for submission_id, rows in grouped.items():
        # Plain loops: this runs for every submission of the conference on each page view.
        result = SubmissionScores(submission_id=submission_id, reviews=len(rows))
        per_criterion: dict[int, list[float]] = defaultdict(list)
        recs: list[float] = []
        weighted = weights = confidence_sum = 0.0
        confidences = 0
        for row in rows:
            for cid, value in row.scores.items():
                if value is not None:
                    per_criterion[cid].append(value)
            if row.confidence:
                confidence_sum += row.confidence
                confidences += 1
            if row.recommendation is not None:
                recs.append(float(row.recommendation))
                weight = float(row.confidence or 1)
                weighted += row.recommendation * weight
                weights += weight
        result.criteria = {cid: sum(v) / len(v) for cid, v in per_criterion.items()}
        if recs:
            result.recommendation_mean = sum(recs) / len(recs)
            result.recommendation_weighted = weighted / weights
            result.spread = max(recs) - min(recs)
            result.stdev = pstdev(recs)
        result.confidence_mean = confidence_sum / confidences if confidences else None
        result.review_score_mean = mean(review_scores[submission_id])
        result.normalised = quality.get(submission_id, result.review_score_mean)
        result.flagged = len(recs) >= 2 and result.spread >= disagreement_threshold
        results[submission_id] = result
    return results
