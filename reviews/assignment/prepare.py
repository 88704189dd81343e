"""Turn an :class:`AssignmentProblem` into flat arrays the solvers share.

Everything downstream works on *free arcs*: candidate pairs that are neither forbidden nor
locked. Locked pairs are assigned up front and taken off the demands and loads, so that no
solver can drop or duplicate them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .model import AssignmentProblem

# Integer costs must stay far from int64 overflow inside OR-tools, which multiplies costs by
# the number of nodes for its cost-scaling algorithm.
_MAX_UNITS = 10**12


@dataclass
class Prepared:
    """The problem in arrays. ``w`` values are integer units of ``resolution``."""

    n_sub: int
    n_rev: int
    resolution: float
    # Free arcs, sorted by (submission, reviewer).
    arc_sub: np.ndarray  # int64
    arc_rev: np.ndarray  # int64
    arc_aff: np.ndarray  # float64, raw affinity
    arc_w: np.ndarray  # int64, affinity minus penalty, in units
    arc_last_resort: np.ndarray  # bool
    arc_in_group: np.ndarray  # bool: reviewer is in the submission's required group
    # Locked pairs, assigned up front.
    locked_sub: np.ndarray
    locked_rev: np.ndarray
    locked_aff: np.ndarray
    locked_w: np.ndarray
    locked_last_resort: np.ndarray
    locked_forbidden: np.ndarray  # (k, 2) locked pairs that are also conflicts
    # What is left once the locked pairs are counted.
    demand: np.ndarray  # (P,) original demand
    demand_rem: np.ndarray  # (P,) may be negative when over-locked
    max_load: np.ndarray  # (R,)
    min_load: np.ndarray  # (R,)
    cap_rem: np.ndarray  # (R,) may be negative when over-locked
    min_rem: np.ndarray  # (R,)
    locked_w_per_sub: np.ndarray  # (P,) units
    # Required groups.
    sub_group: np.ndarray  # (P,) group index or -1
    need_rem: np.ndarray  # (P,) reviewers still needed from the group
    group_names: list[str]
    group_reviewers: list[np.ndarray]
    group_subs: list[np.ndarray]

    @property
    def n_arcs(self) -> int:
        return int(self.arc_sub.size)

    def units(self, value: float) -> int:
        return round(value / self.resolution)


def _per(value, n: int, name: str) -> np.ndarray:
    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = np.full(n, int(arr), dtype=np.int64)
    if arr.shape != (n,):
        raise ValueError(f"{name} must be an int or have shape ({n},), not {arr.shape}")
    if not np.all(np.equal(np.mod(arr, 1), 0)):
        raise ValueError(f"{name} must hold whole numbers")
    arr = arr.astype(np.int64)
    if (arr < 0).any():
        raise ValueError(f"{name} must not be negative")
    return arr


def _pairs(value, n_sub: int, n_rev: int, name: str) -> np.ndarray:
    if value is None:
        return np.empty((0, 2), dtype=np.int64)
    arr = np.asarray(value, dtype=np.int64).reshape(-1, 2)
    if arr.size and (
        (arr[:, 0] < 0).any()
        or (arr[:, 0] >= n_sub).any()
        or (arr[:, 1] < 0).any()
        or (arr[:, 1] >= n_rev).any()
    ):
        raise ValueError(f"{name} holds an index out of range")
    return arr


def _keys(pairs: np.ndarray, n_rev: int) -> np.ndarray:
    return pairs[:, 0] * n_rev + pairs[:, 1]


def prepare(problem: AssignmentProblem, *, resolution: float) -> Prepared:
    """Validate the problem and flatten it. Raises ``ValueError`` on malformed input.

    Data conflicts a chair can fix (a locked pair that is also a conflict, more locked
    reviewers than places) are not errors: they are kept for the diagnosis.
    """
    if resolution <= 0:
        raise ValueError("resolution must be positive")
    if not sp.issparse(problem.affinity):
        raise ValueError("affinity must be a scipy.sparse matrix shaped (submissions, reviewers)")
    aff = sp.csr_matrix(problem.affinity, dtype=np.float64, copy=True)
    aff.sum_duplicates()
    aff.sort_indices()
    n_sub, n_rev = aff.shape
    if not np.isfinite(aff.data).all():
        raise ValueError("affinity holds NaN or infinite values")

    demand = _per(problem.demand, n_sub, "demand")
    max_load = _per(problem.max_load, n_rev, "max_load")
    min_load = _per(0 if problem.min_load is None else problem.min_load, n_rev, "min_load")
    if (min_load > max_load).any():
        raise ValueError("min_load exceeds max_load for some reviewer")

    # CSR with sorted indices enumerates pairs in (submission, reviewer) order, so the keys
    # below are sorted: membership tests are searchsorted, and the arc order is canonical.
    arc_sub = np.repeat(np.arange(n_sub, dtype=np.int64), np.diff(aff.indptr))
    arc_rev = aff.indices.astype(np.int64)
    arc_aff = aff.data
    arc_key = arc_sub * n_rev + arc_rev

    forbidden = _pairs(problem.forbidden, n_sub, n_rev, "forbidden")
    locked = np.unique(_pairs(problem.locked, n_sub, n_rev, "locked"), axis=0)
    last_resort = _pairs(problem.last_resort, n_sub, n_rev, "last_resort")
    penalty = np.asarray(problem.last_resort_penalty, dtype=np.float64)
    penalty = np.broadcast_to(penalty, (last_resort.shape[0],))
    if not np.isfinite(penalty).all() or (penalty < 0).any():
        raise ValueError("last_resort_penalty must be finite and non-negative")

    forbidden_keys = np.unique(_keys(forbidden, n_rev))
    locked_keys = _keys(locked, n_rev)
    # A pair listed twice as last resort pays the larger penalty once.
    lr_order = np.lexsort((-penalty, _keys(last_resort, n_rev)))
    lr_keys, first = np.unique(_keys(last_resort, n_rev)[lr_order], return_index=True)
    lr_penalty = penalty[lr_order][first]

    def lookup(keys: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pos = np.searchsorted(table, keys)
        pos = np.minimum(pos, max(table.size - 1, 0))
        found = table[pos] == keys if table.size else np.zeros(keys.shape, dtype=bool)
        return found, pos

    def score(keys: np.ndarray, affinity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        found, pos = lookup(keys, lr_keys)
        pen = np.where(found, lr_penalty[pos] if lr_keys.size else 0.0, 0.0)
        return affinity - pen, found

    arc_score, arc_lr = score(arc_key, arc_aff)
    in_forbidden, _ = lookup(arc_key, forbidden_keys)
    in_locked, _ = lookup(arc_key, np.sort(locked_keys))
    keep = ~in_forbidden & ~in_locked

    found, pos = lookup(locked_keys, arc_key)
    locked_aff = np.where(found, arc_aff[pos] if arc_key.size else 0.0, 0.0)
    locked_score, locked_lr = score(locked_keys, locked_aff)
    locked_is_forbidden, _ = lookup(locked_keys, forbidden_keys)

    scale = 1.0 / resolution
    if max(np.abs(arc_score).max(initial=0.0), np.abs(locked_score).max(initial=0.0)) * scale > (
        _MAX_UNITS
    ):
        raise ValueError("affinities or penalties too large for the chosen resolution")
    arc_w = np.rint(arc_score * scale).astype(np.int64)
    locked_w = np.rint(locked_score * scale).astype(np.int64)

    locked_sub, locked_rev = locked[:, 0], locked[:, 1]
    demand_rem = demand - np.bincount(locked_sub, minlength=n_sub)
    locked_load = np.bincount(locked_rev, minlength=n_rev)
    cap_rem = max_load - locked_load
    min_rem = np.maximum(min_load - locked_load, 0)

    sub_group = np.full(n_sub, -1, dtype=np.int64)
    need = np.zeros(n_sub, dtype=np.int64)
    group_names: list[str] = []
    group_reviewers: list[np.ndarray] = []
    group_subs: list[np.ndarray] = []
    group_keys: list[np.ndarray] = []
    for g, group in enumerate(problem.groups):
        subs = np.unique(np.asarray(group.submissions, dtype=np.int64))
        revs = np.unique(np.asarray(group.reviewers, dtype=np.int64))
        if subs.size and (subs.min() < 0 or subs.max() >= n_sub):
            raise ValueError(f"group {group.name!r}: submission index out of range")
        if revs.size and (revs.min() < 0 or revs.max() >= n_rev):
            raise ValueError(f"group {group.name!r}: reviewer index out of range")
        if (sub_group[subs] >= 0).any():
            raise ValueError("a submission belongs to more than one required group")
        if group.minimum < 0:
            raise ValueError(f"group {group.name!r}: minimum must not be negative")
        sub_group[subs] = g
        need[subs] = group.minimum
        group_names.append(str(group.name))
        group_reviewers.append(revs)
        group_subs.append(subs)
        group_keys.append(g * n_rev + revs)
    all_group_keys = np.sort(np.concatenate(group_keys)) if group_keys else np.empty(0, np.int64)

    def in_group(subs: np.ndarray, revs: np.ndarray) -> np.ndarray:
        g = sub_group[subs]
        found, _ = lookup(g * n_rev + revs, all_group_keys)
        return found & (g >= 0)

    locked_in_group = np.bincount(
        locked_sub[in_group(locked_sub, locked_rev)], minlength=n_sub
    ).astype(np.int64)
    need_rem = np.maximum(need - locked_in_group, 0)

    locked_w_per_sub = np.bincount(locked_sub, weights=locked_w, minlength=n_sub)
    return Prepared(
        n_sub=n_sub,
        n_rev=n_rev,
        resolution=resolution,
        arc_sub=arc_sub[keep],
        arc_rev=arc_rev[keep],
        arc_aff=arc_aff[keep],
        arc_w=arc_w[keep],
        arc_last_resort=arc_lr[keep],
        arc_in_group=in_group(arc_sub[keep], arc_rev[keep]),
        locked_sub=locked_sub,
        locked_rev=locked_rev,
        locked_aff=locked_aff,
        locked_w=locked_w,
        locked_last_resort=locked_lr,
        locked_forbidden=locked[locked_is_forbidden],
        demand=demand,
        demand_rem=demand_rem,
        max_load=max_load,
        min_load=min_load,
        cap_rem=cap_rem,
        min_rem=min_rem,
        locked_w_per_sub=np.rint(locked_w_per_sub).astype(np.int64),
        sub_group=sub_group,
        need_rem=need_rem,
        group_names=group_names,
        group_reviewers=group_reviewers,
        group_subs=group_subs,
    )
