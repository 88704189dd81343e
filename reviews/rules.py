"""Who may do what in the committee's work. The one place access is decided in reviews.

Querysets for lists, counts, searches, exports and mails use the same logic through the
functions in ``reviews.queries``, named beside each predicate. A conflict of interest is
absolute: every predicate that opens a submission to someone is combined with
``~is_conflicted_with`` (cfp.rules, fed by reviews' Conflict rows through cfp.conflicts).
"""

from __future__ import annotations

import rules

from cfp.rules import (
    is_conference_organiser,
    is_conflicted_with,
    is_submission_author,
    is_submission_editor,
    is_visible_to_organisers,
)


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


# --- The committee's own pages (issue 10, committee part).

# Roles and removals, and inviting theme chairs: organisers only.
rules.add_perm("reviews.appoint_committee", is_conference_organiser)


@rules.predicate
def manages_invitation(user, invitation) -> bool:
    """Organisers manage every invitation of their conference; a theme chair the reviewer
    invitations they sent or that name a theme they chair. Mirrors
    queries.invitations_managed_by."""
    if invitation is None or not user.is_authenticated:
        return False
    from .models import CommitteeMember

    if is_conference_organiser(user, invitation.conference):
        return True
    if invitation.role != CommitteeMember.Role.REVIEWER:
        return False
    if not is_theme_chair(user, invitation.conference):
        return False
    if invitation.invited_by_id == user.pk:
        return True
    return any(chairs_theme(user, theme) for theme in invitation.themes.all())


rules.add_perm("reviews.manage_invitation", manages_invitation)


# The assignment step: organisers run and confirm the engine and edit its settings; theme
# chairs read the settings and previews (their themes' rows only) and assign by hand for
# their themes (reviews.manage_submission). Mirrors queries.managed_submissions.
rules.add_perm("reviews.run_assignment", is_conference_organiser)
rules.add_perm("reviews.view_assignment", is_conference_organiser | is_theme_chair)
# The reviewer's queue: any committee member (it lists queries.assigned_submissions).
rules.add_perm("reviews.view_queue", is_committee_member)


# --- Bidding and conflicts (the conflicts helper's part of issue 10).


@rules.predicate
def is_committee_member_of_submission(user, submission) -> bool:
    """On the committee of the submission's conference. Mirrors queries.biddable_submissions."""
    return submission is not None and is_committee_member(user, submission.conference)


@rules.predicate
def is_open_for_bids(user, submission) -> bool:
    """Submitted (not a draft, not withdrawn, not decided). Mirrors
    queries.biddable_submissions."""
    from cfp.models import SubmissionState

    return submission is not None and submission.state == SubmissionState.SUBMITTED


# A committee member bids on a submitted paper of their conference, never on their own and
# never on one they are conflicted with (the phase is checked by reviews.domain.bids).
can_bid_on_submission = (
    is_committee_member_of_submission
    & is_open_for_bids
    & ~is_submission_author
    & ~is_conflicted_with
)
rules.add_perm("reviews.bid_on_submission", can_bid_on_submission)


@rules.predicate
def is_open_for_author_conflicts(user, submission) -> bool:
    """A draft or a submitted paper (not withdrawn, not decided). Mirrors
    queries.author_conflict_submissions."""
    from cfp.models import SubmissionState

    return submission is not None and submission.state in (
        SubmissionState.DRAFT,
        SubmissionState.SUBMITTED,
    )


# The submission's editors declare its conflicts with committee members.
can_declare_author_conflicts = is_submission_editor & is_open_for_author_conflicts
rules.add_perm("reviews.declare_author_conflicts", can_declare_author_conflicts)

# The affinity settings (weights, public mail providers, bidding switch): organisers only.
rules.add_perm("reviews.change_assignment_settings", is_conference_organiser)


# --- decisions (issue 12)
# Decisions: organisers and theme chairs of the submission's themes, never where conflicted
# (the same as managing a submission's committee work). Releasing decisions and editing the
# notification mails: organisers only. The author response: the submission's editors write
# it; assigned reviewers who submitted their review and the chairs read it. Authors see a
# decision only once released, and the comments to authors only if organisers release them.


@rules.predicate
def organises_conference(user, conference) -> bool:
    return is_conference_organiser(user, conference)


can_decide_submission = can_manage_submission
rules.add_perm("reviews.decide_submission", can_decide_submission)
# The decisions list: organisers and theme chairs (each sees what they may decide).
rules.add_perm("reviews.view_decisions", is_conference_organiser | is_theme_chair)
rules.add_perm("reviews.release_decisions", is_conference_organiser)


@rules.predicate
def has_submitted_review(user, submission) -> bool:
    """Submitted their own review of ``submission``. Mirrors queries.response_readable."""
    if submission is None or not user.is_authenticated:
        return False
    from .models import Review

    return Review.objects.filter(
        submission=submission, reviewer=user, state=Review.State.SUBMITTED
    ).exists()


can_read_author_response = (
    is_assigned_reviewer & has_submitted_review & ~is_conflicted_with
) | can_manage_submission
rules.add_perm("reviews.read_author_response", can_read_author_response)


@rules.predicate
def has_released_decision(user, submission) -> bool:
    """The submission's latest decision was released to its authors."""
    if submission is None:
        return False
    from .models import Decision

    latest = Decision.objects.filter(submission=submission).first()
    return latest is not None and latest.released_at is not None


@rules.predicate
def response_phase_open(user, submission) -> bool:
    """The author response phase of the submission's conference is open now."""
    if submission is None:
        return False
    from django.utils import timezone

    from .domain.decisions import response_phase_is_open

    return response_phase_is_open(submission.conference, timezone.now())


from cfp.rules import is_submission_author as _is_author  # noqa: E402 - this block's own
from cfp.rules import is_submission_editor as _is_editor  # noqa: E402

# The author's page of reviews and decision: any author, once there is something to show.
rules.add_perm(
    "reviews.view_author_reviews",
    _is_author & (has_released_decision | response_phase_open),
)
rules.add_perm("reviews.see_released_decision", _is_author & has_released_decision)
# Answering: the submission's editors, while the phase is open (once: see the domain).
rules.add_perm("reviews.respond_to_reviews", _is_editor & response_phase_open)


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
