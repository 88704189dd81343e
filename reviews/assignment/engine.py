"""Entry points: ``solve``, ``greedy_baseline``, ``check_assignment``, ``linear_relaxation``."""

from __future__ import annotations

import math
import time

import numpy as np

from .diagnose import explain_cut, precheck
from .fair import fair_assign, lp_relaxation
from .model import AssignmentProblem, AssignmentResult, Explanation, Objective
from .network import Network
from .prepare import Prepared, _pairs, prepare

DEFAULT_RESOLUTION = 1e-6
DEFAULT_TIME_LIMIT = 60.0  # seconds: a chair is waiting on a page


def solve(
    problem: AssignmentProblem,
    *,
    objective: Objective = "max_total",
    balance: float = 0.0,
    resolution: float = DEFAULT_RESOLUTION,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    fair_tolerance: float = 1e-4,
    lp_bound_limit: int = 20_000,
    fair_max_steps: int = 16,
    leximin_share: float = 0.05,
) -> AssignmentResult:
    """Assign reviewers to submissions.

    ``objective="max_total"`` maximises the total score (affinity minus last-resort
    penalties) exactly, by min-cost flow (OR-tools), with every constraint of the problem:
    demands, maximum and minimum loads, conflicts, locked pairs, required groups. Its bound
    is its own score (gap 0): the flow is exact.

    ``objective="fair"`` first raises the weakest submission's score, then the next weakest
    (leximin), then the total; it is a heuristic with a certificate (``upper_bound``,
    ``gap``): see :mod:`.fair` for what is exact and what is not. Its weakest submission is
    never below ``max_total``'s. Leximin levels are raised until ``leximin_share`` of the
    submissions (the weakest 5% by default) are settled, or the time limit is reached.

    ``time_limit`` (seconds, None for none) bounds the whole call: when it is reached, the
    best complete assignment found so far is returned with its bound and gap, and
    ``stopped_early`` is true. The one min-cost flow that ``max_total`` needs (and that
    ``fair`` starts from) is not interruptible: a problem too large for it overruns the limit.

    ``fair_tolerance`` is the relative precision at which the search and the bound stop;
    ``fair_max_steps`` bounds the work when there is no time limit (``4 × fair_max_steps``
    flows per level, at most ``fair_max_steps`` leximin levels); problems with at most
    ``lp_bound_limit`` free pairs also get HiGHS's LP bound (a quarter of the time left).

    ``balance`` ≥ 0 adds a convex penalty ``balance·Σ load²`` (in affinity units) so that
    loads spread out instead of piling on the most willing reviewers; 0 disables it.

    Scores are rounded to multiples of ``resolution`` (1e-6 by default) so that the flow
    works on integers; "exact" means exact for the rounded scores. Each pair's score moves by
    at most ``resolution/2`` when rounded, and the optimum for the rounded scores and the
    real optimum are two different assignments, each off by that much: the real total of the
    result is within ``resolution`` per assigned pair (``resolution × Σ demand``) of the
    real optimum — one resolution per pair, not half.

    The result is deterministic (with no time limit reached). When no assignment exists,
    ``feasible`` is false, ``pairs`` is empty and ``explanation`` says why.
    """
    if objective not in ("max_total", "fair"):
        raise ValueError(f"unknown objective {objective!r}")
    if balance < 0:
        raise ValueError("balance must not be negative")
    if time_limit is not None and not time_limit > 0:
        raise ValueError("time_limit must be positive (or None)")
    timings: dict[str, float] = {}
    started = time.perf_counter()
    deadline = math.inf if time_limit is None else started + time_limit
    prep = prepare(problem, resolution=resolution)
    issues = precheck(prep)
    timings["prepare"] = time.perf_counter() - started
    if issues:
        return _infeasible(prep, objective, issues, timings)
    t = time.perf_counter()
    net = Network(prep, balance=balance)
    timings["network"] = time.perf_counter() - t
    chosen = net.solve()
    timings["build"] = timings["prepare"] + timings["network"] + net.last_load_time
    timings["flow"] = net.last_solve_time
    if chosen is None:
        t = time.perf_counter()
        explanation = explain_cut(prep)
        timings["diagnose"] = time.perf_counter() - t
        return _infeasible(prep, objective, explanation, timings)
    if objective == "max_total":
        timings["total"] = time.perf_counter() - started
        timings["solve"] = timings["total"] - timings["build"]
        result = _report(prep, chosen, objective, "min-cost flow (OR-tools)", timings)
        # exact: the flow's optimum is the bound (the LP relaxation is integral)
        return _replace(
            result,
            upper_bound=result.score,
            gap=0.0,
            bound_source="exact (min-cost flow)",
            stopped_early=time.perf_counter() > deadline,
        )

    t = time.perf_counter()
    outcome = fair_assign(
        prep,
        net,
        chosen,
        tolerance=fair_tolerance,
        lp_bound_limit=lp_bound_limit,
        deadline=deadline,
        max_steps=fair_max_steps,
        leximin_share=leximin_share,
    )
    timings["fair"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - started
    timings["solve"] = timings["total"] - timings["build"]
    result = _report(
        prep,
        outcome.chosen,
        objective,
        f"tiered threshold search over min-cost flows ({outcome.steps} extra flows)",
        timings,
    )
    baseline = _report(prep, chosen, "max_total", "", {})
    result = _replace(
        result,
        stopped_early=outcome.stopped_early,
        baseline_score=baseline.score,
        baseline_profile=baseline.weakest_profile(),
        levels=tuple(level * resolution for level in outcome.levels),
    )
    if outcome.bound_source == "trivial":  # nothing to review: no weakest submission to bound
        return result
    bound = outcome.bound * resolution
    weakest = result.weakest_score
    gap = (bound - weakest) / abs(bound) if bound else max(bound - weakest, 0.0)
    return _replace(result, upper_bound=bound, gap=max(gap, 0.0), bound_source=outcome.bound_source)


def greedy_baseline(problem: AssignmentProblem, *, resolution: float = DEFAULT_RESOLUTION):
    """Highest score first, within the loads: the EasyChair/ConfTool way. For comparison only.

    Three greedy passes over the candidate pairs, best first: the required groups' reviewers
    for submissions that still need one, then reviewers below their minimum load, then
    everyone. A heuristic, not an optimiser: it can leave submissions short (or minimum loads
    unmet) although an assignment exists. Then ``feasible`` is false, ``pairs`` holds the
    partial assignment, and ``explanation`` says what is missing. Maximum loads, conflicts
    and locked pairs are always respected.
    """
    started = time.perf_counter()
    prep = prepare(problem, resolution=resolution)
    build = time.perf_counter() - started
    order = np.lexsort((prep.arc_rev, prep.arc_sub, -prep.arc_w))
    need = np.maximum(prep.demand_rem, 0).tolist()
    cap = np.maximum(prep.cap_rem, 0).tolist()
    group_need = prep.need_rem.tolist()
    below_min = prep.min_rem.tolist()
    in_group = prep.arc_in_group.tolist()
    chosen = np.zeros(prep.n_arcs, dtype=bool)
    passes = [
        order[prep.arc_in_group[order]],  # group requirements first
        order[prep.min_rem[prep.arc_rev[order]] > 0],  # then minimum loads
        order,
    ]
    for n, arcs in enumerate(passes):
        taken = []
        subs, revs = prep.arc_sub[arcs].tolist(), prep.arc_rev[arcs].tolist()
        for i, (p, r) in enumerate(zip(subs, revs, strict=True)):
            if not (need[p] and cap[r]) or (n == 0 and not group_need[p]):
                continue
            if (n == 1 and not below_min[r]) or (n > 0 and chosen[arcs[i]]):
                continue
            need[p] -= 1
            cap[r] -= 1
            below_min[r] = max(below_min[r] - 1, 0)
            if in_group[arcs[i]]:
                group_need[p] = max(group_need[p] - 1, 0)
            taken.append(i)
            if n < 2:
                chosen[arcs[i]] = True
        chosen[arcs[np.asarray(taken, dtype=np.int64)]] = True
    timings = {"build": build, "solve": time.perf_counter() - started - build}
    timings["total"] = time.perf_counter() - started
    result = _report(prep, chosen, "greedy", "greedy heuristic", timings)
    shortfalls = {k: v for k, v in check_assignment(problem, result.pairs).items() if v}
    if not shortfalls and not precheck(prep):
        return result
    missing = int(sum(shortfalls.values()))
    explanation = Explanation(
        code="greedy_incomplete",
        message=(
            f"The greedy heuristic broke {missing} requirement(s) "
            f"({', '.join(sorted(shortfalls))}): use solve() for a complete assignment."
        ),
        numbers={k: int(v) for k, v in shortfalls.items()},
    )
    return _replace(result, feasible=False, explanation=(explanation,))


def check_assignment(problem: AssignmentProblem, pairs: np.ndarray) -> dict[str, int]:
    """Count the violations of each constraint by ``pairs`` (all zero for a valid assignment).

    Keys: ``coverage`` (reviews missing or in excess), ``max_load`` and ``min_load`` (load
    units over / under), ``forbidden``, ``locked_missing``, ``duplicate``, ``not_candidate``
    (a pair neither listed in the affinity nor locked), ``group`` (reviewers missing from a
    required group).
    """
    prep = prepare(problem, resolution=DEFAULT_RESOLUTION)
    P, R = prep.n_sub, prep.n_rev
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    keys = pairs[:, 0] * R + pairs[:, 1]
    unique = np.unique(keys)
    count = np.bincount(pairs[:, 0], minlength=P)
    load = np.bincount(pairs[:, 1], minlength=R)
    # explicit zeros are candidates too: test membership on the sparsity structure
    coo = problem.affinity.tocoo()
    cand_keys = np.unique(coo.row.astype(np.int64) * R + coo.col)
    candidate = np.isin(keys, cand_keys)
    locked_keys = np.unique(prep.locked_sub * R + prep.locked_rev)
    forbidden = _pairs(problem.forbidden, P, R, "forbidden")
    forbidden_keys = np.unique(forbidden[:, 0] * R + forbidden[:, 1])
    group_short = 0
    for g in range(len(prep.group_names)):
        members = np.zeros(R, dtype=bool)
        members[prep.group_reviewers[g]] = True
        subs = prep.group_subs[g]
        in_group = np.isin(pairs[:, 0], subs) & members[pairs[:, 1]]
        have = np.bincount(pairs[in_group, 0], minlength=P)[subs]
        # the requirement is min(minimum, demand): waived for a submission needing no review
        minimum = np.minimum(int(problem.groups[g].minimum), prep.demand[subs])
        group_short += int(np.maximum(minimum - have, 0).sum())
    return {
        "coverage": int(np.abs(count - prep.demand).sum()),
        "max_load": int(np.maximum(load - prep.max_load, 0).sum()),
        "min_load": int(np.maximum(prep.min_load - load, 0).sum()),
        "forbidden": int(np.isin(unique, forbidden_keys).sum()),
        "locked_missing": int((~np.isin(locked_keys, unique)).sum()),
        "duplicate": int(keys.size - unique.size),
        "not_candidate": int((~candidate & ~np.isin(keys, locked_keys)).sum()),
        "group": group_short,
    }


def linear_relaxation(
    problem: AssignmentProblem,
    *,
    objective: Objective = "max_total",
    resolution: float = DEFAULT_RESOLUTION,
    time_limit: float | None = None,
) -> float | None:
    """The LP relaxation's optimum with HiGHS: the best total score (``max_total``) or the
    best weakest-submission score (``fair``), as an independent check and bound. None when
    HiGHS stops early (``time_limit``) or the relaxation is infeasible."""
    prep = prepare(problem, resolution=resolution)
    return lp_relaxation(
        prep, kind="total" if objective == "max_total" else "weakest", time_limit=time_limit
    )


def _replace(result: AssignmentResult, **changes) -> AssignmentResult:
    from dataclasses import replace

    return replace(result, **changes)


def _report(
    prep: Prepared, chosen: np.ndarray, objective: str, method: str, timings: dict[str, float]
) -> AssignmentResult:
    P, R = prep.n_sub, prep.n_rev
    sub = np.concatenate([prep.locked_sub, prep.arc_sub[chosen]])
    rev = np.concatenate([prep.locked_rev, prep.arc_rev[chosen]])
    aff = np.concatenate([prep.locked_aff, prep.arc_aff[chosen]])
    w = np.concatenate([prep.locked_w, prep.arc_w[chosen]]) * prep.resolution
    lr = np.concatenate([prep.locked_last_resort, prep.arc_last_resort[chosen]])
    order = np.lexsort((rev, sub))
    sub, rev, aff, w, lr = sub[order], rev[order], aff[order], w[order], lr[order]
    # each submission's weakest reviewer: lowest affinity, ties to the lower reviewer index
    by_aff = np.lexsort((rev, aff, sub))
    first = by_aff[np.r_[True, sub[by_aff][1:] != sub[by_aff][:-1]]] if sub.size else by_aff
    weakest = np.full(P, np.nan)
    weakest_reviewer = np.full(P, -1, dtype=np.int64)
    weakest[sub[first]] = aff[first]
    weakest_reviewer[sub[first]] = rev[first]
    pairs = np.column_stack([sub, rev]).astype(np.int64)
    return AssignmentResult(
        feasible=True,
        objective=objective,
        method=method,
        pairs=pairs,
        total_affinity=float(aff.sum()),
        score=float(w.sum()),
        submission_totals=np.bincount(sub, weights=aff, minlength=P),
        submission_scores=np.bincount(sub, weights=w, minlength=P),
        submission_weakest=weakest,
        submission_weakest_reviewer=weakest_reviewer,
        loads=np.bincount(rev, minlength=R),
        last_resort_used=pairs[lr],
        timings=timings,
        _needs_review=prep.demand > 0,
    )


def _infeasible(
    prep: Prepared, objective: str, explanation: list[Explanation], timings: dict[str, float]
) -> AssignmentResult:
    P, R = prep.n_sub, prep.n_rev
    return AssignmentResult(
        feasible=False,
        objective=objective,
        method="none: infeasible",
        pairs=np.empty((0, 2), dtype=np.int64),
        total_affinity=float("nan"),
        score=float("nan"),
        submission_totals=np.full(P, np.nan),
        submission_scores=np.full(P, np.nan),
        submission_weakest=np.full(P, np.nan),
        submission_weakest_reviewer=np.full(P, -1, dtype=np.int64),
        loads=np.zeros(R, dtype=np.int64),
        last_resort_used=np.empty((0, 2), dtype=np.int64),
        explanation=tuple(explanation),
        timings=timings,
        _needs_review=prep.demand > 0,
    )
