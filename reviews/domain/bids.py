"""Bidding: a committee member's preference per submission, and what chairs read of them.

Bidding is open between the submission deadline and the day reviewing begins (the phase
SUBMISSIONS_CLOSED of ``cfp.deadlines``), or from the deadline on when the organisers open it
explicitly (``AssignmentSettings.bidding_open``, for a conference without that date).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q

from cfp import deadlines

from ..models import AssignmentSettings, Bid, CommitteeMember

#: The bids that say "I want it": counted for "papers with too few positive bids".
POSITIVE = (Bid.Preference.EAGER, Bid.Preference.WILLING)
#: Every preference, in the order of ``Bid.Preference`` (the overview's columns).
PREFERENCES = tuple(Bid.Preference.values)
#: Fewer positive bids than this and a paper is listed as short of bids.
DEFAULT_MIN_POSITIVE = 2


class BiddingClosed(Exception):
    pass


def bidding_is_open(conference, now, settings_row: AssignmentSettings | None = None) -> bool:
    """Whether committee members may bid on ``conference`` at ``now``."""
    phase = deadlines.phase(conference, now)
    if phase == deadlines.Phase.SUBMISSIONS_CLOSED:
        return True
    if settings_row is None:
        settings_row = AssignmentSettings.objects.filter(conference=conference).first()
    return (
        settings_row is not None
        and settings_row.bidding_open
        and now >= deadlines.effective_submission_deadline(conference)
    )


def set_bid(*, submission, user, preference: str, now) -> Bid:
    """Record ``user``'s preference for ``submission`` (eager … not willing; "conflict" goes
    through ``declare_reviewer_conflict``, which asks for a reason).

    The caller checks access (``reviews.bid_on_submission``). Side effect: creates or updates
    the Bid row. Raises BiddingClosed outside the bidding phase, ValueError for a preference
    that is not one of the four.
    """
    if preference not in Bid.Preference.values or preference == Bid.Preference.CONFLICT:
        raise ValueError(preference)
    if not bidding_is_open(submission.conference, now):
        raise BiddingClosed
    with transaction.atomic():
        bid, _created = Bid.objects.update_or_create(
            submission=submission, user=user, defaults={"preference": preference}
        )
    return bid


@dataclass(frozen=True)
class ReviewerBids:
    user_id: int
    name: str
    counts: dict[str, int]

    @property
    def cells(self) -> list[int]:
        """The counts in the order of ``Bid.Preference``."""
        return [self.counts.get(p, 0) for p in PREFERENCES]

    @property
    def total(self) -> int:
        return sum(v for k, v in self.counts.items() if k != Bid.Preference.NEUTRAL)


@dataclass(frozen=True)
class PaperBids:
    submission_id: int
    number: int
    title: str
    counts: dict[str, int]

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(p, 0) for p in PREFERENCES]

    @property
    def positive(self) -> int:
        return sum(self.counts.get(p, 0) for p in POSITIVE)


def bid_overview(conference, submissions) -> tuple[list[ReviewerBids], list[PaperBids]]:
    """Bid counts per committee member and per paper, over ``submissions`` only (the
    papers the person looking manages: a conflicted paper's bids are never counted for
    them). A constant number of queries."""
    submission_ids = submissions.values("pk")
    prefs = PREFERENCES
    per_paper = {
        row["pk"]: row for row in submissions.order_by("number").values("pk", "number", "title")
    }
    paper_counts: dict[int, Counter] = {pk: Counter() for pk in per_paper}
    member_users = CommitteeMember.objects.filter(conference=conference).values_list(
        "user_id", "user__full_name"
    )
    reviewer_counts: dict[int, Counter] = {uid: Counter() for uid, _n in member_users}
    names = dict(member_users)
    rows = (
        Bid.objects.filter(submission_id__in=submission_ids, user_id__in=list(names))
        .values("user_id", "submission_id", "preference")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        paper_counts[row["submission_id"]][row["preference"]] += row["n"]
        reviewer_counts[row["user_id"]][row["preference"]] += row["n"]
    reviewers = sorted(
        (
            ReviewerBids(uid, names[uid], {p: counts.get(p, 0) for p in prefs})
            for uid, counts in reviewer_counts.items()
        ),
        key=lambda r: (r.name.casefold(), r.user_id),
    )
    papers = [
        PaperBids(pk, row["number"], row["title"], {p: paper_counts[pk].get(p, 0) for p in prefs})
        for pk, row in per_paper.items()
    ]
    return reviewers, papers


def positive_bid_q() -> Q:
    return Q(preference__in=POSITIVE)


def update_affinity_settings(*, settings_row: AssignmentSettings, changes: dict, by) -> None:
    """Save the organisers' affinity settings: the weights of the score's parts, the public
    mail providers (for automatic conflicts) and the bidding switch. ``changes`` maps field
    names to cleaned values. Side effect: saves those fields of ``settings_row``."""
    allowed = {"weight_bid", "weight_theme", "weight_text", "public_mail_domains", "bidding_open"}
    fields = [name for name in changes if name in allowed]
    with transaction.atomic():
        for name in fields:
            setattr(settings_row, name, changes[name])
        settings_row.save(update_fields=fields)
