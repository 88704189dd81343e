from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone


# Retried when the mail server or the database (a PostgreSQL restart) is unreachable. Retries
# back off 1, 2, 4, 8, 16 s (at most 30): each wait stays below the broker's visibility timeout
# (CELERY_BROKER_TRANSPORT_OPTIONS), or Redis would hand the waiting task to a second worker.
@shared_task(
    bind=True,
    autoretry_for=(OSError, OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=30,
    max_retries=8,
)
def send_mail(
    self,
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
    idempotency_key: str | None = None,
) -> bool:
    """Send one message; with ``idempotency_key`` (``queue_mail`` always sets one), at most
    once per key however often the task runs. Returns whether it sent.

    Side effects: the message handed to the mail backend; a ``SentMail`` row for the key,
    committed with the sending. The row is locked while the message goes out, so a second
    delivery of the same task waits, then finds it sent. Only a worker killed in the instant
    between the mail server's acceptance and the commit can send a message twice.
    """
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
        headers=headers or None,
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    if idempotency_key is None:
        message.send()
        return True
    from .sent_mail import SentMail

    with transaction.atomic():
        record, created = SentMail.objects.select_for_update().get_or_create(
            key=idempotency_key, defaults={"sent_at": timezone.now()}
        )
        if not created:
            return False
        # Raises (OSError: retried later) before the commit: the record is rolled back with it.
        message.send()
    return True


@shared_task
def prune_sent_mail() -> int:
    """Daily, on beat: forget idempotency keys older than any redelivery (sent_mail.KEEP_DAYS)."""
    from .sent_mail import prune_sent_mail as prune

    return prune(now=timezone.now())
