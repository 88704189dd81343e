"""Reviewer assignment: exact, fair, explained. Plain Python, no Django.

Quick use::

    from reviews.assignment import AssignmentProblem, solve

    result = solve(AssignmentProblem(affinity=A, demand=3, max_load=6), objective="fair")
    if result.feasible:
        result.pairs  # (n, 2) array of (submission, reviewer)
        result.gap  # how far from the best possible: 0.004 is "within 0.4%"
    else:
        result.messages  # why not, in sentences a chair can act on

What is exact and what is not:

- ``max_total`` is exact: a min-cost flow (OR-tools ``SimpleMinCostFlow``, fed in bulk)
  whose network encodes every constraint — demands, maximum loads, minimum loads (as node
  demands), conflicts, locked pairs (pre-assigned, with their real affinity), last-resort
  penalties, required groups (as an "outside the group" node with capacity ``d − k``), and
  the optional convex load penalty (as unit arcs of growing cost). Its certificate is its
  own score (``upper_bound == score``, ``gap == 0``).
- Scores are rounded to ``resolution`` (1e-6) so that the flow works on integers. "Exact"
  is exact for the rounded scores; against the real scores, the result is within
  ``resolution`` per assigned pair of the real optimum (one per pair, not half: each pair
  moves by up to half a resolution, in the result and in the real optimum alike).
- ``fair`` is a heuristic for an NP-hard problem, with a certificate: an upper bound on the
  best weakest-submission score (top-d, a tier max-flow computed at any size, or on small
  problems the LP relaxation solved with HiGHS) and the gap to it. A gap of 0 proves the
  weakest submission optimal. It starts from ``max_total``'s assignment, lifts the weakest
  by exchange chains (:mod:`.repair`) and by flows with per-submission tiers, then raises the
  next weakest (leximin) and reports, against ``max_total``, the weakest 5% of scores and the
  total given up. See :mod:`.fair`.
- Every call takes ``time_limit`` (60 s by default): when it is reached, the best complete
  assignment found is returned with its bound, its gap and ``stopped_early``.
- ``greedy_baseline`` is a heuristic for comparison only.
- Infeasibility is always detected exactly (the flow is infeasible iff no assignment
  exists); the explanation names the bottleneck found by local checks or a minimum cut.

Submodules: ``model`` (data classes), ``prepare`` (validation, flattening), ``network``
(the flow), ``fair`` (the fair objective and its bounds), ``repair`` (exchange chains for
``fair``), ``diagnose`` (explanations), ``engine`` (entry points).
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
