"""Reviewer assignment: exact, fair, explained. Plain Python, no Django.

Quick use::

    from reviews.assignment import AssignmentProblem, solve

    result = solve(AssignmentProblem(affinity=A, demand=3, max_load=6), objective="fair")
    if result.feasible:
        result.pairs  # (n, 2) array of (submission, reviewer)
    else:
        result.messages  # why not, in sentences a chair can act on

What is exact and what is not:

- ``max_total`` is exact: a min-cost flow (OR-tools ``SimpleMinCostFlow``, fed in bulk)
  whose network encodes every constraint — demands, maximum loads, minimum loads (as node
  demands), conflicts, locked pairs (pre-assigned), last-resort penalties, required groups
  (as an "outside the group" node with capacity ``d − k``), and the optional convex load
  penalty (as unit arcs of growing cost). Scores are rounded to ``resolution`` (1e-6).
- ``fair`` is a heuristic for an NP-hard problem, with a certificate: an upper bound on the
  best weakest-submission score (top-d bound, or the LP relaxation solved with HiGHS) and
  the gap to it. A gap of 0 proves the weakest submission optimal. See :mod:`.fair`.
- ``greedy_baseline`` is a heuristic for comparison only.
- Infeasibility is always detected exactly (the flow is infeasible iff no assignment
  exists); the explanation names the bottleneck found by local checks or a minimum cut.

Submodules: ``model`` (data classes), ``prepare`` (validation, flattening), ``network``
(the flow), ``fair`` (the fair objective and LP bounds), ``diagnose`` (explanations),
``engine`` (entry points).
"""

from .engine import check_assignment, greedy_baseline, linear_relaxation, solve
from .model import (
    AssignmentProblem,
    AssignmentResult,
    Explanation,
    Objective,
    ReviewerGroup,
)

__all__ = [
    "AssignmentProblem",
    "AssignmentResult",
    "Explanation",
    "Objective",
    "ReviewerGroup",
    "check_assignment",
    "greedy_baseline",
    "linear_relaxation",
    "solve",
]
