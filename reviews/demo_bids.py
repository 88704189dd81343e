"""Demo bids and conflicts for ``manage.py demo``: call ``add_bids_and_conflicts`` after the
demo committee exists (``reviews.demo.create_demo_committee``).

Deterministic (the same data on every run) and idempotent (running it twice changes
nothing): automatic conflicts from the refresh, one conflict declared by an author, one
declared by a reviewer while bidding, and a bid from every member on most papers, eager or
willing where the paper is in a theme they know.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from cfp.models import Conference, Submission, SubmissionState

from .domain import conflicts as conflicts_domain
from .models import Bid, CommitteeMember, Conflict, ConflictReason

#: For papers outside a member's themes, cycling by (member, paper): some left unbid.
_OTHER_PREFERENCES = (
    None,
    Bid.Preference.NEUTRAL,
    Bid.Preference.WILLING,
    None,
    Bid.Preference.NOT_WILLING,
)


@dataclass(frozen=True)
class DemoBids:
    bids: int
    automatic_conflicts: int
    declared_conflicts: int


def add_bids_and_conflicts(conference: Conference) -> DemoBids:
    """Bids and conflicts for the demo conference. Side effects: Conflict rows (automatic,
    author, reviewer) with their ConflictChange log; Bid rows. Once the conference has bids
    it does nothing more (later demo steps decide papers, which would change its choices)."""
    if Bid.objects.filter(submission__conference=conference).exists():
        return _counts(conference, bids=0, declared=0)
    with transaction.atomic():
        conflicts_domain.refresh_automatic_conflicts(conference)
        members = list(
            CommitteeMember.objects.filter(conference=conference)
            .select_related("user")
            .prefetch_related("expertise_themes")
            .order_by("pk")
        )
        submissions = list(
            Submission.objects.filter(conference=conference, state=SubmissionState.SUBMITTED)
            .prefetch_related("themes")
            .order_by("number")
        )
        reviewers = [m for m in members if m.role == CommitteeMember.Role.REVIEWER]
        declared = 0
        if reviewers and submissions:
            # An author declares a conflict with the first reviewer (a former collaborator).
            paper = submissions[0]
            author_rows = Conflict.objects.filter(submission=paper, source=Conflict.Source.AUTHOR)
            if not author_rows.exists() and paper.created_by_id is not None:
                conflicts_domain.declare_author_conflicts(
                    submission=paper,
                    by=paper.created_by,
                    declared={reviewers[0].user_id: ConflictReason.COLLABORATOR},
                )
            # The last reviewer declares one while bidding (supervised the author).
            last = reviewers[-1]
            target = submissions[-1]
            if (
                not Conflict.objects.filter(
                    user=last.user, source=Conflict.Source.REVIEWER
                ).exists()
                and not Conflict.objects.filter(
                    user=last.user, submission=target, waived_at__isnull=True
                ).exists()
            ):
                conflicts_domain.declare_reviewer_conflict(
                    submission=target,
                    user=last.user,
                    reason=ConflictReason.SUPERVISION,
                    note="I supervised the first author's thesis.",
                )
            declared = Conflict.objects.filter(
                submission__conference=conference,
                source__in=(Conflict.Source.AUTHOR, Conflict.Source.REVIEWER),
            ).count()
        conflicted = conflicts_domain.conflicted_pairs(conference)
        authored = {(s.created_by_id, s.pk) for s in submissions if s.created_by_id is not None}
        bids = 0
        for i, member in enumerate(members):
            known = {t.pk for t in member.expertise_themes.all()}
            for j, submission in enumerate(submissions):
                pair = (member.user_id, submission.pk)
                if pair in conflicted or pair in authored:
                    continue
                if known & {t.pk for t in submission.themes.all()}:
                    preference = Bid.Preference.EAGER if (i + j) % 2 else Bid.Preference.WILLING
                else:
                    preference = _OTHER_PREFERENCES[(i + 2 * j) % len(_OTHER_PREFERENCES)]
                if preference is None:
                    continue
                Bid.objects.update_or_create(
                    submission=submission, user=member.user, defaults={"preference": preference}
                )
                bids += 1
    return _counts(conference, bids=bids, declared=declared)


def _counts(conference: Conference, *, bids: int, declared: int) -> DemoBids:
    automatic = Conflict.objects.filter(
        submission__conference=conference, source=Conflict.Source.AUTOMATIC
    ).count()
    return DemoBids(bids=bids, automatic_conflicts=automatic, declared_conflicts=declared)
