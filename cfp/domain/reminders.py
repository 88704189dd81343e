"""Reminders to the authors of unsubmitted drafts before the deadline (run by a periodic task
and by ``manage.py send_draft_reminders``).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.mail import queue_mail, render_mail

from .. import deadlines
from ..models import DraftReminder, Submission
from .mail import mail_context, recipients
from .reading import editing_deadline


def send_draft_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind the authors of unsubmitted drafts 48 and 24 hours before the deadline.

    Safe to run as often as you like, also twice at once: a ``DraftReminder`` row (unique per
    submission, threshold and address) is written before each mail, so nobody gets the same
    reminder twice; a run that starts within 24 hours sends only the 24-hour reminder.
    Drafts reopened by an organiser are reminded against their own ``reopened_until``.
    Returns the number of mails queued.

    Side effects: DraftReminder rows; after commit, one mail per author and threshold.
    """
    now = now or timezone.now()
    # A wide window on the stored deadline (AoE moves the effective one by up to two days);
    # reminder_due below decides exactly.
    slack = dt.timedelta(days=2)
    horizon = now + dt.timedelta(hours=max(deadlines.REMINDER_HOURS_BEFORE)) + slack
    sent = 0
    drafts = (
        Submission.objects.drafts()
        .filter(
            Q(conference__submission_closes__range=(now - slack, horizon))
            | Q(reopened_until__gt=now)
        )
        .select_related("conference")
        .prefetch_related("authorships", "themes")
    )
    for submission in drafts:
        deadline = editing_deadline(submission)
        due = deadlines.reminder_due(deadline=deadline, now=now)
        people = recipients(submission)
        if due is None or not people:
            continue
        # Built once per submission (it reads the authors and themes); only the recipient
        # differs from one mail to the next.
        context = mail_context(
            submission,
            hours=due,
            time_left=deadlines.time_left(deadline, now),
            deadline=deadline,
        )
        for authorship in people:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        DraftReminder.objects.create(
                            submission=submission, hours_before=due, email=authorship.email
                        )
                except IntegrityError:
                    continue
                subject, body = render_mail(
                    "cfp/email/draft_reminder", {**context, "recipient": authorship}
                )
                queue_mail(to=[authorship.email], subject=subject, body=body)
                sent += 1
    return sent
