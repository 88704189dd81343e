"""The engine's certificate (bound, gap, time limit, leximin) and locked pairs, issue 11.

Pure tests, small instances; the large ones are in ``bench/assignment.py``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.assignment import AssignmentProblem, check_assignment, solve
from tests.reviews.test_assignment import milp, problems, random_problem, tol


def dense(values) -> sp.csr_matrix:
    return sp.csr_matrix(np.asarray(values, dtype=float))


# --- bounds ------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, derandomize=True)
@given(problems)
def test_the_tier_bound_alone_is_a_true_bound(problem):
    # lp_bound_limit=0: no LP, only the bounds computed at every scale (top-d, tier max-flow)
    fair = solve(problem, objective="fair", lp_bound_limit=0)
    if not fair.feasible:
        return
    best = milp(problem, max_min=True)
    assert best is not None
    if fair.upper_bound is None:  # nothing to review
        return
    assert fair.bound_source in {"top-d", "tier max-flow"}
    assert fair.weakest_score <= best + tol(problem)
    assert best <= fair.upper_bound + tol(problem)
    assert fair.gap == pytest.approx(max(0.0, 1 - fair.weakest_score / fair.upper_bound))


def test_max_total_carries_its_exact_bound():
    problem = replace(random_problem(5, subs=30, revs=12, demand=2, extras=False), max_load=9)
    result = solve(problem)
    assert result.feasible
    assert result.bound == result.upper_bound == result.score
    assert result.gap == 0.0
    assert result.bound_source == "exact (min-cost flow)"
    assert result.stopped_early is False


@settings(max_examples=40, deadline=None, derandomize=True)
@given(problems, st.sampled_from([0.05, 0.1]))
def test_rounding_costs_at_most_one_resolution_per_assigned_pair(problem, resolution):
    # The documented bound: exact for scores rounded to `resolution`, hence within
    # resolution × (pairs assigned) of the real optimum — one per pair, not half.
    result = solve(problem, resolution=resolution)
    best = milp(problem)  # the real (unrounded) optimum
    if best is None:
        assert not result.feasible
        return
    assert result.feasible
    real = result.total_affinity - _penalties(problem, result.last_resort_used)
    assigned = int(np.broadcast_to(problem.demand, (problem.shape[0],)).sum())
    assert real <= best + 1e-9
    assert best - real <= resolution * assigned + 1e-9


def _penalties(problem: AssignmentProblem, used: np.ndarray) -> float:
    if problem.last_resort is None or not used.size:
        return 0.0
    rows = np.asarray(problem.last_resort).reshape(-1, 2)
    pen = np.broadcast_to(np.asarray(problem.last_resort_penalty, float), (rows.shape[0],))
    worst: dict = {}
    for (p, r), v in zip(rows.tolist(), pen.tolist(), strict=True):
        worst[(p, r)] = max(worst.get((p, r), 0.0), v)
    return float(sum(worst[(int(p), int(r))] for p, r in used))


# --- time limit --------------------------------------------------------------------------


def test_a_reached_time_limit_returns_a_complete_assignment_and_says_so():
    affinity = dense([[1.0, 1.0, 0.01, 0.01], [0.6, 0.6, 0.1, 0.1]])
    problem = AssignmentProblem(affinity=affinity, demand=2, max_load=1)
    # a limit so short that it is over before the first flow returns
    fair = solve(problem, objective="fair", time_limit=1e-9)
    assert fair.feasible and fair.stopped_early
    assert not any(check_assignment(problem, fair.pairs).values())
    # the best found is max_total's own assignment; bound and gap still say how far it is
    assert fair.submission_totals.tolist() == pytest.approx([2.0, 0.2])
    assert fair.upper_bound == pytest.approx(1.2)  # top-d (0.6 + 0.6): no time for more
    assert fair.gap == pytest.approx(1 - 0.2 / 1.2)
    total = solve(problem, time_limit=1e-9)
    assert total.feasible and total.stopped_early and total.gap == 0.0


def test_time_limit_must_be_positive():
    problem = AssignmentProblem(affinity=dense([[1.0]]), demand=1, max_load=1)
    with pytest.raises(ValueError, match="time_limit"):
        solve(problem, time_limit=0)


# --- leximin -----------------------------------------------------------------------------


def test_leximin_raises_the_second_weakest_without_lowering_the_first():
    # Submission 0 has one poor candidate (0.1): the weakest level is 0.1 whatever happens.
    # max_total then gives reviewer 1 to submission 1 (1.0 + 0.2 = 1.2 in all) and leaves
    # submission 2 at 0.2; leximin swaps them (0.5 and 0.55): the second level is 0.5.
    affinity = dense([[0.1, 0, 0], [0, 1.0, 0.5], [0, 0.55, 0.2]])
    affinity.eliminate_zeros()
    problem = AssignmentProblem(affinity=affinity, demand=1, max_load=1)
    base = solve(problem)
    assert base.submission_totals.tolist() == pytest.approx([0.1, 1.0, 0.2])
    fair = solve(problem, objective="fair", leximin_share=1.0)
    assert fair.pairs.tolist() == [[0, 0], [1, 2], [2, 1]]
    assert fair.levels == pytest.approx((0.1, 0.5, 0.55))
    assert fair.weakest_profile(1.0).tolist() == pytest.approx([0.1, 0.5, 0.55])
    # what fairness cost and bought, against max_total
    assert fair.baseline_profile.tolist() == pytest.approx([0.1])
    assert fair.baseline_score == pytest.approx(1.3)
    assert fair.score == pytest.approx(1.15)
    # the default settles the weakest 5%: here the first level only
    assert solve(problem, objective="fair").levels == pytest.approx((0.1,))


# --- locked pairs ------------------------------------------------------------------------


def test_a_locked_pair_outside_the_candidates_counts_with_its_real_affinity():
    affinity = dense([[0.0, 0.4], [0.9, 0.3]])
    affinity.eliminate_zeros()  # (0, 0) is not a candidate
    problem = AssignmentProblem(
        affinity=affinity, demand=1, max_load=1, locked=[[0, 0]], locked_affinity=[0.7]
    )
    result = solve(problem)
    assert result.pairs.tolist() == [[0, 0], [1, 1]]
    assert result.submission_totals.tolist() == pytest.approx([0.7, 0.3])
    assert result.total_affinity == pytest.approx(1.0)
    assert not any(check_assignment(problem, result.pairs).values())


def test_a_locked_pair_outside_the_candidates_without_its_affinity_is_refused():
    affinity = dense([[0.0, 0.4]])
    affinity.eliminate_zeros()
    problem = AssignmentProblem(affinity=affinity, demand=1, max_load=1, locked=[[0, 0]])
    with pytest.raises(ValueError, match=r"locked pair \(submission 0, reviewer 0\) is not a"):
        solve(problem)


def test_a_locked_affinity_that_contradicts_the_matrix_is_refused():
    problem = AssignmentProblem(
        affinity=dense([[0.5, 0.4]]), demand=1, max_load=1, locked=[[0, 0]], locked_affinity=[0.9]
    )
    with pytest.raises(ValueError, match=r"\(submission 0, reviewer 0\) contradicts"):
        solve(problem)


def test_locked_affinity_needs_one_value_per_locked_pair():
    problem = AssignmentProblem(
        affinity=dense([[0.5, 0.4]]), demand=1, max_load=1, locked=[[0, 0]], locked_affinity=[]
    )
    with pytest.raises(ValueError, match="one value per locked pair"):
        solve(problem)


def test_a_locked_conflict_is_refused_by_name():
    problem = AssignmentProblem(
        affinity=dense([[0.5, 0.5, 0.5]]),
        demand=2,
        max_load=1,
        locked=[[0, 2], [0, 1]],
        forbidden=[[0, 1]],
    )
    result = solve(problem, objective="fair")
    assert not result.feasible and result.pairs.shape == (0, 2)
    item = result.explanation[0]
    assert item.code == "locked_conflict"
    assert (item.submissions, item.reviewers) == ((0,), (1,))
    assert item.message == (
        "1 locked pair is also declared a conflict: submission 0 with reviewer 1. Unlock it "
        "or clear the conflict: a conflicted reviewer is never assigned."
    )
