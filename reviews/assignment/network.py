"""The min-cost flow network, built from numpy arrays and solved by OR-tools.

Nodes: one per submission (supply = reviews still needed), one "outside the group" node per
submission that has a required group, one per reviewer, and a sink. Arcs:

- submission → reviewer, capacity 1, cost −score: one per free candidate pair. For a
  submission with a required group, arcs to reviewers *outside* the group leave from its
  outside node instead, and submission → outside node has capacity ``need − minimum``. "At
  most d − k reviewers from outside" is exactly "at least k from the group", so groups keep
  the network a pure flow and the optimum exact.
- reviewer → sink, capacity ``max − min`` (minus locked load). Minimum loads are lower
  bounds on these arcs, removed the classic way: the reviewer node *demands* its minimum and
  the sink demands that much less. Exact, no big-M.
- With ``balance > 0`` the reviewer → sink arc is split into unit arcs whose costs grow with
  the load (the L-th review costs ``balance·(2L − 1)``, so the total penalty is
  ``balance·Σ load²``); convex costs are filled in order by any min-cost flow, so this is
  exact too (HotCRP's incremental-cost trick).
- A reviewer's places above the minimum are capped at the number of free candidate arcs
  reaching it (minus the minimum): more can never carry flow. So a huge ``max_load`` meaning
  "unlimited" costs nothing, with or without ``balance``.

Everything is added through ``add_arcs_with_capacity_and_unit_cost`` in one call: a Python
loop per arc would cost more than the solve itself on two million arcs.
"""

from __future__ import annotations

import time

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from .prepare import _MAX_UNITS, Prepared


class Network:
    """Node numbering and the fixed (non-candidate) arcs, shared by repeated solves."""

    def __init__(self, prep: Prepared, *, balance: float) -> None:
        self.prep = prep
        P, R = prep.n_sub, prep.n_rev
        demand = np.maximum(prep.demand_rem, 0)
        has_group = (prep.sub_group >= 0) & (prep.need_rem > 0)
        self.outside_of = np.full(P, -1, dtype=np.int64)
        group_subs = np.flatnonzero(has_group)
        self.outside_of[group_subs] = P + np.arange(group_subs.size)
        self.first_rev = P + group_subs.size
        self.sink = self.first_rev + R
        self.n_nodes = self.sink + 1

        # submission → outside node
        out_tail = group_subs
        out_head = self.outside_of[group_subs]
        out_cap = np.maximum(demand[group_subs] - prep.need_rem[group_subs], 0)

        # reviewer → sink, above the minimum. A reviewer can take at most one review per free
        # candidate arc, so places beyond that can never be used: capping them keeps the flow
        # exact and the network small when max_load means "unlimited" (e.g. 10**9).
        cap = np.maximum(prep.cap_rem, 0)
        usable = np.maximum(np.bincount(prep.arc_rev, minlength=R) - prep.min_rem, 0)
        free = np.minimum(np.maximum(cap - prep.min_rem, 0), usable)
        revs = np.arange(R, dtype=np.int64)
        if balance > 0:
            # one unit arc per load level L = locked + min + 1 ... (at most the usable ones)
            levels = np.repeat(revs, free)
            start = np.repeat(np.cumsum(free) - free, free)
            step = np.arange(levels.size) - start + 1
            load = (prep.max_load - prep.cap_rem)[levels] + prep.min_rem[levels] + step
            sink_tail = self.first_rev + levels
            sink_cap = np.ones(levels.size, dtype=np.int64)
            cost = balance * (2.0 * load - 1) / prep.resolution
            if cost.size and cost.max() > _MAX_UNITS:
                raise ValueError("balance too large for the loads and the chosen resolution")
            sink_cost = np.rint(cost).astype(np.int64)
        else:
            has = free > 0
            sink_tail = self.first_rev + revs[has]
            sink_cap = free[has]
            sink_cost = np.zeros(sink_tail.size, dtype=np.int64)

        self.fixed_tail = np.concatenate([out_tail, sink_tail])
        self.fixed_head = np.concatenate([out_head, np.full(sink_tail.size, self.sink)])
        self.fixed_cap = np.concatenate([out_cap, sink_cap]).astype(np.int64)
        self.fixed_cost = np.concatenate([np.zeros(out_tail.size, np.int64), sink_cost])

        supplies = np.zeros(self.n_nodes, dtype=np.int64)
        supplies[:P] = demand
        supplies[self.first_rev : self.sink] = -prep.min_rem
        supplies[self.sink] = -(demand.sum() - prep.min_rem.sum())
        self.supplies = supplies

        # candidate arcs leave the outside node when the reviewer is not in the group
        via_outside = (self.outside_of[prep.arc_sub] >= 0) & ~prep.arc_in_group
        self.arc_tail = np.where(via_outside, self.outside_of[prep.arc_sub], prep.arc_sub)
        self.arc_head = self.first_rev + prep.arc_rev
        self.last_load_time = self.last_solve_time = 0.0

    @property
    def n_arcs(self) -> int:
        """Arcs of the full network: the free candidate arcs plus the fixed ones."""
        return int(self.arc_tail.size + self.fixed_tail.size)

    def solve(
        self,
        *,
        allowed: np.ndarray | None = None,
        weights: np.ndarray | None = None,
        chain: Chain | None = None,
    ):
        """Min-cost flow over the allowed free arcs. Returns the chosen-arc mask, or None.

        ``weights`` (int64 units, one per free arc) default to the arcs' scores. ``chain``
        adds per-submission tier constraints (see :class:`Chain`): arcs leave from the chain
        node of their tier instead of the submission node.
        """
        prep = self.prep
        w = prep.arc_w if weights is None else weights
        idx = np.arange(prep.n_arcs) if allowed is None else np.flatnonzero(allowed)
        tails = self.arc_tail if chain is None else chain.tail(self.arc_tail, self.n_nodes)
        extra = Chain.empty() if chain is None else chain
        n_nodes = self.n_nodes + extra.n_nodes
        started = time.perf_counter()
        smcf = min_cost_flow.SimpleMinCostFlow()
        smcf.add_arcs_with_capacity_and_unit_cost(
            np.concatenate(
                [tails[idx], self.fixed_tail, self.n_nodes + extra.link_tail_offset(self.n_nodes)]
            ).astype(np.int32),
            np.concatenate(
                [self.arc_head[idx], self.fixed_head, self.n_nodes + extra.link_head]
            ).astype(np.int32),
            np.concatenate([np.ones(idx.size, np.int64), self.fixed_cap, extra.link_cap]),
            np.concatenate(
                [-w[idx], self.fixed_cost, np.zeros(extra.link_cap.size, np.int64)]
            ).astype(np.int64),
        )
        supplies = np.concatenate([self.supplies, np.zeros(extra.n_nodes, np.int64)])
        smcf.set_nodes_supplies(np.arange(n_nodes, dtype=np.int32), supplies)
        loaded = time.perf_counter()
        status = smcf.solve()
        if status != smcf.OPTIMAL:
            if status in (smcf.INFEASIBLE, smcf.UNBALANCED):
                self.last_load_time = loaded - started
                self.last_solve_time = time.perf_counter() - loaded
                return None
            raise RuntimeError(f"min-cost flow failed with status {status}")
        flows = smcf.flows(np.arange(idx.size, dtype=np.int32))
        chosen = np.zeros(prep.n_arcs, dtype=bool)
        chosen[idx[np.asarray(flows) > 0]] = True
        self.last_load_time = loaded - started
        self.last_solve_time = time.perf_counter() - loaded
        return chosen


class Chain:
    """Tier constraints "at least j reviewers among the submission's top ``a_j``", nested.

    For a submission ``p`` needing ``d`` reviews, ``level[arc]`` = ℓ means the arc may only be
    used as one of the submission's ``d − ℓ`` lowest tiers: arcs of level ℓ leave from chain
    node ``C_ℓ``, and ``C_{ℓ−1} → C_ℓ`` has capacity ``d − ℓ`` (``C_0`` is the submission,
    or its "outside the group" node — never both: chains are only given to submissions
    without a required group). "At most d − ℓ reviewers of level ≥ ℓ" is "at least ℓ of level
    < ℓ": nested sets keep the network a pure flow, exactly like the group trick.
    """

    def __init__(self, subs: np.ndarray, depth: np.ndarray, arc_level: np.ndarray, arc_sub):
        # subs: chained submissions; depth: chain nodes per chained submission (d − 1);
        # arc_level: per free arc, 0 (from the submission) or 1..depth (from chain node ℓ).
        self.subs = subs
        self.depth = depth
        self.first = np.cumsum(depth) - depth  # offset of C_1 of each chained submission
        self.n_nodes = int(depth.sum())
        size = max(int(arc_sub.max(initial=-1)), int(subs.max(initial=-1))) + 1
        node_of = np.full(size, -1, dtype=np.int64)
        node_of[subs] = self.first
        self.arc_level = arc_level
        self.arc_first = node_of[arc_sub] if arc_sub.size else np.empty(0, np.int64)
        # links C_{ℓ-1} → C_ℓ, capacity d − ℓ (d = depth + 1)
        owner = np.repeat(np.arange(subs.size), depth)
        ell = np.arange(self.n_nodes) - self.first[owner] + 1
        self.link_head = np.arange(self.n_nodes, dtype=np.int64)
        self.link_from_sub = np.where(ell == 1, subs[owner], -1)
        self.link_tail_rel = np.where(ell == 1, -1, self.link_head - 1)
        self.link_cap = (depth[owner] + 1 - ell).astype(np.int64)

    @classmethod
    def empty(cls) -> Chain:
        e = np.empty(0, np.int64)
        return cls(e, e, e, e)

    def tail(self, base_tail: np.ndarray, offset: int) -> np.ndarray:
        """Arc tails with chained arcs moved to their chain node (nodes start at ``offset``)."""
        moved = self.arc_level > 0
        out = base_tail.copy()
        out[moved] = offset + self.arc_first[moved] + self.arc_level[moved] - 1
        return out

    def link_tail_offset(self, offset: int) -> np.ndarray:
        """Link tails relative to ``offset`` (a link from the submission node itself is
        returned as ``sub − offset`` so that adding ``offset`` gives the submission)."""
        return np.where(self.link_tail_rel >= 0, self.link_tail_rel, self.link_from_sub - offset)


def max_cover_cut(prep: Prepared, *, reverse: bool = False):
    """Max flow ignoring costs, to find a Hall-type bottleneck when no assignment exists.

    Forward: can every submission get its reviews (min loads ignored)? Reverse: can every
    reviewer reach their minimum (demands as capacities)? Returns ``(shortfall, source-side
    submissions, source-side reviewers, submissions whose outside node is on the source
    side)``; the source side of a minimum cut is the set that cannot be served, with
    everything it can reach.
    """
    P, R = prep.n_sub, prep.n_rev
    demand = np.maximum(prep.demand_rem, 0)
    cap = np.maximum(prep.cap_rem, 0)
    has_group = (prep.sub_group >= 0) & (prep.need_rem > 0)
    outside_of = np.full(P, -1, dtype=np.int64)
    group_subs = np.flatnonzero(has_group)
    outside_of[group_subs] = P + np.arange(group_subs.size)
    first_rev = P + group_subs.size
    source, sink = first_rev + R, first_rev + R + 1
    via_outside = (outside_of[prep.arc_sub] >= 0) & ~prep.arc_in_group
    a_tail = np.where(via_outside, outside_of[prep.arc_sub], prep.arc_sub)
    a_head = first_rev + prep.arc_rev
    o_cap = np.maximum(demand[group_subs] - prep.need_rem[group_subs], 0)
    subs = np.arange(P)
    revs = np.arange(R)
    if not reverse:
        tails = [np.full(P, source), group_subs, a_tail, first_rev + revs]
        heads = [subs, outside_of[group_subs], a_head, np.full(R, sink)]
        caps = [demand, o_cap, np.ones(a_tail.size, np.int64), cap]
        needed = int(demand.sum())
    else:
        tails = [np.full(R, source), a_head, outside_of[group_subs], subs]
        heads = [first_rev + revs, a_tail, group_subs, np.full(P, sink)]
        caps = [prep.min_rem, np.ones(a_tail.size, np.int64), o_cap, demand]
        needed = int(prep.min_rem.sum())
    smf = max_flow.SimpleMaxFlow()
    smf.add_arcs_with_capacity(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps).astype(np.int64),
    )
    if smf.solve(int(source), int(sink)) != smf.OPTIMAL:
        raise RuntimeError("max flow failed")
    shortfall = needed - int(smf.optimal_flow())
    side = np.asarray(smf.get_source_side_min_cut(), dtype=np.int64)
    cut_subs = np.sort(side[side < P])
    cut_revs = np.sort(side[(side >= first_rev) & (side < first_rev + R)] - first_rev)
    on_side = np.zeros(first_rev + R + 2, dtype=bool)
    on_side[side] = True
    cut_outside = group_subs[on_side[outside_of[group_subs]]]
    return shortfall, cut_subs, cut_revs, cut_outside


def group_cover_cut(prep: Prepared, subs: np.ndarray):
    """Max flow over the required-group arcs only: can ``subs`` each get the reviewers they
    still need from their group, within the group reviewers' places? Returns ``(shortfall,
    source-side submissions, source-side reviewers)`` like :func:`max_cover_cut`."""
    P, R = prep.n_sub, prep.n_rev
    mine = np.zeros(P, dtype=bool)
    mine[subs] = True
    arcs = np.flatnonzero(prep.arc_in_group & mine[prep.arc_sub])
    source, sink = P + R, P + R + 1
    smf = max_flow.SimpleMaxFlow()
    smf.add_arcs_with_capacity(
        np.concatenate([np.full(subs.size, source), prep.arc_sub[arcs], P + np.arange(R)]).astype(
            np.int32
        ),
        np.concatenate([subs, P + prep.arc_rev[arcs], np.full(R, sink)]).astype(np.int32),
        np.concatenate(
            [prep.need_rem[subs], np.ones(arcs.size, np.int64), np.maximum(prep.cap_rem, 0)]
        ).astype(np.int64),
    )
    if smf.solve(int(source), int(sink)) != smf.OPTIMAL:
        raise RuntimeError("max flow failed")
    shortfall = int(prep.need_rem[subs].sum()) - int(smf.optimal_flow())
    side = np.asarray(smf.get_source_side_min_cut(), dtype=np.int64)
    return shortfall, np.sort(side[side < P]), np.sort(side[(side >= P) & (side < P + R)] - P)
