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
