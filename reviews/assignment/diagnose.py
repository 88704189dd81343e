"""Why no assignment exists, in sentences a chair can act on.

``precheck`` finds the common, local causes without solving anything (too few eligible
reviewers, a group without enough places, locked pairs that cannot stay). When the local
checks pass and the flow is still infeasible, ``explain_cut`` finds the global cause with a
max flow: the source side of a minimum cut is a set of submissions whose eligible reviewers,
together, have fewer places than the set needs (Hall's condition), or a set of reviewers whose
minimum loads their eligible submissions cannot absorb.
"""

from __future__ import annotations

import numpy as np

from .model import Explanation
from .network import max_cover_cut
from .prepare import Prepared

_LIST = 8  # indices named in a message; the full list is in the structured fields


def _names(kind: str, indices: np.ndarray) -> str:
    shown = ", ".join(str(int(i)) for i in indices[:_LIST])
    more = f" and {indices.size - _LIST} more" if indices.size > _LIST else ""
    noun = kind if indices.size == 1 else kind + "s"
    return f"{noun} {shown}{more}"


def _these(n: int, kind: str) -> str:
    return f"this {kind}" if n == 1 else f"these {n} {kind}s"


def precheck(prep: Prepared) -> list[Explanation]:
    """Local, solver-free reasons for infeasibility (empty when none is found)."""
    out: list[Explanation] = []
    P, R = prep.n_sub, prep.n_rev

    if prep.locked_forbidden.size:
        pairs = prep.locked_forbidden
        out.append(
            Explanation(
                code="locked_conflict",
                message=(
                    f"{pairs.shape[0]} locked pair(s) are also declared conflicts "
                    f"(e.g. submission {pairs[0, 0]} with reviewer {pairs[0, 1]}): "
                    "unlock them or clear the conflict."
                ),
                submissions=tuple(int(p) for p in np.unique(pairs[:, 0])),
                reviewers=tuple(int(r) for r in np.unique(pairs[:, 1])),
                numbers={"pairs": int(pairs.shape[0])},
            )
        )
    over = np.flatnonzero(prep.demand_rem < 0)
    if over.size:
        out.append(
            Explanation(
                code="locked_exceeds_demand",
                message=(
                    f"{_these(over.size, 'submission').capitalize()} ({_names('submission', over)})"
                    " already have more locked reviewers than reviews needed: unlock some "
                    "or raise the number of reviews."
                ),
                submissions=tuple(int(p) for p in over),
                numbers={"submissions": int(over.size)},
            )
        )
    over = np.flatnonzero(prep.cap_rem < 0)
    if over.size:
        out.append(
            Explanation(
                code="locked_exceeds_load",
                message=(
                    f"{_these(over.size, 'reviewer').capitalize()} ({_names('reviewer', over)})"
                    " have more locked submissions than their maximum load: unlock some "
                    "or raise the maximum."
                ),
                reviewers=tuple(int(r) for r in over),
                numbers={"reviewers": int(over.size)},
            )
        )

    demand = np.maximum(prep.demand_rem, 0)
    cap = np.maximum(prep.cap_rem, 0)
    # Eligible reviewers with a place left: a reviewer whose load is full is not eligible.
    usable = cap[prep.arc_rev] > 0
    eligible = np.bincount(prep.arc_sub[usable], minlength=P)
    short = np.flatnonzero(eligible < demand)
    if short.size:
        # One message per (eligible, needed) pattern, largest first: "these 12 submissions
        # have only 2 eligible reviewers each but need 3".
        key = eligible[short] * (demand.max() + 1) + demand[short]
        for k in np.unique(key):
            subs = short[key == k]
            have, need = int(eligible[subs[0]]), int(demand[subs[0]])
            each = " each" if subs.size > 1 else ""
            only = "no" if have == 0 else f"only {have}"
            noun = "reviewer" if have == 1 else "reviewers"
            out.append(
                Explanation(
                    code="too_few_eligible",
                    message=(
                        f"{_these(subs.size, 'submission').capitalize()} "
                        f"({_names('submission', subs)}) have {only} eligible {noun}{each} "
                        f"but need {need}: invite reviewers for them, clear wrong conflicts, "
                        "or lower the number of reviews."
                    ),
                    submissions=tuple(int(p) for p in subs),
                    numbers={"submissions": int(subs.size), "eligible": have, "needed": need},
                )
            )

    for g, name in enumerate(prep.group_names):
        subs = prep.group_subs[g]
        need = prep.need_rem[subs]
        if np.any(need > demand[subs]):
            bad = subs[need > demand[subs]]
            out.append(
                Explanation(
                    code="group_exceeds_demand",
                    message=(
                        f"Group {name} asks for more of its reviewers than "
                        f"{_these(bad.size, 'submission')} ({_names('submission', bad)}) need "
                        "in total: lower the group's minimum."
                    ),
                    submissions=tuple(int(p) for p in bad),
                    numbers={"group": name},
                )
            )
        in_group = usable & prep.arc_in_group & (prep.sub_group[prep.arc_sub] == g)
        have = np.bincount(prep.arc_sub[in_group], minlength=P)[subs]
        bad = subs[have < need]
        if bad.size:
            out.append(
                Explanation(
                    code="group_too_few_eligible",
                    message=(
                        f"{_these(bad.size, 'submission').capitalize()} of group {name} "
                        f"({_names('submission', bad)}) cannot get the "
                        f"{int(need.max())} reviewer(s) of {name} they need: too few of them "
                        "are eligible. Invite reviewers of this group or clear conflicts."
                    ),
                    submissions=tuple(int(p) for p in bad),
                    numbers={"group": name, "submissions": int(bad.size)},
                )
            )
        places = int(cap[prep.group_reviewers[g]].sum())
        needed = int(need.sum())
        if places < needed:
            out.append(
                Explanation(
                    code="group_capacity",
                    message=(
                        f"Reviewers of {name} have {places} places left and its submissions "
                        f"need {needed}: raise their loads or add reviewers to {name}."
                    ),
                    submissions=tuple(int(p) for p in subs),
                    reviewers=tuple(int(r) for r in prep.group_reviewers[g]),
                    numbers={"group": name, "places": places, "needed": needed},
                )
            )

    places, needed = int(cap.sum()), int(demand.sum())
    if places < needed:
        out.append(
            Explanation(
                code="total_capacity",
                message=(
                    f"Reviewers have {places} places left in total but submissions need "
                    f"{needed} more reviews: raise maximum loads, add reviewers, or lower "
                    "the number of reviews."
                ),
                numbers={"places": places, "needed": needed},
            )
        )
    minimum = int(prep.min_rem.sum())
    if minimum > needed:
        out.append(
            Explanation(
                code="minimum_exceeds_demand",
                message=(
                    f"Minimum loads add up to {minimum} reviews but submissions need only "
                    f"{needed}: lower the minimum loads."
                ),
                numbers={"minimum": minimum, "needed": needed},
            )
        )
    reach = np.bincount(prep.arc_rev[demand[prep.arc_sub] > 0], minlength=R)
    low = np.flatnonzero(reach < prep.min_rem)
    if low.size:
        out.append(
            Explanation(
                code="minimum_unreachable",
                message=(
                    f"{_these(low.size, 'reviewer').capitalize()} ({_names('reviewer', low)}) "
                    "are eligible for fewer submissions than their minimum load: lower their "
                    "minimum or check their conflicts."
                ),
                reviewers=tuple(int(r) for r in low),
                numbers={"reviewers": int(low.size)},
            )
        )
    return out


def explain_cut(prep: Prepared) -> list[Explanation]:
    """Global reasons, from a minimum cut. Call when the flow is infeasible."""
    shortfall, subs, revs = max_cover_cut(prep)
    demand = np.maximum(prep.demand_rem, 0)
    if shortfall > 0:
        needed = int(demand[subs].sum())
        groups = sorted({prep.group_names[g] for g in prep.sub_group[subs] if g >= 0})
        hint = f" (the required group(s) {', '.join(groups)} limit the choice)" if groups else ""
        raise_loads = f"raise the loads of {_names('reviewer', revs)}, " if revs.size else ""
        return [
            Explanation(
                code="hall_deficit",
                message=(
                    f"{_these(subs.size, 'submission').capitalize()} "
                    f"({_names('submission', subs)}) need {needed} reviews between them, but "
                    f"the reviewers eligible for them can take at most {needed - shortfall}"
                    f"{hint}: {raise_loads}invite more reviewers for these topics, or lower "
                    "the number of reviews."
                ),
                submissions=tuple(int(p) for p in subs),
                reviewers=tuple(int(r) for r in revs),
                numbers={
                    "submissions": int(subs.size),
                    "needed": needed,
                    "available": needed - shortfall,
                },
            )
        ]
    shortfall, subs, revs = max_cover_cut(prep, reverse=True)
    if shortfall > 0:
        minimum = int(prep.min_rem[revs].sum())
        return [
            Explanation(
                code="minimum_deficit",
                message=(
                    f"{_these(revs.size, 'reviewer').capitalize()} ({_names('reviewer', revs)}) "
                    f"must receive at least {minimum} reviews between them, but the submissions "
                    f"they are eligible for can take only {minimum - shortfall}: lower their "
                    "minimum loads."
                ),
                submissions=tuple(int(p) for p in subs),
                reviewers=tuple(int(r) for r in revs),
                numbers={
                    "reviewers": int(revs.size),
                    "minimum": minimum,
                    "available": minimum - shortfall,
                },
            )
        ]
    return [
        Explanation(
            code="minimum_and_demand",
            message=(
                "Every submission can be covered and every minimum load can be reached, but "
                "not both at once: lower some minimum loads or raise some maximum loads."
            ),
        )
    ]
