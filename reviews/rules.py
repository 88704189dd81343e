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


# --- cockpit (issue 12)
# The chair's cockpit (progress, reminders, scores, the ranked table and its exports) is for
# organisers and theme chairs; what it lists is queries.cockpit_submissions (managed
# submissions: never a conflicted one). The discussion of a submission is for those who
# manage it and for its assigned reviewers once they have submitted their own review; never
# for a conflicted member. The meta-review is written by those who manage it.


@rules.predicate
def has_submitted_review(user, submission) -> bool:
    """``user`` submitted their review of ``submission``. Mirrors queries.discussable_submissions."""
    if submission is None or not user.is_authenticated:
        return False
    from .models import Review

    return Review.objects.filter(
        submission=submission, reviewer=user, state=Review.State.SUBMITTED
    ).exists()


rules.add_perm("reviews.view_cockpit", is_conference_organiser | is_theme_chair)
rules.add_perm("reviews.view_submission_scores", can_manage_submission)
can_discuss_submission = can_manage_submission | (
    is_assigned_reviewer & has_submitted_review & ~is_conflicted_with
)
rules.add_perm("reviews.discuss_submission", can_discuss_submission)
rules.add_perm("reviews.write_meta_review", can_manage_submission)
