"""Querysets that mirror reviews/rules.py, for lists, counts, exports and mails.

Each function answers, for many rows at once, exactly what the predicate of the same name
answers for one; tests/reviews/test_rules_queries.py holds them to it.
"""

from __future__ import annotations

from django.db.models import Q

from cfp.models import Submission, Theme

from .models import Assignment, CommitteeMember


def committee_of(conference):
    """The committee members of ``conference`` (any role)."""
    return CommitteeMember.objects.filter(conference=conference)


def themes_chaired_by(user, conference):
    """The themes of ``conference`` that ``user`` chairs. Mirrors rules.chairs_theme."""
    if not user.is_authenticated:
        return Theme.objects.none()
    return Theme.objects.filter(
        conference=conference,
        pk__in=CommitteeMember.themes.through.objects.filter(
            committeemember__user=user,
            committeemember__conference=conference,
            committeemember__role=CommitteeMember.Role.THEME_CHAIR,
        ).values("theme_id"),
    )


def managed_submissions(user, conference):
    """Submissions (shown to organisers) whose committee work ``user`` manages: all of them
    for an organiser, those of their themes for a theme chair; never a conflicted one.
    Mirrors rules.can_manage_submission."""
    if not user.is_authenticated:
        return Submission.objects.none()
    qs = Submission.objects.for_organisers_of(conference, user)
    if conference.organisers.filter(pk=user.pk).exists():
        return qs
    return qs.filter(themes__in=themes_chaired_by(user, conference)).distinct()


def assigned_submissions(user, conference=None):
    """Submissions ``user`` is assigned to review, without conflicted ones. Mirrors
    rules.can_review_submission."""
    if not user.is_authenticated:
        return Submission.objects.none()
    qs = Submission.objects.filter(
        pk__in=Assignment.objects.filter(reviewer=user).values("submission_id")
    )
    if conference is not None:
        qs = qs.filter(conference=conference)
    return qs.excluding_conflicts_of(user)


def organised_or_chaired_conferences_q(user) -> Q:
    """A Q over Conference for the conferences where ``user`` manages committee work."""
    return Q(organisers=user) | Q(
        committee__user=user, committee__role=CommitteeMember.Role.THEME_CHAIR
    )


def invitations_managed_by(user, conference):
    """The invitations of ``conference`` that ``user`` manages. Mirrors
    rules.manages_invitation."""
    from .models import Invitation

    if not user.is_authenticated:
        return Invitation.objects.none()
    qs = Invitation.objects.filter(conference=conference)
    if conference.organisers.filter(pk=user.pk).exists():
        return qs
    if not CommitteeMember.objects.filter(
        conference=conference, user=user, role=CommitteeMember.Role.THEME_CHAIR
    ).exists():
        return Invitation.objects.none()
    return qs.filter(
        Q(invited_by=user) | Q(themes__in=themes_chaired_by(user, conference)),
        role=CommitteeMember.Role.REVIEWER,
    ).distinct()


def biddable_submissions(user, conference):
    """The submissions ``user`` may bid on in ``conference``: submitted ones, if they are on
    its committee, without their own and without those they are conflicted with. Mirrors
    rules.can_bid_on_submission."""
    from cfp.models import SubmissionState

    if not user.is_authenticated or not committee_of(conference).filter(user=user).exists():
        return Submission.objects.none()
    return (
        Submission.objects.filter(conference=conference, state=SubmissionState.SUBMITTED)
        .exclude(pk__in=Submission.objects.of_author(user).values("pk"))
        .excluding_conflicts_of(user)
    )


def author_conflict_submissions(user):
    """The submissions whose conflicts ``user`` may declare as their editor: drafts and
    submitted ones they created or may edit. Mirrors rules.can_declare_author_conflicts."""
    from cfp.models import Authorship, SubmissionState

    if not user.is_authenticated:
        return Submission.objects.none()
    edited = Authorship.objects.filter(
        user=user, is_editor=True, confirmed_at__isnull=False
    ).values("submission_id")
    return Submission.objects.filter(
        Q(created_by=user) | Q(pk__in=edited),
        state__in=(SubmissionState.DRAFT, SubmissionState.SUBMITTED),
    )


# --- decisions (issue 12)


def decidable_submissions(user, conference):
    """Submissions ``user`` may decide. Mirrors rules.can_decide_submission."""
    return managed_submissions(user, conference)


def response_readable(user, conference):
    """Submissions whose author response ``user`` may read. Mirrors
    rules.can_read_author_response."""
    if not user.is_authenticated:
        return Submission.objects.none()
    from .models import Review

    reviewed = assigned_submissions(user, conference).filter(
        pk__in=Review.objects.filter(reviewer=user, state=Review.State.SUBMITTED).values(
            "submission_id"
        )
    )
    return Submission.objects.filter(
        Q(pk__in=reviewed.values("pk"))
        | Q(pk__in=managed_submissions(user, conference).values("pk"))
    )


def released_decision_submissions(user):
    """The submissions ``user`` authors whose latest decision is released. Mirrors
    rules.has_released_decision combined with cfp.rules.is_submission_author."""
    from django.db.models import OuterRef, Subquery

    from .models import Decision

    latest = Decision.objects.filter(submission=OuterRef("pk")).order_by("-decided_at", "-pk")
    return (
        Submission.objects.of_author(user)
        .annotate(latest_released=Subquery(latest.values("released_at")[:1]))
        .filter(latest_released__isnull=False)
    )


# --- cockpit (issue 12)


def cockpit_conference_q(user) -> Q:
    """A Q over Conference where ``user`` may open the cockpit. Mirrors the perm
    ``reviews.view_cockpit`` (organiser or theme chair)."""
    return organised_or_chaired_conferences_q(user)


def cockpit_submissions(user, conference):
    """What the cockpit lists, ranks and exports for ``user``: the managed submissions.
    Mirrors ``reviews.view_submission_scores`` and ``reviews.write_meta_review``."""
    return managed_submissions(user, conference)


def discussable_submissions(user, conference):
    """Submissions whose discussion ``user`` may read and join: the managed ones, and those
    they are assigned to and have submitted a review of, never a conflicted one. Mirrors
    ``reviews.discuss_submission``."""
    if not user.is_authenticated:
        return Submission.objects.none()
    from .models import Review

    reviewed = Submission.objects.filter(
        conference=conference,
        pk__in=Assignment.objects.filter(reviewer=user).values("submission_id"),
    ).filter(
        pk__in=Review.objects.filter(reviewer=user, state=Review.State.SUBMITTED).values(
            "submission_id"
        )
    )
    managed = managed_submissions(user, conference).values("pk")
    return Submission.objects.filter(
        Q(pk__in=managed) | Q(pk__in=reviewed.excluding_conflicts_of(user).values("pk"))
    )


# --- reviewing (issue 12)


def reviewable_submissions(user, conference=None):
    """Submissions ``user`` may review. Mirrors rules.can_write_review."""
    return assigned_submissions(user, conference)


def submissions_with_other_reviews_visible(user, conference=None):
    """Submissions whose other reviews ``user`` may read: reviewable, own review submitted,
    the conference's switch on. Mirrors rules.can_view_other_reviews."""
    from .models import Review, ReviewingSettings

    qs = reviewable_submissions(user, conference)
    if not user.is_authenticated:
        return qs
    switched_off = ReviewingSettings.objects.filter(others_reviews_after_own=False).values(
        "conference_id"
    )
    return qs.filter(
        pk__in=Review.objects.filter(reviewer=user, state=Review.State.SUBMITTED).values(
            "submission_id"
        )
    ).exclude(conference_id__in=switched_off)


def other_reviews_visible_to(user, submission):
    """The submitted reviews of ``submission`` by others that ``user`` may read (none unless
    rules.can_view_other_reviews), oldest submission first."""
    from .models import Review

    if not submissions_with_other_reviews_visible(user).filter(pk=submission.pk).exists():
        return Review.objects.none()
    return (
        Review.objects.filter(submission=submission, state=Review.State.SUBMITTED)
        .exclude(reviewer=user)
        .order_by("submitted_at", "pk")
    )


def declined_for(conference, user=None):
    """The declined assignments of ``conference``, newest first; with ``user``, only those of
    submissions whose committee work ``user`` manages (mirrors rules.can_manage_submission)."""
    from .models import DeclinedAssignment

    qs = DeclinedAssignment.objects.filter(submission__conference=conference)
    if user is not None:
        qs = qs.filter(submission__in=managed_submissions(user, conference))
    from django.db.models import F

    return qs.select_related("submission", "reviewer").order_by(
        F("handled_at").asc(nulls_first=True), "-declined_at", "-pk"
    )
