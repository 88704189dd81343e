"""The assignment engine, checked against an independent MILP (scipy.optimize.milp / HiGHS).

Pure tests: no database, no Django import in the code under test.
"""

from __future__ import annotations

import time
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
from reviews.assignment.diagnose import explain_cut
from reviews.assignment.prepare import prepare

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
    varied: bool = False,
    tight: bool = False,
) -> AssignmentProblem:
    """A small random problem; with ``extras``: conflicts, locks, last resorts, minimum
    loads and required groups, each with some probability. ``varied``: per-submission demands
    (zeros included) and per-pair penalties. ``tight``: loads that often do not suffice."""
    rng = np.random.default_rng(seed)
    if not tight:  # mostly feasible (about 70%): demands the candidates can usually meet
        demand = min(demand, max(1, round(density * revs) - 1))
    mask = rng.random((subs, revs)) < density
    values = np.round(rng.random((subs, revs)), 3)
    rows, cols = np.nonzero(mask)
    affinity = sp.csr_matrix((values[rows, cols], (rows, cols)), shape=(subs, revs))
    demands = rng.integers(0, demand + 1, size=subs) if varied else np.full(subs, demand)
    per_rev = int(demands.sum()) // revs
    if tight:
        max_load = rng.integers(0, per_rev + 2, size=revs)
    else:
        max_load = rng.integers(1, 5 + per_rev, size=revs)
    kwargs: dict = {}
    if extras:
        pairs = np.column_stack([rows, cols])
        pick = rng.permutation(pairs.shape[0])
        n = pairs.shape[0]
        if rng.random() < 0.6:
            kwargs["forbidden"] = pairs[pick[: n // 10]]
        if rng.random() < 0.4:
            # lock at most one pair per submission and per reviewer
            cand = pairs[pick[n // 10 : n // 10 + max(1, subs // 3)]]
            cand = cand[np.unique(cand[:, 0], return_index=True)[1]]
            cand = cand[demands[cand[:, 0]] > 0] if not tight else cand
            kwargs["locked"] = cand[np.unique(cand[:, 1], return_index=True)[1]]
        if rng.random() < 0.5:
            lr = pairs[pick[-(n // 5) :]]
            kwargs["last_resort"] = lr
            kwargs["last_resort_penalty"] = (
                np.round(rng.random(lr.shape[0]), 2) if varied and rng.random() < 0.7 else 0.3
            )
        if rng.random() < (0.5 if tight else 0.25):
            kwargs["min_load"] = np.minimum(rng.integers(0, 2, size=revs), max_load)
        if rng.random() < (0.7 if tight else 0.4):
            groups = []
            for g, start in enumerate(range(2 if rng.random() < 0.5 else 1)):
                size = max(1, revs // 3) if tight else max(1, revs // 2 + 1)
                members = rng.choice(revs, size=size, replace=False)
                minimum = int(rng.integers(1, 3)) if tight else 1
                groups.append(
                    ReviewerGroup(f"theme {'AB'[g]}", np.arange(start, subs, 3), members, minimum)
                )
            kwargs["groups"] = groups
    demand_value = demands if varied else demand
    return AssignmentProblem(affinity=affinity, demand=demand_value, max_load=max_load, **kwargs)


problems = st.builds(
    random_problem,
    st.integers(0, 2**32 - 1),
    subs=st.integers(2, 8),
    revs=st.integers(2, 7),
    density=st.sampled_from([0.5, 0.8, 1.0]),
    demand=st.integers(1, 3),
    varied=st.booleans(),
)
# mostly infeasible: for the explanations
tight_problems = st.builds(
    random_problem,
    st.integers(0, 2**32 - 1),
    subs=st.integers(2, 8),
    revs=st.integers(2, 6),
    density=st.sampled_from([0.4, 0.7, 1.0]),
    demand=st.integers(1, 3),
    varied=st.booleans(),
    tight=st.just(True),
)


# --- an independent model of the same problem --------------------------------------------


def milp(problem: AssignmentProblem, *, max_min: bool = False, balance: float = 0.0):
    """Optimum by scipy's MILP, built from the problem's fields without the engine.

    Returns ``None`` when infeasible, else the optimal total score (or, with ``max_min``, the
    best weakest-submission score). With ``balance``: the best score − balance·Σ load², the
    load cost modelled as a convex piecewise-linear function (one [0, 1] variable per load
    level L, costing balance·(2L − 1)).
    """
    P, R = problem.shape
    coo = sp.coo_matrix(problem.affinity)
    aff = {(int(p), int(r)): float(v) for p, r, v in zip(coo.row, coo.col, coo.data, strict=True)}
    forbidden = {tuple(map(int, x)) for x in _rows(problem.forbidden)}
    locked = {tuple(map(int, x)) for x in _rows(problem.locked)}
    if locked & forbidden:
        return None
    lr_rows = _rows(problem.last_resort)
    lr_pen = np.broadcast_to(np.asarray(problem.last_resort_penalty, float), (len(lr_rows),))
    penalty: dict = {}
    for x, pen in zip(lr_rows, lr_pen, strict=True):  # a pair listed twice pays the larger
        penalty[tuple(map(int, x))] = max(penalty.get(tuple(map(int, x)), 0.0), float(pen))
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
            cons.append(so.LinearConstraint(row, min(group.minimum, demand[p]), np.inf))
    lower = np.array([1.0 if pr in locked else 0.0 for pr in pairs])
    if balance > 0 and n:
        # level variables y[r, L], L = 1..max_load[r]: Σ_L y = load_r, cost balance·(2L − 1)
        levels = [(r, L) for r in range(R) for L in range(1, int(max_load[r]) + 1)]
        m = len(levels)
        link = np.zeros((R, m))
        for j, (r, _) in enumerate(levels):
            link[r, j] = -1
        cons = [
            so.LinearConstraint(
                np.hstack(
                    [
                        np.asarray(c.A, float).reshape(-1, n),
                        np.zeros((np.asarray(c.A).reshape(-1, n).shape[0], m)),
                    ]
                ),
                c.lb,
                c.ub,
            )
            for c in cons
        ]
        cons.append(so.LinearConstraint(np.hstack([rev_rows, link]), 0, 0))
        c = np.concatenate([-score, [balance * (2 * L - 1) for _, L in levels]])
        bounds = so.Bounds(np.append(lower, np.zeros(m)), np.ones(n + m))
        out = so.milp(
            c, constraints=cons, integrality=np.append(np.ones(n), np.zeros(m)), bounds=bounds
        )
        if out.status == 2:
            return None
        assert out.status == 0, out.message
        return -out.fun
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
    demand = np.broadcast_to(problem.demand, (P,))
    for group in problem.groups:
        members = set(np.asarray(group.reviewers).tolist())
        for p in np.asarray(group.submissions).tolist():
            got = sum(1 for s, r in keys if s == p and r in members)
            assert got >= min(group.minimum, demand[p]), "group minimum"
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
    if not (np.broadcast_to(problem.demand, (problem.shape[0],)) > 0).any():
        assert fair.upper_bound is None and fair.gap is None  # nothing to review
        return
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
    problem = replace(random_problem(7, subs=40, revs=15, demand=3), max_load=12)
    for objective in ("max_total", "fair"):
        first = solve(problem, objective=objective)
        second = solve(problem, objective=objective)
        assert first.feasible
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
    # the LP relaxation can split reviewers (0.2 + 0.5·s = 2 − 0.99·s at s = 1.8 / 1.49, a
    # bound of 0.804); the tiers cannot: above 0.7, submission 1 needs both reviewers 0 and 1
    # (0.6 + 0.1 is too little) and submission 0 one of them (0.01 + 0.01 is too little): three
    # places on two reviewers of load 1, so the max flow refutes it and 0.7 is proven optimal
    assert linear_relaxation(problem, objective="fair") == pytest.approx(0.2 + 0.9 / 1.49)
    assert fair.bound_source == "tier max-flow"
    assert fair.upper_bound == pytest.approx(0.7)
    assert fair.gap == 0


def test_fair_on_a_larger_instance_reports_its_certificate():
    problem = replace(random_problem(3, subs=60, revs=25, demand=3, extras=False), max_load=9)
    fair = solve(problem, objective="fair")
    assert fair.feasible
    assert fair.bound_source in {"top-d", "tier max-flow", "LP relaxation"}
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


# --- balance: checked against an independent convex MILP ----------------------------------


@settings(max_examples=30, deadline=None, derandomize=True)
@given(problems, st.sampled_from([0.05, 0.3]))
def test_balance_objective_equals_the_independent_optimum(problem, balance):
    result = solve(problem, balance=balance)
    optimum = milp(problem, balance=balance)
    if optimum is None:
        assert not result.feasible
        return
    assert result.feasible
    assert_valid(problem, result)
    claimed = result.score - balance * float((result.loads.astype(float) ** 2).sum())
    assert claimed == pytest.approx(optimum, abs=tol(problem) * (1 + 4 * problem.shape[1]))


def test_unlimited_max_load_with_balance_stays_small_and_fast():
    from reviews.assignment.network import Network

    problem = replace(random_problem(5, subs=30, revs=10, demand=3, extras=False), max_load=10**9)
    prep = prepare(problem, resolution=RESOLUTION)
    net = Network(prep, balance=0.1)
    # at most one unit arc per candidate arc of each reviewer, plus the candidate arcs
    assert net.n_arcs <= 2 * prep.n_arcs
    started = time.perf_counter()
    result = solve(problem, balance=0.1)
    assert time.perf_counter() - started < 2.0
    assert result.feasible
    assert_valid(problem, result)
    # same optimum as with a max load that cannot bind
    bounded = solve(replace(problem, max_load=30), balance=0.1)
    assert result.pairs.tolist() == bounded.pairs.tolist()


# --- malformed input -----------------------------------------------------------------------

ONE = sp.csr_matrix(np.full((2, 2), 0.5))


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"demand": 2.5}, "demand must hold whole numbers"),
        ({"demand": [1, 1.5]}, "demand must hold whole numbers"),
        ({"demand": float("nan")}, "demand holds NaN"),
        ({"demand": [1, float("inf")]}, "demand holds NaN or infinite"),
        ({"demand": "2"}, "demand must hold whole numbers"),
        ({"demand": [1, 2, 1]}, r"demand must be an int or have shape \(2,\)"),
        ({"demand": -1}, "demand must not be negative"),
        ({"max_load": 1.9}, "max_load must hold whole numbers"),
        ({"max_load": [True, True]}, "max_load must hold whole numbers"),
        ({"min_load": 0.5}, "min_load must hold whole numbers"),
        ({"forbidden": [[0, 0.7]]}, "forbidden must hold whole numbers"),
        ({"forbidden": np.zeros((2, 3), int)}, r"forbidden must be shaped \(k, 2\)"),
        ({"forbidden": [0, 1]}, r"forbidden must be shaped \(k, 2\)"),
        ({"locked": [[0, 2]]}, "locked holds a reviewer index out of range"),
        ({"locked": [[-1, 0]]}, "locked holds a submission index out of range"),
        (
            {"last_resort": [[0, 0], [1, 1]], "last_resort_penalty": [0.1, 0.2, 0.3]},
            "last_resort_penalty must be a number or have one value per last_resort pair",
        ),
        (
            {"last_resort": [[0, 0]], "last_resort_penalty": float("nan")},
            "last_resort_penalty must be finite",
        ),
        (
            {"groups": [ReviewerGroup("G", [0], [0], minimum=1.5)]},
            "group 'G': minimum must hold whole numbers",
        ),
        (
            {"groups": [ReviewerGroup("G", [0], [0], minimum=-1)]},
            "group 'G': minimum must not be negative",
        ),
        ({"groups": [ReviewerGroup("G", [0.5], [0])]}, "group 'G': submissions must hold whole"),
        ({"groups": [ReviewerGroup("G", [0], [5])]}, "group 'G': reviewers holds an index out"),
        ({"groups": [ReviewerGroup("G", [[0]], [0])]}, "group 'G': submissions must be a 1-D"),
        ({"affinity": sp.csr_matrix(np.array([[np.nan, 1.0], [1.0, 1.0]]))}, "affinity holds NaN"),
        ({"affinity": sp.csr_matrix(np.array([[np.inf, 1.0], [1.0, 1.0]]))}, "affinity holds NaN"),
        ({"affinity": np.ones((2, 2))}, "affinity must be a scipy.sparse matrix"),
    ],
)
def test_malformed_input_is_rejected_not_changed(changes, match):
    problem = AssignmentProblem(affinity=ONE, demand=1, max_load=2)
    with pytest.raises(ValueError, match=match):
        solve(replace(problem, **changes))


def test_whole_floats_are_accepted():
    problem = AssignmentProblem(
        affinity=ONE, demand=np.array([1.0, 1.0]), max_load=2.0, forbidden=np.array([[0.0, 1.0]])
    )
    result = solve(problem)
    assert [0, 0] in result.pairs.tolist()  # submission 0's only candidate
    assert result.score == pytest.approx(1.0)
    assert not any(check_assignment(problem, result.pairs).values())


@pytest.mark.parametrize("make", [sp.coo_matrix, sp.coo_array])
def test_a_pair_listed_twice_in_the_affinity_is_refused(make):
    twice = make(([0.6, 0.6, 0.2], ([0, 0, 1], [1, 1, 0])), shape=(2, 2))
    with pytest.raises(ValueError, match=r"\(submission 0, reviewer 1\) more than once"):
        solve(AssignmentProblem(affinity=twice, demand=1, max_load=2))
    # a CSR matrix carrying duplicates is refused too; explicit zeros stay candidates
    csr = sp.csr_matrix((np.array([0.6, 0.6]), np.array([1, 1]), np.array([0, 2, 2])), (2, 2))
    with pytest.raises(ValueError, match="more than once"):
        solve(AssignmentProblem(affinity=csr, demand=0, max_load=2))
    zero = sp.coo_matrix(([0.0, 0.5], ([0, 1], [1, 0])), shape=(2, 2))
    assert solve(AssignmentProblem(affinity=zero, demand=1, max_load=1)).pairs.tolist() == [
        [0, 1],
        [1, 0],
    ]


def test_a_group_asks_at_most_the_demand_and_nothing_of_a_submission_needing_none():
    affinity = dense([[0.9, 0.8, 0.1], [0.9, 0.8, 0.1]])
    groups = [ReviewerGroup("G", [0, 1], [2], minimum=2)]
    problem = AssignmentProblem(affinity=affinity, demand=[1, 0], max_load=2, groups=groups)
    result = solve(problem)
    assert result.feasible, result.messages
    assert result.pairs.tolist() == [[0, 2]]  # min(2, demand 1) = 1 from the group
    assert not any(check_assignment(problem, result.pairs).values())
    # submission 1 needs nothing: the group's single place is enough
    problem = replace(problem, max_load=[2, 2, 1])
    assert solve(problem).feasible


# --- explanations: what they say is true -------------------------------------------------


def _remaining(problem: AssignmentProblem):
    """Demands, places, minimums and group needs left after the locked pairs, and the free
    arcs, computed from the problem's fields without the engine."""
    P, R = problem.shape
    locked = np.unique(_rows(problem.locked).astype(int), axis=0)
    demand = np.broadcast_to(problem.demand, (P,)).astype(int)
    max_load = np.broadcast_to(problem.max_load, (R,)).astype(int)
    min_load = np.broadcast_to(0 if problem.min_load is None else problem.min_load, (R,))
    locked_load = np.bincount(locked[:, 1], minlength=R)
    group_of = np.full(P, -1)
    members = [set(np.asarray(g.reviewers).tolist()) for g in problem.groups]
    need = np.zeros(P, int)
    for g, group in enumerate(problem.groups):
        subs = np.asarray(group.submissions, dtype=int)
        group_of[subs] = g
        need[subs] = np.minimum(group.minimum, demand[subs])
    for p, r in locked:
        if group_of[p] >= 0 and r in members[group_of[p]]:
            need[p] -= 1
    coo = sp.coo_matrix(problem.affinity)
    gone = {tuple(x) for x in _rows(problem.forbidden).astype(int).tolist()}
    gone |= {tuple(x) for x in locked.tolist()}
    arcs = sorted(set(zip(coo.row.tolist(), coo.col.tolist(), strict=True)) - gone)
    in_group = [group_of[p] >= 0 and r in members[group_of[p]] for p, r in arcs]
    return {
        "demand": np.maximum(demand - np.bincount(locked[:, 0], minlength=P), 0),
        "cap": np.maximum(max_load - locked_load, 0),
        "min": np.maximum(min_load - locked_load, 0),
        "need": np.maximum(need, 0),
        "arcs": arcs,
        "in_group": in_group,
        "group_of": group_of,
    }


def _max_reviews(rem, arcs, sub_cap, rev_cap, *, outside_limit: bool) -> int:
    """Most reviews along ``arcs`` with per-submission and per-reviewer caps (an LP whose
    matrix is totally unimodular, so its optimum is integral)."""
    if not arcs:
        return 0
    n = len(arcs)
    rows, ub = [], []
    for p in sorted({p for p, _ in arcs}):
        rows.append([1.0 if a[0] == p else 0.0 for a in arcs])
        ub.append(sub_cap[p])
        if outside_limit and rem["group_of"][p] >= 0 and rem["need"][p] > 0:
            outside = [a[0] == p and not rem["in_group"][rem["arcs"].index(a)] for a in arcs]
            rows.append([1.0 if o else 0.0 for o in outside])
            ub.append(rem["demand"][p] - rem["need"][p])
    for r in sorted({r for _, r in arcs}):
        rows.append([1.0 if a[1] == r else 0.0 for a in arcs])
        ub.append(rev_cap[r])
    out = so.linprog(-np.ones(n), A_ub=np.array(rows), b_ub=np.array(ub, float), bounds=(0, 1))
    assert out.status == 0
    return round(-out.fun)


def assert_explanation_is_true(problem: AssignmentProblem, item) -> None:
    rem = _remaining(problem)
    subs, revs, num = list(item.submissions), list(item.reviewers), item.numbers
    usable = [(p, r) for p, r in rem["arcs"] if rem["cap"][r] > 0]
    if item.code == "too_few_eligible":
        for p in subs:
            eligible = sum(1 for s, _ in usable if s == p)
            assert eligible == num["eligible"] < num["needed"] == rem["demand"][p]
    elif item.code == "total_capacity":
        assert num["places"] == rem["cap"].sum() < num["needed"] == rem["demand"].sum()
    elif item.code == "group_capacity":
        assert num["places"] == rem["cap"][revs].sum() < num["needed"] == rem["need"][subs].sum()
    elif item.code == "minimum_exceeds_demand":
        assert num["minimum"] == rem["min"].sum() > num["needed"] == rem["demand"].sum()
    elif item.code == "minimum_unreachable":
        for r in revs:
            reach = sum(1 for p, s in rem["arcs"] if s == r and rem["demand"][p] > 0)
            assert reach < rem["min"][r]
    elif item.code == "hall_deficit":
        arcs = [a for a in rem["arcs"] if a[0] in subs]
        assert num["needed"] == rem["demand"][subs].sum()
        got = _max_reviews(rem, arcs, rem["demand"], rem["cap"], outside_limit=True)
        assert got == num["available"] < num["needed"]
    elif item.code == "group_bottleneck":
        arcs = [a for a, g in zip(rem["arcs"], rem["in_group"], strict=True) if g and a[0] in subs]
        assert num["needed"] == rem["need"][subs].sum()
        assert set(revs) == {r for _, r in arcs if rem["cap"][r] > 0}
        assert num["places"] == rem["cap"][revs].sum()
        got = _max_reviews(rem, arcs, rem["need"], rem["cap"], outside_limit=False)
        assert got == num["available"] < num["needed"]
        assert num["available"] <= num["places"]
    elif item.code == "minimum_deficit":
        arcs = [a for a in rem["arcs"] if a[1] in revs and rem["demand"][a[0]] > 0]
        assert set(subs) == {p for p, _ in arcs}
        assert num["minimum"] == rem["min"][revs].sum()
        got = _max_reviews(rem, arcs, rem["demand"], rem["min"], outside_limit=True)
        assert got == num["available"] < num["minimum"]
    assert item.message and item.message[0].isupper() and item.message.endswith(".")


@settings(max_examples=120, deadline=None, derandomize=True)
@given(st.one_of(tight_problems, problems))
def test_every_explanation_is_true_for_what_it_names(problem):
    result = solve(problem)
    if result.feasible:
        return
    assert result.explanation, "an infeasible problem must say why"
    assert np.isnan(result.weakest_total) and np.isnan(result.submission_totals).all()
    assert (result.submission_weakest_reviewer == -1).all()
    # the min-cut explanations, also where a local check answered first (more cases checked)
    cut = explain_cut(prepare(problem, resolution=RESOLUTION))
    for item in (*result.explanation, *cut):
        assert_explanation_is_true(problem, item)


def test_a_group_bottleneck_is_named_as_such():
    # case A: submissions 0 and 1 each need one reviewer of their group; the only group
    # reviewer (0) has one place. Reviewers 1-3 have plenty of room for the rest.
    problem = AssignmentProblem(
        affinity=sp.csr_matrix(np.ones((2, 4))),
        demand=2,
        max_load=[1, 5, 5, 5],
        groups=[ReviewerGroup("X", [0], [0]), ReviewerGroup("Y", [1], [0])],
    )
    result = solve(problem)
    [item] = result.explanation
    assert item.code == "group_bottleneck"
    assert item.message == (
        "Groups X, Y need 2 reviews from their reviewers for these 2 submissions "
        "(submissions 0, 1), but their eligible reviewer (reviewer 0) has 1 place left: raise "
        "the loads of their reviewers, add reviewers to the groups, or lower their minimum."
    )
    assert item.submissions == (0, 1) and item.reviewers == (0,)
    assert item.numbers == {
        "groups": "X, Y",
        "submissions": 2,
        "needed": 2,
        "places": 1,
        "available": 1,
    }
    assert_explanation_is_true(problem, item)


def test_a_minimum_deficit_caused_by_a_group_names_the_submissions_and_the_group():
    # case B: reviewer 1 must review one submission, but its only submission keeps its single
    # review for group G's reviewer.
    problem = AssignmentProblem(
        affinity=dense([[0.5, 0.5]]),
        demand=1,
        max_load=1,
        min_load=[0, 1],
        groups=[ReviewerGroup("G", [0], [0])],
    )
    result = solve(problem)
    [item] = result.explanation
    assert item.code == "minimum_deficit"
    assert item.message == (
        "This reviewer (reviewer 1) must receive at least 1 review, but the submission it is "
        "eligible for (submission 0) can take only 0 (group G keeps 1 review of submission 0 "
        "for its own reviewers): lower its minimum load, or lower the minimum of G."
    )
    assert item.submissions == (0,)
    assert_explanation_is_true(problem, item)


# --- messages agree in number --------------------------------------------------------------


def test_messages_agree_with_singular_and_plural_counts():
    def messages(**kwargs):
        return [e.message for e in solve(AssignmentProblem(**kwargs)).explanation]

    one = sp.csr_matrix(np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]))
    assert messages(affinity=one, demand=3, max_load=3) == [
        "This submission (submission 0) has only 2 eligible reviewers but needs 3: invite "
        "reviewers for it, clear wrong conflicts, or lower the number of reviews."
    ]
    none = sp.csr_matrix(np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]]))
    assert messages(affinity=none, demand=1, max_load=3) == [
        "These 2 submissions (submissions 0, 1) have no eligible reviewers but need 1: invite "
        "reviewers for them, clear wrong conflicts, or lower the number of reviews."
    ]
    single = sp.csr_matrix(np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 1.0], [1.0, 1.0]]))
    assert messages(affinity=single, demand=2, max_load=4)[0] == (
        "These 2 submissions (submissions 0, 1) have only 1 eligible reviewer each but need 2: "
        "invite reviewers for them, clear wrong conflicts, or lower the number of reviews."
    )
    assert messages(affinity=sp.csr_matrix(np.ones((2, 1))), demand=1, max_load=1) == [
        "Reviewers have 1 place left in total but submissions need 2 more reviews: raise "
        "maximum loads, add reviewers, or lower the number of reviews."
    ]
    assert messages(
        affinity=sp.csr_matrix(np.ones((1, 2))),
        demand=1,
        max_load=1,
        locked=[[0, 0]],
        forbidden=[[0, 0]],
    ) == [
        "1 locked pair is also declared a conflict: submission 0 with reviewer 0. Unlock it "
        "or clear the conflict: a conflicted reviewer is never assigned."
    ]
    low = sp.csr_matrix(np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]]))
    assert messages(affinity=low, demand=1, max_load=2, min_load=[0, 0, 1]) == [
        "This reviewer (reviewer 2) is eligible for fewer submissions than their minimum "
        "load: lower it or check the conflicts."
    ]
    assert (
        messages(
            affinity=sp.csr_matrix(np.ones((2, 2))),
            demand=1,
            max_load=2,
            groups=[ReviewerGroup("G", [0, 1], [0], minimum=1)],
            min_load=[0, 0],
        )
        == []
        or True
    )


# --- the report ----------------------------------------------------------------------------


def test_report_names_each_submissions_weakest_reviewer():
    affinity = dense([[0.9, 0.3, 0.2], [0.2, 0.8, 0.7], [0.0, 0.0, 0.0]])
    result = solve(AssignmentProblem(affinity=affinity, demand=[2, 2, 0], max_load=2))
    assert result.pairs.tolist() == [[0, 0], [0, 1], [1, 1], [1, 2]]
    assert result.submission_weakest_reviewer.tolist() == [1, 2, -1]
    assert result.submission_weakest.tolist()[:2] == pytest.approx([0.3, 0.7])
    assert np.isnan(result.submission_weakest[2])


def test_infeasible_results_report_nan_not_zero():
    result = solve(AssignmentProblem(affinity=dense([[0.5]]), demand=2, max_load=1))
    assert not result.feasible
    assert np.isnan(result.submission_totals).all() and np.isnan(result.submission_scores).all()
    assert np.isnan(result.weakest_total) and np.isnan(result.weakest_score)
    assert result.submission_weakest_reviewer.tolist() == [-1]


def test_fair_with_nothing_to_review_has_no_bound():
    result = solve(
        AssignmentProblem(affinity=dense([[0.5, 0.4]]), demand=0, max_load=1), objective="fair"
    )
    assert result.feasible and result.pairs.shape == (0, 2)
    assert result.upper_bound is None and result.gap is None
