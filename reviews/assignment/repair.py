"""Local repair for ``fair``: exchange chains that raise the weakest submissions (leximin).

The flows of :mod:`.fair` shape the whole assignment; what they leave at the bottom is often
a few exchanges away from better. Submissions are taken weakest first. For the weakest one,
``p`` (score ``a``), a move gives ``p`` a better candidate ``new`` in place of one of its
reviewers ``out``. ``new`` needs a place: either it has a free one, or one of the
submissions it reviews, ``q₁``, lets it go and takes another reviewer ``y₁`` instead — which
needs a place in turn, and so on: an *ejection chain*, found breadth first (shortest first,
at most ``DEPTH`` exchanges), that ends at a reviewer with a free place or at ``out`` itself
(freed by ``p``).

The search is breadth first over reviewers: every direct exchange is tried before any
chain of two, and at most ``VISITS`` reviewers are expanded per search (a search costs
milliseconds, not seconds, when there is no chain).

**Targets first.** Raising ``p`` only above ``a`` lets a donor fall to just above ``a``,
so the weakest score creeps up by small steps. So the repair first bisects on a target
``T`` between the weakest score and the bound: every submission below ``T`` is raised,
weakest first, while every donor keeps at least ``T``; if all reach ``T`` the target goes
up, else down (the assignment is kept either way: every move was an improvement). Then
plain leximin moves use the time left.

A chain is made only if every submission it touches ends strictly above ``a`` (``p`` gains,
each ``qᵢ`` may lose but stays above ``a``): the sorted vector of scores grows in the
leximin order, so no level already reached is ever lowered and the weakest score never
falls. A submission with no such chain is left (a local optimum for it) and the next
weakest is tried; a move for a later one can open a chain for an earlier one, so the pass
repeats while it changes something and time is left. Each move raises the leximin order
over a finite set, so this stops even without a time limit.

Every constraint is kept: maximum loads (a place is used only if free), minimum loads (a
reviewer at its minimum never ends with one review fewer), required groups (a submission
keeps its group's requirement), conflicts and locked pairs (only free candidate arcs move).
Deterministic: candidates best first, ties to the lower index, no randomness.
"""

from __future__ import annotations

import heapq
import time
from collections import deque

import numpy as np

from .prepare import Prepared

DEPTH = 4  # exchanges in a chain, at most
# reviewers whose holders are looked at, per search, at most. 300 left clustered-medium's
# weakest at 1.922 (repair alone) where 3,000 reach 1.933; more (10,000, or deeper chains)
# found no better chain: the searches that fail are the ones that cost.
VISITS = 3000
RETRY = 64  # moves after which the weakest stuck submissions are tried again
GIVE_UP = 32  # submissions stuck below a target before the target comes down


class _State:
    """The assignment as Python sets and lists: cheap single-pair moves."""

    def __init__(self, prep: Prepared, chosen: np.ndarray, deadline: float) -> None:
        P, R = prep.n_sub, prep.n_rev
        self.deadline = deadline
        self.R = R
        order = np.lexsort((prep.arc_rev, -prep.arc_w, prep.arc_sub))
        self.starts = np.searchsorted(prep.arc_sub[order], np.arange(P + 1)).tolist()
        self.cand_rev = prep.arc_rev[order].tolist()
        self.cand_w = prep.arc_w[order].tolist()
        self.cand_arc = order.tolist()
        self.w_of: list[dict[int, int] | None] = [None] * P
        self.arc_of: list[dict[int, int] | None] = [None] * P
        self.in_group = prep.arc_in_group
        self.grouped = ((prep.sub_group >= 0) & (prep.need_rem > 0)).tolist()
        self.need = prep.need_rem.tolist()
        self.chosen = chosen.copy()
        idx = np.flatnonzero(chosen)
        self.assigned: list[set[int]] = [set() for _ in range(P)]
        self.holders: list[set[int]] = [set() for _ in range(R)]
        self.group_count = [0] * P
        subs, revs = prep.arc_sub[idx].tolist(), prep.arc_rev[idx].tolist()
        for a, p, r in zip(idx.tolist(), subs, revs, strict=True):
            self.assigned[p].add(r)
            self.holders[r].add(p)
            self.group_count[p] += bool(self.in_group[a])
        self.load = [len(h) for h in self.holders]
        self.cap = np.maximum(prep.cap_rem, 0).tolist()
        self.min_rem = prep.min_rem.tolist()
        extra = np.bincount(prep.arc_sub[idx], weights=prep.arc_w[idx], minlength=P)
        self.score = (prep.locked_w_per_sub + np.rint(extra).astype(np.int64)).tolist()

    def weights(self, p: int) -> dict[int, int]:
        m = self.w_of[p]
        if m is None:
            lo, hi = self.starts[p], self.starts[p + 1]
            m = dict(zip(self.cand_rev[lo:hi], self.cand_w[lo:hi], strict=True))
            self.w_of[p] = m
            self.arc_of[p] = dict(zip(self.cand_rev[lo:hi], self.cand_arc[lo:hi], strict=True))
        return m

    def group_ok(self, p: int, out: int, new: int) -> bool:
        if not self.grouped[p]:
            return True
        arcs = self.arc_of[p]
        delta = bool(self.in_group[arcs[new]]) - bool(self.in_group[arcs[out]])
        return self.group_count[p] + delta >= self.need[p]

    def swap(self, p: int, out: int, new: int) -> None:
        self.assigned[p].discard(out)
        self.assigned[p].add(new)
        self.holders[out].discard(p)
        self.holders[new].add(p)
        self.load[out] -= 1
        self.load[new] += 1
        arcs = self.arc_of[p]
        self.chosen[arcs[out]] = False
        self.chosen[arcs[new]] = True
        self.group_count[p] += bool(self.in_group[arcs[new]]) - bool(self.in_group[arcs[out]])
        self.score[p] += self.w_of[p][new] - self.w_of[p][out]

    def chain(self, p: int, lowest: int) -> list[int] | None:
        """Make the first chain found that lifts ``p`` keeping all it touches above
        ``lowest``; returns the submissions touched, or None."""
        wp = self.weights(p)
        for out in sorted(self.assigned[p], key=lambda r: (wp[r], r)):
            out_may_drop = self.load[out] - 1 >= self.min_rem[out]
            roots = []
            for i in range(self.starts[p], self.starts[p + 1]):
                new = self.cand_rev[i]
                if self.cand_w[i] <= wp[out] or self.score[p] - wp[out] + self.cand_w[i] <= lowest:
                    break
                if new not in self.assigned[p] and self.group_ok(p, out, new):
                    roots.append(new)
            if roots:
                path = self._search(p, out, roots, lowest, out_may_drop)
                if path is not None:
                    for q, x, y in path:
                        self.swap(q, x, y)
                    return [q for q, _, _ in path]
        return None

    def _search(self, p, out, roots, lowest, out_may_drop):
        """Breadth first over reviewers needing a place; returns [(p, out, new), (q₁, x₁,
        y₁), …] in the order the swaps are made, or None. A submission appears at most
        once in a chain (its score change would otherwise not be the one checked)."""
        parent: dict[int, tuple[int, int] | None] = {}  # reviewer -> (q, x): q swaps x → it
        on_path: dict[int, tuple[int, ...]] = {}  # reviewer -> submissions of its chain
        queue: deque[tuple[int, int]] = deque()
        for new in roots:
            if new in parent:
                continue
            parent[new] = None
            on_path[new] = (p,)
            if self.load[new] < self.cap[new] and out_may_drop:
                return [(p, out, new)]
            queue.append((new, 0))
        visits = 0
        load, cap, assigned, grouped = self.load, self.cap, self.assigned, self.grouped
        cand_rev, cand_w, starts = self.cand_rev, self.cand_w, self.starts
        while queue and visits < VISITS:
            if time.perf_counter() >= self.deadline:
                return None
            x, depth = queue.popleft()
            if depth >= DEPTH:
                continue
            visits += 1
            chain_subs = on_path[x]
            for q in sorted(self.holders[x]):
                if q in chain_subs:
                    continue
                wq = self.weights(q)
                floor = lowest - (self.score[q] - wq[x])  # q stays above lowest iff w > floor
                mine = assigned[q]
                for i in range(starts[q], starts[q + 1]):
                    w = cand_w[i]
                    if w <= floor:
                        break  # sorted: nothing further down keeps q above
                    y = cand_rev[i]
                    if y == out or load[y] < cap[y] and out_may_drop:
                        ends = True
                    elif y in parent:
                        continue
                    else:
                        ends = False
                    if y == x or y in mine or (grouped[q] and not self.group_ok(q, x, y)):
                        continue
                    if ends:
                        return self._path(parent, x, (q, x, y), p, out)
                    parent[y] = (q, x)
                    on_path[y] = (*chain_subs, q)
                    queue.append((y, depth + 1))
        return None

    @staticmethod
    def _path(parent, x, last, p, out):
        """The swaps from ``p`` down to ``last``, in order."""
        links = [last]
        while parent[x] is not None:
            q, x_prev = parent[x]
            links.append((q, x_prev, x))
            x = x_prev
        links.append((p, out, x))
        return links[::-1]


def improve(
    prep: Prepared,
    chosen: np.ndarray,
    *,
    deadline: float,
    upto: float = float("inf"),
) -> np.ndarray:
    """Raise the weakest submissions needing reviews in the chosen-arc mask ``chosen`` by
    ejection chains (module doc), those below ``upto`` units only; returns the new mask
    (``chosen`` itself is not changed). Stops at ``deadline`` (``time.perf_counter()``).

    First by targets: every submission below a target ``T`` is raised while those giving
    up a reviewer stay at ``T`` or above (a bisection on ``T`` between the weakest score and
    ``upto``), then, with the time left, by plain leximin moves."""
    state = _State(prep, chosen, deadline)
    score = state.score
    active = np.flatnonzero(prep.demand > 0).tolist()
    if not active:
        return state.chosen
    if upto < float("inf"):
        lo, hi = min(score[p] for p in active), int(upto)
        while hi - lo > 1 and time.perf_counter() < deadline:
            target = (lo + hi + 1) // 2
            _passes(state, active, upto=target, floor=target - 1, give_up=GIVE_UP)
            weakest = min(score[p] for p in active)
            if weakest >= target:
                lo = weakest
            else:
                hi, lo = target - 1, max(lo, weakest)
    _passes(state, active, upto=upto, floor=None)
    return state.chosen


def _passes(
    state: _State,
    active: list[int],
    *,
    upto: float,
    floor: int | None,
    give_up: int | None = None,
) -> None:
    """Weakest first, chains for every submission below ``upto``, until none changes
    anything (or the deadline). Touched submissions stay above ``floor`` too. With
    ``give_up``, stops once that many submissions found no chain (the target is too high)."""
    score, deadline = state.score, state.deadline
    changed = True
    while changed and time.perf_counter() < deadline:
        changed = False
        heap = [(score[p], p) for p in active if score[p] < upto]
        heapq.heapify(heap)
        stuck: dict[int, int] = {}  # submission -> its score when no chain was found
        moves = 0
        while heap and time.perf_counter() < deadline:
            s, p = heapq.heappop(heap)
            if s != score[p] or p in stuck or s >= upto:
                continue
            touched = state.chain(p, s if floor is None else max(s, floor))
            if touched:
                changed = True
                moves += 1
                for q in touched:  # back on the heap with their new scores
                    heapq.heappush(heap, (score[q], q))
                if moves % RETRY == 0 and stuck:
                    # the moves since may have opened a chain for the weakest: retry them
                    low = min(stuck.values())
                    for q in [q for q, v in stuck.items() if v == low]:
                        del stuck[q]
                        heapq.heappush(heap, (score[q], q))
            else:
                stuck[p] = s
                if give_up is not None and len(stuck) >= give_up:
                    return
