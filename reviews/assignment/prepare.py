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


def _whole(arr: np.ndarray, name: str) -> np.ndarray:
    """``arr`` as int64 if it holds only finite whole numbers, else ``ValueError``."""
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise ValueError(f"{name} must hold whole numbers, not values of type {arr.dtype}")
    if np.issubdtype(arr.dtype, np.floating):
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} holds NaN or infinite values")
        if (arr != np.floor(arr)).any():
            raise ValueError(f"{name} must hold whole numbers (got a fraction)")
        if arr.size and np.abs(arr).max() > 2.0**62:
            raise ValueError(f"{name} holds a value too large")
    return arr.astype(np.int64)


def _per(value, n: int, name: str) -> np.ndarray:
    """A per-item whole number: a scalar (the same for all) or an ``(n,)`` array."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = np.full(n, _whole(arr.reshape(1), name)[0], dtype=np.int64)
    if arr.shape != (n,):
        raise ValueError(f"{name} must be an int or have shape ({n},), not {arr.shape}")
    arr = _whole(arr, name)
    if (arr < 0).any():
        raise ValueError(f"{name} must not be negative")
    return arr


def _indices(value, n: int, name: str) -> np.ndarray:
    """A 1-D list of indices in ``range(n)``, sorted and without repeats."""
    arr = np.asarray(value)
    if arr.size == 0:
        return np.empty(0, dtype=np.int64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D list of indices, not shaped {arr.shape}")
    arr = _whole(arr, name)
    if (arr < 0).any() or (arr >= n).any():
        raise ValueError(f"{name} holds an index out of range (valid: 0 to {n - 1})")
    return np.unique(arr)


def _pairs(value, n_sub: int, n_rev: int, name: str) -> np.ndarray:
    """A ``(k, 2)`` array of ``(submission, reviewer)`` index pairs."""
    if value is None:
        return np.empty((0, 2), dtype=np.int64)
    arr = np.asarray(value)
    if arr.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(
            f"{name} must be shaped (k, 2), one (submission, reviewer) pair per row, "
            f"not {arr.shape}"
        )
    arr = _whole(arr, name)
    if (arr[:, 0] < 0).any() or (arr[:, 0] >= n_sub).any():
        raise ValueError(f"{name} holds a submission index out of range (valid: 0 to {n_sub - 1})")
    if (arr[:, 1] < 0).any() or (arr[:, 1] >= n_rev).any():
        raise ValueError(f"{name} holds a reviewer index out of range (valid: 0 to {n_rev - 1})")
    return arr


def _duplicate_entry(matrix) -> tuple[int, int]:
    """The first (submission, reviewer) entry stored twice in ``matrix`` (slow path)."""
    coo = sp.coo_matrix(matrix)
    keys = coo.row.astype(np.int64) * matrix.shape[1] + coo.col
    values, counts = np.unique(keys, return_counts=True)
    key = int(values[np.argmax(counts > 1)])
    return divmod(key, matrix.shape[1])


def _keys(pairs: np.ndarray, n_rev: int) -> np.ndarray:
    return pairs[:, 0] * n_rev + pairs[:, 1]


def _locked_affinity(problem, rows, locked, first_row, found, conflicted, matrix_aff) -> np.ndarray:
    """Each locked pair's real affinity: the matrix's, else its ``locked_affinity`` row.

    A locked conflict needs none: ``solve`` refuses it by name (``locked_conflict``)."""
    given = problem.locked_affinity
    if given is None:
        if not (found | conflicted).all():
            p, r = locked[np.argmin(found | conflicted)]
            raise ValueError(
                f"locked pair (submission {p}, reviewer {r}) is not a candidate pair of the "
                "affinity matrix: give its real affinity in locked_affinity"
            )
        return matrix_aff
    try:
        values = np.asarray(given, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError("locked_affinity must hold one number per locked pair") from None
    if values.shape != (rows.shape[0],):
        raise ValueError(
            f"locked_affinity must have one value per locked pair, shape ({rows.shape[0]},), "
            f"not {np.shape(given)}"
        )
    if not np.isfinite(values).all():
        raise ValueError("locked_affinity holds NaN or infinite values")
    # a pair locked twice must be given one affinity
    keys = rows[:, 0] * (rows[:, 1].max(initial=0) + 1) + rows[:, 1]
    order = np.lexsort((values, keys))
    same = (keys[order][1:] == keys[order][:-1]) & (values[order][1:] != values[order][:-1])
    if same.any():
        p, r = rows[order][1:][same][0]
        raise ValueError(f"locked pair (submission {p}, reviewer {r}) is given two affinities")
    chosen = values[first_row]
    clash = found & (chosen != matrix_aff)
    if clash.any():
        p, r = locked[np.argmax(clash)]
        raise ValueError(
            f"locked_affinity for (submission {p}, reviewer {r}) contradicts the affinity "
            "matrix: give the same value, or leave the pair out of the matrix"
        )
    return np.where(found, matrix_aff, chosen)


def prepare(problem: AssignmentProblem, *, resolution: float) -> Prepared:
    """Validate the problem and flatten it. Raises ``ValueError`` on malformed input.

    Data conflicts a chair can fix (a locked pair that is also a conflict, more locked
    reviewers than places) are not errors: they are kept for the diagnosis.
    """
    if resolution <= 0:
        raise ValueError("resolution must be positive")
    if not sp.issparse(problem.affinity):
        raise ValueError("affinity must be a scipy.sparse matrix shaped (submissions, reviewers)")
    stored = problem.affinity.nnz
    aff = sp.csr_matrix(problem.affinity, dtype=np.float64, copy=True)
    aff.sum_duplicates()  # (converting a COO matrix already sums them)
    if aff.nnz != stored:
        # scipy would silently add the two affinities up (0.6 twice becomes 1.2)
        p, r = _duplicate_entry(problem.affinity)
        raise ValueError(
            f"affinity lists the pair (submission {p}, reviewer {r}) more than once: "
            "give each candidate pair one affinity"
        )
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
    locked_rows = _pairs(problem.locked, n_sub, n_rev, "locked")
    locked, first_row = np.unique(locked_rows, axis=0, return_index=True)
    locked = locked.reshape(-1, 2)
    last_resort = _pairs(problem.last_resort, n_sub, n_rev, "last_resort")
    try:
        penalty = np.asarray(problem.last_resort_penalty, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("last_resort_penalty must be a number or one number per pair") from None
    if penalty.ndim == 0:
        penalty = np.full(last_resort.shape[0], float(penalty))
    elif penalty.shape != (last_resort.shape[0],):
        raise ValueError(
            f"last_resort_penalty must be a number or have one value per last_resort pair, "
            f"shape ({last_resort.shape[0]},), not {penalty.shape}"
        )
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
    conflicted, _ = lookup(locked_keys, forbidden_keys)
    locked_aff = _locked_affinity(
        problem, locked_rows, locked, first_row, found, conflicted, locked_aff
    )
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
        label = f"group {group.name!r}"
        subs = _indices(group.submissions, n_sub, f"{label}: submissions")
        revs = _indices(group.reviewers, n_rev, f"{label}: reviewers")
        minimum = np.asarray(group.minimum)
        if minimum.ndim != 0:
            raise ValueError(f"{label}: minimum must be a single whole number")
        minimum = int(_whole(minimum.reshape(1), f"{label}: minimum")[0])
        if minimum < 0:
            raise ValueError(f"{label}: minimum must not be negative")
        if (sub_group[subs] >= 0).any():
            raise ValueError("a submission belongs to more than one required group")
        sub_group[subs] = g
        # a submission needing d reviews can take at most d from the group: the requirement
        # is min(minimum, d), waived when d = 0
        need[subs] = np.minimum(minimum, demand[subs])
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
