"""The engine's plain data: what goes in (a problem) and what comes out (a result)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike

Objective = Literal["max_total", "fair"]


@dataclass(frozen=True)
class ReviewerGroup:
    """Each submission in ``submissions`` needs at least ``minimum`` reviewers from ``reviewers``.

    Typically a theme: its submissions must get at least one reviewer of that theme. A
    submission belongs to at most one group (several groups per submission would make the
    problem a general integer programme; the engine refuses it rather than pretend).

    The requirement for a submission needing ``d`` reviews is ``min(minimum, d)``: a
    submission cannot take more group reviewers than reviews, and one needing no review
    (``d = 0``) is not held to the group at all.
    """

    name: str
    submissions: ArrayLike
    reviewers: ArrayLike
    minimum: int = 1


@dataclass(frozen=True)
class AssignmentProblem:
    """Who may review what, how often, and with which affinity.

    Indices are positions: submission ``p`` is row ``p``, reviewer ``r`` is column ``r``.

    - ``affinity``: scipy.sparse matrix shaped ``(P, R)`` (submissions × reviewers). Each
      *stored* entry is a candidate pair with that affinity (explicit zeros included; call
      ``eliminate_zeros()`` first if a zero should mean "not a candidate"). Pairs not stored
      are never assigned, unless locked.
    - ``demand``: reviews each submission needs, an int or a ``(P,)`` array.
    - ``max_load`` / ``min_load``: per reviewer, an int or an ``(R,)`` array. Loads count
      locked pairs too.
    - ``forbidden``: ``(k, 2)`` array of ``(submission, reviewer)`` conflicts, never assigned.
    - ``locked``: ``(k, 2)`` pairs that must stay (already made or pinned by a chair). A
      locked pair counts with its real affinity: the matrix's entry, or for a pair that is
      not a candidate, its row of ``locked_affinity`` (the pair is then added to the
      candidates). A locked pair that is neither is refused (``ValueError`` naming it), as is
      a ``locked_affinity`` that contradicts the matrix. A locked pair that is also a
      conflict is refused by ``solve`` with the explanation ``locked_conflict`` naming it.
    - ``locked_affinity``: ``(k,)`` affinities, one per row of ``locked``, or None.
    - ``last_resort``: ``(k, 2)`` pairs allowed only if needed ("not willing" bids); each
      costs ``last_resort_penalty`` (a float, or one per row of ``last_resort``), subtracted
      from its affinity in everything the solver optimises.
    - ``groups``: required groups, see :class:`ReviewerGroup`.
    """

    affinity: sp.sparray | sp.spmatrix
    demand: ArrayLike
    max_load: ArrayLike
    min_load: ArrayLike | None = None
    forbidden: ArrayLike | None = None
    locked: ArrayLike | None = None
    locked_affinity: ArrayLike | None = None
    last_resort: ArrayLike | None = None
    last_resort_penalty: float | ArrayLike = 1.0
    groups: Sequence[ReviewerGroup] = ()

    @property
    def shape(self) -> tuple[int, int]:
        """``(P, R)``: number of submissions and of reviewers."""
        return self.affinity.shape


@dataclass(frozen=True)
class Explanation:
    """One reason why no assignment exists, in a form a chair can act on.

    ``code`` is stable and machine-readable (the Django layer translates by code, using
    ``numbers`` as the message's parameters); ``message`` is the English sentence.
    """

    code: str
    message: str
    submissions: tuple[int, ...] = ()
    reviewers: tuple[int, ...] = ()
    numbers: Mapping[str, float | int | str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class AssignmentResult:
    """The chosen pairs and the report on them.

    When ``feasible`` is false, ``pairs`` is empty and ``explanation`` says why: the engine
    never returns a partial assignment as if it were complete.

    ``score`` is what the solver maximises: affinity minus the last-resort penalties (equal to
    ``total_affinity`` when no last-resort pair is used). Per-submission arrays have one entry
    per submission; submissions that need no review are left out of ``weakest_*``.

    When ``feasible`` is false, every number describing an assignment is NaN (totals, scores,
    per-submission totals and weakest values, ``weakest_total``), not 0: there is none.
    **Certificate.** ``upper_bound`` (also ``bound``) bounds what the objective could reach
    and ``gap`` is the relative distance to it: for ``max_total`` the bound on the total
    score (the flow is exact, so it equals ``score`` and the gap is 0); for ``fair`` the bound
    on the weakest submission's score, ``gap = (bound − weakest_score) / |bound|``. Both are
    None only when there is nothing to bound: an infeasible problem, or ``fair`` with no
    submission needing a review. ``stopped_early`` says the time limit cut the search short
    (the assignment is still complete and valid; the bound and gap say how good it is).

    **What fairness cost.** For ``fair``, ``baseline_score`` is ``max_total``'s total score
    and ``baseline_profile`` its weakest 5% of submission scores, sorted, to set against
    :meth:`weakest_profile`; ``levels`` are the leximin levels reached, weakest first.
    """

    feasible: bool
    objective: str
    method: str
    pairs: np.ndarray  # (n, 2) int64, (submission, reviewer), sorted
    total_affinity: float
    score: float
    submission_totals: np.ndarray  # (P,) affinity sum of each submission's reviewers
    submission_scores: np.ndarray  # (P,) same, minus last-resort penalties
    submission_weakest: np.ndarray  # (P,) lowest affinity among its reviewers (nan: none)
    submission_weakest_reviewer: np.ndarray  # (P,) int, the reviewer giving it (-1: none)
    loads: np.ndarray  # (R,) int
    last_resort_used: np.ndarray  # (k, 2) int64
    explanation: tuple[Explanation, ...] = ()
    upper_bound: float | None = None  # bound on the objective (see the class docstring)
    gap: float | None = None  # (upper_bound − achieved) / |upper_bound|
    bound_source: str | None = None  # which bound is the tighter one
    timings: Mapping[str, float] = field(default_factory=dict)
    stopped_early: bool = False
    baseline_score: float | None = None  # fair: max_total's total score
    baseline_profile: np.ndarray | None = None  # fair: max_total's weakest 5%, sorted
    levels: tuple[float, ...] = ()  # fair: leximin levels reached, weakest first
    _needs_review: np.ndarray | None = field(default=None, repr=False)

    def _considered(self, values: np.ndarray) -> np.ndarray:
        if self._needs_review is None:
            return values
        return values[self._needs_review]

    @property
    def weakest_total(self) -> float:
        """Lowest total affinity over the submissions that need reviews."""
        values = self._considered(self.submission_totals)
        return float(values.min()) if values.size else float("nan")

    @property
    def weakest_score(self) -> float:
        """Lowest score total over the submissions that need reviews (what ``fair`` raises)."""
        values = self._considered(self.submission_scores)
        return float(values.min()) if values.size else float("nan")

    def percentile_total(self, q: float) -> float:
        """The ``q``-th percentile of the submissions' total affinity (e.g. ``q=5``)."""
        values = self._considered(self.submission_totals)
        return float(np.percentile(values, q)) if values.size else float("nan")

    @property
    def bound(self) -> float | None:
        """The upper bound of the certificate (same as ``upper_bound``)."""
        return self.upper_bound

    def weakest_profile(self, share: float = 0.05) -> np.ndarray:
        """The scores of the weakest ``share`` of the submissions needing reviews, sorted
        (at least one submission when any needs reviews)."""
        return _weakest(self._considered(self.submission_scores), share)

    @property
    def messages(self) -> list[str]:
        """The explanation as plain English sentences."""
        return [item.message for item in self.explanation]


def _weakest(values: np.ndarray, share: float) -> np.ndarray:
    if not values.size or np.isnan(values).all():
        return np.empty(0)
    k = max(1, int(np.ceil(share * values.size)))
    return np.sort(values)[:k]
