"""The ``fair`` objective: raise the weakest submission, then the total, with a certificate.

Max-min with several reviewers per submission is NP-hard, so this part is a heuristic with a
proof of quality attached:

1. Upper bound ``U`` on the best possible weakest score: the smaller of
   - the *top-d bound*: no submission can do better than its own d best candidates;
   - the *LP bound*: the linear relaxation of "maximise T subject to every submission ≥ T"
     solved with HiGHS (computed when the top-d bound is not reached and the problem has at
     most ``lp_bound_limit`` candidate pairs).
   Both are rigorous; the weakest score of any assignment is ≤ U.
2. Threshold search. For a target ``T``, submissions below T in the current solution are
   *restricted* to their best k candidates, with k the largest number such that *any* d of
   them sum to ≥ T; the max-total flow is solved again with those arcs only. That can push
   other submissions below T, which are restricted in turn, until none is below T (success)
   or the flow becomes infeasible (failure). Each flow is exact, so the total is the best
   possible among assignments that respect the restrictions. ``T = U`` is tried first; on
   failure, a bisection between the ``max_total`` solution's weakest score and U, to a
   relative precision of ``tolerance``.
3. The result reports ``upper_bound`` and ``gap = (U − weakest) / |U|``. A gap of 0 proves
   the weakest submission optimal; the total is then optimal among the assignments that
   satisfy the restrictions, which is a subset of those that reach the weakest value (so
   the total may be below the true lexicographic optimum, never above ``max_total``'s).

The search starts from the ``max_total`` solution and only accepts improvements, so the
weakest submission is never below ``max_total``'s. Everything is deterministic: integer
scores, fixed tie-breaking (higher score, then lower reviewer index), no randomness.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from .network import Network
from .prepare import Prepared


@dataclass
class FairOutcome:
    chosen: np.ndarray
    bound: int  # units
    bound_source: str
    steps: int


def submission_units(prep: Prepared, chosen: np.ndarray) -> np.ndarray:
    """Each submission's score total, in integer units, for a chosen-arc mask."""
    extra = np.bincount(prep.arc_sub[chosen], weights=prep.arc_w[chosen], minlength=prep.n_sub)
    return prep.locked_w_per_sub + np.rint(extra).astype(np.int64)


class _Ranking:
    """Each submission's candidates, best first, and running sums for the restrictions."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        self.order = np.lexsort((prep.arc_rev, -prep.arc_w, prep.arc_sub))
        sub = prep.arc_sub[self.order]
        w = prep.arc_w[self.order]
        starts = np.searchsorted(sub, np.arange(prep.n_sub))
        self.rank = np.arange(sub.size) - starts[sub]
        self.d = np.maximum(prep.demand_rem, 0)[sub]
        self.sub = sub
        self.csum = np.concatenate([[0], np.cumsum(w)])
        top = self.rank < self.d
        self.top_d = prep.locked_w_per_sub + np.bincount(
            sub[top], weights=w[top], minlength=prep.n_sub
        ).astype(np.int64)

    def allowed(self, target: int, restricted: np.ndarray) -> np.ndarray:
        """Free arcs kept when ``restricted`` submissions must reach ``target`` units."""
        i = np.arange(self.sub.size)
        start = np.maximum(i + 1 - self.d, 0)
        window = self.csum[i + 1] - self.csum[start]  # the d candidates ending at this one
        need = target - self.prep.locked_w_per_sub[self.sub]
        # Windows shrink as the rank grows (candidates are sorted), so the kept arcs are a
        # prefix: the best k such that any d of them still reach the target.
        keep_sorted = (self.rank < self.d) | ((self.rank >= self.d - 1) & (window >= need))
        keep = np.empty_like(keep_sorted)
        keep[self.order] = keep_sorted
        return keep | ~restricted[self.prep.arc_sub]


def lp_relaxation(prep: Prepared, *, kind: str, time_limit: float | None = None) -> float | None:
    """Optimum of the linear relaxation with HiGHS, in affinity units (None if not solved).

    ``kind="total"``: maximise the total score. ``kind="weakest"``: maximise the lowest
    submission score. Loads, minimum loads, groups and locked pairs are all included.
    """
    n = prep.n_arcs
    P, R = prep.n_sub, prep.n_rev
    res = prep.resolution
    cols = np.arange(n)
    demand = np.maximum(prep.demand_rem, 0)
    w = prep.arc_w * res
    ub_rows, ub_rhs, eq_rows = [], [], []
    eq_rows.append(sp.csr_array((np.ones(n), (prep.arc_sub, cols)), shape=(P, n)))
    eq_rhs = demand.astype(float)
    ub_rows.append(sp.csr_array((np.ones(n), (prep.arc_rev, cols)), shape=(R, n)))
    ub_rhs.append(np.maximum(prep.cap_rem, 0).astype(float))
    has_min = np.flatnonzero(prep.min_rem > 0)
    if has_min.size:
        row_of = np.full(R, -1)
        row_of[has_min] = np.arange(has_min.size)
        m = row_of[prep.arc_rev] >= 0
        ub_rows.append(
            sp.csr_array(
                (-np.ones(m.sum()), (row_of[prep.arc_rev][m], cols[m])), shape=(has_min.size, n)
            )
        )
        ub_rhs.append(-prep.min_rem[has_min].astype(float))
    grouped = np.flatnonzero((prep.sub_group >= 0) & (prep.need_rem > 0))
    if grouped.size:
        row_of = np.full(P, -1)
        row_of[grouped] = np.arange(grouped.size)
        m = prep.arc_in_group & (row_of[prep.arc_sub] >= 0)
        ub_rows.append(
            sp.csr_array(
                (-np.ones(m.sum()), (row_of[prep.arc_sub][m], cols[m])), shape=(grouped.size, n)
            )
        )
        ub_rhs.append(-prep.need_rem[grouped].astype(float))
    bounds = np.column_stack([np.zeros(n), np.ones(n)])
    if kind == "total":
        c = -w
        a_ub = sp.vstack(ub_rows, format="csr")
        a_eq = eq_rows[0]
    else:
        # one more column, T; rows T − Σ w x ≤ locked score, for each submission with demand
        subs = np.flatnonzero(prep.demand > 0)
        if not subs.size:
            return None  # no submission to raise: T is unbounded
        row_of = np.full(P, -1)
        row_of[subs] = np.arange(subs.size)
        m = row_of[prep.arc_sub] >= 0
        fair_rows = sp.csr_array((-w[m], (row_of[prep.arc_sub][m], cols[m])), shape=(subs.size, n))
        ub_rows.append(fair_rows)
        ub_rhs.append(prep.locked_w_per_sub[subs] * res)
        t_col = np.zeros((sum(r.shape[0] for r in ub_rows), 1))
        t_col[-subs.size :] = 1.0
        a_ub = sp.hstack([sp.vstack(ub_rows), sp.csr_array(t_col)], format="csr")
        a_eq = sp.hstack([eq_rows[0], sp.csr_array((P, 1))], format="csr")
        c = np.zeros(n + 1)
        c[-1] = -1.0
        bounds = np.vstack([bounds, [-np.inf, np.inf]])
    options = {"presolve": True}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    out = linprog(
        c,
        A_ub=a_ub,
        b_ub=np.concatenate(ub_rhs),
        A_eq=a_eq,
        b_eq=eq_rhs,
        bounds=bounds,
        method="highs",
        options=options,
    )
    if out.status != 0:
        return None
    value = -float(out.fun)
    if kind == "total":
        value += float(prep.locked_w.sum()) * res
    return value


def fair_assign(
    prep: Prepared,
    net: Network,
    base: np.ndarray,
    *,
    tolerance: float,
    lp_bound_limit: int,
    max_steps: int,
    max_rounds: int = 30,
) -> FairOutcome:
    """Run the threshold search from the ``max_total`` solution ``base`` (see module doc)."""
    considered = prep.demand > 0
    if not considered.any():
        return FairOutcome(base, 0, "trivial", 0)
    ranking = _Ranking(prep)
    bound = int(ranking.top_d[considered].min())
    source = "top-d"
    base_units = submission_units(prep, base)
    best, best_weakest = base, int(base_units[considered].min())
    steps = 0

    def attempt(target: int) -> tuple[np.ndarray, int] | None:
        nonlocal steps
        chosen, units = base, base_units
        restricted = np.zeros(prep.n_sub, dtype=bool)
        for _ in range(max_rounds):
            below = considered & (units < target)
            if not below.any():
                return chosen, int(units[considered].min())
            if (below & restricted).any():  # cannot happen: restricted arcs guarantee T
                return None
            restricted |= below
            steps += 1
            chosen = net.solve(allowed=ranking.allowed(target, restricted))
            if chosen is None:
                return None
            units = submission_units(prep, chosen)
        return None

    def improve(target: int) -> bool:
        nonlocal best, best_weakest
        found = attempt(target)
        if found is None:
            return False
        if found[1] > best_weakest:
            best, best_weakest = found
        return True

    if best_weakest >= bound or improve(bound):
        return FairOutcome(best, bound, source, steps)

    if prep.n_arcs <= lp_bound_limit:
        value = lp_relaxation(prep, kind="weakest")
        if value is not None:
            # HiGHS meets its tolerances only approximately: round the bound *up* a little
            # so that it stays a bound.
            units = value / prep.resolution
            lp_bound = math.floor(units + 1e-7 * max(1.0, abs(units)) + 1e-6)
            if lp_bound < bound:
                bound, source = lp_bound, "LP relaxation"
                if best_weakest >= bound or improve(bound):
                    return FairOutcome(best, bound, source, steps)

    lo, hi = best_weakest, bound  # lo is reached, hi failed
    slack = max(1, math.floor(tolerance * abs(bound)))
    for _ in range(max_steps):
        if hi - lo <= slack:
            break
        mid = (lo + hi + 1) // 2
        if improve(mid):
            lo = max(mid, best_weakest)
        else:
            hi = mid
    return FairOutcome(best, bound, source, steps)
