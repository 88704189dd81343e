"""The ``fair`` objective: raise the weakest submission, then the next, with a certificate.

Max-min with several reviewers per submission is NP-hard, so this part is a heuristic with a
proof of quality attached. Scores are the integer units of :mod:`.prepare` (affinity minus
last-resort penalties, rounded to ``resolution``); every bound below is a bound on the best
weakest score *in those units*, over all assignments that respect every constraint.

**Tiers.** Sort a submission's free candidates by score, ``w_1 ≥ w_2 ≥ …``; it needs ``d``
more reviews and must gain ``need = T − locked`` to reach a target ``T``. If it got at most
``j − 1`` reviewers among those scoring more than ``w_k``, its score would be at most
``(w_1 + … + w_{j−1}) + (d − j + 1)·w_k``. So wherever that is below ``need``, reaching
``T`` *requires* at least ``j`` reviewers among its top ``k − 1``. For ``j = 1 … d`` these
sets are nested; "at least ``j`` among the top ``a_j``" for nested sets is a pure flow
(:class:`.network.Chain`: arcs of tier ℓ leave from a chain node that admits at most
``d − ℓ`` reviews — the same trick as required groups).

**Upper bound** ``U`` — the smallest of three, each rigorous:

1. *top-d*: no submission can do better than its own ``d`` best candidates.
2. *tier max-flow* (every size): for a target ``T``, build the flow network in which every
   submission must meet its tiers for ``T`` and every reviewer keeps its maximum load
   (minimum loads and required groups are dropped: fewer constraints, still a relaxation).
   Any assignment whose weakest score is ≥ ``T`` satisfies every tier, so if the maximum
   flow cannot deliver every review, no assignment reaches ``T``. Feasibility only gets
   harder as ``T`` grows (every tier set shrinks), so a bisection on ``T`` with one max flow
   (OR-tools, push–relabel) per step gives ``U = (smallest refuted T) − 1`` unit. Each step
   costs less than the ``max_total`` flow, so the bound is computed at any size
   ``max_total`` handles, within the same order of time.
3. *LP relaxation* (HiGHS), for problems of at most ``lp_bound_limit`` free arcs when time
   allows: "maximise T subject to every submission ≥ T" over fractional assignments. It is
   often tighter on small, loosely coupled problems; the tier bound is tighter where
   integrality matters (a submission cannot take half of a strong reviewer).

**Order.** (1) Ejection-chain repair (:mod:`.repair`) of the ``max_total`` solution, for up
to ``REPAIR_FIRST`` of the time: exchange moves that lift the weakest submissions first, each
a leximin improvement, so the weakest is above ``max_total``'s after the first move (a
search takes milliseconds) even when the flows below are slow. (2) A few rounds of the
search aimed at the top-d bound (it is often reached on loosely coupled committees, and
then proves the optimum at once). (3) The tier bound (at most ``BOUND_SHARE`` of the time
left), then the LP bound on small problems.
(4) The flow search under the tightest bound (``CLIMB_SHARE``), (5) repair of one of the
search's own flows (``OWN_SHARE``: it can end higher than the first repair's local optimum
even when it starts lower), kept if it beats the incumbent — the flow with the least total
shortfall below the bound, not the one with the highest weakest: on clustered-medium the
repair ended at 1.946 from the flow with the fewest short submissions and at 1.934–1.936
from flows with higher weakest scores but twice as many short, (6) repair of the incumbent
(``REPAIR_SHARE``), (7) the leximin levels, (8) repair with what is left.

*Why repair, and not an LP rounding.* Measured on the clustered bench instances: HiGHS
(simplex, through scipy) took 46 s on the max-min LP of 2,000 × 700 restricted to 41,000
columns and 90 s after one round of column generation, so the LP cannot even be solved in a
minute at 8,000 × 6,000; and its value (1.910 on clustered-small) is *weaker* than the tier
bound (1.751): integrality is what binds on clustered committees (a submission cannot take
a fraction of an expert), so an LP rounding would start from a point far above anything
reachable and its bound would not certify much. The repair alone, from ``max_total``'s
assignment, reached 1.692 on clustered-small in 15 s (the flow search: 1.681 in 60 s) and
1.927 on clustered-medium in 50 s (the flow search: 1.740 in 63 s), against tier bounds of
1.751 and 1.956. Neither is enough alone: on clustered-medium the repair of ``max_total``
stops at 1.933 (a local optimum, reached in 30 s), the climb's flows reach 1.919, and the
repair of the climb's least short flow reaches 1.9536 (gap 0.11%).

*Tried and dropped* (so that nobody tries them again blindly): a large-neighbourhood flow
that keeps every submission above ``min(T, own score)`` by *sufficient* tiers and lifts as
many as it can to ``T`` — exact over every reassignment that keeps those tiers, yet it
could not lift the repair's weakest by a single unit at its local optimum; and a Lagrangian
bound (the tier
flow with the score constraints priced in, equal to the LP with tiers added), which after
12 subgradient rounds still could not refute a target 0.02% below the tier bound on
clustered-medium.

**Search** (:meth:`_Search.climb`). Each round solves the ``max_total`` min-cost flow with
every submission (without a required group) held to its tiers for the current target ``T``:
necessary, so nothing that reaches ``T`` is excluded, and the flow still maximises the total
among what is left. Tiers are not sufficient (a submission can meet them and stay below
``T``): a submission still below gets its shortfall added to its own target (stricter tiers
next round) and its arcs weighted up in the flow's objective; one with a required group is
*restricted* instead to its best ``k`` candidates, ``k`` the largest such that *any* ``d``
of them reach ``T`` (sufficient). A round that this makes infeasible is undone. When every
submission reaches ``T``, the target moves up half-way to the ceiling (first ``U``); when
the weakest stops improving, the ceiling comes down. Every flow is exact and returns a
complete assignment; the best weakest score seen is kept.

**Leximin.** With the weakest level ``t₁`` reached, the submissions at that level are frozen
(their reviewers kept) and the same search raises the weakest of the others, every one of
which must stay ≥ ``t₁``; then the next level is frozen, and so on until the weakest 5% are
settled, the time limit is reached, or (with no time limit) ``max_steps`` levels are done.
No earlier level is ever lowered by the flows: frozen submissions keep their reviewers and
every other one is held above the last level. The repair that uses the time left after them
only makes leximin improvements (the sorted scores grow lexicographically, the weakest never
falls), which can trade a later level for an earlier one; ``levels`` then reports the levels
of the final assignment. (Freezing a level's submissions with the reviewers they
had is itself a heuristic choice.)

**Time.** The search stops at its deadline and returns the best assignment seen (never
below ``max_total``'s weakest), its bound and gap, and ``stopped_early``. A single flow is
not interrupted, so the deadline can be overrun by about one flow; the repair checks the
clock inside each chain search.

Everything starts from the ``max_total`` solution as the incumbent and only accepts
improvements (the repair's moves never lower the weakest; a flow's assignment replaces the
incumbent only if its weakest is higher), so the weakest submission is never below
``max_total``'s, however early the time limit stops it. Everything is deterministic: integer
scores, fixed tie-breaking (higher score, then lower reviewer index), no randomness.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import max_flow
from scipy.optimize import linprog

from .network import Chain, Network
from .prepare import Prepared
from .repair import improve

BOUND_SHARE = 0.3  # of the time left, at most, for the first bound's bisection
QUICK_ROUNDS = 3  # flows aimed at the top-d bound before any other bound is computed
QUICK_SHARE = 0.15  # of the time left, at most, for them
REPAIR_FIRST = 0.3  # of the time left, at most, to repair max_total's weakest first
CLIMB_SHARE = 0.3  # of the time left after the bounds, at most, for the main climb
OWN_SHARE = 0.5  # of the time left after the climb, at most, to repair its own best flow
REPAIR_SHARE = 0.85  # of the time left then, at most, to repair the better of the two


@dataclass
class FairOutcome:
    chosen: np.ndarray
    bound: int  # units
    bound_source: str
    steps: int
    stopped_early: bool = False
    levels: list[int] = field(default_factory=list)  # leximin levels reached, units


def submission_units(prep: Prepared, chosen: np.ndarray) -> np.ndarray:
    """Each submission's score total, in integer units, for a chosen-arc mask."""
    extra = np.bincount(prep.arc_sub[chosen], weights=prep.arc_w[chosen], minlength=prep.n_sub)
    return prep.locked_w_per_sub + np.rint(extra).astype(np.int64)


class _Ranking:
    """Each submission's candidates, best first, and running sums for tiers and restrictions."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        self.order = np.lexsort((prep.arc_rev, -prep.arc_w, prep.arc_sub))
        sub = prep.arc_sub[self.order]
        w = prep.arc_w[self.order]
        self.starts = np.searchsorted(sub, np.arange(prep.n_sub))
        self.rank = np.arange(sub.size) - self.starts[sub]
        self.dsub = np.maximum(prep.demand_rem, 0)
        self.d = self.dsub[sub]
        self.sub = sub
        self.w = w
        self.csum = np.concatenate([[0], np.cumsum(w)])
        top = self.rank < self.d
        self.top_d = prep.locked_w_per_sub + np.bincount(
            sub[top], weights=w[top], minlength=prep.n_sub
        ).astype(np.int64)
        # submissions that can carry tiers: some review to give, no required group
        self.chainable = (self.dsub >= 1) & ~((prep.sub_group >= 0) & (prep.need_rem > 0))

    def allowed(self, target: np.ndarray | int, restricted: np.ndarray) -> np.ndarray:
        """Free arcs kept when ``restricted`` submissions must reach ``target`` units."""
        i = np.arange(self.sub.size)
        start = np.maximum(i + 1 - self.d, 0)
        window = self.csum[i + 1] - self.csum[start]  # the d candidates ending at this one
        target = np.broadcast_to(np.asarray(target, dtype=np.int64), (self.prep.n_sub,))
        need = target[self.sub] - self.prep.locked_w_per_sub[self.sub]
        # Windows shrink as the rank grows (candidates are sorted), so the kept arcs are a
        # prefix: the best k such that any d of them still reach the target.
        keep_sorted = (self.rank < self.d) | ((self.rank >= self.d - 1) & (window >= need))
        keep = np.empty_like(keep_sorted)
        keep[self.order] = keep_sorted
        return keep | ~restricted[self.prep.arc_sub]

    def levels(self, target: np.ndarray, chained: np.ndarray) -> np.ndarray:
        """Tier of each free arc (arc order) for per-submission ``target`` units; 0 for arcs
        of submissions not ``chained``. Tier ``d`` means the arc can never help reach it."""
        prep = self.prep
        need = (target - prep.locked_w_per_sub)[self.sub]
        on = chained[self.sub]
        level = np.zeros(self.sub.size, dtype=np.int64)
        first = self.starts[self.sub]
        for j in range(1, int(self.d.max(initial=0)) + 1):
            valid = on & (self.d >= j)
            # sum of the submission's j − 1 best candidates
            top = self.csum[np.minimum(first + j - 1, self.csum.size - 1)] - self.csum[first]
            level += valid & (top + (self.d - j + 1) * self.w < need)
        out = np.empty_like(level)
        out[self.order] = level
        return out

    def chain(self, level: np.ndarray, chained: np.ndarray) -> Chain:
        subs = np.flatnonzero(chained)
        return Chain(
            subs,
            self.dsub[subs] - 1,
            np.where(chained[self.prep.arc_sub], level, 0),
            self.prep.arc_sub,
        )


def tier_feasible(
    prep: Prepared,
    ranking: _Ranking,
    target: int,
    considered: np.ndarray,
    frozen_subs: np.ndarray | None = None,
    frozen: np.ndarray | None = None,
) -> bool:
    """Can every considered submission meet its tiers for ``target``, within maximum loads?

    A relaxation (minimum loads and groups dropped): False proves that no assignment has
    every considered submission at ``target`` or above. ``frozen_subs`` keep the ``frozen``
    arcs (a mask): their reviewers' places are used and they are not tested.
    """
    P, R = prep.n_sub, prep.n_rev
    cap = np.maximum(prep.cap_rem, 0).astype(np.int64)
    dsub = ranking.dsub.copy()
    arc_ok = np.ones(prep.n_arcs, dtype=bool)
    test = considered.copy()
    if frozen_subs is not None and frozen is not None:
        cap = np.maximum(cap - np.bincount(prep.arc_rev[frozen], minlength=R), 0)
        test &= ~frozen_subs
        dsub[frozen_subs] = 0
        arc_ok &= ~frozen_subs[prep.arc_sub]
    if (ranking.top_d[test] < target).any():
        return False
    chained = test & (dsub >= 1)
    tgt = np.where(test, target, 0)
    level = ranking.levels(tgt, chained)
    arc_ok &= level < np.maximum(dsub[prep.arc_sub], 1)
    idx = np.flatnonzero(arc_ok)
    chain = ranking.chain(level, chained)
    source, sink = P + R, P + R + 1
    base = P + R + 2
    tails = chain.tail(prep.arc_sub, base)
    has = dsub > 0
    smf = max_flow.SimpleMaxFlow()
    smf.add_arcs_with_capacity(
        np.concatenate(
            [
                np.full(int(has.sum()), source),
                tails[idx],
                P + np.arange(R),
                base + chain.link_tail_offset(base),
            ]
        ).astype(np.int32),
        np.concatenate(
            [
                np.flatnonzero(has),
                P + prep.arc_rev[idx],
                np.full(R, sink),
                base + chain.link_head,
            ]
        ).astype(np.int32),
        np.concatenate([dsub[has], np.ones(idx.size, np.int64), cap, chain.link_cap]),
    )
    if smf.solve(int(source), int(sink)) != smf.OPTIMAL:
        raise RuntimeError("max flow failed")
    return int(smf.optimal_flow()) == int(dsub.sum())


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


class _Search:
    """The threshold search and its bookkeeping (see the module docstring)."""

    def __init__(self, prep: Prepared, net: Network, base: np.ndarray, deadline: float) -> None:
        self.prep, self.net, self.deadline = prep, net, deadline
        self.considered = prep.demand > 0
        self.ranking = _Ranking(prep)
        self.steps = 0
        self.stopped = False
        self.max_rounds = 64
        self.own: tuple[np.ndarray, int] | None = None  # (flow, shortfall)

    def late(self) -> bool:
        if time.perf_counter() >= self.deadline:
            self.stopped = True
        return self.stopped

    def climb(self, start, lo: int, hi: int, tolerance: float, frozen_subs, frozen, until=math.inf):
        """Raise the weakest non-frozen submission from ``lo`` (reached by ``start``) towards
        ``hi`` (a bound), one exact flow per round. Returns ``(chosen, weakest)``.

        Each round solves the ``max_total`` flow with every active submission held to its
        tiers for the current target (plus its own extra, below), arcs weighted up for the
        submissions that fell short before. A submission below the target gets its shortfall
        added to its extra (stricter tiers next round); one with a required group (no tiers)
        is restricted instead (:meth:`_Ranking.allowed`). If that makes the flow infeasible,
        the round is undone and those submissions keep only the extra weight. When every
        submission reaches the target, the target moves up half-way to the ceiling; when the
        weakest stops improving for ``patience`` rounds, the ceiling comes down to the target
        and the target half-way down to the best reached. Every flow is a complete, valid
        assignment; the best seen is kept.
        """
        prep, rk = self.prep, self.ranking
        active = self.considered & ~frozen_subs
        best, best_weakest = start, lo
        slack = max(1, math.floor(tolerance * abs(hi)))
        ceiling = target = hi
        extra = np.zeros(prep.n_sub, dtype=np.int64)
        shortfalls = np.zeros(prep.n_sub, dtype=np.int64)
        restricted = np.zeros(prep.n_sub, dtype=bool)
        keep = ~frozen_subs[prep.arc_sub] | frozen
        undo = None
        stalled, patience = 0, 4
        for _ in range(self.max_rounds):
            if ceiling - best_weakest <= slack or self.late() or time.perf_counter() >= until:
                break
            chained = active & rk.chainable & ~restricted
            level = rk.levels(target + extra, chained)
            allowed = rk.allowed(target, restricted & active) & keep
            allowed &= level < np.maximum(rk.dsub[prep.arc_sub], 1)
            weights = prep.arc_w * (1 + shortfalls[prep.arc_sub])
            self.steps += 1
            chosen = self.net.solve(
                allowed=allowed, weights=weights, chain=rk.chain(level, chained)
            )
            if chosen is None:
                if undo is None:  # even the plain tiers are infeasible: the target is too high
                    ceiling = target - 1
                    target = ceiling - (ceiling - best_weakest) // 8
                    extra[:] = 0
                    restricted[:] = False
                else:
                    extra, restricted = undo
                undo = None
                continue
            units = submission_units(prep, chosen)
            weakest = int(units[active].min()) if active.any() else target
            # the flow to hand to the repair: the one with the least total shortfall below
            # the ceiling, not the one with the highest weakest (measured: the repair ends
            # higher from a flow with few, mildly short submissions than from one whose
            # weakest is high but whose many others are short)
            shortfall = int(np.maximum(hi - units[active], 0).sum())
            if self.own is None or shortfall < self.own[1]:
                self.own = (chosen, shortfall)
            if weakest > best_weakest:
                best, best_weakest, stalled = chosen, weakest, 0
            else:
                stalled += 1
            below = active & (units < target)
            if not below.any():  # reached: aim higher from here
                target = (best_weakest + ceiling + 1) // 2
                undo = None
                continue
            if stalled >= patience:  # not getting there: aim a little lower
                ceiling = target - 1
                target = ceiling - (ceiling - best_weakest) // 4
                stalled = 0
                undo = None
                continue
            undo = (extra.copy(), restricted.copy())
            shortfalls[below] += 1
            tiered = below & rk.chainable & ~restricted
            extra[tiered] += target - units[tiered]
            restricted |= below & ~rk.chainable
        return best, best_weakest

    def tier_bound(
        self,
        lo: int,
        hi: int,
        tolerance: float,
        frozen_subs=None,
        frozen=None,
        until: float = math.inf,
    ) -> int:
        """Smallest target refuted by :func:`tier_feasible`, minus one, searched in
        ``(lo, hi]``; ``hi`` if ``hi`` is not refuted (or time runs out first)."""
        if self.late() or tier_feasible(
            self.prep, self.ranking, hi, self.considered, frozen_subs, frozen
        ):
            return hi
        refuted = hi
        # small problems: bisect to the unit (a few cheap max flows more)
        exact = self.prep.n_arcs <= 100_000
        slack = 1 if exact else max(1, math.floor(tolerance * abs(hi)))
        while refuted - 1 - lo > slack and not self.late() and time.perf_counter() < until:
            mid = (lo + refuted) // 2
            if tier_feasible(self.prep, self.ranking, mid, self.considered, frozen_subs, frozen):
                lo = mid
            else:
                refuted = mid
        return refuted - 1


def fair_assign(
    prep: Prepared,
    net: Network,
    base: np.ndarray,
    *,
    tolerance: float,
    lp_bound_limit: int,
    deadline: float = math.inf,
    leximin_share: float = 0.05,
    max_steps: int | None = None,
) -> FairOutcome:
    """Raise the weakest submission from the ``max_total`` solution ``base`` (module doc)."""
    considered = prep.demand > 0
    if not considered.any():
        return FairOutcome(base, 0, "trivial", 0)
    search = _Search(prep, net, base, deadline)
    if max_steps is not None:
        search.max_rounds = 4 * max_steps
    rk = search.ranking
    bound = int(rk.top_d[considered].min())
    source = "top-d"
    base_units = submission_units(prep, base)
    best, best_weakest = base, int(base_units[considered].min())
    if best_weakest < bound:
        # exchange moves lift max_total's weakest at once (never lower: leximin moves only)
        best = improve(prep, best, deadline=_share(deadline, REPAIR_FIRST), upto=bound)
        best_weakest = int(submission_units(prep, best)[considered].min())
    frozen_subs = np.zeros(prep.n_sub, dtype=bool)
    frozen = np.zeros(prep.n_arcs, dtype=bool)

    if best_weakest < bound:
        # the top-d bound is often reached (loosely coupled committees): a few rounds aimed
        # at it first, as they prove the optimum at once when they succeed
        rounds, search.max_rounds = search.max_rounds, QUICK_ROUNDS
        until = time.perf_counter() + QUICK_SHARE * (deadline - time.perf_counter())
        best, best_weakest = search.climb(
            best, best_weakest, bound, tolerance, frozen_subs, frozen, until
        )
        search.max_rounds = rounds
    if best_weakest < bound:
        until = time.perf_counter() + BOUND_SHARE * (deadline - time.perf_counter())
        tier = search.tier_bound(best_weakest, bound, tolerance / 4, until=until)
        if tier < bound:
            bound, source = tier, "tier max-flow"
    if best_weakest < bound and prep.n_arcs <= lp_bound_limit and not search.late():
        # HiGHS on a degenerate max-min LP can take minutes: at most a quarter of the time left
        left = (deadline - time.perf_counter()) / 4
        value = lp_relaxation(prep, kind="weakest", time_limit=None if math.isinf(left) else left)
        if value is not None:
            # HiGHS meets its tolerances only approximately: round the bound *up* a little
            # so that it stays a bound.
            units = value / prep.resolution
            lp_bound = math.floor(units + 1e-7 * max(1.0, abs(units)) + 1e-6)
            if lp_bound < bound:
                bound, source = lp_bound, "LP relaxation"
    best, best_weakest = search.climb(
        best, best_weakest, bound, tolerance, frozen_subs, frozen, _share(deadline, CLIMB_SHARE)
    )
    if best_weakest < bound and not search.late() and search.own is not None:
        # the flows shape the whole assignment differently from the repair's local optimum:
        # the best of them, repaired, may end higher even if it started lower
        own = improve(prep, search.own[0], deadline=_share(deadline, OWN_SHARE), upto=bound)
        own_weakest = int(submission_units(prep, own)[considered].min())
        if own_weakest > best_weakest:
            best, best_weakest = own, own_weakest
    if best_weakest < bound and not search.late():
        best = improve(prep, best, deadline=_share(deadline, REPAIR_SHARE), upto=bound)
        best_weakest = int(submission_units(prep, best)[considered].min())
    levels = [best_weakest]

    # leximin: freeze the weakest level, raise the next, keeping every level reached
    settled = max(1, math.ceil(leximin_share * int(considered.sum())))
    # with no time limit, at most max_steps levels (each is a bisection and a climb)
    while not search.late() and len(levels) <= search.max_rounds // 4:
        units = submission_units(prep, best)
        frozen_subs |= considered & (units <= levels[-1])
        if int((frozen_subs & considered).sum()) >= settled:
            break
        frozen = best & frozen_subs[prep.arc_sub]
        rest = considered & ~frozen_subs
        lo, hi = int(units[rest].min()), int(rk.top_d[rest].min())
        if lo < hi:
            hi = search.tier_bound(lo, hi, tolerance, frozen_subs, frozen)
            best, weakest = search.climb(best, lo, hi, tolerance, frozen_subs, frozen)
            lo = max(lo, weakest)
        levels.append(lo)
    if best_weakest < bound and not search.late():
        # whatever time is left: more exchange moves (leximin, so no level reached falls)
        repaired = improve(prep, best, deadline=deadline, upto=bound)
        if (repaired != best).any():
            # a leximin move can trade a later level for an earlier one: report the levels
            # the final assignment has (the first never falls)
            best = repaired
            scores = np.unique(submission_units(prep, best)[considered])
            levels = [int(v) for v in scores[: len(levels)]]
    return FairOutcome(best, bound, source, search.steps, search.stopped, levels)


def _share(deadline: float, share: float) -> float:
    """A deadline ``share`` of the time left from now (the end of time if there is none)."""
    if math.isinf(deadline):
        return deadline
    now = time.perf_counter()
    return now + share * max(deadline - now, 0.0)
