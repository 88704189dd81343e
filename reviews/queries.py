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
