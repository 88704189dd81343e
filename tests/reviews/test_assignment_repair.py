"""The ejection-chain repair of ``fair`` (reviews/assignment/repair.py), issue 11.

Pure tests, small instances: the large clustered ones are in ``bench/assignment.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.assignment import AssignmentProblem, check_assignment, solve
from reviews.assignment.engine import _report
from reviews.assignment.fair import _Ranking
from reviews.assignment.network import Network
from reviews.assignment.prepare import prepare
from reviews.assignment.repair import improve
from tests.reviews.test_assignment import problems, tol


def dense(values) -> sp.csr_matrix:
    return sp.csr_matrix(np.asarray(values, dtype=float))


def _mask(prep, pairs) -> np.ndarray:
    """The chosen-arc mask of ``(submission, reviewer)`` pairs (free arcs only)."""
    keys = prep.arc_sub * prep.n_rev + prep.arc_rev
    return np.isin(keys, [p * prep.n_rev + r for p, r in pairs])


def test_a_chain_of_two_exchanges_lifts_the_weakest_to_the_optimum():
    # Start: 0 ← r1 (0.1), 1 ← r0 (0.8), 2 ← r2 (0.5); every reviewer full. The only way up
    # for submission 0 is a chain: 0 takes r0 from 1, 1 takes r2 from 2, 2 takes r1 (freed
    # by 0). Scores become 0.9, 0.7, 0.6: the best weakest score (0.6) there is.
    problem = AssignmentProblem(
        affinity=dense([[0.9, 0.1, 0.0], [0.8, 0.0, 0.7], [0.0, 0.6, 0.5]]),
        demand=1,
        max_load=1,
    )
    prep = prepare(problem, resolution=1e-6)
    start = _mask(prep, [(0, 1), (1, 0), (2, 2)])
    chosen = improve(prep, start, deadline=math.inf)
    result = _report(prep, chosen, "fair", "", {})
    assert result.pairs.tolist() == [[0, 0], [1, 2], [2, 1]]
    assert result.submission_scores.tolist() == pytest.approx([0.9, 0.7, 0.6])
    assert not start[_mask(prep, [(0, 0)])].any()  # the caller's mask is not changed


def test_a_move_that_would_push_another_submission_below_the_weakest_is_not_made():
    # 0 (0.3 with r1) could take r0 from 1, but 1 would be left with r1 at 0.2 < 0.3.
    problem = AssignmentProblem(affinity=dense([[0.9, 0.3], [0.8, 0.2]]), demand=1, max_load=1)
    prep = prepare(problem, resolution=1e-6)
    start = _mask(prep, [(0, 1), (1, 0)])
    chosen = improve(prep, start, deadline=math.inf)
    assert (chosen == start).all()


def test_a_reviewer_at_its_minimum_load_keeps_it():
    # 0 would rather have r1 (free), but r0 is at its minimum load of 1: no move.
    problem = AssignmentProblem(affinity=dense([[0.2, 0.9]]), demand=1, max_load=1, min_load=[1, 0])
    prep = prepare(problem, resolution=1e-6)
    start = _mask(prep, [(0, 0)])
    assert (improve(prep, start, deadline=math.inf) == start).all()


def _leximin_key(values: np.ndarray) -> list[float]:
    return np.sort(values).tolist()


@settings(max_examples=60, deadline=None, derandomize=True)
@given(problems, st.sampled_from(["none", "top-d"]))
def test_repair_keeps_every_constraint_and_never_lowers_the_sorted_scores(problem, ceiling):
    # "top-d": the bisection on targets runs first (as in fair), up to the top-d bound
    prep = prepare(problem, resolution=1e-6)
    net = Network(prep, balance=0.0)
    start = net.solve()
    if (
        start is None
        or check_assignment(problem, _report(prep, start, "", "", {}).pairs)["locked_missing"]
    ):
        return
    before = _report(prep, start, "max_total", "", {})
    upto = math.inf
    if ceiling == "top-d" and (prep.demand > 0).any():
        upto = int(_Ranking(prep).top_d[prep.demand > 0].min())
    after = _report(prep, improve(prep, start, deadline=math.inf, upto=upto), "fair", "", {})
    assert not any(check_assignment(problem, after.pairs).values())
    needs = prep.demand > 0
    old = _leximin_key(before.submission_scores[needs])
    new = _leximin_key(after.submission_scores[needs])
    assert new >= [v - tol(problem) for v in old] or new == pytest.approx(old)
    if needs.any():
        assert after.weakest_score >= before.weakest_score - 1e-9


@settings(max_examples=30, deadline=None, derandomize=True)
@given(problems)
def test_fair_under_a_tiny_time_limit_is_never_below_max_total(problem):
    base = solve(problem, objective="max_total")
    fair = solve(problem, objective="fair", time_limit=1e-3)
    assert fair.feasible == base.feasible
    if base.feasible and (np.asarray(problem.demand) > 0).any():
        assert fair.weakest_score >= base.weakest_score - tol(problem)
        assert not any(check_assignment(problem, fair.pairs).values())


def test_the_climb_hands_the_repair_its_flow_with_the_least_shortfall():
    # Measured on the clustered bench instances: the repair ends higher from a flow with few,
    # mildly short submissions than from the flow whose weakest happens to be highest.
    from reviews.assignment.fair import _Search, submission_units

    rng = np.random.default_rng(12)
    affinity = rng.random((60, 24)) * 0.3
    affinity[:40, :6] += 0.7  # two thirds of the papers want a quarter of the committee
    problem = AssignmentProblem(affinity=sp.csr_matrix(np.round(affinity, 3)), demand=3, max_load=8)
    prep = prepare(problem, resolution=1e-6)
    net = Network(prep, balance=0)
    base = net.solve()
    flows = []
    solve_flow = net.solve

    def recorded(**kwargs):
        chosen = solve_flow(**kwargs)
        if chosen is not None:
            flows.append(chosen)
        return chosen

    net.solve = recorded
    search = _Search(prep, net, base, math.inf)
    search.max_rounds = 12
    ceiling = int(search.ranking.top_d.min())
    start = int(submission_units(prep, base).min())
    nobody = np.zeros(prep.n_sub, dtype=bool)
    search.climb(base, start, ceiling, 1e-4, nobody, np.zeros(prep.n_arcs, dtype=bool))

    shortfalls = [int(np.maximum(ceiling - submission_units(prep, f), 0).sum()) for f in flows]
    assert len(flows) >= 3
    assert search.own[1] == min(shortfalls)
    assert (search.own[0] == flows[shortfalls.index(min(shortfalls))]).all()
