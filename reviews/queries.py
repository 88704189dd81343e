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
