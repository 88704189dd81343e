"""Decisions, their release to authors with the notification mails, the mails' templates,
and the authors' response to the reviews.

Every write of this part goes through a function here (keyword-only, atomic). Access is
the caller's: views check ``reviews.decide_submission`` (and friends) before calling.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cfp.domain.lifecycle import record_decision_state
from cfp.domain.mail import recipients
from cfp.models import Submission, SubmissionState
from cfp.wordcount import count_words

from .. import notifications
from ..models import (
    AuthorResponse,
    Decision,
    NotificationMessage,
    NotificationTemplate,
    Outcome,
    ReviewingSettings,
)


class DecisionError(Exception):
    """The step is not possible; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def reviewing_settings(conference) -> ReviewingSettings:
    found = ReviewingSettings.objects.filter(conference=conference).first()
    return found or ReviewingSettings(conference=conference)


def latest_decision(submission) -> Decision | None:
    return Decision.objects.filter(submission=submission).first()


def allowed_outcomes(conference) -> list[tuple[str, str]]:
    """The outcomes this conference offers (posters only if it offers them)."""
    offers_posters = reviewing_settings(conference).offers_posters
    return [
        (value, label)
        for value, label in Outcome.choices
        if offers_posters or value != Outcome.ACCEPT_POSTER
    ]


# --- deciding


def decide(*, submission: Submission, outcome: str, by, required_revisions: str = "") -> Decision:
    """Record a decision on ``submission`` (the latest one counts; earlier ones stay as history).

    Refuses (``DecisionError``) an outcome the conference does not offer, revisions without
    their text, and a submission that is not submitted (a draft or withdrawn one). A
    decision is not visible to authors until released. Side effects: a Decision row.
    """
    if outcome not in dict(allowed_outcomes(submission.conference)):
        raise DecisionError(_("This conference does not offer that outcome."))
    required_revisions = required_revisions.strip()
    if outcome == Outcome.ACCEPT_WITH_REVISIONS and not required_revisions:
        raise DecisionError(_("Say which revisions are required."))
    if outcome != Outcome.ACCEPT_WITH_REVISIONS:
        required_revisions = ""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state not in (SubmissionState.SUBMITTED, *SubmissionState.DECIDED):
            raise DecisionError(_("Only a submitted paper can be decided."))
        return Decision.objects.create(
            submission=submission,
            outcome=outcome,
            required_revisions=required_revisions,
            decided_by=by,
        )


def decide_many(*, submissions, outcome: str, by) -> list[Decision]:
    """The same decision for each of ``submissions`` (already checked by the caller), in one
    transaction: all or none. Accept with revisions needs each paper's own text, so it is
    refused here."""
    if outcome == Outcome.ACCEPT_WITH_REVISIONS:
        raise DecisionError(_("Revisions are specific to each paper: decide those one by one."))
    with transaction.atomic():
        return [decide(submission=s, outcome=outcome, by=by) for s in submissions]


# --- releasing and notifying

STATE_FOR_OUTCOME = {
    Outcome.ACCEPT_PAPER: SubmissionState.ACCEPTED,
    Outcome.ACCEPT_POSTER: SubmissionState.ACCEPTED,
    Outcome.ACCEPT_WITH_REVISIONS: SubmissionState.ACCEPTED,
    Outcome.WAITLIST: SubmissionState.SUBMITTED,
    Outcome.REJECT: SubmissionState.REJECTED,
}


def release_decisions(*, submissions, by, now: dt.datetime | None = None) -> list[Decision]:
    """Release the latest decision of each of ``submissions`` to its authors.

    In one transaction: ``released_at`` set, the submission's state set through cfp
    (accepted / rejected; a waitlisted one stays submitted), and one NotificationMessage
    queued per confirmed author's address; after commit, the background task sends them.
    Authors therefore see the decision at the moment the mails are queued. A decision
    already released is left alone (no second mail). Returns the decisions released now.
    """
    now = now or timezone.now()
    released: list[Decision] = []
    with transaction.atomic():
        for submission in submissions:
            decision = (
                Decision.objects.select_for_update()
                .filter(submission=submission)
                .select_related("submission__conference")
                .first()
            )
            if decision is None or decision.released_at is not None:
                continue
            decision.released_at = now
            decision.save(update_fields=["released_at"])
            record_decision_state(
                submission=decision.submission,
                state=STATE_FOR_OUTCOME[Outcome(decision.outcome)],
                by=by,
            )
            _queue_messages(decision)
            released.append(decision)
        ids = [d.pk for d in released]
        if ids:
            from ..tasks_notifications import send_decision_notifications

            transaction.on_commit(lambda: send_decision_notifications.delay(decision_ids=ids))
    return released


def _queue_messages(decision: Decision) -> list[NotificationMessage]:
    """One message per confirmed author address of the decision's submission (unique per
    decision and address, so a second call queues nothing twice)."""
    subject, body = notifications.render(decision)
    created = []
    for authorship in recipients(decision.submission):
        message, was_created = NotificationMessage.objects.get_or_create(
            decision=decision,
            email=authorship.email.lower(),
            defaults={"recipient_id": authorship.user_id, "subject": subject, "body": body},
        )
        if was_created:
            created.append(message)
    return created


def retry_failed(*, conference, by) -> int:
    """Queue again every failed message of ``conference``; after commit, the task sends them.
    Returns how many. Side effects: their state back to queued."""
    with transaction.atomic():
        failed = NotificationMessage.objects.filter(
            decision__submission__conference=conference, state=NotificationMessage.State.FAILED
        )
        decision_ids = sorted(set(failed.values_list("decision_id", flat=True)))
        count = failed.update(state=NotificationMessage.State.QUEUED)
        if decision_ids:
            from ..tasks_notifications import send_decision_notifications

            transaction.on_commit(
                lambda: send_decision_notifications.delay(decision_ids=decision_ids)
            )
    return count


def save_notification_template(
    *, conference, outcome: str, subject: str, body: str, by
) -> NotificationTemplate:
    """Save ``outcome``'s mail. Refuses (``DecisionError``) unknown placeholders."""
    unknown = notifications.unknown_placeholders(subject) + notifications.unknown_placeholders(body)
    if unknown:
        raise DecisionError(_("Unknown placeholders: %(names)s.") % {"names": ", ".join(unknown)})
    with transaction.atomic():
        template, _created = NotificationTemplate.objects.update_or_create(
            conference=conference,
            outcome=outcome,
            defaults={"subject": subject, "body": body, "updated_by": by},
        )
    return template


# --- the author response


def response_phase_is_open(conference, now: dt.datetime) -> bool:
    found = reviewing_settings(conference)
    opens, closes = found.author_response_opens, found.author_response_closes
    return opens is not None and closes is not None and opens <= now < closes


def submit_author_response(*, submission, text: str, by, now: dt.datetime) -> AuthorResponse:
    """The authors' one answer to the reviews, while the phase is open and within the word
    limit (``cfp.wordcount``). Refuses (``DecisionError``) a second answer, an empty one, one
    over the limit, and one outside the phase. Side effects: an AuthorResponse row."""
    conference = submission.conference
    if not response_phase_is_open(conference, now):
        raise DecisionError(_("The author response phase is not open."))
    text = text.strip()
    if not text:
        raise DecisionError(_("Write your response first."))
    limit = reviewing_settings(conference).author_response_word_limit
    words = count_words(text)
    if words > limit:
        raise DecisionError(
            _("Your response has %(words)d words; the limit is %(limit)d.")
            % {"words": words, "limit": limit}
        )
    try:
        with transaction.atomic():
            return AuthorResponse.objects.create(submission=submission, text=text, submitted_by=by)
    except IntegrityError:
        raise DecisionError(_("Your response was already sent; it cannot be changed.")) from None
