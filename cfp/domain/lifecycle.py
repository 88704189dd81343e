"""A submission's state changes: submit, withdraw, and an organiser's reopening and closing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Submission, SubmissionState
from .data import Action, SubmissionClosed, SubmissionIncomplete, record
from .mail import mail_authors
from .messages import closed_message, late_draft_message
from .reading import check_complete, identity_warnings, is_editable


def submit_submission(
    *,
    submission: Submission,
    by,
    now: dt.datetime,
    acknowledge_identity_warnings: bool = False,
) -> bool:
    """Submit a complete draft. Returns False when it was already submitted (double submit).

    Raises ``SubmissionIncomplete`` with the problems (including, under double-blind review,
    an author's name found in the paper unless the author acknowledged the warning), or
    ``SubmissionClosed`` after the deadline (the draft stays as it is, marked as a late draft
    that organisers see) or when withdrawn.

    Side effects: state, submitted_at and revision; a history entry; after commit, a
    confirmation mail to every author. Late: only a LATE_POST_SAVED_AS_DRAFT history entry.
    """
    late = False
    with transaction.atomic():
        submission = (
            # Lock only the submission row: PostgreSQL refuses FOR UPDATE on the nullable
            # side of the outer join to contribution_type.
            Submission.objects.select_for_update(of=("self",))
            .select_related("conference", "contribution_type")
            .get(pk=submission.pk)
        )
        if submission.state == SubmissionState.SUBMITTED:
            return False
        if submission.state != SubmissionState.DRAFT:
            raise SubmissionClosed(closed_message(submission))
        if not is_editable(submission, now):
            # Recorded and committed before refusing: the marker shows the draft to the
            # organisers as a late draft, so that they can find it and reopen it.
            record(submission, Action.LATE_POST_SAVED_AS_DRAFT, by, fields=["state"])
            late = True
        else:
            problems = check_complete(submission)
            if not acknowledge_identity_warnings:
                warnings = identity_warnings(submission)
                if warnings:
                    problems.setdefault("paper_identity", []).extend(warnings)
            if problems:
                raise SubmissionIncomplete(problems)
            submission.state = SubmissionState.SUBMITTED
            submission.submitted_at = now
            submission.revision += 1
            submission.save(update_fields=["state", "submitted_at", "revision", "modified"])
            record(submission, Action.SUBMITTED, by, fields=["state"])
            mail_authors(submission, "submission_submitted")
    if late:
        raise SubmissionClosed(
            _("The submission deadline has passed, so this draft could not be submitted.")
            + " "
            + late_draft_message(submission)
        )
    return True


def withdraw_submission(*, submission: Submission, by, now: dt.datetime) -> bool:
    """Withdraw a draft or submitted submission before a decision. False if already withdrawn.

    Raises ``SubmissionClosed`` once a decision was taken. Side effects: state, withdrawn_at;
    a history entry; after commit, a mail to every author.
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state == SubmissionState.WITHDRAWN:
            return False
        if submission.state in SubmissionState.DECIDED:
            raise SubmissionClosed(closed_message(submission))
        submission.state = SubmissionState.WITHDRAWN
        submission.withdrawn_at = now
        submission.revision += 1
        submission.save(update_fields=["state", "withdrawn_at", "revision", "modified"])
        record(submission, Action.WITHDRAWN, by, fields=["state"])
        mail_authors(submission, "submission_withdrawn")
    return True


def reopen_submission(*, submission: Submission, by, until: dt.datetime) -> Submission:
    """Let the authors change ``submission`` until ``until`` (an organiser's action).

    A withdrawn submission becomes a draft again; decided ones cannot be reopened
    (``SubmissionClosed``). Side effects: reopened_until (and state); a history entry; after
    commit, a mail to every author saying until when they may edit.
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state in SubmissionState.DECIDED:
            raise SubmissionClosed(closed_message(submission))
        fields = ["reopened_until"]
        if submission.state == SubmissionState.WITHDRAWN:
            submission.state = SubmissionState.DRAFT
            submission.withdrawn_at = None
            fields += ["state", "withdrawn_at"]
        submission.reopened_until = until
        submission.revision += 1
        submission.save(update_fields=[*fields, "revision", "modified"])
        record(submission, Action.REOPENED, by, fields=fields)
        mail_authors(submission, "submission_reopened", until=until)
    return submission


def close_reopened_submission(*, submission: Submission, by) -> Submission:
    """End an organiser's reopening now. Side effects: reopened_until cleared; history."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.reopened_until is None:
            return submission
        submission.reopened_until = None
        submission.revision += 1
        submission.save(update_fields=["reopened_until", "revision", "modified"])
        record(submission, Action.SAVED, by, fields=["reopened_until"])
    return submission


def record_decision_state(*, submission: Submission, state: str, by) -> Submission:
    """Set a released decision's state (``ACCEPTED`` or ``REJECTED``; ``SUBMITTED`` for a
    waitlisted paper). Called by reviews when decisions are released; cfp does not know why.

    Refuses a withdrawn or draft submission (``SubmissionClosed``). Side effects: state and
    revision; a history entry when the state changes. Sends no mail (reviews sends the
    notification itself).
    """
    allowed_states = (SubmissionState.ACCEPTED, SubmissionState.REJECTED, SubmissionState.SUBMITTED)
    if state not in allowed_states:
        raise ValueError(f"not a decision state: {state!r}")
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state not in (SubmissionState.SUBMITTED, *SubmissionState.DECIDED):
            raise SubmissionClosed(closed_message(submission))
        if submission.state == state:
            return submission
        submission.state = state
        submission.revision += 1
        submission.save(update_fields=["state", "revision", "modified"])
        record(submission, Action.SAVED, by, fields=["state"])
    return submission
