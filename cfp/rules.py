"""Who may do what in the call and its submissions. The one place access is decided in cfp.

Querysets for lists, counts, searches and exports use the same logic through the QuerySet
methods named beside each predicate.

Check a permission with :func:`allowed`, never ``user.has_perm``: Django's ``has_perm``
answers True to every active superuser before any rule is asked, and a site administrator is
not an organiser (DESIGN.md, Access). Access to a conference's confidential pages comes from
its own roles only; a site administrator who must step in appoints themself through
``cfp.domain.organisers.step_in``, which is recorded and shown to the organisers.
"""

from __future__ import annotations

import rules


def allowed(user, perm: str, obj=None) -> bool:
    """Whether ``user`` holds ``perm`` on ``obj`` by the rules below, whatever the account's
    ``is_superuser`` or ``is_staff`` flags (``rules.has_perm`` asks the predicates only)."""
    return rules.has_perm(perm, user, obj)


@rules.predicate
def is_conference_organiser(user, conference) -> bool:
    if conference is None or not user.is_authenticated:
        return False
    return conference.organisers.filter(pk=user.pk).exists()


rules.add_perm("cfp.organise_conference", is_conference_organiser)


@rules.predicate
def is_published_conference(user, conference) -> bool:
    """The call is public. Mirrors ConferenceQuerySet.public()."""
    return conference is not None and conference.is_public


# Reading the call (landing, theme and contribution-type pages): anyone once published;
# before that only its organisers (others get 404).
rules.add_perm("cfp.view_conference", is_published_conference | is_conference_organiser)


# --- Organisers and submissions. Mirrors SubmissionQuerySet.for_organisers_of (drafts are
# private to their authors, except late drafts, which authors were told to ask the organisers
# to reopen; so are withdrawn drafts that were never submitted) and .excluding_conflicts_of (the seam for conflicts of interest).


@rules.predicate
def is_conflicted_with(user, submission) -> bool:
    """Conflicts of interest, as reviews records them (cfp.conflicts); mirrors
    SubmissionQuerySet.excluding_conflicts_of."""
    from .conflicts import is_conflicted

    return is_conflicted(user, submission)


@rules.predicate
def is_visible_to_organisers(user, submission) -> bool:
    """Submitted or decided; withdrawn only if once submitted (a withdrawn never-submitted
    draft stays private); a draft only if late. Mirrors SubmissionQuerySet.shown_to_organisers.
    """
    from .domain.reading import is_late_draft
    from .models import SubmissionState

    if submission is None:
        return False
    if submission.state == SubmissionState.WITHDRAWN:
        return submission.submitted_at is not None
    if submission.state != SubmissionState.DRAFT:
        return True
    return is_late_draft(submission)


@rules.predicate
def organises_submission_conference(user, submission) -> bool:
    return submission is not None and is_conference_organiser(user, submission.conference)


can_organiser_see_submission = (
    organises_submission_conference & is_visible_to_organisers & ~is_conflicted_with
)
rules.add_perm("cfp.view_submission_as_organiser", can_organiser_see_submission)


# --- Authors and their submissions. Mirrors SubmissionQuerySet.of_author / visible_to.


@rules.predicate
def is_submission_author(user, submission) -> bool:
    """The submitter, a confirmed author, or an unconfirmed author named with one of the
    user's verified emails (who may read the submission and confirm). Mirrors of_author."""
    if submission is None or not user.is_authenticated:
        return False
    if submission.created_by_id == user.pk:
        return True  # of_author's first branch, without a query
    from .models import Submission

    return Submission.objects.filter(pk=submission.pk).of_author(user).exists()


@rules.predicate
def is_submission_editor(user, submission) -> bool:
    """The submitter, or a co-author who confirmed authorship and was marked as an editor."""
    if submission is None or not user.is_authenticated:
        return False
    if submission.created_by_id == user.pk:
        return True
    return submission.authorships.filter(
        user=user, is_editor=True, confirmed_at__isnull=False
    ).exists()


can_view_submission = is_submission_author | can_organiser_see_submission
rules.add_perm("cfp.view_submission", can_view_submission)
rules.add_perm("cfp.change_submission", is_submission_editor)


@rules.predicate
def can_download_submission_file(user, file) -> bool:
    """Whoever may see the file's submission may download its files."""
    return file is not None and can_view_submission(user, file.submission)


rules.add_perm("cfp.download_submission_file", can_download_submission_file)
