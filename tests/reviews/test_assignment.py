"""The assignment engine, checked against an independent MILP (scipy.optimize.milp / HiGHS).

Pure tests: no database, no Django import in the code under test.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import scipy.optimize as so
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviews.assignment import (
    AssignmentProblem,
    ReviewerGroup,
    check_assignment,
    greedy_baseline,
    linear_relaxation,
    solve,
)

RESOLUTION = 1e-6
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


# --- instances ---------------------------------------------------------------------------


def random_problem(
    seed: int,
    *,
    subs: int,
    revs: int,
    density: float = 0.7,
    demand: int = 2,
    extras: bool = True,
) -> AssignmentProblem:
    """A small random problem; with ``extras``: conflicts, locks, last resorts, minimum
    loads and a required group, each with some probability."""
    rng = np.random.default_rng(seed)
    mask = rng.random((subs, revs)) < density
    values = np.round(rng.random((subs, revs)), 3)
    rows, cols = np.nonzero(mask)
    affinity = sp.csr_matrix((values[rows, cols], (rows, cols)), shape=(subs, revs))
    max_load = rng.integers(1, 2 + (subs * demand) // revs + 1, size=revs)
    kwargs: dict = {}
    if extras:
        pairs = np.column_stack([rows, cols])
        pick = rng.permutation(pairs.shape[0])
        n = pairs.shape[0]
        if rng.random() < 0.6:
            kwargs["forbidden"] = pairs[pick[: n // 10]]
        if rng.random() < 0.5:
            # lock at most one pair per submission and per reviewer
            cand = pairs[pick[n // 10 : n // 10 + max(1, subs // 3)]]
            cand = cand[np.unique(cand[:, 0], return_index=True)[1]]
            kwargs["locked"] = cand[np.unique(cand[:, 1], return_index=True)[1]]
        if rng.random() < 0.5:
            kwargs["last_resort"] = pairs[pick[-(n // 5) :]]
            kwargs["last_resort_penalty"] = 0.3
        if rng.random() < 0.3:
            kwargs["min_load"] = np.minimum(rng.integers(0, 2, size=revs), max_load)
        if rng.random() < 0.4:
            members = rng.choice(revs, size=max(1, revs // 2), replace=False)
            kwargs["groups"] = [ReviewerGroup("theme A", np.arange(0, subs, 2), members)]
    return AssignmentProblem(affinity=affinity, demand=demand, max_load=max_load, **kwargs)


problems = st.builds(
    random_problem,
    st.integers(0, 2**32 - 1),
    subs=st.integers(2, 8),
    revs=st.integers(2, 7),
    density=st.sampled_from([0.5, 0.8, 1.0]),
    demand=st.integers(1, 3),
)


# --- an independent model of the same problem --------------------------------------------


def milp(problem: AssignmentProblem, *, max_min: bool = False):
    """Optimum by scipy's MILP, built from the problem's fields without the engine.

    Returns ``None`` when infeasible, else the optimal total score (or, with ``max_min``, the
    best weakest-submission score).
    """
    P, R = problem.shape
    coo = sp.coo_matrix(problem.affinity)
    aff = {(int(p), int(r)): float(v) for p, r, v in zip(coo.row, coo.col, coo.data, strict=True)}
    forbidden = {tuple(map(int, x)) for x in _rows(problem.forbidden)}
    locked = {tuple(map(int, x)) for x in _rows(problem.locked)}
    if locked & forbidden:
        return None
    penalty = {tuple(map(int, x)): problem.last_resort_penalty for x in _rows(problem.last_resort)}
    pairs = sorted((set(aff) - forbidden) | locked)
    score = np.array([aff.get(pr, 0.0) - penalty.get(pr, 0.0) for pr in pairs])
    n = len(pairs)
    x_sub = np.array([p for p, _ in pairs], dtype=int)
    x_rev = np.array([r for _, r in pairs], dtype=int)
    demand = np.broadcast_to(problem.demand, (P,))
    max_load = np.broadcast_to(problem.max_load, (R,))
    min_load = np.broadcast_to(0 if problem.min_load is None else problem.min_load, (R,))
    sub_rows = np.zeros((P, n))
    sub_rows[x_sub, np.arange(n)] = 1
    rev_rows = np.zeros((R, n))
    rev_rows[x_rev, np.arange(n)] = 1
    cons = [
        so.LinearConstraint(sub_rows, demand, demand),
        so.LinearConstraint(rev_rows, min_load, max_load),
    ]
    for group in problem.groups:
        members = set(np.asarray(group.reviewers).tolist())
        for p in np.asarray(group.submissions).tolist():
            row = np.array([1.0 if (s == p and r in members) else 0.0 for s, r in pairs])
            cons.append(so.LinearConstraint(row, group.minimum, np.inf))
    lower = np.array([1.0 if pr in locked else 0.0 for pr in pairs])
    if max_min:
        # variables: x, then T; maximise T with T ≤ score of every submission with demand
        need = np.flatnonzero(demand > 0)
        cons = [so.LinearConstraint(_with_t_column(c.A, n), c.lb, c.ub) for c in cons]
        fair_rows = np.hstack([-sub_rows[need] * score, np.ones((need.size, 1))])
        cons.append(so.LinearConstraint(fair_rows, -np.inf, 0))
        c = np.zeros(n + 1)
        c[-1] = -1
        bounds = so.Bounds(np.append(lower, -1e3), np.append(np.ones(n), 1e3))
        integrality = np.append(np.ones(n), 0)
    else:
        c = -score
        bounds = so.Bounds(lower, np.ones(n))
        integrality = np.ones(n)
    if n == 0:
        return 0.0 if demand.sum() == 0 and min_load.sum() == 0 else None
    out = so.milp(c, constraints=cons, integrality=integrality, bounds=bounds)
    if out.status == 2:
        return None
    assert out.status == 0, out.message
    return -out.fun


def _with_t_column(a, n: int) -> np.ndarray:
    a = np.asarray(a, dtype=float).reshape(-1, n)
    return np.hstack([a, np.zeros((a.shape[0], 1))])


def _rows(pairs) -> np.ndarray:
    return np.empty((0, 2), int) if pairs is None else np.asarray(pairs).reshape(-1, 2)


def assert_valid(problem: AssignmentProblem, result) -> None:
    """Every hard constraint, checked directly on the pairs."""
    P, R = problem.shape
    pairs = result.pairs
    keys = {(int(p), int(r)) for p, r in pairs}
    assert len(keys) == pairs.shape[0], "duplicate pair"
    assert np.array_equal(
        np.bincount(pairs[:, 0], minlength=P), np.broadcast_to(problem.demand, (P,))
    ), "coverage"
    load = np.bincount(pairs[:, 1], minlength=R)
    assert (load <= np.broadcast_to(problem.max_load, (R,))).all(), "max load"
    if problem.min_load is not None:
        assert (load >= np.broadcast_to(problem.min_load, (R,))).all(), "min load"
    assert not keys & {tuple(map(int, x)) for x in _rows(problem.forbidden)}, "conflict"
    locked = {tuple(map(int, x)) for x in _rows(problem.locked)}
    assert locked <= keys, "locked pair dropped"
    coo = sp.coo_matrix(problem.affinity)
    candidates = set(zip(coo.row.tolist(), coo.col.tolist(), strict=True))
    assert keys <= candidates | locked, "pair that is not a candidate"
    for group in problem.groups:
        members = set(np.asarray(group.reviewers).tolist())
        for p in np.asarray(group.submissions).tolist():
            got = sum(1 for s, r in keys if s == p and r in members)
            assert got >= group.minimum, "group minimum"
    assert not any(check_assignment(problem, pairs).values())
    assert np.array_equal(result.loads, load)


def tol(problem: AssignmentProblem) -> float:
    # Scores are rounded to RESOLUTION per pair: the optimum is exact up to that.
    return RESOLUTION * (np.sum(np.broadcast_to(problem.demand, (problem.shape[0],))) + 1)


# --- properties on random instances ------------------------------------------------------


@FAST
@given(problems)
def test_max_total_is_valid_and_matches_the_milp_optimum(problem):
    result = solve(problem)
    optimum = milp(problem)
    if optimum is None:
        assert not result.feasible
        assert result.pairs.shape == (0, 2)
        assert result.explanation, "an infeasible problem must say why"
        return
    assert result.feasible, result.messages
    assert_valid(problem, result)
    assert result.score == pytest.approx(optimum, abs=tol(problem))


@FAST
@given(problems, st.sampled_from([0.0, 0.05]))
def test_fair_is_valid_and_never_worse_where_it_promises(problem, balance):
    base = solve(problem, balance=balance)
    fair = solve(problem, objective="fair", balance=balance)
    assert fair.feasible == base.feasible
    if not fair.feasible:
        assert fair.pairs.shape == (0, 2) and fair.explanation
        return
    assert_valid(problem, base)
    assert_valid(problem, fair)
    assert fair.weakest_score >= base.weakest_score - tol(problem)
    if balance == 0:
        assert fair.score <= base.score + tol(problem)
    assert fair.upper_bound is not None and fair.gap is not None and fair.gap >= 0
    assert fair.weakest_score <= fair.upper_bound + tol(problem)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(problems)
def test_fair_upper_bound_is_a_true_bound(problem):
    fair = solve(problem, objective="fair")
    if not fair.feasible:
        return
    best = milp(problem, max_min=True)
    assert best is not None
    assert fair.weakest_score <= best + tol(problem)
    assert best <= fair.upper_bound + tol(problem)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(problems)
def test_lp_relaxation_of_the_total_is_tight(problem):
    # The constraint matrix is a network matrix: the LP optimum is integral (a check that the
    # flow encodes the same problem as the LP).
    result = solve(problem)
    lp = linear_relaxation(problem)
    if not result.feasible:
        assert lp is None
        return
    assert lp == pytest.approx(result.score, abs=1e-6 + tol(problem))


@settings(max_examples=20, deadline=None, derandomize=True)
@given(problems)
def test_greedy_never_breaks_loads_or_conflicts(problem):
    result = greedy_baseline(problem)
    checks = check_assignment(problem, result.pairs)
    assert checks["max_load"] == checks["forbidden"] == checks["duplicate"] == 0
    assert checks["locked_missing"] == checks["not_candidate"] == 0
    if result.feasible:
        assert not any(checks.values())
    else:
        assert result.explanation[0].code in {"greedy_incomplete"}


# --- behaviour on hand-made instances ----------------------------------------------------


def dense(values) -> sp.csr_matrix:
    return sp.csr_matrix(np.asarray(values, dtype=float))


def test_the_same_input_gives_the_same_output():
    problem = random_problem(7, subs=40, revs=15, demand=3)
    for objective in ("max_total", "fair"):
        first = solve(problem, objective=objective)
        second = solve(problem, objective=objective)
        assert np.array_equal(first.pairs, second.pairs)
        assert first.score == second.score


def test_locked_pairs_are_kept_even_when_costly():
    problem = AssignmentProblem(
        affinity=dense([[0.9, 0.1], [0.8, 0.7]]), demand=1, max_load=1, locked=[[0, 1]]
    )
    result = solve(problem)
    assert result.pairs.tolist() == [[0, 1], [1, 0]]
    assert result.total_affinity == pytest.approx(0.9)


def test_last_resort_pairs_are_avoided_then_reported_when_needed():
    affinity = dense([[0.9, 0.2]])
    avoid = solve(
        AssignmentProblem(
            affinity=affinity,
            demand=1,
            max_load=1,
            last_resort=[[0, 0]],
            last_resort_penalty=1.0,
        )
    )
    assert avoid.pairs.tolist() == [[0, 1]]
    assert avoid.last_resort_used.shape == (0, 2)
    needed = solve(
        AssignmentProblem(
            affinity=affinity,
            demand=2,
            max_load=1,
            last_resort=[[0, 0]],
            last_resort_penalty=1.0,
        )
    )
    assert needed.pairs.tolist() == [[0, 0], [0, 1]]
    assert needed.last_resort_used.tolist() == [[0, 0]]
    assert needed.total_affinity == pytest.approx(1.1)
    assert needed.score == pytest.approx(0.1)


def test_minimum_load_is_met_even_at_a_cost():
    problem = AssignmentProblem(
        affinity=dense([[0.9, 0.1], [0.9, 0.1]]), demand=1, max_load=2, min_load=[0, 1]
    )
    result = solve(problem)
    assert result.loads.tolist() == [1, 1]
    assert result.total_affinity == pytest.approx(1.0)


def test_required_group_gets_its_reviewer():
    problem = AssignmentProblem(
        affinity=dense([[0.9, 0.8, 0.1]]),
        demand=2,
        max_load=1,
        groups=[ReviewerGroup("theme B", [0], [2])],
    )
    result = solve(problem)
    assert result.pairs.tolist() == [[0, 0], [0, 2]]


def test_balance_spreads_the_load_of_an_eager_reviewer():
    # reviewer 0 is the best match for every submission
    affinity = dense([[0.9, 0.8, 0.8]] * 6)
    problem = AssignmentProblem(affinity=affinity, demand=1, max_load=6)
    assert solve(problem).loads.tolist() == [6, 0, 0]
    # 0.1·Σ load²: the third paper on reviewer 0 costs 0.5 more, the second elsewhere 0.3
    assert solve(problem, balance=0.1).loads.tolist() == [2, 2, 2]


def test_fair_raises_the_weakest_submission():
    # max_total gives both good reviewers to submission 0; fair gives one to each
    affinity = dense([[1.0, 1.0, 0.01, 0.01], [0.6, 0.6, 0.1, 0.1]])
    problem = AssignmentProblem(affinity=affinity, demand=2, max_load=1)
    base = solve(problem)
    fair = solve(problem, objective="fair")
    assert base.submission_totals.tolist() == pytest.approx([2.0, 0.2])
    assert fair.submission_totals.tolist() == pytest.approx([1.01, 0.7])
    # the LP relaxation can split reviewers: 0.2 + 0.5·s = 2 − 0.99·s at s = 1.8 / 1.49
    assert fair.bound_source == "LP relaxation"
    assert fair.upper_bound == pytest.approx(0.2 + 0.5 * 1.8 / 1.49, abs=1e-5)
    assert fair.gap == pytest.approx(1 - 0.7 / fair.upper_bound)


def test_fair_on_a_larger_instance_reports_its_certificate():
    problem = replace(random_problem(3, subs=60, revs=25, demand=3, extras=False), max_load=9)
    fair = solve(problem, objective="fair")
    assert fair.feasible
    assert fair.bound_source in {"top-d", "LP relaxation"}
    assert 0 <= fair.gap < 0.5


# --- explanations --------------------------------------------------------------------------


def test_submissions_with_too_few_eligible_reviewers_are_named():
    affinity = np.ones((14, 6))
    affinity[2:, 2:] = 0  # submissions 2..13 may only go to reviewers 0 and 1
    # a csr matrix built from a dense array stores no zeros: those pairs are not candidates
    problem = AssignmentProblem(affinity=sp.csr_matrix(affinity), demand=3, max_load=20)
    result = solve(problem)
    assert not result.feasible
    assert result.pairs.shape == (0, 2)
    [item] = result.explanation
    assert item.code == "too_few_eligible"
    assert item.submissions == tuple(range(2, 14))
    assert item.numbers == {"submissions": 12, "eligible": 2, "needed": 3}
    assert item.message.startswith(
        "These 12 submissions (submissions 2, 3, 4, 5, 6, 7, 8, 9 and 4 more) have only 2 "
        "eligible reviewers each but need 3"
    )


def test_a_group_without_enough_places_is_explained():
    affinity = sp.csr_matrix(np.ones((12, 8)))
    problem = AssignmentProblem(
        affinity=affinity,
        demand=3,
        max_load=[4, 4, 4, 4, 4, 4, 4, 4],
        groups=[ReviewerGroup("X", np.arange(12), [0, 1], minimum=3)],
    )
    result = solve(problem)
    assert not result.feasible
    codes = {item.code: item for item in result.explanation}
    assert codes["group_capacity"].message.startswith(
        "Reviewers of X have 8 places left and its submissions need 36"
    )


def test_total_capacity_shortfall_is_explained():
    problem = AssignmentProblem(affinity=sp.csr_matrix(np.ones((10, 3))), demand=3, max_load=5)
    result = solve(problem, objective="fair")
    assert not result.feasible
    assert [item.code for item in result.explanation] == ["total_capacity"]
    assert result.explanation[0].numbers == {"places": 15, "needed": 30}


def test_a_global_bottleneck_is_found_by_the_cut():
    # each submission alone has 2 eligible reviewers; together 3 submissions need 6 reviews
    # from the same 2 reviewers, who have 4 places. The other reviewers are idle.
    affinity = np.zeros((4, 5))
    affinity[:3, :2] = 1
    affinity[3, 2:] = 1
    problem = AssignmentProblem(
        affinity=sp.csr_matrix(affinity), demand=2, max_load=[2, 2, 5, 5, 5]
    )
    result = solve(problem)
    assert not result.feasible
    [item] = result.explanation
    assert item.code == "hall_deficit"
    assert item.submissions == (0, 1, 2)
    assert item.reviewers == (0, 1)
    assert item.numbers == {"submissions": 3, "needed": 6, "available": 4}


def test_unreachable_minimum_loads_are_explained():
    affinity = np.zeros((3, 3))
    affinity[:, 0] = 1
    affinity[0, 1:] = 1
    affinity[1, 1] = 1
    affinity[2, 2] = 1
    problem = AssignmentProblem(
        affinity=sp.csr_matrix(affinity), demand=1, max_load=3, min_load=[0, 1, 1]
    )
    assert solve(problem).feasible
    problem = AssignmentProblem(
        affinity=sp.csr_matrix(affinity), demand=1, max_load=3, min_load=[1, 1, 1]
    )
    assert solve(problem).feasible
    affinity[1, 1] = 0
    affinity[2, 2] = 0
    problem = AssignmentProblem(
        affinity=sp.csr_matrix(affinity), demand=1, max_load=3, min_load=[0, 1, 1]
    )
    result = solve(problem)
    assert not result.feasible
    [item] = result.explanation
    assert item.code == "minimum_deficit"
    assert item.reviewers == (1, 2)


def test_a_locked_conflict_is_explained_not_silently_dropped():
    problem = AssignmentProblem(
        affinity=dense([[0.5, 0.5]]), demand=1, max_load=1, locked=[[0, 0]], forbidden=[[0, 0]]
    )
    result = solve(problem)
    assert not result.feasible
    assert result.explanation[0].code == "locked_conflict"


def test_malformed_input_is_refused():
    with pytest.raises(ValueError, match="demand"):
        solve(AssignmentProblem(affinity=dense([[1.0]]), demand=[1, 2], max_load=1))
    with pytest.raises(ValueError, match="more than one required group"):
        solve(
            AssignmentProblem(
                affinity=dense([[1.0, 1.0]]),
                demand=1,
                max_load=1,
                groups=[ReviewerGroup("a", [0], [0]), ReviewerGroup("b", [0], [1])],
            )
        )
    with pytest.raises(ValueError, match="min_load"):
        solve(AssignmentProblem(affinity=dense([[1.0]]), demand=1, max_load=1, min_load=2))
