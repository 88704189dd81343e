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
from .network import group_cover_cut, max_cover_cut
from .prepare import Prepared

_LIST = 8  # indices named in a message; the full list is in the structured fields


def _names(kind: str, indices: np.ndarray) -> str:
    shown = ", ".join(str(int(i)) for i in indices[:_LIST])
    more = f" and {indices.size - _LIST} more" if indices.size > _LIST else ""
    noun = kind if indices.size == 1 else kind + "s"
    return f"{noun} {shown}{more}"


def _these(n: int, kind: str) -> str:
    return f"this {kind}" if n == 1 else f"these {n} {kind}s"


def _cap(text: str) -> str:
    """First letter upper-cased, the rest untouched (group names keep their case)."""
    return text[:1].upper() + text[1:]


def _agree(n: int, singular: str, plural: str) -> str:
    """The word that agrees with a count of ``n``: ``_agree(1, "has", "have") == "has"``."""
    return singular if n == 1 else plural


def _count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and its noun in agreement: "1 place", "3 places", "0 reviews"."""
    return f"{n} {_agree(n, noun, plural or noun + 's')}"


def _group_list(names: list[str]) -> str:
    return f"{_agree(len(names), 'group', 'groups')} {', '.join(names)}"


def precheck(prep: Prepared) -> list[Explanation]:
    """Local, solver-free reasons for infeasibility (empty when none is found)."""
    out: list[Explanation] = []
    P, R = prep.n_sub, prep.n_rev

    if prep.locked_forbidden.size:
        pairs = prep.locked_forbidden
        k = pairs.shape[0]
        out.append(
            Explanation(
                code="locked_conflict",
                message=(
                    f"{_count(k, 'locked pair')} {_agree(k, 'is', 'are')} also declared "
                    f"{_agree(k, 'a conflict', 'conflicts')}: "
                    + ", ".join(f"submission {p} with reviewer {r}" for p, r in pairs[:_LIST])
                    + (f" and {k - _LIST} more" if k > _LIST else "")
                    + f". Unlock {_agree(k, 'it', 'them')} or clear the "
                    f"{_agree(k, 'conflict', 'conflicts')}: a conflicted reviewer is never "
                    "assigned."
                ),
                submissions=tuple(int(p) for p in np.unique(pairs[:, 0])),
                reviewers=tuple(int(r) for r in np.unique(pairs[:, 1])),
                numbers={"pairs": int(k)},
            )
        )
    over = np.flatnonzero(prep.demand_rem < 0)
    if over.size:
        n = over.size
        out.append(
            Explanation(
                code="locked_exceeds_demand",
                message=(
                    f"{_cap(_these(n, 'submission'))} ({_names('submission', over)}) "
                    f"already {_agree(n, 'has', 'have')} more locked reviewers than reviews "
                    "needed: unlock some or raise the number of reviews."
                ),
                submissions=tuple(int(p) for p in over),
                numbers={"submissions": int(n)},
            )
        )
    over = np.flatnonzero(prep.cap_rem < 0)
    if over.size:
        n = over.size
        out.append(
            Explanation(
                code="locked_exceeds_load",
                message=(
                    f"{_cap(_these(n, 'reviewer'))} ({_names('reviewer', over)}) "
                    f"{_agree(n, 'has', 'have')} more locked submissions than "
                    f"{_agree(n, 'their maximum load', 'their maximum loads')}: unlock some or "
                    "raise the maximum."
                ),
                reviewers=tuple(int(r) for r in over),
                numbers={"reviewers": int(n)},
            )
        )

    demand = np.maximum(prep.demand_rem, 0)
    cap = np.maximum(prep.cap_rem, 0)
    # Eligible reviewers with a place left: a reviewer whose load is full is not eligible.
    usable = cap[prep.arc_rev] > 0
    eligible = np.bincount(prep.arc_sub[usable], minlength=P)
    short = np.flatnonzero(eligible < demand)
    if short.size:
        # One message per (eligible, needed) pattern: "these 12 submissions have only 2
        # eligible reviewers each but need 3".
        key = eligible[short] * (demand.max() + 1) + demand[short]
        for k in np.unique(key):
            subs = short[key == k]
            n = subs.size
            have, need = int(eligible[subs[0]]), int(demand[subs[0]])
            # "each" only where it distributes: not after "no"
            each = " each" if n > 1 and have > 0 else ""
            only = "no" if have == 0 else f"only {have}"
            out.append(
                Explanation(
                    code="too_few_eligible",
                    message=(
                        f"{_cap(_these(n, 'submission'))} ({_names('submission', subs)}) "
                        f"{_agree(n, 'has', 'have')} {only} eligible "
                        f"{_agree(have, 'reviewer', 'reviewers')}{each} but "
                        f"{_agree(n, 'needs', 'need')} {need}: invite reviewers for "
                        f"{_agree(n, 'it', 'them')}, clear wrong conflicts, or lower the number "
                        "of reviews."
                    ),
                    submissions=tuple(int(p) for p in subs),
                    numbers={"submissions": int(n), "eligible": have, "needed": need},
                )
            )

    for g, name in enumerate(prep.group_names):
        subs = prep.group_subs[g]
        need = prep.need_rem[subs]
        if np.any(need > demand[subs]):
            bad = subs[need > demand[subs]]
            n = bad.size
            out.append(
                Explanation(
                    code="group_exceeds_demand",
                    message=(
                        f"Group {name} asks for more of its reviewers than "
                        f"{_these(n, 'submission')} ({_names('submission', bad)}) "
                        f"{_agree(n, 'needs', 'need')} in total once locked reviewers are "
                        "counted: lower the group's minimum or unlock some reviewers."
                    ),
                    submissions=tuple(int(p) for p in bad),
                    numbers={"group": name},
                )
            )
        in_group = usable & prep.arc_in_group & (prep.sub_group[prep.arc_sub] == g)
        have = np.bincount(prep.arc_sub[in_group], minlength=P)[subs]
        bad = subs[have < need]
        if bad.size:
            n, most = bad.size, int(need[have < need].max())
            out.append(
                Explanation(
                    code="group_too_few_eligible",
                    message=(
                        f"{_cap(_these(n, 'submission'))} of group {name} "
                        f"({_names('submission', bad)}) cannot get the "
                        f"{_count(most, 'reviewer')} of {name} {_agree(n, 'it needs', 'they need')}"
                        ": too few of them are eligible. Invite reviewers of this group or clear "
                        "conflicts."
                    ),
                    submissions=tuple(int(p) for p in bad),
                    numbers={"group": name, "submissions": int(n)},
                )
            )
        members = prep.group_reviewers[g]
        places = int(cap[members].sum())
        needed = int(need.sum())
        if places < needed:
            out.append(
                Explanation(
                    code="group_capacity",
                    message=(
                        f"{_agree(members.size, 'The reviewer', 'Reviewers')} of {name} "
                        f"{_agree(members.size, 'has', 'have')} {_count(places, 'place')} left "
                        f"and its submissions need {_count(needed, 'review')} from "
                        f"{_agree(members.size, 'them', 'them')}: raise their loads or add "
                        f"reviewers to {name}."
                    ),
                    submissions=tuple(int(p) for p in subs),
                    reviewers=tuple(int(r) for r in members),
                    numbers={"group": name, "places": places, "needed": needed},
                )
            )

    places, needed = int(cap.sum()), int(demand.sum())
    if places < needed:
        out.append(
            Explanation(
                code="total_capacity",
                message=(
                    f"Reviewers have {_count(places, 'place')} left in total but submissions "
                    f"need {_count(needed, 'more review')}: raise maximum loads, add reviewers, "
                    "or lower the number of reviews."
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
                    f"Minimum loads add up to {_count(minimum, 'review')} but submissions need "
                    f"only {needed}: lower the minimum loads."
                ),
                numbers={"minimum": minimum, "needed": needed},
            )
        )
    reach = np.bincount(prep.arc_rev[demand[prep.arc_sub] > 0], minlength=R)
    low = np.flatnonzero(reach < prep.min_rem)
    if low.size:
        n = low.size
        out.append(
            Explanation(
                code="minimum_unreachable",
                message=(
                    f"{_cap(_these(n, 'reviewer'))} ({_names('reviewer', low)}) "
                    f"{_agree(n, 'is', 'are')} eligible for fewer submissions than "
                    f"{_agree(n, 'their minimum load', 'their minimum loads')}: lower "
                    f"{_agree(n, 'it', 'them')} or check the conflicts."
                ),
                reviewers=tuple(int(r) for r in low),
                numbers={"reviewers": int(n)},
            )
        )
    return out


def explain_cut(prep: Prepared) -> list[Explanation]:
    """Global reasons, from a minimum cut. Call when the flow is infeasible.

    Every number stated is exact for the sets named: ``available`` is the most the named
    submissions (or reviewers) can get, computed by max flow with all the constraints.
    """
    shortfall, subs, revs, outside = max_cover_cut(prep)
    if shortfall > 0:
        # A grouped submission on the source side whose outside node is not: the cut runs
        # through "at most d − k from outside the group", so the group requirement binds.
        grouped = subs[(prep.sub_group[subs] >= 0) & (prep.need_rem[subs] > 0)]
        binding = np.setdiff1d(grouped, outside)
        if binding.size:
            g_short, g_subs, _ = group_cover_cut(prep, binding)
            if g_short > 0:
                return [_group_bottleneck(prep, g_subs, g_short)]
        return [_hall_deficit(prep, subs, revs, shortfall)]
    shortfall, revs, subs, outside = _reverse(prep)
    if shortfall > 0:
        return [_minimum_deficit(prep, revs, subs, outside, shortfall)]
    return [
        Explanation(
            code="minimum_and_demand",
            message=(
                "Every submission can be covered and every minimum load can be reached, but "
                "not both at once: lower some minimum loads or raise some maximum loads."
            ),
        )
    ]


def _reverse(prep: Prepared):
    shortfall, subs, revs, outside = max_cover_cut(prep, reverse=True)
    return shortfall, revs, subs, outside


def _hall_deficit(prep: Prepared, subs, revs, shortfall: int) -> Explanation:
    demand = np.maximum(prep.demand_rem, 0)
    n = subs.size
    needed = int(demand[subs].sum())
    groups = sorted(
        {prep.group_names[g] for g in prep.sub_group[subs[prep.need_rem[subs] > 0]] if g >= 0}
    )
    with_groups = f" while meeting the minimum of {_group_list(groups)}" if groups else ""
    raise_loads = f"raise the loads of {_names('reviewer', revs)}, " if revs.size else ""
    between = " between them" if n > 1 else ""
    return Explanation(
        code="hall_deficit",
        message=(
            f"{_cap(_these(n, 'submission'))} ({_names('submission', subs)}) "
            f"{_agree(n, 'needs', 'need')} {_count(needed, 'review')}{between}, but the "
            f"reviewers eligible for {_agree(n, 'it', 'them')} can take at most "
            f"{needed - shortfall}{with_groups}: {raise_loads}invite more reviewers for these "
            "topics, or lower the number of reviews."
        ),
        submissions=tuple(int(p) for p in subs),
        reviewers=tuple(int(r) for r in revs),
        numbers={"submissions": int(n), "needed": needed, "available": needed - shortfall},
    )


def _group_bottleneck(prep: Prepared, subs, shortfall: int) -> Explanation:
    cap = np.maximum(prep.cap_rem, 0)
    mine = np.zeros(prep.n_sub, dtype=bool)
    mine[subs] = True
    arcs = prep.arc_in_group & mine[prep.arc_sub] & (cap[prep.arc_rev] > 0)
    revs = np.unique(prep.arc_rev[arcs])
    needed = int(prep.need_rem[subs].sum())
    places = int(cap[revs].sum())
    available = needed - shortfall
    names = sorted({prep.group_names[g] for g in prep.sub_group[subs]})
    n, k = subs.size, revs.size
    if not k:
        who = f"no reviewer of the {_agree(len(names), 'group', 'groups')} eligible for them has"
        who += " a place left"
    else:
        who = (
            f"their eligible {_agree(k, 'reviewer', 'reviewers')} ({_names('reviewer', revs)}) "
            f"{_agree(k, 'has', 'have')} {_count(places, 'place')} left"
        )
        if available < places:
            who += f" and can give {_agree(n, 'it', 'them')} only {available}"
            who += " (a reviewer reviews a submission once)"
    return Explanation(
        code="group_bottleneck",
        message=(
            f"{_cap(_group_list(names))} {_agree(len(names), 'needs', 'need')} "
            f"{_count(needed, 'review')} from {_agree(len(names), 'its', 'their')} reviewers for "
            f"{_these(n, 'submission')} ({_names('submission', subs)}), but {who}: raise the "
            f"loads of {_agree(len(names), 'its', 'their')} reviewers, add reviewers to "
            f"{_agree(len(names), 'the group', 'the groups')}, or lower "
            f"{_agree(len(names), 'its', 'their')} minimum."
        ),
        submissions=tuple(int(p) for p in subs),
        reviewers=tuple(int(r) for r in revs),
        numbers={
            "groups": ", ".join(names),
            "submissions": int(n),
            "needed": needed,
            "places": places,
            "available": available,
        },
    )


def _minimum_deficit(prep: Prepared, revs, side_subs, outside, shortfall: int) -> Explanation:
    demand = np.maximum(prep.demand_rem, 0)
    mine = np.zeros(prep.n_rev, dtype=bool)
    mine[revs] = True
    arcs = mine[prep.arc_rev] & (demand[prep.arc_sub] > 0)
    subs = np.unique(prep.arc_sub[arcs])
    minimum = int(prep.min_rem[revs].sum())
    available = minimum - shortfall
    n, m = revs.size, subs.size
    # outside node reachable, submission not: "at most d − k from outside" binds
    reserved = np.setdiff1d(outside, side_subs)
    groups = sorted({prep.group_names[g] for g in prep.sub_group[reserved]})
    kept = int(prep.need_rem[reserved].sum())
    hint = ""
    if groups:
        hint = (
            f" ({_group_list(groups)} {_agree(len(groups), 'keeps', 'keep')} "
            f"{_count(kept, 'review')} of {_names('submission', reserved)} for "
            f"{_agree(len(groups), 'its', 'their')} own reviewers)"
        )
    between = " between them" if n > 1 else ""
    if m:
        target = f"the {_agree(m, 'submission', 'submissions')} {_agree(n, 'it is', 'they are')}"
        target += f" eligible for ({_names('submission', subs)})"
    else:
        target = f"no submission {_agree(n, 'it is', 'they are')} eligible for"
    return Explanation(
        code="minimum_deficit",
        message=(
            f"{_cap(_these(n, 'reviewer'))} ({_names('reviewer', revs)}) must receive at "
            f"least {_count(minimum, 'review')}{between}, but {target} can take only "
            f"{available}{hint}: lower {_agree(n, 'its minimum load', 'their minimum loads')}"
            f"{', or lower the minimum of ' + ', '.join(groups) if groups else ''}."
        ),
        submissions=tuple(int(p) for p in subs),
        reviewers=tuple(int(r) for r in revs),
        numbers={
            "reviewers": int(n),
            "minimum": minimum,
            "available": available,
            **({"groups": ", ".join(groups), "reserved": kept} if groups else {}),
        },
    )
