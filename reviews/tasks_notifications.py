"""Sending the decision mails in the background (eager in development and tests).

Each NotificationMessage is sent at most once: it is locked, sent, and marked sent in one
transaction; a failure marks it failed (attempts counted, the error kept) and the batch goes
on. Running the task again sends only the messages still queued (or queued again by a
retry), never one already sent.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from accounts.mail import text_to_html


@shared_task
def send_decision_notifications(*, decision_ids: list[int]) -> dict[str, int]:
    """Send the queued messages of ``decision_ids``. Returns counts of sent and failed."""
    from .models import NotificationMessage

    counts = {"sent": 0, "failed": 0}
    pending = list(
        NotificationMessage.objects.filter(
            decision_id__in=decision_ids, state=NotificationMessage.State.QUEUED
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        outcome = send_one(pk)
        if outcome:
            counts[outcome] += 1
    return counts


def send_one(pk: int) -> str | None:
    """Send message ``pk`` if still queued: 'sent', 'failed', or None (not queued)."""
    from .models import NotificationMessage

    with transaction.atomic():
        message = (
            NotificationMessage.objects.select_for_update()
            .filter(pk=pk, state=NotificationMessage.State.QUEUED)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        mail = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.email],
        )
        mail.attach_alternative(text_to_html(message.subject, message.body), "text/html")
        try:
            mail.send()
        except Exception as error:  # noqa: BLE001 - any failure of the mail server is recorded
            message.state = NotificationMessage.State.FAILED
            message.last_error = f"{type(error).__name__}: {error}"[:500]
            message.save(update_fields=["state", "attempts", "last_error"])
            return "failed"
        message.state = NotificationMessage.State.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["state", "attempts", "last_error", "sent_at"])
        return "sent"
