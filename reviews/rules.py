"""Who may do what in the committee's work. The one place access is decided in reviews.

Querysets for lists, counts, searches, exports and mails use the same logic through the
functions in ``reviews.queries``, named beside each predicate. A conflict of interest is
absolute: every predicate that opens a submission to someone is combined with
``~is_conflicted_with`` (cfp.rules, fed by reviews' Conflict rows through cfp.conflicts).
"""

from __future__ import annotations

import rules

from cfp.rules import is_conference_organiser, is_conflicted_with, is_visible_to_organisers


def _member(user, conference):
    if conference is None or not user.is_authenticated:
        return None
    from .models import CommitteeMember

    return CommitteeMember.objects.filter(conference=conference, user=user).first()


@rules.predicate
def is_committee_member(user, conference) -> bool:
    """Any committee role in ``conference``. Mirrors queries.committee_of."""
    return _member(user, conference) is not None


@rules.predicate
def is_theme_chair(user, conference) -> bool:
    """A theme chair of at least one theme of ``conference``."""
    from .models import CommitteeMember

    member = _member(user, conference)
    return member is not None and member.role == CommitteeMember.Role.THEME_CHAIR


@rules.predicate
def chairs_theme(user, theme) -> bool:
    """A theme chair of ``theme``. Mirrors queries.themes_chaired_by."""
    if theme is None or not user.is_authenticated:
        return False
    from .models import CommitteeMember

    return CommitteeMember.objects.filter(
        conference_id=theme.conference_id,
        user=user,
        role=CommitteeMember.Role.THEME_CHAIR,
        themes=theme,
    ).exists()


# The committee area of a conference: organisers see all of it, theme chairs the work of
# their own themes, reviewers their own pages.
rules.add_perm("reviews.manage_committee", is_conference_organiser | is_theme_chair)
rules.add_perm("reviews.view_committee_area", is_conference_organiser | is_committee_member)


@rules.predicate
def chairs_a_theme_of_submission(user, submission) -> bool:
    """A theme chair of one of the submission's themes. Mirrors queries.managed_submissions."""
    if submission is None or not user.is_authenticated:
        return False
    from .models import CommitteeMember

    return CommitteeMember.objects.filter(
        conference_id=submission.conference_id,
        user=user,
        role=CommitteeMember.Role.THEME_CHAIR,
        themes__in=submission.themes.all(),
    ).exists()


@rules.predicate
def organises_conference_of_submission(user, submission) -> bool:
    return submission is not None and is_conference_organiser(user, submission.conference)


@rules.predicate
def is_assigned_reviewer(user, submission) -> bool:
    """Assigned to review ``submission``. Mirrors queries.assigned_submissions."""
    if submission is None or not user.is_authenticated:
        return False
    from .models import Assignment

    return Assignment.objects.filter(submission=submission, reviewer=user).exists()


# Chairs and organisers manage a submission's committee work (assign, conflicts, bids seen):
# what organisers may see of the call (no private drafts), never where they are conflicted.
can_manage_submission = (
    (organises_conference_of_submission | chairs_a_theme_of_submission)
    & is_visible_to_organisers
    & ~is_conflicted_with
)
rules.add_perm("reviews.manage_submission", can_manage_submission)

# A reviewer reads (and downloads the reviewers' copy of) what they are assigned, unless
# conflicted (an assignment made before a conflict was found must not open it).
can_review_submission = is_assigned_reviewer & ~is_conflicted_with
rules.add_perm("reviews.review_submission", can_review_submission)


# --- reviewing (issue 12)


@rules.predicate
def has_submitted_review(user, submission) -> bool:
    """``user`` has submitted their own review of ``submission``."""
    if submission is None or not user.is_authenticated:
        return False
    from .models import Review

    return Review.objects.filter(
        submission=submission, reviewer=user, state=Review.State.SUBMITTED
    ).exists()


@rules.predicate
def others_reviews_shown(user, submission) -> bool:
    """The conference shows reviewers the other reviews after their own (the organisers'
    switch; on by default)."""
    if submission is None:
        return False
    from .models import ReviewingSettings

    value = (
        ReviewingSettings.objects.filter(conference_id=submission.conference_id)
        .values_list("others_reviews_after_own", flat=True)
        .first()
    )
    return True if value is None else value


# Writing a review: assigned and not conflicted (the same as reading the paper as a reviewer).
# Mirrors queries.reviewable_submissions.
can_write_review = can_review_submission
rules.add_perm("reviews.write_review", can_write_review)

# The other reviews of a paper: once one's own is submitted, if the conference shows them,
# never where conflicted. Mirrors queries.submissions_with_other_reviews_visible.
can_view_other_reviews = can_write_review & has_submitted_review & others_reviews_shown
rules.add_perm("reviews.view_other_reviews", can_view_other_reviews)
